import DeployKit
import Foundation
import Testing
import TestSupport

// Nested in WizardWalkTests, whose .serialized trait they share: one pseudo-terminal
// walk at a time per suite, as many in parallel as before.
extension WizardWalkTests {
    /// Switching target over an existing bundle: the other target's section is kept, and the
    /// review says the write is a switch before anything is written.
    @Suite struct TargetSwitchTests {
        typealias P = WizardPTY

        /// An answers file with both a `digitalocean:` and an `aws:` section, `target`, and
        /// `file:` secret sources under `bundle` (name, file name), in order.
        static func answersBothSections(target: String, bundle: String, sources: [(String, String)]) -> String {
            """
            version: 1
            environment: production
            needs:
              users: 750
              budget_usd_per_month: 150
            target: \(target)
            app:
              version: 1.1.0
              domain: track.freshtrack.io
              acme_email: ops@freshtrack.io
            digitalocean:
              database_host: db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com
              database_port: 25060
              database_name: defaultdb
              database_user: doadmin
              spaces_region: nyc3
              spaces_bucket: freshtrack-files
            aws:
              region: us-east-1
              account_id: "123456789012"
              rds_endpoint: freshtrack.c9akciq32xyz.us-east-1.rds.amazonaws.com
              database_name: freshtrack
              database_user: freshtrack
              elasticache_endpoint: freshtrack.abc123.ng.0001.use1.cache.amazonaws.com
              s3_bucket: freshtrack-files-prod
            secrets:
              dir: secrets
              sources:

            """ + sources.map { "    \($0.0): file:\(bundle)/\($0.1)\n" }.joined() + "\n"
        }

        /// Previous AWS answers that keep a DigitalOcean section and its secret sources: the
        /// wizard keeps the section and acme_email, and drops (with a note) only a source of an
        /// unused secret that cannot be resolved now, so the write is not blocked by a field the
        /// AWS screens do not show.
        @Test func anotherTargetsSectionIsKeptAndAnUnresolvableUnusedSourceDoesNotBlock() throws {
            let bundle = try P.tempDir()
            try "rds-pass-123456\n".write(toFile: bundle + "/rds.txt", atomically: true, encoding: .utf8)
            try "spaces-secret-value\n".write(toFile: bundle + "/spaces.txt", atomically: true, encoding: .utf8)
            let yaml = TargetSwitchTests.answersBothSections(target: "aws", bundle: bundle, sources: [("rds_password", "rds.txt"), ("do_database_password", "gone.txt"), ("spaces_secret_key", "spaces.txt")])
            try yaml.write(toFile: bundle + "/freshtrack-answers.yaml", atomically: true, encoding: .utf8)
            let r = try P.run(cwd: bundle, steps: [
                P.wait("Previous answers found"), P.keys("Enter"), P.wait("Which environment"), P.keys("Enter"),
                P.wait("[750"), P.keys("Enter"), P.wait("Recommended deployment target"), P.keys("Enter"),
                P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"), P.keys("Enter"),
                P.wait("Secrets for"), P.keys("Enter"), P.wait("Write these files"), P.keys("text:w"),
                P.wait("Bundle written to"), P.keys("Enter"),
            ])
            #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
            let saved = try AnswersCodec.decode(String(contentsOfFile: bundle + "/freshtrack-answers.yaml", encoding: .utf8),
                                                secretExists: { _, _ in true })
            #expect(saved.target == .explicit(.aws))
            #expect(saved.digitalocean?.spacesBucket == "freshtrack-files")
            #expect(saved.app.acmeEmail == "ops@freshtrack.io")
            #expect(saved.secrets.sources[.spacesSecretKey] == .file(bundle + "/spaces.txt"))
            #expect(saved.secrets.sources[.doDatabasePassword] == nil)
        }

        /// Welcome -> Switch target -> AWS over a DigitalOcean bundle: the review
        /// says it is a target switch before anything is written, with the kept secrets, the
        /// files left in place and (with v) the data migration that follows, as
        /// `apply --dry-run` prints them.
        @Test func theReviewSaysAWriteIsATargetSwitch() throws {
            let bundle = try P.tempDir()
            for (n, v) in [("do.txt", "do-db-pass-123456"), ("sak.txt", "spaces-access-key-1"), ("ssk.txt", "spaces-secret-key-12"),
                           ("rds.txt", "rds-pass-123456")] {
                try "\(v)\n".write(toFile: bundle + "/" + n, atomically: true, encoding: .utf8)
            }
            let yaml = TargetSwitchTests.answersBothSections(target: "digitalocean", bundle: bundle, sources: [("do_database_password", "do.txt"), ("spaces_access_key", "sak.txt"), ("spaces_secret_key", "ssk.txt"), ("rds_password", "rds.txt")])
            try yaml.write(toFile: bundle + "/freshtrack-answers.yaml", atomically: true, encoding: .utf8)
            let applied = try runBinary(["apply", "--answers", bundle + "/freshtrack-answers.yaml", "--dir", bundle])
            #expect(applied.status == 0, "\(applied.output)")
            let r = try P.run(cwd: bundle, steps: [
                P.wait("Previous answers found"), P.keys("Down", "Enter"), P.wait("Recommended deployment target"),
                ["select": Target.aws.displayName, "key": "Down", "max": 4], P.keys("Enter"),
                P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"), P.keys("Enter"),
                P.wait("Secrets for"), P.keys("Enter"), P.wait("Write these files"),
                P.wait("Target switch: digitalocean/production -> aws/production"),
                P.wait("secrets/do_database_password.txt"), P.wait("compose.digitalocean.yaml"),
                P.keys("text:v"), P.wait("Data: PostgreSQL moves"), P.keys("Esc"),
                P.keys("text:q"), P.keys("text:y"),
            ])
            #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
            // Nothing written by the wizard: still the DigitalOcean bundle.
            let env = try String(contentsOfFile: bundle + "/.env", encoding: .utf8)
            #expect(env.contains("digitalocean"))
        }
    }
}

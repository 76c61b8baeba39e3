import DeployKit
import Foundation
import Testing
import TestSupport

/// Regression tests for what a fresh operator found walking the wizard in tmux.
@Suite(.serialized)
struct WizardFixTests {
    typealias P = WizardPTY

    /// Self-hosted walk up to the secrets screen, from the welcome screen.
    static var toSecrets: [[String: Any]] { P.toNeeds(users: "750", budget: "150") + [
        P.keys("Enter"), P.wait("Recommended deployment target"),
        ["select": Target.selfhosted.displayName, "key": "Down", "max": 4], P.keys("Enter"),
        P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"),
        ["keys": WizardWalkTests.detailsKeys(.selfhosted)], P.keys("Enter"), P.wait("Secrets for"),
    ] }

    /// Fresh-user finding: a typed secret ("type it") entered, then entered again over the
    /// filled value and confirmation (Shift-Tab back, type, Tab, type). Typing replaces the
    /// selected value, so the written secret file holds the value once (it held it twice).
    @Test func retypingATypedSecretWritesItOnce() throws {
        let bundle = try P.tempDir()
        let value = "Q7w9E2r4T6y8U1i3O5p7A9s2D4f6G8h1"   // 32 characters
        let r = try P.run(cwd: bundle, steps: P.toNeeds(users: "750", budget: "150") + [
            P.keys("Enter"), P.wait("Recommended deployment target"),
            ["select": Target.aws.displayName, "key": "Down", "max": 4], P.keys("Enter"),
            P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"),
            ["keys": WizardWalkTests.detailsKeys(.aws)], P.keys("Enter"), P.wait("Secrets for"),
            // dir, elasticache_auth_token, rds_password: "type it", then value and confirm
            P.keys("Tab", "Tab", "Right"), P.wait("confirm"),
            P.keys("Tab", P.text(value), "Tab", P.text(value)),
            P.keys("BackTab", P.text(value), "Tab", P.text(value)),
            P.keys("Enter"), P.wait("Write these files"), P.keys("text:w"), P.wait("Bundle written to"), P.keys("Enter"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 0)
        #expect(!r.screen.contains(value))
        let written = FileManager.default.contents(atPath: bundle + "/secrets/rds_password.txt")
        #expect(written?.count == 32, "the value once, not twice")
        #expect(written == Data(value.utf8))
    }

    /// Started with `--dir .` in a directory that is then deleted: the review refuses,
    /// naming the directory shown in the header, and never plans (or writes) for "/".
    @Test func aDeletedCurrentDirectoryIsRefusedNeverReplacedByRoot() throws {
        let work = try P.tempDir()
        let bundle = work + "/bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let r = try P.run(cwd: bundle, steps: Self.toSecrets + [
            ["remove": bundle], P.keys("Enter"), P.wait("no longer exists"), P.keys("text:q"), P.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(!r.screen.contains("Write these files"))
        #expect(!FileManager.default.fileExists(atPath: bundle))
    }

    /// The bundle directory removed between the review and the write: `w` refuses and
    /// nothing is recreated.
    @Test func aBundleDirectoryDeletedBeforeTheWriteIsRefused() throws {
        let work = try P.tempDir()
        let bundle = work + "/bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let r = try P.run(cwd: work, args: ["wizard", "--dir", bundle], steps: Self.toSecrets + [
            P.keys("Enter"), P.wait("Write these files"), ["remove": bundle], P.keys("text:w"), P.wait("no longer exists"), P.keys("text:q"), P.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(!r.screen.contains("Bundle written"))
        #expect(!FileManager.default.fileExists(atPath: bundle))
    }

    /// A current directory that cannot be read (deleted) before the start: refuse to start.
    @Test func anUnreadableCurrentDirectoryRefusesToStart() throws {
        let work = try P.tempDir()
        let r = try Subprocess.run("/bin/sh", ["-c", "mkdir gone && cd gone && rmdir \"$PWD\" && exec \"$0\" wizard", P.binary],
                                   currentDirectory: work)
        let text = r.stderr
        #expect(r.status == 2)
        #expect(text.contains("cannot read the current directory"), "\(text)")
    }

    /// A `file path` naming no file is marked as you type (the edge checks the disk,
    /// resolving a relative path against the bundle directory).
    @Test func aMissingSecretSourceFileIsMarkedAsYouType() throws {
        let bundle = try P.tempDir()
        try "from-a-file-secret-value\n".write(toFile: bundle + "/minio.txt", atomically: true, encoding: .utf8)
        let r = try P.run(cwd: bundle, steps: Self.toSecrets + [
            P.keys("Tab", "Right", "Tab", "text:nope.txt"), P.wait("no such file"),
            P.keys("CtrlU", "text:file:minio.txt"), ["gone": "no such file"], P.keys("Enter"), P.wait("Write these files"),
            P.keys("text:q"), P.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
    }

    /// With answers typed (so q would ask), a window shrunk below 80x24 shows only the
    /// "make the window larger" message: q quits at once instead of opening an unseen box.
    @Test func qQuitsAtOnceInATooSmallWindow() throws {
        let dir = try P.tempDir()
        let r = try P.run(cwd: dir, steps: P.toNeeds() + [
            ["resize": [60, 20]], P.wait("Make the window at least 80x24."), P.wait("q or Ctrl-C quits"), P.keys("text:q"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 1)
        #expect(r.leftAltScreen && r.ttyRestored)
    }

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
        let yaml = Self.answersBothSections(target: "aws", bundle: bundle, sources: [("rds_password", "rds.txt"), ("do_database_password", "gone.txt"), ("spaces_secret_key", "spaces.txt")])
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

    /// Finding 21: Welcome -> Switch target -> AWS over a DigitalOcean bundle: the review
    /// says it is a target switch before anything is written, with the kept secrets, the
    /// files left in place and (with v) the data migration that follows, as
    /// `apply --dry-run` prints them.
    @Test func theReviewSaysAWriteIsATargetSwitch() throws {
        let bundle = try P.tempDir()
        for (n, v) in [("do.txt", "do-db-pass-123456"), ("sak.txt", "spaces-access-key-1"), ("ssk.txt", "spaces-secret-key-12"),
                       ("rds.txt", "rds-pass-123456")] {
            try "\(v)\n".write(toFile: bundle + "/" + n, atomically: true, encoding: .utf8)
        }
        let yaml = Self.answersBothSections(target: "digitalocean", bundle: bundle, sources: [("do_database_password", "do.txt"), ("spaces_access_key", "sak.txt"), ("spaces_secret_key", "ssk.txt"), ("rds_password", "rds.txt")])
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

    /// Finding 22: after a failed write (the bundle directory removed at the review),
    /// quitting saves the answers to a new 0600 file (here in $HOME: the bundle directory
    /// is gone), prints where and the command to finish, and never a typed secret value.
    @Test func quittingAfterAFailedWriteSavesTheAnswers() throws {
        let work = try P.tempDir()
        let bundle = work + "/bundle", home = work + "/home"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let typeStackAuth = ["Tab", "Tab", "Tab", "Tab", "Right", "Right", "Tab", P.text("typed-Secret-42"), "Tab", P.text("typed-Secret-42")]
        let r = try P.run(cwd: work, args: ["wizard", "--dir", bundle], env: ["HOME": home], steps: Self.toSecrets + [
            ["keys": typeStackAuth], P.keys("Enter"), P.wait("Write these files"), ["remove": bundle], P.keys("text:w"),
            P.wait("no longer exists"), P.wait("then press w"), P.keys("text:q"), P.wait("are saved to a new"), P.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(!FileManager.default.fileExists(atPath: bundle))
        let saved = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.hasPrefix("freshtrack-answers.unwritten-") }
        #expect(saved.count == 1, "\(saved)")
        let path = home + "/" + (saved.first ?? "")
        #expect(mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("typed-Secret-42"))
        let answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        #expect(answers.app.domain == "track.freshtrack.io")
        #expect(r.screen.contains("Your answers are saved in"), "\(r.screen)")
        #expect(r.screen.contains("stack_auth_secret must be given again"), "\(r.screen)")
        #expect(!r.screen.contains("typed-Secret-42"))
    }
}

import DeployKit
import Foundation
import Testing
import TestSupport

// Nested in WizardWalkTests, whose .serialized trait they share: one pseudo-terminal
// walk at a time per suite, as many in parallel as before.
extension WizardWalkTests {
    /// The secrets screen in the real terminal: a retyped secret is written once, a missing
    /// source file is marked as you type.
    @Suite struct SecretsScreenTests {
        typealias P = WizardPTY

        /// A typed secret ("type it") entered, then entered again over the
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

        /// A `file path` naming no file is marked as you type (the edge checks the disk,
        /// resolving a relative path against the bundle directory).
        @Test func aMissingSecretSourceFileIsMarkedAsYouType() throws {
            let bundle = try P.tempDir()
            try "from-a-file-secret-value\n".write(toFile: bundle + "/minio.txt", atomically: true, encoding: .utf8)
            let r = try P.run(cwd: bundle, steps: P.toSelfhostedSecrets + [
                P.keys("Tab", "Right", "Tab", "text:nope.txt"), P.wait("no such file"),
                P.keys("CtrlU", "text:file:minio.txt"), ["gone": "no such file"], P.keys("Enter"), P.wait("Write these files"),
                P.keys("text:q"), P.keys("text:y"),
            ])
            #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        }
    }
}

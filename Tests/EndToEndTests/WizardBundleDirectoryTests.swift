import DeployKit
import Foundation
import Testing
import TestSupport

// Nested in WizardWalkTests, whose .serialized trait they share: one pseudo-terminal
// walk at a time per suite, as many in parallel as before.
extension WizardWalkTests {
    /// The bundle directory as the wizard finds it: a current directory deleted or unreadable,
    /// the directory removed before the write; nothing is planned or written for "/", and quitting
    /// after the failed write saves the answers elsewhere.
    @Suite struct BundleDirectoryTests {
        typealias P = WizardPTY

        /// Started with `--dir .` in a directory that is then deleted: the review refuses,
        /// naming the directory shown in the header, and never plans (or writes) for "/".
        @Test func aDeletedCurrentDirectoryIsRefusedNeverReplacedByRoot() throws {
            let work = try P.tempDir()
            let bundle = work + "/bundle"
            try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
            let r = try P.run(cwd: bundle, steps: P.toSelfhostedSecrets + [
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
            let r = try P.run(cwd: work, args: ["wizard", "--dir", bundle], steps: P.toSelfhostedSecrets + [
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

        /// After a failed write (the bundle directory removed at the review),
        /// quitting saves the answers to a new 0600 file (here in $HOME: the bundle directory
        /// is gone), prints where and the command to finish, and never a typed secret value.
        @Test func quittingAfterAFailedWriteSavesTheAnswers() throws {
            let work = try P.tempDir()
            let bundle = work + "/bundle", home = work + "/home"
            try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let typeStackAuth = ["Tab", "Tab", "Tab", "Tab", "Right", "Right", "Tab", P.text("typed-Secret-42"), "Tab", P.text("typed-Secret-42")]
            let r = try P.run(cwd: work, args: ["wizard", "--dir", bundle], env: ["HOME": home], steps: P.toSelfhostedSecrets + [
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
}

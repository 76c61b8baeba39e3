import DeployKit
import Foundation
import Testing
import TestSupport
@testable import BundleWriter

/// A changed `secrets.dir` over an existing bundle gets the same checks as on a fresh one,
/// before any advice: `..` is refused, and a shared directory (here a directory holding
/// another program's files, mode 0755) gets the shared-directory refusal, never a
/// `chmod 700` suggestion. Nothing is written either way.
@Suite struct SecretsDirChangeTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    func answers(secretsDir: String, in work: String) throws -> String {
        let text = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/selfhosted.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.secrets.dir = secretsDir
        answers.secrets.sources = [:]
        let path = work + "/answers-\(UUID().uuidString).yaml"
        writeText(path, AnswersCodec.encode(answers))
        return path
    }

    static func snapshot(_ dir: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let e = FileManager.default.enumerator(atPath: dir)
        while let p = e?.nextObject() as? String {
            if let d = FileManager.default.contents(atPath: dir + "/" + p) { out[p] = Array(d) }
        }
        return out
    }

    @Test func aChangedSecretsDirIsCheckedBeforeTheMoveAdvice() throws {
        let work = makeTempDir("secdir")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let first = try run(exe, ["apply", "--answers", try answers(secretsDir: "secrets", in: work), "--dir", dir])
        #expect(first.status == 0, "\(first.stderr)")
        let before = Self.snapshot(dir)

        let dotdot = try run(exe, ["apply", "--answers", try answers(secretsDir: "../../etc", in: work), "--dir", dir])
        #expect(dotdot.status == 1)
        // Refused by the answers rules, with the file's other problems, at its line.
        #expect(dotdot.stderr.contains("secrets.dir (line "), "\(dotdot.stderr)")
        #expect(dotdot.stderr.contains("\"../../etc\" must not contain \"..\""), "\(dotdot.stderr)")
        #expect(!dotdot.stderr.contains("chmod"), "\(dotdot.stderr)")

        let shared = work + "/shared"
        mkdir(shared, 0o755)
        writeText(shared + "/other-program.conf", "x")
        let sharedRun = try run(exe, ["apply", "--answers", try answers(secretsDir: shared, in: work), "--dir", dir])
        #expect(sharedRun.status == 1)
        #expect(sharedRun.stderr.contains("already holds other files (other-program.conf)"), "\(sharedRun.stderr)")
        #expect(!sharedRun.stderr.contains("chmod 700"), "\(sharedRun.stderr)")
        #expect(statOf(shared)?.permissions == 0o755)

        #expect(Self.snapshot(dir) == before)
    }
}

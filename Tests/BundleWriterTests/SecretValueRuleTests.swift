import DeployKit
import Foundation
import Testing
@testable import BundleWriter

/// `apply` refuses a secret value with a line break, like every other value rule of the planner.
@Suite struct SecretValueRuleTests {
    var exe: String { productsDirectory().appendingPathComponent("freshtrack-deploy").path }

    @Test func applyRefusesAMultiLineSecretSource() throws {
        let work = makeTempDir("rule")
        defer { cleanup(work) }
        let text = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/selfhosted.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.secrets.sources = [.stackAuthSecret: .env("FT_AUTH")]
        writeText(work + "/a.yaml", AnswersCodec.encode(answers))
        var env = ProcessInfo.processInfo.environment
        env["FT_AUTH"] = "line1\nline2"
        let r = try run(exe, ["apply", "--answers", work + "/a.yaml", "--dir", work + "/bundle"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("secret stack_auth_secret contains a line break"), "\(r.stderr)")
        #expect(statOf(work + "/bundle/secrets/stack_auth_secret.txt") == nil)
        #expect(!r.stderr.contains("line1"), "the value was printed")
    }

    @Test func everySecretRefusesControlCharactersButTakesOrdinaryPunctuation() throws {
        for name in SecretName.allCases {
            for bad in ["a\nb", "ab\n", "a\rb", "a\tb", "\u{7F}x"] {
                #expect(throws: PlanError.self, "\(name) accepted a control character") { try Planner.checkSecretValue(name, SecretValue(bad)) }
            }
            #expect(throws: PlanError.self) { try Planner.checkSecretValue(name, SecretValue("")) }
            try Planner.checkSecretValue(name, SecretValue("Ab9-_.!#%&*+=?@^~x"))
        }
    }
}

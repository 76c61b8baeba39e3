import DeployKit
import Foundation
import Testing
import TestSupport
@testable import BundleWriter

/// `apply` refuses a secret value with a line break, like every other value rule of the planner.
@Suite struct SecretValueRuleTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

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
            #expect(throws: PlanError.secretValueRefused(name, problem: "is empty; give it a value")) { try Planner.checkSecretValue(name, SecretValue("")) }
            try Planner.checkSecretValue(name, SecretValue("Ab9-_.!#%&*+=?@^~x"))
        }
        // redis.conf takes printable ASCII only: a non-ASCII character is refused as the message says.
        #expect(throws: PlanError.self) { try Planner.checkSecretValue(.redisPassword, SecretValue("price-in-€-12345")) }
        try Planner.checkSecretValue(.redisPassword, SecretValue("it's-fine-'single'-quotes"))
    }

    /// A first apply whose absolute secrets directory already holds secrets (a rebuilt bundle
    /// directory) keeps them instead of failing with "changed on disk".
    @Test func firstApplyKeepsSecretsOfAnExistingAbsoluteSecretsDirectory() throws {
        let work = makeTempDir("abssec")
        defer { cleanup(work) }
        let text = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/selfhosted.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.secrets.dir = work + "/keep"
        writeText(work + "/a.yaml", AnswersCodec.encode(answers))
        #expect(try run(exe, ["apply", "--answers", work + "/a.yaml", "--dir", work + "/first"]).status == 0)
        let before = snapshot(work + "/keep")
        let r = try run(exe, ["apply", "--answers", work + "/a.yaml", "--dir", work + "/second"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(snapshot(work + "/keep") == before, "an existing secret changed")
    }
}

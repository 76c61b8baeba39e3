import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// `check` as an operator runs it: the note on relative fix paths, exit statuses and
/// formats, on the seed's snippets (Tests/DeployKitTests/Fixtures/seed) and broken input.
@Suite struct CheckCommandTests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeployKitTests/Fixtures/seed").path

    /// Run from elsewhere, `check --dir` says first that its fix commands' paths are relative
    /// to the bundle; run from the bundle it does not; JSON never carries the line.
    @Test func fixPathsAreSaidToBeRelativeToTheBundle() throws {
        let elsewhere = try Subprocess.run(CLI.exe, ["check", "--dir", Self.seed], currentDirectory: "/")
        #expect(elsewhere.stdout.hasPrefix("Fix commands below use paths relative to \(Self.seed): run them there"), "\(elsewhere.stdout.prefix(200))")
        let here = try Subprocess.run(CLI.exe, ["check", "--dir", "."], currentDirectory: Self.seed)
        #expect(!here.stdout.contains("Fix commands below use paths relative"))
        #expect(here.status == elsewhere.status && here.status == 1)
        let json = try Subprocess.run(CLI.exe, ["check", "--dir", Self.seed, "--format", "json"], currentDirectory: "/")
        #expect(!json.stdout.contains("Fix commands below"))
    }

    @Test func exitStatusesAndFormats() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        // Seed snippets: errors -> 1, one block per combination checked.
        let (s1, text, _) = try CLI.run(["check", "--dir", Self.seed])
        #expect(s1 == 1)
        #expect(text.contains("(checked: docker-compose.yml + compose.aws.yaml; docker-compose.yml + compose.digitalocean.yaml; docker-compose.yml + compose.production.yaml)"))
        #expect(text.contains("error [depends-on-disabled] service backend:"))
        let (s2, json, _) = try CLI.run(["check", "--dir", Self.seed, "-f", "antipatterns.yaml", "--format", "json"])
        #expect(s2 == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(obj["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "inline-secret" && $0["line"] as? Int != nil && $0["fix"] as? String != nil })
        #expect(!json.contains("hunter2"))
        // Clean bundle -> 0; unreadable -> 2 with the reason.
        let dir = TempDirectory.makeURL("hostprobe")
        try "services:\n  web:\n    image: caddy:2.8.4-alpine\n    deploy: {resources: {limits: {memory: 256M}}}\n    logging: {driver: local}\n"
            .write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let (s3, clean, _) = try CLI.run(["check", "--dir", dir.path])
        #expect(s3 == 0, "\(clean)")
        #expect(clean.hasPrefix("0 errors, 0 warnings"))
        let (s4, _, err4) = try CLI.run(["check", "--dir", dir.path, "-f", "nope.yml"])
        #expect(s4 == 2)
        #expect(err4.contains("nope.yml: does not exist"))
        try "services: [\n".write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let (s5, _, err5) = try CLI.run(["check", "--dir", dir.path])
        #expect(s5 == 2)
        #expect(err5.contains("docker-compose.yml: not valid YAML"))
    }
}

import Foundation
import Testing
@testable import DeployKit

/// The seed's own snippets (Tests/DeployKitTests/Fixtures/seed, copied from the deployment
/// research; README, "The seed") give the findings the research itself warns about, and
/// those of its faults the README lists under "What gets written".
struct CheckSeedTests {
    func findings(_ names: [String], env: String? = nil) throws -> [Finding] {
        try CheckFixtures.check(try names.map { n in let s = try CheckFixtures.seed(n); return (s.name, s.text) }, env: env)
    }

    func line(of needle: String, in file: String, after: String? = nil) throws -> Int {
        let lines = try CheckFixtures.seed(file).text.split(separator: "\n", omittingEmptySubsequences: false)
        var start = 0
        if let after { start = lines.firstIndex(where: { $0.contains(after) }) ?? 0 }
        return try #require(lines[start...].firstIndex(where: { $0.contains(needle) })) + 1
    }

    @Test func productionOverlayKeepsThePublicDatabasePort() throws {
        let f = try findings(["docker-compose.yml", "compose.production.yaml"])
        let ports = f.filter { $0.rule == .publicInternalPort }
        #expect(ports.count == 1)
        let p = try #require(ports.first)
        #expect(p.service == "postgres")
        #expect(p.severity == .error)
        #expect(p.location == ComposeLocation(file: "docker-compose.yml", line: try line(of: "\"5432:5432\"", in: "docker-compose.yml")))
        #expect(p.message.contains("compose.production.yaml adds `127.0.0.1:5432:5432`"))
    }

    @Test func latestTagsAreUnpinned() throws {
        let f = try findings(["docker-compose.yml", "compose.production.yaml"])
        let unpinned = Dictionary(grouping: f.filter { $0.rule == .unpinnedImage }, by: { $0.service ?? "" })
        #expect(Set(unpinned.keys) == ["backend", "minio", "caddy"])
        // freshtrack-backend:${VERSION:-latest} with VERSION unset resolves to latest.
        #expect(unpinned["backend"]?.first?.message.contains("latest") == true)
        #expect(unpinned["minio"]?.first?.location?.line == (try line(of: "minio/minio:latest", in: "docker-compose.yml")))
    }

    @Test func curlHealthcheckOnNodeAlpineImage() throws {
        let f = try findings(["docker-compose.yml", "compose.production.yaml"])
        let hc = f.filter { $0.rule == .missingHealthcheck && $0.service == "backend" }
        #expect(hc.count == 1)
        #expect(hc.first?.message.contains("`curl`") == true)
        #expect(hc.first?.severity == .error)
        // postgres, redis and minio are waited on by the backend but have no healthcheck.
        let waited = Set(f.filter { $0.rule == .missingHealthcheck && $0.service != "backend" }.compactMap(\.service))
        #expect(waited == ["postgres", "redis", "minio"])
    }

    @Test func awsOverlayDisablesWhatTheBackendDependsOn() throws {
        let f = try findings(["docker-compose.yml", "compose.aws.yaml"])
        let d = f.filter { $0.rule == .dependsOnDisabled }
        #expect(d.count == 3)
        #expect(d.allSatisfy { $0.location?.file == "docker-compose.yml" })
        #expect(d.allSatisfy { $0.message.contains("compose.aws.yaml disables") })
        // A password in DATABASE_URL, and the ECR image on :latest.
        #expect(f.contains { $0.rule == .inlineSecret && $0.message.hasPrefix("DATABASE_URL") })
        #expect(f.contains { $0.rule == .unpinnedImage && $0.location?.file == "compose.aws.yaml" })
        // ${AWS_ACCOUNT_ID} etc. have no default and no .env.
        let unset = Set(f.filter { $0.rule == .requiredVarUnset }.compactMap { $0.message.split(separator: "}").first })
        #expect(unset.contains("${AWS_ACCOUNT_ID"))
        #expect(unset.contains("${RDS_ENDPOINT"))
        // The AWS overlay's own healthcheck still calls curl.
        #expect(f.contains { $0.rule == .missingHealthcheck && $0.location?.file == "compose.aws.yaml" && $0.message.contains("curl") })
    }

    @Test func digitalOceanOverlayDisablesPostgres() throws {
        let f = try findings(["docker-compose.yml", "compose.digitalocean.yaml"])
        let d = f.filter { $0.rule == .dependsOnDisabled }
        #expect(d.map { $0.message.contains("`postgres`") } == [true])
    }

    @Test func antiPatternSnippetsGiveTheirFindings() throws {
        let f = try findings(["antipatterns.yaml"])
        #expect(f.contains { $0.rule == .unpinnedImage && $0.service == "db" })
        #expect(f.contains { $0.rule == .unpinnedImage && $0.service == "backend" })
        #expect(f.contains { $0.rule == .publicInternalPort && $0.service == "db" })
        let secret = try #require(f.first { $0.rule == .inlineSecret })
        #expect(secret.message.hasPrefix("DATABASE_PASSWORD is a secret written literally"))
        #expect(secret.location?.line == (try line(of: "hunter2", in: "antipatterns.yaml")))
        // The value itself never appears in a finding.
        #expect(!CheckReport(inputs: [["antipatterns.yaml"]], findings: f).renderText().contains("hunter2"))
        #expect(!CheckReport(inputs: [["antipatterns.yaml"]], findings: f).renderJSON().contains("hunter2"))
    }

    @Test func seedEnvFileIsReadAsWritten() throws {
        let env = try CheckFixtures.seed("env.production").text
        let f = try findings(["antipatterns.yaml"], env: env)
        #expect(!f.contains { $0.rule == .envQuoting })
    }
}

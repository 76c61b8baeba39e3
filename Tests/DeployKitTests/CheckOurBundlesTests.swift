import Foundation
import Testing
import TestSupport
@testable import DeployKit

enum OurBundles {
    static func answers(_ t: Target, _ e: DeployEnvironment) -> Answers {
        Answers(
            environment: e, needs: Needs(users: 300, budgetUSDPerMonth: 150), target: .explicit(t),
            app: AppSettings(version: "1.1.0", domain: "app.example.com", acmeEmail: "ops@example.com"),
            digitalocean: t == .digitalocean
                ? DigitalOceanSettings(databaseHost: "freshtrack-db.b.db.ondigitalocean.com", databasePort: 25060,
                                       databaseName: "freshtrack", databaseUser: "freshtrack", spacesRegion: "nyc3",
                                       spacesBucket: "freshtrack-files") : nil,
            aws: t == .aws
                ? AWSSettings(region: "us-east-1", accountID: "123456789012",
                              rdsEndpoint: "freshtrack.abc123.us-east-1.rds.amazonaws.com", databaseName: "freshtrack",
                              databaseUser: "freshtrack", elasticacheEndpoint: "freshtrack.abc123.use1.cache.amazonaws.com",
                              s3Bucket: "freshtrack-files") : nil)
    }

    static func plan(_ t: Target, _ e: DeployEnvironment) throws(PlanError) -> Plan {
        var provided: [SecretName: SecretValue] = [:]
        for n in SecretName.allCases where !n.canGenerate && n != .elasticacheAuthToken {
            provided[n] = SecretValue("Provided0\(n.rawValue.filter { $0.isLetter })")
        }
        return try Planner.plan(PlanInputs(answers: answers(t, e), providedSecrets: provided, generator: RenderFixedGenerator()))
    }
}

/// `check` finds no error and no warning in any bundle the planner writes, for every target
/// and environment.
struct CheckOurBundlesTests {
    static let all: [(Target, DeployEnvironment)] = Target.allCases.flatMap { t in DeployEnvironment.allCases.map { (t, $0) } }

    @Test(arguments: all)
    func ourBundleIsClean(_ target: Target, _ environment: DeployEnvironment) throws {
        let plan = try OurBundles.plan(target, environment)
        let report = try ComposeChecker.check(plan: plan)
        #expect(report.findings.isEmpty, "\(target.rawValue)/\(environment.rawValue):\n\(report.renderText())")
    }
}

/// `check(plan:)` on a hand-made plan: the in-memory path, independent of the planner.
struct CheckPlanTests {
    static func file(_ path: String, _ text: String, kind: FileKind, mode: UInt16 = 0o644, owner: FileOwner? = nil) -> PlannedFile {
        PlannedFile(path: path, contents: Array(text.utf8), mode: mode, owner: owner, kind: kind)
    }

    static func plan(secretMode: UInt16 = 0o600, secretOwner: UInt32 = 70, secretText: String = "x", dirMode: UInt16 = 0o700) -> Plan {
        let base = CheckRuleTests.good
        return Plan(target: .selfhosted, environment: .production,
                    directories: [PlannedDirectory(path: "secrets", mode: dirMode)],
                    files: [
                        file("secrets/postgres_password.txt", secretText, kind: .secret(.postgresPassword), mode: secretMode,
                             owner: FileOwner(uid: secretOwner, gid: secretOwner, name: "postgres")),
                        file("secrets/postgres_password.1001.txt", secretText, kind: .secret(.postgresPassword), mode: 0o600,
                             owner: FileOwner(uid: 1001, gid: 1001, name: "node")),
                        file("docker-compose.yml", base, kind: .compose),
                        file("compose.production.yaml", "services:\n  backend:\n    environment: {LOG_LEVEL: warn}\n", kind: .compose),
                        file(".env", CheckRuleTests.goodEnv, kind: .env),
                    ],
                    warnings: [], nextCommand: "docker compose up -d")
    }

    @Test func cleanPlanHasNoFindings() throws {
        let r = try ComposeChecker.check(plan: Self.plan())
        #expect(r.inputs == [["docker-compose.yml", "compose.production.yaml"]])
        #expect(r.findings.isEmpty, "\(r.renderText())")
    }

    @Test func plannedSecretModesOwnersAndBytesAreChecked() throws {
        #expect(try ComposeChecker.check(plan: Self.plan(secretMode: 0o644)).findings.contains { $0.rule == .secretFileMode })
        #expect(try ComposeChecker.check(plan: Self.plan(secretOwner: 0)).findings.contains { $0.rule == .secretFileMode && $0.service == "postgres" })
        #expect(try ComposeChecker.check(plan: Self.plan(dirMode: 0o755)).findings.contains { $0.rule == .secretFileMode })
        let nl = try ComposeChecker.check(plan: Self.plan(secretText: "x\n"))
        #expect(nl.findings.contains { $0.rule == .secretTrailingNewline })
    }
}

/// Our merge agrees with `docker-compose config` on every bundle the planner writes.
struct CheckOurBundlesOracleTests {
    @Test(arguments: CheckOurBundlesTests.all)
    func mergeAgreesWithDockerCompose(_ target: Target, _ environment: DeployEnvironment) throws {
        let plan = try OurBundles.plan(target, environment)
        var files: [String: String] = [:]
        for f in plan.files where !f.kind.isSecret && !f.path.hasPrefix("/") {
            files[f.path] = String(decoding: f.contents, as: UTF8.self)
        }
        let dir = try TempDirectory.make("check", files: files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try ComposeChecker.check(plan: plan)
        for combo in report.inputs {
            let args = combo.flatMap { ["-f", $0] } + ["config", "--format", "json"]
            let r = try DockerCompose.run(args, in: dir.path)
            try #require(r.status == 0, "\(target)/\(environment) \(combo): \(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let theirs = json["services"] as? [String: [String: Any]] ?? [:]
            let input = CheckInput(files: combo.map { ComposeSource(name: $0, text: files[$0]!) },
                                   dotEnv: files[".env"].map { ComposeSource(name: ".env", text: $0) })
            let project = try ComposeProject.load(input)
            let ours = Dictionary(uniqueKeysWithValues: project.enabledServices.map { ($0.key, CheckMergeOracleTests.fromOurs($0.node)) })
            #expect(Set(ours.keys) == Set(theirs.keys), "\(target)/\(environment)")
            for (name, s) in theirs {
                let t = CheckMergeOracleTests.normalizeComposeLimits(CheckMergeOracleTests.fromCompose(s))
                let o = ours[name].map(CheckMergeOracleTests.normalizeComposeLimits)
                #expect(o == t, "\(target)/\(environment) service \(name)\n ours:   \(o.map { "\($0)" } ?? "-")\n theirs: \(t)")
            }
        }
    }
}

import DeployKit
import Foundation
import Testing
import TestSupport
import Yams

/// The ECS task definitions and the App Platform spec must give the containers what the real
/// Docker Compose (v2.40.3, `config --format json`) gives them from the same bundle: the same
/// variable names and values, `X_FILE` secrets as Secrets Manager / SECRET variables `X`, the
/// same command, user and health check.
@Suite struct ECSComposeParityTests {
    /// Valid ECS settings in `region` and `account` (the variants change both).
    static func ecs(region: String, account: String) -> ECSSettings {
        ECSSettings(
            executionRoleARN: "arn:aws:iam::\(account):role/freshtrack-ecs-execution",
            taskRoleARN: "arn:aws:iam::\(account):role/freshtrack-ecs-task",
            subnets: ["subnet-0a1b2c3d4e5f60718"], securityGroups: ["sg-0a1b2c3d4e5f60718"],
            targetGroupARN: "arn:aws:elasticloadbalancing:\(region):\(account):targetgroup/freshtrack/0123456789abcdef")
    }

    /// `docker compose config` of the bundle in `dir`, as JSON.
    static func composeConfig(_ dir: String) throws -> [String: Any] {
        let compose = try DockerCompose.require()
        let r = try Subprocess.isolated(compose, ["config", "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// `config` output escapes `$` as `$$` (so it can be read again); the container sees `$`.
    static func unescaped(_ env: [String: String?]) -> [String: String?] {
        env.mapValues { $0?.replacingOccurrences(of: "$$", with: "$") }
    }

    static func service(_ config: [String: Any], _ name: String) throws -> [String: Any] {
        try #require((config["services"] as? [String: Any])?[name] as? [String: Any])
    }

    @Test(arguments: [DeployEnvironment.production, .staging], [false, true])
    func taskDefinitionsMatchWhatComposeGivesTheContainers(environment: DeployEnvironment, token: Bool) throws {
        for variant in ComposeOracleTests.variants where variant.description != "elasticache token" {
            let dir = TempDirectory.make("freshtrack-render-ecs-parity")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var answers = RenderFixtures.answers(.aws, environment)
            variant.apply(&answers, dir)
            let aws = try #require(answers.aws)
            answers.aws?.ecs = Self.ecs(region: aws.region, account: aws.accountID)
            if token { answers.secrets.sources[.elasticacheAuthToken] = .env("ELASTICACHE_AUTH_TOKEN") }
            let plan = try Planner.plan(PlanInputs(answers: answers, providedSecrets: RenderFixtures.provided(.aws, elastiCache: token),
                                                   generator: RenderFixedGenerator()))
            try TestBundle.write(plan, into: dir)
            let config = try Self.composeConfig(dir)
            let label = "\(environment)/token \(token)/\(variant)"
            for role in ["backend", "worker"] {
                let svc = try Self.service(config, role)
                let composeEnv = Self.unescaped(try #require(svc["environment"] as? [String: String?]))
                let file = try #require(plan.files.first { $0.path == "aws/task-definition-\(role).json" })
                let td = try #require(try JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any])
                let c = try #require((td["containerDefinitions"] as? [[String: Any]])?.first)
                let ecsEnv = Dictionary(uniqueKeysWithValues: ((c["environment"] as? [[String: String]]) ?? []).map { ($0["name"]!, $0["value"]!) })
                let ecsSecrets = Set(((c["secrets"] as? [[String: String]]) ?? []).map { $0["name"]! })
                var expectedPlain: [String: String] = [:], expectedSecrets: Set<String> = []
                for (k, v) in composeEnv {
                    if k.hasSuffix("_FILE"), let v, v.hasPrefix("/run/secrets/") { expectedSecrets.insert(String(k.dropLast(5))) }
                    else { expectedPlain[k] = v ?? "" }
                }
                #expect(ecsEnv == expectedPlain, "\(label) \(role): ECS environment differs from compose")
                #expect(ecsSecrets == expectedSecrets, "\(label) \(role)")
                #expect(c["command"] as? [String] == svc["command"] as? [String], "\(label) \(role)")
                #expect(c["user"] as? String == svc["user"] as? String, "\(label) \(role)")
                let composeTest = (svc["healthcheck"] as? [String: Any])?["test"] as? [String]
                let ecsTest = (c["healthCheck"] as? [String: Any])?["command"] as? [String]
                if (svc["healthcheck"] as? [String: Any])?["disable"] as? Bool == true {
                    #expect(ecsTest == nil, "\(label) \(role): the worker has no health check in compose")
                } else {
                    #expect(ecsTest == composeTest, "\(label) \(role)")
                }
                // The image is the same ECR image at the pinned version.
                #expect(c["image"] as? String == svc["image"] as? String, "\(label) \(role)")
            }
            // And every rendered definition is valid for botocore.
            let defs = plan.files.filter { $0.path.hasPrefix("aws/task-definition-") }
            let paths = defs.map { dir + "/" + $0.path }
            let v = try PythonTools.ecsValidate("RegisterTaskDefinition", paths: paths)
            #expect(v.status == 0, "\(label): \(v.stdout)\(v.stderr)")
        }
    }

    @Test(arguments: [DeployEnvironment.production, .staging])
    func appPlatformEnvsMatchComposeExceptTheManagedConnection(environment: DeployEnvironment) throws {
        let dir = TempDirectory.make("freshtrack-render-do-parity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var answers = RenderFixtures.answers(.digitalocean, environment)
        answers.digitalocean?.platform = .appPlatform
        answers.digitalocean?.appPlatform = AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey")
        let plan = try Planner.plan(PlanInputs(answers: answers, providedSecrets: RenderFixtures.provided(.digitalocean),
                                               generator: RenderFixedGenerator()))
        try TestBundle.write(plan, into: dir)
        #expect(plan.files.contains { $0.path == "do/app.yaml" } && plan.files.contains { $0.path == "compose.digitalocean.yaml" })
        let config = try Self.composeConfig(dir)
        let file = try #require(plan.files.first { $0.path == "do/app.yaml" })
        let spec = try #require(try Yams.load(yaml: String(decoding: file.contents, as: UTF8.self)) as? [String: Any])
        let components = ["backend": (spec["services"] as? [[String: Any]])?.first,
                          "worker": (spec["workers"] as? [[String: Any]])?.first]
        let bound: Set<String> = ["DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD",
                                  "REDIS_HOST", "REDIS_PORT", "REDIS_TLS", "REDIS_PASSWORD"]
        for role in ["backend", "worker"] {
            let svc = try Self.service(config, role)
            let composeEnv = Self.unescaped(try #require(svc["environment"] as? [String: String?]))
            let envs = try #require(components[role]??["envs"] as? [[String: Any]])
            var names: Set<String> = []
            for e in envs {
                let key = try #require(e["key"] as? String)
                names.insert(key)
                if e["type"] as? String == "SECRET" {
                    #expect(composeEnv[key + "_FILE"] != nil, "\(role): SECRET \(key) is no *_FILE secret in compose")
                    #expect(e["value"] == nil)
                } else if bound.contains(key) {
                    #expect((e["value"] as? String).map { $0.hasPrefix("${") || $0 == "true" } == true, "\(role): \(key)")
                } else {
                    #expect(composeEnv[key] == e["value"] as? String, "\(role): \(key) differs from compose")
                }
            }
            let expected = Set(composeEnv.keys.map { $0.hasSuffix("_FILE") ? String($0.dropLast(5)) : $0 })
            #expect(names == expected, "\(role): app.yaml keys differ from compose")
            #expect(components[role]??["run_command"] as? String == (svc["command"] as? [String])?.joined(separator: " "))
        }
    }
}

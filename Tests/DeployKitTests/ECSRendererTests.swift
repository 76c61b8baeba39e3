import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// Every variant of the ECS answers that changes the JSON.
private func variants() -> [(String, Answers)] {
    var out: [(String, Answers)] = []
    for env in [DeployEnvironment.production, .staging] {
        for token in [false, true] {
            for publicIP in [false, true] {
                var ecs = ECSFixtures.ecs
                ecs.assignPublicIP = publicIP
                ecs.desiredCount = publicIP ? 1 : 2
                ecs.workerDesiredCount = publicIP ? 0 : 1
                ecs.cluster = env == .staging ? "freshtrack-staging" : "freshtrack"
                var sources: [SecretName: SecretSource] = [.rdsPassword: .env("RDS_PASSWORD")]
                if token { sources[.elasticacheAuthToken] = .file("/root/elasticache-token.txt") }
                out.append(("\(env.rawValue)-token\(token)-publicIP\(publicIP)",
                            ECSFixtures.answers(environment: env, ecs: ecs, sources: sources)))
            }
        }
    }
    return out
}

@Test func everyVariantValidatesAgainstBotocoreECSModel() throws {
    var taskDefs: [(String, [UInt8])] = []
    var services: [(String, [UInt8])] = []
    for (name, answers) in variants() {
        let files = try ECSRenderer.files(for: answers)
        #expect(files.map(\.path) == [
            "aws/task-definition-backend.json", "aws/task-definition-worker.json",
            "aws/service-backend.json", "aws/service-worker.json", "aws/deploy-aws.sh", "aws/README-aws.md",
        ])
        for f in files where f.path.hasSuffix(".json") {
            let flat = name + "-" + f.path.replacingOccurrences(of: "/", with: "-")
            if f.path.contains("task-definition") { taskDefs.append((flat, f.contents)) } else { services.append((flat, f.contents)) }
        }
    }
    let td = try PythonTools.ecsValidate("RegisterTaskDefinition", taskDefs)
    #expect(td.status == 0, "\(td.output)")
    #expect(td.output.components(separatedBy: ": OK").count - 1 == taskDefs.count)
    let sv = try PythonTools.ecsValidate("CreateService", services)
    #expect(sv.status == 0, "\(sv.output)")
    #expect(sv.output.components(separatedBy: ": OK").count - 1 == services.count)
}

@Test func everyFargatePairInTheTableRendersAValidTaskDefinition() throws {
    let pairs = FargateSizes.allPairs
    // The table has 3 + 4 + 7 + 13 + 23 + 12 + 12 pairs (AWS docs, task-cpu-memory-error.html).
    #expect(pairs.count == 74)
    var files: [(String, [UInt8])] = []
    for size in pairs {
        var ecs = ECSFixtures.ecs
        ecs.backend = size
        ecs.worker = size
        let answers = ECSFixtures.answers(ecs: ecs)
        #expect(ecs.validate(region: "us-east-1", accountID: ECSFixtures.account).isEmpty, "\(size)")
        let td = try ECSRenderer.taskDefinition(.backend, answers: answers, aws: answers.aws!, ecs: ecs,
                                            secrets: ECSRenderer.secrets(for: answers))
        files.append(("td-\(size.cpu)-\(size.memoryMiB).json", ECSRenderer.json(td)))
    }
    let result = try PythonTools.ecsValidate("RegisterTaskDefinition", files)
    #expect(result.status == 0, "\(result.output)")
}

@Test func theOracleRejectsAPairFargateDoesNotAllow() throws {
    // Negative control: the validator must fail on a pair outside the table, or the tests above prove nothing.
    var ecs = ECSFixtures.ecs
    ecs.backend = FargateTaskSize(cpu: 256, memoryMiB: 4096)
    let answers = ECSFixtures.answers(ecs: ecs)
    let td = try ECSRenderer.taskDefinition(.backend, answers: answers, aws: answers.aws!, ecs: ecs, secrets: [.rdsPassword])
    let result = try PythonTools.ecsValidate("RegisterTaskDefinition", [("bad.json", ECSRenderer.json(td))])
    #expect(result.status == 1)
    #expect(result.output.contains("cpu 256 / memory 4096 is not a pair Fargate allows"))
    // And botocore itself rejects an unknown field.
    var obj = try ECSFixtures.jsonObject(ECSRenderer.json(td))
    obj["containerDefinition"] = "typo"
    let typo = try JSONSerialization.data(withJSONObject: obj)
    let r2 = try PythonTools.ecsValidate("RegisterTaskDefinition", [("typo.json", Array(typo))])
    #expect(r2.status == 1)
    #expect(r2.output.contains("Unknown parameter"))
}

@Test(arguments: [
    (FargateTaskSize(cpu: 256, memoryMiB: 4096), "aws.ecs.backend.memory", "512, 1024, 2048"),
    (FargateTaskSize(cpu: 512, memoryMiB: 512), "aws.ecs.backend.memory", "1024, 2048, 3072, 4096"),
    (FargateTaskSize(cpu: 1024, memoryMiB: 1536), "aws.ecs.backend.memory", "2048-8192 in steps of 1024"),
    (FargateTaskSize(cpu: 4096, memoryMiB: 32768), "aws.ecs.backend.memory", "8192-30720 in steps of 1024"),
    (FargateTaskSize(cpu: 8192, memoryMiB: 18432), "aws.ecs.backend.memory", "16384-61440 in steps of 4096"),
    (FargateTaskSize(cpu: 16384, memoryMiB: 36864), "aws.ecs.backend.memory", "32768-122880 in steps of 8192"),
    (FargateTaskSize(cpu: 1000, memoryMiB: 2048), "aws.ecs.backend.cpu", "256, 512, 1024, 2048, 4096, 8192, 16384"),
])
func invalidFargatePairsAreRejectedWithTheAllowedValues(size: FargateTaskSize, path: String, allowed: String) {
    var ecs = ECSFixtures.ecs
    ecs.backend = size
    let issues = ecs.validate(region: "us-east-1", accountID: ECSFixtures.account)
    #expect(issues.count == 1)
    let issue = issues.first
    #expect(issue?.path == path)
    #expect(issue?.message.contains(allowed) == true, "\(issue?.description ?? "")")
    #expect(issue?.value == (path.hasSuffix(".cpu") ? String(size.cpu) : String(size.memoryMiB)))
}

@Test func badECSAnswersAreAllReportedWithPathValueAndAllowed() {
    let ecs = ECSSettings(
        cluster: "fresh track",
        executionRoleARN: "arn:aws:iam::999999999999:role/exec",
        taskRoleARN: "arn:aws:iam::123456789012:user/alice",
        subnets: ["subnet-XYZ", "subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718"],
        securityGroups: [],
        targetGroupARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/freshtrack/0123456789abcdef",
        desiredCount: 0, workerDesiredCount: -1,
        backend: FargateTaskSize(cpu: 1024, memoryMiB: 2048),
        worker: FargateTaskSize(cpu: 256, memoryMiB: 3072),
        logGroup: "ecs logs", healthCheckGracePeriodSeconds: 99999)
    let issues = ecs.validate(region: "us-east-1", accountID: ECSFixtures.account)
    let byPath = Dictionary(grouping: issues, by: \.path)
    #expect(byPath["aws.ecs.cluster"]?.first?.value == "fresh track")
    #expect(byPath["aws.ecs.execution_role_arn"]?.first?.message.contains("account 999999999999") == true)
    #expect(byPath["aws.ecs.task_role_arn"]?.first?.message.contains("IAM role ARN") == true)
    #expect(byPath["aws.ecs.target_group_arn"]?.first?.message.contains("region eu-west-1") == true)
    #expect(byPath["aws.ecs.subnets[0]"]?.first?.value == "subnet-XYZ")
    #expect(byPath["aws.ecs.subnets"]?.first?.message.contains("twice") == true)
    #expect(byPath["aws.ecs.security_groups"]?.first?.message.contains("1-5") == true)
    #expect(byPath["aws.ecs.desired_count"] != nil)
    #expect(byPath["aws.ecs.worker_desired_count"] != nil)
    #expect(byPath["aws.ecs.worker.memory"]?.first?.message.contains("512, 1024, 2048") == true)
    #expect(byPath["aws.ecs.log_group"] != nil)
    #expect(byPath["aws.ecs.health_check_grace_period_seconds"] != nil)
    #expect(byPath["aws.ecs.backend.cpu"] == nil && byPath["aws.ecs.backend.memory"] == nil)
    #expect(issues.count == 12, "\(issues.map(\.description))")
}

@Test func theFixtureSettingsAreValid() {
    #expect(ECSFixtures.ecs.validate(region: "us-east-1", accountID: ECSFixtures.account).isEmpty)
    // 8-digit (old style) ids are valid too.
    #expect(ECSRules.isResourceID("subnet-0a1b2c3d", prefix: "subnet"))
    #expect(!ECSRules.isResourceID("subnet-0A1B2C3D", prefix: "subnet"))
    #expect(!ECSRules.isResourceID("sg-0a1b2c3d", prefix: "subnet"))
}

@Test func secretsReachTheContainersOnlyAsSecretsManagerARNs() throws {
    let answers = ECSFixtures.answers(sources: [.rdsPassword: .file("/x"), .elasticacheAuthToken: .env("T")])
    for role in ECSRole.allCases {
        let td = try ECSRenderer.taskDefinition(role, answers: answers, aws: answers.aws!, ecs: ECSFixtures.ecs,
                                            secrets: ECSRenderer.secrets(for: answers))
        let c = try #require(td.containerDefinitions.first)
        #expect(Set(c.secrets.map(\.name)) == ["DATABASE_PASSWORD", "STACK_AUTH_SECRET", "REDIS_PASSWORD"])
        for s in c.secrets {
            #expect(s.valueFrom.hasPrefix("arn:aws:secretsmanager:us-east-1:123456789012:secret:freshtrack/production/"))
        }
        let envNames = Set(c.environment.map(\.name))
        #expect(envNames.isDisjoint(with: c.secrets.map(\.name)))
        #expect(!envNames.contains { $0.hasSuffix("_FILE") }, "no *_FILE on ECS: there is no /run/secrets mount")
        #expect(!envNames.contains { $0.contains("PASSWORD") || $0.contains("SECRET") || $0.contains("TOKEN") })
        #expect(c.environment.first { $0.name == "REDIS_TLS" }?.value == "true")
    }
    let noToken = ECSFixtures.answers()
    let td = try ECSRenderer.taskDefinition(.backend, answers: noToken, aws: noToken.aws!, ecs: ECSFixtures.ecs,
                                        secrets: ECSRenderer.secrets(for: noToken))
    #expect(td.containerDefinitions[0].secrets.map(\.name) == ["DATABASE_PASSWORD", "STACK_AUTH_SECRET"])
    #expect(td.containerDefinitions[0].environment.first { $0.name == "REDIS_TLS" }?.value == "false")
}

@Test func backendTaskDefinitionHasFargateShapeImageLogsAndNodeHealthCheck() throws {
    let answers = ECSFixtures.answers(environment: .staging)
    let files = try ECSRenderer.files(for: answers)
    let obj = try ECSFixtures.jsonObject(try #require(files.first { $0.path == "aws/task-definition-backend.json" }).contents)
    #expect(obj["family"] as? String == "freshtrack-staging-backend")
    #expect(obj["networkMode"] as? String == "awsvpc")
    #expect(obj["requiresCompatibilities"] as? [String] == ["FARGATE"])
    #expect(obj["cpu"] as? String == "1024" && obj["memory"] as? String == "2048")
    #expect(obj["executionRoleArn"] as? String == ECSFixtures.ecs.executionRoleARN)
    #expect(obj["taskRoleArn"] as? String == ECSFixtures.ecs.taskRoleARN)
    let c = try #require((obj["containerDefinitions"] as? [[String: Any]])?.first)
    #expect(c["image"] as? String == "123456789012.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0")
    let log = try #require(c["logConfiguration"] as? [String: Any])
    #expect(log["logDriver"] as? String == "awslogs")
    #expect(log["options"] as? [String: String] == [
        "awslogs-group": "/ecs/freshtrack", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "backend"])
    let hc = try #require(c["healthCheck"] as? [String: Any])
    let cmd = try #require(hc["command"] as? [String])
    #expect(cmd.prefix(3) == ["CMD", "node", "-e"])
    #expect(cmd.joined(separator: " ").contains("http://127.0.0.1:3000/health"))
    #expect(!cmd.joined(separator: " ").contains("curl"))
    #expect(hc["startPeriod"] as? Int == 60)
    let ports = try #require(c["portMappings"] as? [[String: Any]])
    #expect(ports.first?["containerPort"] as? Int == 3000)
    let env = Dictionary(uniqueKeysWithValues: ((c["environment"] as? [[String: String]]) ?? []).map { ($0["name"]!, $0["value"]!) })
    #expect(env["DATABASE_HOST"] == "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com")
    #expect(env["S3_BUCKET"] == "freshtrack-files-prod")
    #expect(env["PORT"] == "3000")

    let worker = try ECSFixtures.jsonObject(try #require(files.first { $0.path == "aws/task-definition-worker.json" }).contents)
    let wc = try #require((worker["containerDefinitions"] as? [[String: Any]])?.first)
    #expect(wc["command"] as? [String] == ["node", "dist/worker.js"])
    #expect(wc["portMappings"] == nil)
    // The worker's heartbeat check, the compose file's (it serves no HTTP).
    let whc = try #require(wc["healthCheck"] as? [String: Any])
    let wcmd = try #require(whc["command"] as? [String])
    #expect(wcmd.prefix(3) == ["CMD", "node", "-e"] && wcmd.joined(separator: " ").contains("WORKER_HEARTBEAT_PATH"))
    #expect(whc["interval"] as? Int == 5 && whc["retries"] as? Int == 3 && whc["startPeriod"] as? Int == 60)
    let wenv = Dictionary(uniqueKeysWithValues: ((wc["environment"] as? [[String: String]]) ?? []).map { ($0["name"]!, $0["value"]!) })
    #expect(wenv["WORKER_HEARTBEAT_PATH"] == "/tmp/freshtrack-worker.heartbeat")
    #expect(worker["cpu"] as? String == "512" && worker["memory"] as? String == "1024")
}

@Test func servicesHaveCircuitBreakerRollingUpdateAndTheTargetGroup() throws {
    var ecs = ECSFixtures.ecs
    ecs.desiredCount = 3
    ecs.healthCheckGracePeriodSeconds = 90
    let answers = ECSFixtures.answers(ecs: ecs)
    let files = try ECSRenderer.files(for: answers)
    let svc = try ECSFixtures.jsonObject(try #require(files.first { $0.path == "aws/service-backend.json" }).contents)
    #expect(svc["launchType"] as? String == "FARGATE")
    #expect(svc["desiredCount"] as? Int == 3)
    #expect(svc["taskDefinition"] as? String == "freshtrack-production-backend")
    #expect(svc["healthCheckGracePeriodSeconds"] as? Int == 90)
    let dc = try #require(svc["deploymentConfiguration"] as? [String: Any])
    #expect(dc["deploymentCircuitBreaker"] as? [String: Bool] == ["enable": true, "rollback": true])
    #expect(dc["minimumHealthyPercent"] as? Int == 100 && dc["maximumPercent"] as? Int == 200)
    let lb = try #require((svc["loadBalancers"] as? [[String: Any]])?.first)
    #expect(lb["targetGroupArn"] as? String == ecs.targetGroupARN)
    #expect(lb["containerName"] as? String == "backend" && lb["containerPort"] as? Int == 3000)
    let vpc = try #require((svc["networkConfiguration"] as? [String: Any])?["awsvpcConfiguration"] as? [String: Any])
    #expect(vpc["subnets"] as? [String] == ecs.subnets)
    #expect(vpc["securityGroups"] as? [String] == ecs.securityGroups)
    #expect(vpc["assignPublicIp"] as? String == "DISABLED")

    let worker = try ECSFixtures.jsonObject(try #require(files.first { $0.path == "aws/service-worker.json" }).contents)
    #expect(worker["loadBalancers"] == nil && worker["healthCheckGracePeriodSeconds"] == nil)
    #expect(worker["desiredCount"] as? Int == 1)
}

@Test func noECSFilesWithoutECSAnswersOrInDev() throws {
    #expect(try ECSRenderer.files(for: ECSFixtures.answers(ecs: nil)).isEmpty)
    #expect(try ECSRenderer.files(for: ECSFixtures.answers(environment: .dev)).isEmpty)
}

@Test func renderingIsDeterministicAndModesAreRight() throws {
    let a = try ECSRenderer.files(for: ECSFixtures.answers())
    let b = try ECSRenderer.files(for: ECSFixtures.answers())
    #expect(a == b)
    #expect(a.first { $0.path == "aws/deploy-aws.sh" }?.mode == 0o755)
    #expect(a.filter { $0.path != "aws/deploy-aws.sh" }.allSatisfy { $0.mode == 0o644 })
    #expect(a.allSatisfy { !$0.kind.isSecret })
}

@Test func readmeNamesWhatToCreateFirstAndWhyNotComposeECS() throws {
    let files = try ECSRenderer.files(for: ECSFixtures.answers())
    let readme = String(decoding: try #require(files.first { $0.path == "aws/README-aws.md" }).contents, as: UTF8.self)
    for needle in ["VPC", "RDS", "ElastiCache", "S3 bucket", "target group", "/health", "secretsmanager:GetSecretValue",
                   "AmazonECSTaskExecutionRolePolicy", "ECR repository", "CloudWatch Logs group", "November 2023",
                   "2026-06-12", "--dry-run", "aws ecs create-cluster", ECSFixtures.ecs.targetGroupARN,
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:freshtrack/production/*",
                   "pg_restore", "--entrypoint mc minio/minio:RELEASE.", "MC_HOST_src"] {
        #expect(readme.contains(needle), "README-aws.md lacks \(needle)")
    }
    #expect(!readme.contains("{{"))
}

@Test func invalidSettingsBuiltInCodeAreRefusedBeforeAnyFileIsRendered() {
    var ecs = ECSFixtures.ecs
    ecs.backend = FargateTaskSize(cpu: 256, memoryMiB: 4096)
    ecs.subnets = []
    do {
        _ = try ECSRenderer.files(for: ECSFixtures.answers(ecs: ecs))
        Issue.record("invalid ECS settings were rendered")
    } catch {
        guard case .settings(let issues) = error else { Issue.record("\(error)"); return }
        #expect(issues.contains { $0.path.hasPrefix("aws.ecs.backend.memory") }, "\(issues)")
        #expect(issues.contains { $0.path.hasPrefix("aws.ecs.subnets") }, "\(issues)")
    }
    var ap = AppPlatformFixtures.settings
    ap.instanceSize = "apps-s-1vcpu-0.5gb"
    ap.instanceCount = 3
    #expect { try AppPlatformRenderer.files(for: AppPlatformFixtures.answers(ap)) } throws: { error in
        guard case .settings(let issues)? = error as? PlanError else { return false }
        return !issues.isEmpty && issues.allSatisfy { $0.path.hasPrefix("digitalocean.app_platform") }
    }
}

@Test func thePlanTellsTheOperatorWhereToStart() throws {
    let provided: [SecretName: SecretValue] = [.rdsPassword: SecretValue("provided-rds-password-123")]
    let plan = try Planner.plan(PlanInputs(answers: ECSFixtures.answers(), providedSecrets: provided))
    #expect(plan.files.contains { $0.path == "aws/deploy-aws.sh" && $0.mode == 0o755 })
    #expect(plan.warnings.contains { $0.contains("aws/README-aws.md") && $0.contains("aws/deploy-aws.sh --dry-run") })
    let plain = try Planner.plan(PlanInputs(answers: ECSFixtures.answers(ecs: nil), providedSecrets: provided))
    #expect(!plain.files.contains { $0.path.hasPrefix("aws/") })
    #expect(!plain.warnings.contains { $0.contains("aws/README-aws.md") })
    let doProvided: [SecretName: SecretValue] = [.doDatabasePassword: SecretValue("provided-do-password-123"),
                                                 .spacesAccessKey: SecretValue("provided-access-key-123"),
                                                 .spacesSecretKey: SecretValue("provided-secret-key-123")]
    let ap = try Planner.plan(PlanInputs(answers: AppPlatformFixtures.answers(), providedSecrets: doProvided))
    #expect(ap.files.contains { $0.path == "do/app.yaml" })
    #expect(ap.warnings.contains { $0.contains("do/deploy-app-platform.sh --dry-run") })
}

@Test func autoscalingInputsValidateAgainstBotocoreAndFollowTheAnswers() throws {
    var ecs = ECSFixtures.ecs
    ecs.maxCount = 8
    ecs.targetCPUPercent = 55
    let answers = ECSFixtures.answers(environment: .staging, ecs: ecs)
    let files = try ECSRenderer.files(for: answers)
    let target = try #require(files.first { $0.path == "aws/scalable-target-backend.json" })
    let policy = try #require(files.first { $0.path == "aws/scaling-policy-backend.json" })
    let r1 = try PythonTools.ecsValidate("application-autoscaling:RegisterScalableTarget", [("t.json", target.contents)])
    #expect(r1.status == 0, "\(r1.output)")
    let r2 = try PythonTools.ecsValidate("application-autoscaling:PutScalingPolicy", [("p.json", policy.contents)])
    #expect(r2.status == 0, "\(r2.output)")
    let t = try ECSFixtures.jsonObject(target.contents)
    #expect(t["ResourceId"] as? String == "service/freshtrack/freshtrack-staging-backend")
    #expect(t["MinCapacity"] as? Int == 2 && t["MaxCapacity"] as? Int == 8)
    let p = try ECSFixtures.jsonObject(policy.contents)
    let cfg = try #require(p["TargetTrackingScalingPolicyConfiguration"] as? [String: Any])
    #expect(cfg["TargetValue"] as? Double == 55)
    #expect((cfg["PredefinedMetricSpecification"] as? [String: String])?["PredefinedMetricType"] == "ECSServiceAverageCPUUtilization")
    // Negative control: botocore refuses a policy without its required PolicyName.
    var broken = p
    broken["PolicyName"] = nil
    let r3 = try PythonTools.ecsValidate("application-autoscaling:PutScalingPolicy",
                                      [("b.json", Array(try JSONSerialization.data(withJSONObject: broken)))])
    #expect(r3.status == 1 && r3.output.contains("PolicyName"))
    // No max_count, no autoscaling files.
    #expect(try ECSRenderer.files(for: ECSFixtures.answers()).allSatisfy { !$0.path.contains("scal") })
    // max_count must exceed desired_count; target CPU 10-90.
    ecs.maxCount = 2
    ecs.targetCPUPercent = 95
    let issues = ecs.validate(region: "us-east-1", accountID: ECSFixtures.account)
    #expect(issues.map(\.path) == ["aws.ecs.max_count", "aws.ecs.target_cpu_percent"])
    #expect(issues.first?.message.contains("greater than desired_count 2") == true)
}

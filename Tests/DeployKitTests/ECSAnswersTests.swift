import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// `aws.ecs` and `digitalocean.platform` / `app_platform` through `AnswersCodec`.
private let ecsExample = Assets.required("examples/aws-ecs.yaml")
private let appPlatformExample = Assets.required("examples/digitalocean-app-platform.yaml")

private func replaced(_ text: String, _ old: String, _ new: String) -> String {
    precondition(text.contains(old), "fixture lacks \(old)")
    return text.replacingOccurrences(of: old, with: new)
}

private func decodeIssues(_ text: String) -> [AnswersIssue] {
    do {
        _ = try AnswersCodec.decode(text, secretExists: { _, _ in true })
        return []
    } catch { return error.issues }
}

@Test func ecsExampleDecodesRoundTripsAndRendersValidJSON() throws {
    let a = try AnswersCodec.decode(ecsExample)
    let ecs = try #require(a.aws?.ecs)
    #expect(ecs.cluster == "freshtrack")
    #expect(ecs.subnets == ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"])
    #expect(ecs.securityGroups == ["sg-0c3d4e5f60718293a"])
    #expect(ecs.backend == FargateTaskSize(cpu: 1024, memoryMiB: 2048))
    #expect(ecs.worker == FargateTaskSize(cpu: 512, memoryMiB: 1024))
    #expect(ecs.desiredCount == 2 && ecs.workerDesiredCount == 1 && !ecs.assignPublicIP)
    #expect(ecs.maxCount == 6 && ecs.targetCPUPercent == 60)
    let text = AnswersCodec.encode(a)
    #expect(text.contains("  ecs:\n    cluster: freshtrack\n"))
    #expect(try AnswersCodec.decode(text) == a)
    #expect(AnswersCodec.encode(try AnswersCodec.decode(text)) == text)
    let files = try ECSRenderer.files(for: a)
    let r = try PythonTools.ecsValidate("RegisterTaskDefinition", files.filter { $0.path.contains("task-definition") }
        .map { ($0.path.replacingOccurrences(of: "/", with: "-"), $0.contents) })
    #expect(r.status == 0, "\(r.output)")
}

@Test func aMinimalECSSectionTakesTheDefaults() throws {
    let minimal = """
        version: 1
        needs: {users: 5000, budget_usd_per_month: 400}
        target: aws
        app: {version: "1.1.0", domain: track.freshtrack.io}
        aws:
          region: eu-west-1
          account_id: "000123456789"
          rds_endpoint: freshtrack.abc.eu-west-1.rds.amazonaws.com
          database_name: freshtrack
          database_user: freshtrack
          elasticache_endpoint: freshtrack.abc.euw1.cache.amazonaws.com
          s3_bucket: freshtrack-files-eu
          ecs:
            execution_role_arn: arn:aws:iam::000123456789:role/exec
            task_role_arn: arn:aws:iam::000123456789:role/task
            subnets: [subnet-0a1b2c3d]
            security_groups: [sg-0a1b2c3d]
            target_group_arn: arn:aws:elasticloadbalancing:eu-west-1:000123456789:targetgroup/ft/0123456789abcdef
        secrets: {sources: {rds_password: "env:RDS_PASSWORD"}}
        """
    let ecs = try #require(try AnswersCodec.decode(minimal).aws?.ecs)
    #expect(ecs == ECSSettings(executionRoleARN: "arn:aws:iam::000123456789:role/exec",
                               taskRoleARN: "arn:aws:iam::000123456789:role/task",
                               subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"],
                               targetGroupARN: "arn:aws:elasticloadbalancing:eu-west-1:000123456789:targetgroup/ft/0123456789abcdef"))
    // Without aws.ecs there is no ECS section and no aws/ files.
    let plain = try AnswersCodec.decode(Assets.required("examples/aws.yaml"))
    #expect(plain.aws?.ecs == nil)
    #expect(try ECSRenderer.files(for: plain).isEmpty)
}

@Test func everyECSProblemIsReportedAtOnceWithPathLineAndValue() {
    var bad = replaced(ecsExample, "backend: {cpu: 1024, memory: 2048}", "backend: {cpu: 256, memory: 4096}")
    bad = replaced(bad, "worker: {cpu: 512, memory: 1024}", "worker: {cpu: 1000, memory: 2048}")
    bad = replaced(bad, "subnets: [subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829]", "subnets: [subnet-XYZ, subnet-0b2c3d4e5f6071829]")
    bad = replaced(bad, "security_groups: [sg-0c3d4e5f60718293a]", "security_groups: sg-0c3d4e5f60718293a")
    bad = replaced(bad, "role/freshtrack-ecs-task", "role/freshtrack-ecs-task\n    desired_cont: 3")
    bad = replaced(bad, "arn:aws:iam::123456789012:role/freshtrack-ecs-execution", "arn:aws:iam::999999999999:role/freshtrack-ecs-execution")
    bad = replaced(bad, "targetgroup/freshtrack/6d0ecf831eec9f09", "targetgroup/freshtrack/xyz")
    bad = replaced(bad, "desired_count: 2", "desired_count: \"2\"")
    bad = replaced(bad, "assign_public_ip: false", "assign_public_ip: \"no\"")
    bad = replaced(bad, "max_count: 6", "max_count: 1")
    let found = decodeIssues(bad)
    let byPath = Dictionary(grouping: found, by: \.path)
    #expect(byPath["aws.ecs.backend.memory"]?.first?.message.contains("512, 1024, 2048") == true)
    #expect(byPath["aws.ecs.backend.memory"]?.first?.value == "4096")
    #expect(byPath["aws.ecs.worker.cpu"]?.first?.message.contains("256, 512, 1024, 2048, 4096, 8192, 16384") == true)
    #expect(byPath["aws.ecs.subnets[0]"]?.first?.value == "subnet-XYZ")
    #expect(byPath["aws.ecs.security_groups"]?.first?.message.contains("must be a list") == true)
    #expect(byPath["aws.ecs.desired_cont"]?.first?.message.contains("did you mean `desired_count`") == true)
    #expect(byPath["aws.ecs.execution_role_arn"]?.first?.message.contains("aws.account_id 123456789012") == true)
    #expect(byPath["aws.ecs.target_group_arn"]?.first?.message.contains("16 hex digits") == true)
    #expect(byPath["aws.ecs.desired_count"]?.first?.message.contains("quoted number") == true)
    #expect(byPath["aws.ecs.assign_public_ip"]?.first?.message.contains("true or false") == true)
    #expect(byPath["aws.ecs.max_count"]?.first?.message.contains("greater than desired_count") == true)
    #expect(found.count == 10, "\(found.map(\.description))")
    #expect(found.allSatisfy { $0.line != nil }, "\(found.filter { $0.line == nil })")
    // In file order.
    let lines = found.compactMap(\.line)
    #expect(lines == lines.sorted())
}

@Test func ecsSectionsOfTheWrongShapeAreNamed() {
    let missing = replaced(replaced(ecsExample, "    subnets: [subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829]\n", ""),
                           "    task_role_arn: arn:aws:iam::123456789012:role/freshtrack-ecs-task\n", "")
    #expect(Set(decodeIssues(missing).map(\.path)) == ["aws.ecs.subnets", "aws.ecs.task_role_arn"])
    let tooMany = replaced(ecsExample, "security_groups: [sg-0c3d4e5f60718293a]",
                           "security_groups: [sg-00000001, sg-00000002, sg-00000003, sg-00000004, sg-00000005, sg-00000006]")
    #expect(decodeIssues(tooMany).first?.message.contains("at most 5") == true)
    let dup = replaced(ecsExample, "subnet-0b2c3d4e5f6071829]", "subnet-0a1b2c3d4e5f60718]")
    #expect(decodeIssues(dup).first?.message.contains("twice") == true)
    let halfSize = replaced(ecsExample, "backend: {cpu: 1024, memory: 2048}", "backend: {cpu: 1024}")
    #expect(decodeIssues(halfSize).map(\.path) == ["aws.ecs.backend.memory"])
    let notMapping = replaced(ecsExample, "  ecs:\n", "  ecs: yes\n  ecs_was:\n")
    #expect(decodeIssues(notMapping).contains { $0.path == "aws.ecs" })
}

@Test func appPlatformExampleDecodesRoundTripsAndRenders() throws {
    let a = try AnswersCodec.decode(appPlatformExample)
    let d = try #require(a.digitalocean)
    #expect(d.platform == .appPlatform)
    #expect(d.appPlatform == AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey"))
    let text = AnswersCodec.encode(a)
    #expect(text.contains("  platform: app_platform\n"))
    #expect(try AnswersCodec.decode(text) == a)
    #expect(AnswersCodec.encode(try AnswersCodec.decode(text)) == text)
    #expect(try AppPlatformRenderer.files(for: a).count == 3)
    // The hybrid example says nothing about the platform: droplet, and encode writes it out.
    let hybrid = try AnswersCodec.decode(Assets.required("examples/digitalocean.yaml"))
    #expect(hybrid.digitalocean?.platform == .droplet && hybrid.digitalocean?.appPlatform == nil)
    #expect(AnswersCodec.encode(hybrid).contains("  platform: droplet\n"))
    #expect(try AppPlatformRenderer.files(for: hybrid).isEmpty)
}

@Test func appPlatformProblemsAreReportedWithPathsAndAllowedValues() {
    let noSection = replaced(appPlatformExample, "  app_platform:\n", "  app_platform_old:\n")
    let a = decodeIssues(noSection)
    #expect(a.contains { $0.path == "digitalocean.app_platform" && $0.message.contains("is required because digitalocean.platform is app_platform") })
    #expect(a.contains { $0.path == "digitalocean.app_platform_old" && $0.message.contains("did you mean `app_platform`") })

    var bad = replaced(appPlatformExample, "platform: app_platform ", "platform: appplatform ")
    #expect(decodeIssues(bad).first?.message.contains("did you mean `app_platform`") == true)
    bad = replaced(appPlatformExample, "registry_type: DOCR ", "registry_type: GHCR ")
    bad = replaced(bad, "instance_size: apps-s-1vcpu-1gb   #", "instance_size: apps-s-1vcpu-0.5gb   #")
    bad = replaced(bad, "    instance_count: 1\n", "    instance_count: 2\n")
    bad = replaced(bad, "region: nyc\n", "region: nyc3\n")
    bad = replaced(bad, "cache_cluster: freshtrack-valkey", "cache_cluster: Valkey")
    let found = decodeIssues(bad)
    let byPath = Dictionary(grouping: found, by: \.path)
    let p = "digitalocean.app_platform"
    #expect(byPath["\(p).registry"]?.first?.message.contains("required for registry_type GHCR") == true)
    #expect(byPath["\(p).instance_count"]?.first?.message.contains("single instance only") == true)
    #expect(byPath["\(p).region"]?.first?.message.contains("did you mean `nyc`") == true)
    #expect(byPath["\(p).cache_cluster"]?.first?.value == "Valkey")
    #expect(found.count == 4, "\(found.map(\.description))")
    // Kept but unused when the platform is droplet.
    let kept = replaced(appPlatformExample, "platform: app_platform ", "platform: droplet ")
    #expect(decodeIssues(kept).isEmpty)
}

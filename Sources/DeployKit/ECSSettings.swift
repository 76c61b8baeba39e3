/// A task-level CPU/memory pair for an ECS task definition on Fargate.
public struct FargateTaskSize: Sendable, Hashable, CustomStringConvertible {
    /// ECS CPU units (1024 = 1 vCPU).
    public var cpu: Int
    /// Memory in MiB.
    public var memoryMiB: Int

    public init(cpu: Int, memoryMiB: Int) {
        self.cpu = cpu
        self.memoryMiB = memoryMiB
    }

    /// `cpu 1024 / memory 2048 MiB`.
    public var description: String { "cpu \(cpu) / memory \(memoryMiB) MiB" }
}

/// The CPU/memory pairs Fargate (Linux) accepts, read from `assets/aws/fargate-task-sizes.yaml`
/// (source: Amazon ECS Developer Guide, task-cpu-memory-error.html, checked 2026-11-29).
public enum FargateSizes {
    /// One CPU value and the memory values (MiB) allowed with it, ascending.
    public struct Row: Sendable, Hashable {
        public var cpu: Int
        public var memoryMiB: [Int]
        /// Human text of the allowed memory, e.g. `512, 1024, 2048` or `2048-8192 in steps of 1024`.
        public var memoryText: String
    }

    /// Every row of the table, ascending by CPU.
    public static var rows: [Row] { table.rows }

    /// Where the table comes from (a documentation page and the date it was checked).
    public static var source: String { table.source }

    /// The embedded file, read once (`Assets.load`: a file that does not read traps).
    private static let table: (rows: [Row], source: String) = Assets.load("aws/fargate-task-sizes.yaml", parse)

    /// Every allowed pair, ascending by CPU then memory.
    public static var allPairs: [FargateTaskSize] {
        rows.flatMap { row in row.memoryMiB.map { FargateTaskSize(cpu: row.cpu, memoryMiB: $0) } }
    }

    /// Whether Fargate accepts `size`.
    public static func isAllowed(_ size: FargateTaskSize) -> Bool {
        rows.first { $0.cpu == size.cpu }?.memoryMiB.contains(size.memoryMiB) ?? false
    }

    /// Parses the `aws/fargate-task-sizes.yaml` format (`YAMLFields`): `sizes`, each row a
    /// `cpu` with either a `memory` list or a `memory_range` of `min`, `max` and `step`
    /// (`memory` wins when both are given); an optional `source` text. Rows come out
    /// ascending by CPU.
    /// - Throws: `AssetReadError` naming the key's path.
    static func parse(_ yaml: String) throws -> (rows: [Row], source: String) {
        let file = "aws/fargate-task-sizes.yaml"
        let fail: (String) -> any Error = { AssetReadError(message: $0) }
        let top = try YAMLFields.document(yaml, file: file, keys: ["source", "sizes"], fail: fail)
        let rows = try top.list("sizes", keys: ["cpu", "memory", "memory_range"]).map { row -> Row in
            let cpu = try row.int("cpu")
            if let values = try row.optionalInts("memory") {
                return Row(cpu: cpu, memoryMiB: values, memoryText: values.map(String.init).joined(separator: ", "))
            }
            let range = try row.fields("memory_range", keys: ["min", "max", "step"])
            let lo = try range.int("min"), hi = try range.int("max"), step = try range.int("step")
            guard step > 0 else { throw fail("\(file): \(range.path).step is \(step); expected a whole number above 0") }
            return Row(cpu: cpu, memoryMiB: Array(stride(from: lo, through: hi, by: step)),
                       memoryText: "\(lo)-\(hi) in steps of \(step)")
        }
        return (rows.sorted { $0.cpu < $1.cpu }, try top.optionalString("source") ?? "assets/\(file)")
    }
}

/// The `aws.ecs:` section: what ECS on Fargate needs beyond the `aws:` endpoints.
///
/// ```yaml
/// aws:
///   ecs:
///     cluster: freshtrack
///     execution_role_arn: arn:aws:iam::123456789012:role/freshtrack-ecs-execution
///     task_role_arn: arn:aws:iam::123456789012:role/freshtrack-ecs-task
///     subnets: [subnet-0a1b2c3d4e5f60718, subnet-0b1c2d3e4f5a60718]
///     security_groups: [sg-0a1b2c3d4e5f60718]
///     target_group_arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/0123456789abcdef
///     desired_count: 2            # backend tasks (the seed's 2)
///     worker_desired_count: 1
///     backend: {cpu: 1024, memory: 2048}   # the seed's 1 vCPU / 2 GB
///     worker: {cpu: 512, memory: 1024}
///     assign_public_ip: false
///     log_group: /ecs/freshtrack
///     health_check_grace_period_seconds: 60
///     max_count: 6                # optional: autoscale the backend between desired_count and 6
///     target_cpu_percent: 60      # autoscaling target (average CPU %)
/// ```
public struct ECSSettings: Sendable, Hashable {
    /// ECS cluster name (1-255 of `[A-Za-z0-9_-]`).
    public var cluster: String
    /// IAM role ECS uses to pull from ECR, write logs and read the Secrets Manager secrets.
    public var executionRoleARN: String
    /// IAM role the FreshTrack containers run as (S3 access to the bucket).
    public var taskRoleARN: String
    /// VPC subnet ids for `awsvpcConfiguration` (1-16, private subnets with a NAT route).
    public var subnets: [String]
    /// Security group ids for `awsvpcConfiguration` (1-5).
    public var securityGroups: [String]
    /// ALB target group (target type `ip`, health check path `/health`).
    public var targetGroupARN: String
    /// Backend tasks the service keeps running (the seed's 2).
    public var desiredCount: Int
    /// Worker tasks the worker service keeps running.
    public var workerDesiredCount: Int
    public var backend: FargateTaskSize
    public var worker: FargateTaskSize
    /// `ENABLED` in `awsvpcConfiguration`: only for public subnets without a NAT gateway.
    public var assignPublicIP: Bool
    /// CloudWatch Logs group for the `awslogs` driver.
    public var logGroup: String
    /// Seconds the service ignores failing ALB health checks after a task starts.
    public var healthCheckGracePeriodSeconds: Int
    /// Upper bound of backend tasks for target-tracking autoscaling (Application Auto
    /// Scaling, between `desiredCount` and this); `nil`: a fixed count, no autoscaling.
    public var maxCount: Int?
    /// Average CPU utilisation, percent, that autoscaling keeps the backend at.
    public var targetCPUPercent: Int

    /// Defaults: cluster `freshtrack`, backend 1024/2048 (the seed's 1 vCPU, 2 GB), worker
    /// 512/1024, 2 backend tasks (the seed's), 1 worker task, log group `/ecs/freshtrack`,
    /// grace period 60 s (the seed's health check `start_period`).
    public static let defaultCluster = "freshtrack"
    public static let defaultBackendSize = FargateTaskSize(cpu: 1024, memoryMiB: 2048)
    public static let defaultWorkerSize = FargateTaskSize(cpu: 512, memoryMiB: 1024)
    public static let defaultDesiredCount = 2
    public static let defaultWorkerDesiredCount = 1
    public static let defaultLogGroup = "/ecs/freshtrack"
    public static let defaultHealthCheckGracePeriodSeconds = 60
    /// Autoscaling target: 60 % average CPU (headroom for the seed's "traffic spikes").
    public static let defaultTargetCPUPercent = 60

    public init(cluster: String = ECSSettings.defaultCluster, executionRoleARN: String, taskRoleARN: String,
                subnets: [String], securityGroups: [String], targetGroupARN: String,
                desiredCount: Int = ECSSettings.defaultDesiredCount,
                workerDesiredCount: Int = ECSSettings.defaultWorkerDesiredCount,
                backend: FargateTaskSize = ECSSettings.defaultBackendSize,
                worker: FargateTaskSize = ECSSettings.defaultWorkerSize,
                assignPublicIP: Bool = false, logGroup: String = ECSSettings.defaultLogGroup,
                healthCheckGracePeriodSeconds: Int = ECSSettings.defaultHealthCheckGracePeriodSeconds,
                maxCount: Int? = nil, targetCPUPercent: Int = ECSSettings.defaultTargetCPUPercent) {
        self.cluster = cluster
        self.executionRoleARN = executionRoleARN
        self.taskRoleARN = taskRoleARN
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.targetGroupARN = targetGroupARN
        self.desiredCount = desiredCount
        self.workerDesiredCount = workerDesiredCount
        self.backend = backend
        self.worker = worker
        self.assignPublicIP = assignPublicIP
        self.logGroup = logGroup
        self.healthCheckGracePeriodSeconds = healthCheckGracePeriodSeconds
        self.maxCount = maxCount
        self.targetCPUPercent = targetCPUPercent
    }

    /// Every problem of these settings, each with its YAML path under `path` (default
    /// `aws.ecs`), the bad value and what is allowed: the rules of `AnswersTables.ecs`.
    /// ARNs must be in the `aws` partition, in account `accountID` and (target group) in
    /// `region`.
    public func validate(path: String = "aws.ecs", region: String, accountID: String) -> [AnswersIssue] {
        AnswersTables.ecs.validate(self, path: path, context: RuleContext(awsRegion: region, awsAccountID: accountID)).map(\.issue)
    }
}

/// Format rules of AWS identifiers used by the ECS answers. Pure string checks.
public enum ECSRules {
    static func all(_ s: Substring, _ ok: (Character) -> Bool) -> Bool { s.allSatisfy(ok) }
    static func isLowerHex(_ c: Character) -> Bool { ("0"..."9").contains(c) || ("a"..."f").contains(c) }
    static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// ECS cluster or service name: 1-255 of `[A-Za-z0-9_-]`.
    public static func isClusterName(_ s: String) -> Bool {
        (1...255).contains(s.count) && s.allSatisfy { isAlnum($0) || $0 == "-" || $0 == "_" }
    }

    /// CloudWatch Logs group name: 1-512 of `[A-Za-z0-9_./#-]`.
    public static func isLogGroupName(_ s: String) -> Bool {
        (1...512).contains(s.count) && s.allSatisfy { isAlnum($0) || "_-/.#".contains($0) }
    }

    /// `subnet-0123abcd` / `sg-0123456789abcdef0`: the prefix, a hyphen, 8 or 17 lowercase hex digits.
    public static func isResourceID(_ s: String, prefix: String) -> Bool {
        guard s.hasPrefix(prefix + "-") else { return false }
        let hex = s.dropFirst(prefix.count + 1)
        return (hex.count == 8 || hex.count == 17) && hex.allSatisfy(isLowerHex)
    }

    /// The problem with an IAM role ARN (`arn:aws:iam::<account>:role/<optional path/>name`), or `nil`.
    public static func roleARNProblem(_ arn: String, accountID: String) -> String? {
        let shape = "must be an IAM role ARN: arn:aws:iam::\(accountID):role/NAME"
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == "aws", parts[2] == "iam", parts[3].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/")
        else { return shape }
        let name = parts[5].dropFirst("role/".count)
        let nameOK = !name.isEmpty && name.count <= 512 && !name.hasSuffix("/")
            && name.allSatisfy { isAlnum($0) || "+=,.@_-/".contains($0) }
        guard nameOK else { return shape + " (name: letters, digits and +=,.@_-, optional /path/)" }
        guard parts[4] == Substring(accountID) else {
            return "is in account \(parts[4]); must be in aws.account_id \(accountID)"
        }
        return nil
    }

    /// The problem with an ALB target group ARN
    /// (`arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>`), or `nil`.
    public static func targetGroupARNProblem(_ arn: String, region: String, accountID: String) -> String? {
        let shape = "must be a target group ARN: arn:aws:elasticloadbalancing:\(region):\(accountID):targetgroup/NAME/ID"
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == "aws", parts[2] == "elasticloadbalancing",
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber)
        else { return shape }
        let res = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        guard res.count == 3, res[0] == "targetgroup", (1...32).contains(res[1].count),
              res[1].allSatisfy({ isAlnum($0) || $0 == "-" }), !res[1].hasPrefix("-"), !res[1].hasSuffix("-"),
              res[2].count == 16, res[2].allSatisfy(isLowerHex)
        else { return shape + " (NAME: 1-32 letters, digits, hyphens; ID: 16 hex digits)" }
        guard parts[3] == Substring(region) else { return "is in region \(parts[3]); must be in aws.region \(region)" }
        guard parts[4] == Substring(accountID) else {
            return "is in account \(parts[4]); must be in aws.account_id \(accountID)"
        }
        return nil
    }
}

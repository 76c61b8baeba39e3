import Foundation
import Yams

/// The two FreshTrack Pro containers that run on ECS.
public enum ECSRole: String, CaseIterable, Sendable, Hashable {
    case backend, worker
}

/// One entry of a container's environment on ECS: a plain value, or a secret that ECS reads
/// from Secrets Manager at task start (`secrets[].valueFrom`), never a plain value.
public typealias ECSVariable = ComposeVariable

/// Renders the ECS on Fargate part of an `aws` bundle (files under `aws/`). Pure.
///
/// Files: `aws/task-definition-backend.json`, `aws/task-definition-worker.json` (input of
/// `aws ecs register-task-definition --cli-input-json file://...`),
/// `aws/service-backend.json`, `aws/service-worker.json` (input of
/// `aws ecs create-service --cli-input-json file://...`), `aws/deploy-aws.sh` (0755) and
/// `aws/README-aws.md`.
public enum ECSRenderer {
    /// Directory of the ECS files inside the bundle.
    public static let directory = "aws"

    // MARK: names

    /// Task definition family, e.g. `freshtrack-production-backend`.
    public static func family(_ role: ECSRole, environment: DeployEnvironment) -> String {
        "freshtrack-\(environment.rawValue)-\(role.rawValue)"
    }

    /// ECS service name; the same as the family, e.g. `freshtrack-production-backend`.
    public static func serviceName(_ role: ECSRole, environment: DeployEnvironment) -> String {
        family(role, environment: environment)
    }

    /// Secrets Manager secret name, e.g. `freshtrack/production/rds_password`.
    public static func secretsManagerName(_ secret: SecretName, environment: DeployEnvironment) -> String {
        "freshtrack/\(environment.rawValue)/\(secret.rawValue)"
    }

    /// The secret's ARN without the 6-character suffix Secrets Manager appends on creation
    /// (`arn:aws:secretsmanager:<region>:<account>:secret:freshtrack/<env>/<name>`).
    /// `deploy-aws.sh` replaces it with the full ARN (`describe-secret`) before registering.
    public static func secretARN(_ secret: SecretName, aws: AWSSettings, environment: DeployEnvironment) -> String {
        "arn:aws:secretsmanager:\(aws.region):\(aws.accountID):secret:\(secretsManagerName(secret, environment: environment))"
    }

    /// ECR repository of the FreshTrack Pro image.
    public static let repositoryName = "freshtrack-backend"

    /// `<account>.dkr.ecr.<region>.amazonaws.com`.
    public static func registry(_ aws: AWSSettings) -> String {
        "\(aws.accountID).dkr.ecr.\(aws.region).amazonaws.com"
    }

    /// The pinned image, `<account>.dkr.ecr.<region>.amazonaws.com/freshtrack-backend:<version>`.
    public static func image(_ answers: Answers, aws: AWSSettings) -> String {
        "\(registry(aws))/\(repositoryName):\(answers.app.version)"
    }

    // MARK: environment

    /// The secrets the ECS containers read: the `aws` target's secrets for the answers
    /// (`elasticache_auth_token` only when the operator gave it a source).
    public static func secrets(for answers: Answers) -> [SecretName] {
        SecretName.required(target: .aws, environment: answers.environment,
                            optionalProvided: Set(answers.secrets.sources.keys))
    }

    /// The container environment, sorted by name: exactly the `environment:` that the
    /// bundle's Compose files give the service on AWS (`docker-compose.yml` +
    /// `compose.aws.yaml` [+ `compose.elasticache-auth.yaml`] [+ `compose.staging.yaml`],
    /// `.env` values substituted); where Compose reads `X_FILE`, ECS gets `X` from Secrets Manager.
    /// - Throws: `PlanError` when the compose files and `.env` do not fit together.
    public static func environment(_ role: ECSRole, answers: Answers, aws: AWSSettings,
                                   secrets: [SecretName]) throws(PlanError) -> [ECSVariable] {
        let files = BundleLayout.composeFiles(target: .aws, environment: answers.environment,
                                              elastiCacheAuth: secrets.contains(.elasticacheAuthToken))
        let entries = try RenderEnv.entries(answers: answers, target: .aws, composeFiles: files,
                                            secretsDir: try Planner.normalizedSecretsDir(answers.secrets.dir))
        let env = Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        return try ComposeEnvironment.variables(service: role.rawValue, files: files, env: env)
    }

    // MARK: task and service definitions

    /// The `register-task-definition` input for `role`, as a JSON-encodable value.
    /// - Throws: `PlanError` when the environment cannot be derived (see `environment`).
    public static func taskDefinition(_ role: ECSRole, answers: Answers, aws: AWSSettings, ecs: ECSSettings,
                                      secrets: [SecretName]) throws(PlanError) -> ECSTaskDefinition {
        let facts = ECSContainerFacts.shared
        let env = try environment(role, answers: answers, aws: aws, secrets: secrets)
        let files = BundleLayout.composeFiles(target: .aws, environment: answers.environment,
                                              elastiCacheAuth: secrets.contains(.elasticacheAuthToken))
        let compose = try ComposeServiceFacts.of(service: role.rawValue, files: files)
        let size = role == .backend ? ecs.backend : ecs.worker
        var container = ECSTaskDefinition.Container(
            name: role.rawValue,
            image: image(answers, aws: aws),
            essential: true,
            command: compose.command,
            user: compose.user,
            portMappings: nil,
            environment: env.compactMap {
                if case .plain(let n, let v) = $0 { return .init(name: n, value: v) } else { return nil }
            },
            secrets: env.compactMap {
                if case .secret(let n, let s) = $0 {
                    return .init(name: n, valueFrom: secretARN(s, aws: aws, environment: answers.environment))
                } else { return nil }
            },
            logConfiguration: .init(logDriver: "awslogs", options: [
                "awslogs-group": ecs.logGroup,
                "awslogs-region": aws.region,
                "awslogs-stream-prefix": role.rawValue,
            ]),
            healthCheck: nil,
            stopTimeout: facts.stopTimeout)
        if role == .backend {
            container.portMappings = [.init(name: "http", containerPort: facts.port, protocol: "tcp", appProtocol: "http")]
        }
        if let test = compose.healthCheck {
            // The same check as the compose file's (node itself; the image has no curl).
            container.healthCheck = .init(
                command: test, interval: compose.healthInterval ?? 30, timeout: compose.healthTimeout ?? 5,
                retries: compose.healthRetries ?? 3, startPeriod: compose.healthStartPeriod ?? 0)
        }
        return ECSTaskDefinition(
            family: family(role, environment: answers.environment),
            taskRoleArn: ecs.taskRoleARN,
            executionRoleArn: ecs.executionRoleARN,
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: String(size.cpu),
            memory: String(size.memoryMiB),
            runtimePlatform: .init(operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64"),
            containerDefinitions: [container],
            tags: tags(answers))
    }

    /// The `create-service` input for `role` (the backend behind the ALB target group; the
    /// worker without a load balancer).
    public static func service(_ role: ECSRole, answers: Answers, ecs: ECSSettings) -> ECSService {
        let backend = role == .backend
        return ECSService(
            cluster: ecs.cluster,
            serviceName: serviceName(role, environment: answers.environment),
            taskDefinition: family(role, environment: answers.environment),
            desiredCount: backend ? ecs.desiredCount : ecs.workerDesiredCount,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            schedulingStrategy: "REPLICA",
            networkConfiguration: .init(awsvpcConfiguration: .init(
                subnets: ecs.subnets, securityGroups: ecs.securityGroups,
                assignPublicIp: ecs.assignPublicIP ? "ENABLED" : "DISABLED")),
            loadBalancers: backend
                ? [.init(targetGroupArn: ecs.targetGroupARN, containerName: "backend",
                         containerPort: ECSContainerFacts.shared.port)]
                : nil,
            healthCheckGracePeriodSeconds: backend ? ecs.healthCheckGracePeriodSeconds : nil,
            deploymentController: .init(type: "ECS"),
            deploymentConfiguration: .init(
                deploymentCircuitBreaker: .init(enable: true, rollback: true),
                maximumPercent: 200, minimumHealthyPercent: 100),
            enableECSManagedTags: true,
            propagateTags: "SERVICE",
            tags: tags(answers))
    }

    /// `service/<cluster>/<service>`: the Application Auto Scaling resource id of the backend service.
    public static func autoscalingResourceID(answers: Answers, ecs: ECSSettings) -> String {
        "service/\(ecs.cluster)/\(serviceName(.backend, environment: answers.environment))"
    }

    /// The `register-scalable-target` input for the backend (min `desiredCount`, max
    /// `maxCount`), or `nil` without autoscaling.
    public static func scalableTarget(answers: Answers, ecs: ECSSettings) -> ECSScalableTarget? {
        guard let max = ecs.maxCount else { return nil }
        return ECSScalableTarget(serviceNamespace: "ecs", resourceID: autoscalingResourceID(answers: answers, ecs: ecs),
                                 scalableDimension: "ecs:service:DesiredCount", minCapacity: ecs.desiredCount, maxCapacity: max)
    }

    /// The `put-scaling-policy` input for the backend: target tracking on the service's
    /// average CPU (`ECSServiceAverageCPUUtilization`), or `nil` without autoscaling.
    /// Cooldowns (seconds): scale out after 60, in after 300.
    public static func scalingPolicy(answers: Answers, ecs: ECSSettings) -> ECSScalingPolicy? {
        guard ecs.maxCount != nil else { return nil }
        return ECSScalingPolicy(
            policyName: "\(serviceName(.backend, environment: answers.environment))-cpu\(ecs.targetCPUPercent)",
            serviceNamespace: "ecs", resourceID: autoscalingResourceID(answers: answers, ecs: ecs),
            scalableDimension: "ecs:service:DesiredCount", policyType: "TargetTrackingScaling",
            configuration: .init(targetValue: Double(ecs.targetCPUPercent),
                                 metric: .init(predefinedMetricType: "ECSServiceAverageCPUUtilization"),
                                 scaleOutCooldown: 60, scaleInCooldown: 300))
    }

    static func tags(_ answers: Answers) -> [ECSTag] {
        [ECSTag(key: "app", value: "freshtrack-pro"), ECSTag(key: "environment", value: answers.environment.rawValue),
         ECSTag(key: "version", value: answers.app.version)]
    }

    /// Deterministic JSON (sorted keys, two-space indent from Foundation, trailing newline).
    static func json<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        let data = (try? encoder.encode(value)) ?? Data()
        return Array(data) + [0x0A]
    }

    // MARK: files

    /// What the operator should know when the bundle has `aws/` (for `Plan.warnings`): where
    /// to start and how to deploy; empty without ECS files.
    public static func notes(for answers: Answers) -> [String] {
        guard answers.environment != .dev, answers.aws?.ecs != nil else { return [] }
        return ["ECS on Fargate: aws/README-aws.md lists what to create first (VPC, RDS, ElastiCache, S3, ALB, IAM roles, ECR, log group, cluster); then run aws/deploy-aws.sh --dry-run and aws/deploy-aws.sh from the bundle directory (docker compose up -d is for Compose on EC2 only)."]
    }

    /// Every file under `aws/` for `answers`, or `[]` when the answers have no `aws.ecs`
    /// section or the environment is `dev` (everything local).
    ///
    /// - Parameter secrets: the secrets of the bundle (default `secrets(for:)`).
    /// - Throws: `PlanError` listing every problem of `aws.ecs` (`ECSSettings.validate`), or
    ///   when the compose files cannot be read or a template asset is malformed.
    public static func files(for answers: Answers, secrets: [SecretName]? = nil) throws(PlanError) -> [PlannedFile] {
        guard answers.environment != .dev, let aws = answers.aws, let ecs = aws.ecs else { return [] }
        // Answers built in code (the wizard) get the same checks as a decoded answers file.
        let issues = ecs.validate(region: aws.region, accountID: aws.accountID)
        if !issues.isEmpty { throw PlanError.settings(issues) }
        let secrets = secrets ?? self.secrets(for: answers)
        var out: [PlannedFile] = []
        for role in ECSRole.allCases {
            out.append(PlannedFile(path: "\(directory)/task-definition-\(role.rawValue).json",
                                   contents: json(try taskDefinition(role, answers: answers, aws: aws, ecs: ecs, secrets: secrets)),
                                   mode: 0o644, kind: .json))
        }
        for role in ECSRole.allCases {
            out.append(PlannedFile(path: "\(directory)/service-\(role.rawValue).json",
                                   contents: json(service(role, answers: answers, ecs: ecs)),
                                   mode: 0o644, kind: .json))
        }
        if let target = scalableTarget(answers: answers, ecs: ecs), let policy = scalingPolicy(answers: answers, ecs: ecs) {
            out.append(PlannedFile(path: "\(directory)/scalable-target-backend.json", contents: json(target), mode: 0o644, kind: .json))
            out.append(PlannedFile(path: "\(directory)/scaling-policy-backend.json", contents: json(policy), mode: 0o644, kind: .json))
        }
        out.append(PlannedFile(path: "\(directory)/deploy-aws.sh",
                               contents: Array(try ECSDeployScript.render(answers: answers, aws: aws, ecs: ecs, secrets: secrets).utf8),
                               mode: 0o755, kind: .script))
        out.append(PlannedFile(path: "\(directory)/README-aws.md",
                               contents: Array(try ECSDeployScript.readme(answers: answers, aws: aws, ecs: ecs, secrets: secrets).utf8),
                               mode: 0o644, kind: .document))
        return out
    }
}

/// Facts of the FreshTrack Pro containers, from `assets/aws/ecs-containers.yaml`.
struct ECSContainerFacts: Sendable {
    var port: Int
    var healthPath: String
    var stopTimeout: Int

    /// The embedded file (`Assets.load`: a file that does not read traps).
    static let shared: ECSContainerFacts = Assets.load("aws/ecs-containers.yaml", parse)

    /// Parses the `aws/ecs-containers.yaml` format (`YAMLFields`: every key required).
    /// - Throws: `AssetReadError` naming the key's path.
    static func parse(_ text: String) throws -> ECSContainerFacts {
        let top = try YAMLFields.document(text, file: "aws/ecs-containers.yaml", keys: ["backend", "stop_timeout"],
                                          fail: { AssetReadError(message: $0) })
        let backend = try top.fields("backend", keys: ["port", "health_path"])
        return ECSContainerFacts(port: try backend.int("port"), healthPath: try backend.string("health_path"),
                                 stopTimeout: try top.int("stop_timeout"))
    }
}

/// A resource tag (`key`/`value`, as the ECS API spells it).
public struct ECSTag: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
}

/// The subset of `RegisterTaskDefinition`'s input that FreshTrack uses (field names as the API).
public struct ECSTaskDefinition: Codable, Sendable, Hashable {
    /// A plain environment variable (`environment[]`).
    public struct KeyValue: Codable, Sendable, Hashable { public var name: String; public var value: String }
    /// A variable ECS reads from Secrets Manager at task start (`secrets[]`); `valueFrom` is the secret's ARN.
    public struct Secret: Codable, Sendable, Hashable { public var name: String; public var valueFrom: String }
    /// `portMappings[]`: the backend's container port (awsvpc: host port = container port).
    public struct PortMapping: Codable, Sendable, Hashable {
        public var name: String
        public var containerPort: Int
        public var `protocol`: String
        public var appProtocol: String
    }
    /// `logConfiguration`: the `awslogs` driver with group, region and stream prefix.
    public struct LogConfiguration: Codable, Sendable, Hashable {
        public var logDriver: String
        public var options: [String: String]
    }
    /// Seconds for `interval`, `timeout`, `startPeriod`.
    public struct HealthCheck: Codable, Sendable, Hashable {
        public var command: [String]
        public var interval: Int
        public var timeout: Int
        public var retries: Int
        public var startPeriod: Int
    }
    /// One `containerDefinitions[]` entry.
    public struct Container: Codable, Sendable, Hashable {
        public var name: String
        public var image: String
        public var essential: Bool
        public var command: [String]?
        /// `uid:gid` the process runs as (from the compose file), never root.
        public var user: String?
        public var portMappings: [PortMapping]?
        public var environment: [KeyValue]
        public var secrets: [Secret]
        public var logConfiguration: LogConfiguration
        public var healthCheck: HealthCheck?
        /// Seconds between SIGTERM and SIGKILL.
        public var stopTimeout: Int
    }
    /// `runtimePlatform`: Linux on x86_64 (the image's platform).
    public struct RuntimePlatform: Codable, Sendable, Hashable {
        public var operatingSystemFamily: String
        public var cpuArchitecture: String
    }
    public var family: String
    public var taskRoleArn: String
    public var executionRoleArn: String
    public var networkMode: String
    public var requiresCompatibilities: [String]
    /// CPU units as a string, as the API takes it.
    public var cpu: String
    /// MiB as a string, as the API takes it.
    public var memory: String
    public var runtimePlatform: RuntimePlatform
    public var containerDefinitions: [Container]
    public var tags: [ECSTag]
}

/// The subset of `CreateService`'s input that FreshTrack uses (field names as the API).
public struct ECSService: Codable, Sendable, Hashable {
    /// `networkConfiguration` (Fargate needs `awsvpcConfiguration`).
    public struct NetworkConfiguration: Codable, Sendable, Hashable { public var awsvpcConfiguration: AwsVpc }
    /// Subnets, security groups and `assignPublicIp` (`ENABLED` / `DISABLED`).
    public struct AwsVpc: Codable, Sendable, Hashable {
        public var subnets: [String]
        public var securityGroups: [String]
        public var assignPublicIp: String
    }
    /// `loadBalancers[]`: the ALB target group and the container/port it sends to.
    public struct LoadBalancer: Codable, Sendable, Hashable {
        public var targetGroupArn: String
        public var containerName: String
        public var containerPort: Int
    }
    /// `deploymentController`: `ECS` (rolling update).
    public struct DeploymentController: Codable, Sendable, Hashable { public var type: String }
    /// The deployment circuit breaker: stop a failing deployment and roll back.
    public struct CircuitBreaker: Codable, Sendable, Hashable { public var enable: Bool; public var rollback: Bool }
    /// Percent of `desiredCount`.
    public struct DeploymentConfiguration: Codable, Sendable, Hashable {
        public var deploymentCircuitBreaker: CircuitBreaker
        public var maximumPercent: Int
        public var minimumHealthyPercent: Int
    }
    public var cluster: String
    public var serviceName: String
    /// Family name: `create-service` takes its latest ACTIVE revision.
    public var taskDefinition: String
    public var desiredCount: Int
    public var launchType: String
    public var platformVersion: String
    public var schedulingStrategy: String
    public var networkConfiguration: NetworkConfiguration
    public var loadBalancers: [LoadBalancer]?
    /// Seconds.
    public var healthCheckGracePeriodSeconds: Int?
    public var deploymentController: DeploymentController
    public var deploymentConfiguration: DeploymentConfiguration
    public var enableECSManagedTags: Bool
    public var propagateTags: String
    public var tags: [ECSTag]
}

/// `RegisterScalableTarget`'s input (Application Auto Scaling; PascalCase as the API).
public struct ECSScalableTarget: Codable, Sendable, Hashable {
    public var serviceNamespace: String
    public var resourceID: String
    public var scalableDimension: String
    /// Tasks.
    public var minCapacity: Int
    /// Tasks.
    public var maxCapacity: Int

    enum CodingKeys: String, CodingKey {
        case serviceNamespace = "ServiceNamespace", resourceID = "ResourceId", scalableDimension = "ScalableDimension"
        case minCapacity = "MinCapacity", maxCapacity = "MaxCapacity"
    }
}

/// `PutScalingPolicy`'s input for a target-tracking policy (PascalCase as the API).
public struct ECSScalingPolicy: Codable, Sendable, Hashable {
    /// `PredefinedMetricSpecification`.
    public struct Metric: Codable, Sendable, Hashable {
        public var predefinedMetricType: String
        enum CodingKeys: String, CodingKey { case predefinedMetricType = "PredefinedMetricType" }
    }
    /// `TargetTrackingScalingPolicyConfiguration`; cooldowns in seconds, target in percent.
    public struct Configuration: Codable, Sendable, Hashable {
        public var targetValue: Double
        public var metric: Metric
        public var scaleOutCooldown: Int
        public var scaleInCooldown: Int
        enum CodingKeys: String, CodingKey {
            case targetValue = "TargetValue", metric = "PredefinedMetricSpecification"
            case scaleOutCooldown = "ScaleOutCooldown", scaleInCooldown = "ScaleInCooldown"
        }
    }
    public var policyName: String
    public var serviceNamespace: String
    public var resourceID: String
    public var scalableDimension: String
    public var policyType: String
    public var configuration: Configuration

    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName", serviceNamespace = "ServiceNamespace", resourceID = "ResourceId"
        case scalableDimension = "ScalableDimension", policyType = "PolicyType"
        case configuration = "TargetTrackingScalingPolicyConfiguration"
    }
}

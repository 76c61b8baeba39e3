import Foundation
@testable import DeployKit

/// Answers and helpers shared by the ECS tests.
enum ECSFixtures {
    static let account = "123456789012"
    static let ecs = ECSSettings(
        executionRoleARN: "arn:aws:iam::123456789012:role/freshtrack-ecs-execution",
        taskRoleARN: "arn:aws:iam::123456789012:role/service/freshtrack-ecs-task",
        subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5a60718"],
        securityGroups: ["sg-0a1b2c3d4e5f60718"],
        targetGroupARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/0123456789abcdef")

    static func aws(ecs: ECSSettings? = ECSFixtures.ecs) -> AWSSettings {
        var a = AWSSettings(region: "us-east-1", accountID: account,
                            rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com",
                            databaseName: "freshtrack", databaseUser: "freshtrack",
                            elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
                            s3Bucket: "freshtrack-files-prod")
        a.ecs = ecs
        return a
    }

    static func answers(environment: DeployEnvironment = .production, ecs: ECSSettings? = ECSFixtures.ecs,
                        sources: [SecretName: SecretSource] = [.rdsPassword: .file("/root/rds-password.txt")],
                        secretsDir: String = "secrets") -> Answers {
        Answers(environment: environment,
                needs: Needs(users: 8000, budgetUSDPerMonth: 400, compliance: .hipaa, traffic: .spiky),
                target: .explicit(.aws),
                app: AppSettings(version: "1.1.0", domain: "track.example.com", acmeEmail: "ops@example.com"),
                aws: aws(ecs: ecs),
                secrets: SecretsSettings(dir: secretsDir, sources: sources))
    }

    static func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }
}

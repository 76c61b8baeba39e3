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

    /// `Tests/tools/ecs_validate.py`.
    static var validator: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/ecs_validate.py")
    }

    /// A fresh temporary directory.
    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `executable args` and returns exit status and combined stdout+stderr.
    static func run(_ executable: String, _ args: [String], environment: [String: String]? = nil,
                    cwd: URL? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + args
        if let environment { p.environment = environment }
        if let cwd { p.currentDirectoryURL = cwd }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Writes each (name, bytes) into a temp directory and runs the botocore validator on them.
    static func botocore(_ operation: String, _ files: [(String, [UInt8])]) throws -> (status: Int32, output: String) {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (name, bytes) in files {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        return try run("python3", [validator.path, operation] + paths)
    }

    static func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }
}

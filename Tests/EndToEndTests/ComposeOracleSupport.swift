import DeployKit
import Foundation
import Testing

/// A test-only writer: puts a plan's files into `directory` with their modes (owners are
/// left alone: the tests compare the planned owner with the image-user table instead).
enum TestBundle {
    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    static func write(_ plan: Plan, into directory: String) throws {
        let fm = FileManager.default
        for dir in plan.directories {
            let p = absolute(dir.path, in: directory)
            try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
            try fm.setAttributes([.posixPermissions: Int(dir.mode)], ofItemAtPath: p)
        }
        for file in plan.files {
            let p = absolute(file.path, in: directory)
            try fm.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents).write(to: URL(fileURLWithPath: p))
            try fm.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: p)
        }
    }
}

/// A deterministic generator: distinct, alphanumeric, 40+ character values per name.
struct FixedSecretGenerator: SecretGenerator {
    var salt = "Fx"
    func generate(for name: SecretName) -> SecretValue {
        let compact = name.rawValue.filter { $0 != "_" }
        return SecretValue(salt + compact + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    }
}

enum SampleAnswers {
    static let digitalocean = DigitalOceanSettings(
        databaseHost: "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", databasePort: 25060,
        databaseName: "freshtrack", databaseUser: "doadmin", spacesRegion: "nyc3", spacesBucket: "freshtrack-files")
    static let aws = AWSSettings(
        region: "us-east-1", accountID: "123456789012",
        rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com", databaseName: "freshtrack",
        databaseUser: "freshtrack", elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
        s3Bucket: "freshtrack-files-prod")

    /// The example answers for `target` and `environment`.
    static func answers(_ target: Target, _ environment: DeployEnvironment) -> Answers {
        Answers(environment: environment,
                needs: Needs(users: 1200, budgetUSDPerMonth: 120),
                target: .explicit(target),
                app: AppSettings(version: "1.1.0", domain: "track.example.com", acmeEmail: "ops@example.com"),
                digitalocean: target == .digitalocean ? digitalocean : nil,
                aws: target == .aws ? aws : nil)
    }

    /// Values the operator provides for the secrets the tool cannot generate.
    static func provided(_ target: Target, elastiCache: Bool = false) -> [SecretName: SecretValue] {
        var p: [SecretName: SecretValue] = [:]
        switch target {
        case .selfhosted: break
        case .digitalocean:
            p[.doDatabasePassword] = SecretValue("AVNS_providedDoPassword_0123456789")
            p[.spacesAccessKey] = SecretValue("DO00PROVIDEDACCESSKEY12")
            p[.spacesSecretKey] = SecretValue("providedSpacesSecret/Key+0123456789abcdefghij")
        case .aws:
            p[.rdsPassword] = SecretValue("provided-Rds-Password-0123456789")
            if elastiCache { p[.elasticacheAuthToken] = SecretValue("providedElastiCacheToken0123456789") }
        }
        return p
    }
}

import DeployKit

/// A deterministic generator for planner tests: distinct alphanumeric values per name.
struct RenderFixedGenerator: SecretGenerator {
    var salt = "Gen"
    func generate(for name: SecretName) -> SecretValue {
        SecretValue(salt + name.rawValue.filter { $0 != "_" } + "0123456789abcdefghijklmnopqrstuv")
    }
}

/// The example answers of every planner and oracle test (1,200 users, track.example.com,
/// the DigitalOcean and AWS sections filled for their target).
enum RenderFixtures {
    static func answers(_ target: Target, _ environment: DeployEnvironment = .production,
                        secretsDir: String = "secrets") -> Answers {
        Answers(environment: environment,
                needs: Needs(users: 1200, budgetUSDPerMonth: 120),
                target: .explicit(target),
                app: AppSettings(version: "1.1.0", domain: "track.example.com", acmeEmail: "ops@example.com"),
                digitalocean: target == .digitalocean ? DigitalOceanSettings(
                    databaseHost: "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", databasePort: 25060,
                    databaseName: "freshtrack", databaseUser: "doadmin", spacesRegion: "nyc3",
                    spacesBucket: "freshtrack-files") : nil,
                aws: target == .aws ? AWSSettings(
                    region: "us-east-1", accountID: "123456789012",
                    rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com", databaseName: "freshtrack",
                    databaseUser: "freshtrack", elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
                    s3Bucket: "freshtrack-files-prod") : nil,
                secrets: SecretsSettings(dir: secretsDir))
    }

    /// Values the operator provides for the secrets the tool cannot generate (with the
    /// ElastiCache AUTH token when `elastiCache`).
    static func provided(_ target: Target, elastiCache: Bool = false) -> [SecretName: SecretValue] {
        switch target {
        case .selfhosted: return [:]
        case .digitalocean:
            return [.doDatabasePassword: SecretValue("providedDoDatabasePassword123"),
                    .spacesAccessKey: SecretValue("DO00PROVIDEDACCESSKEY"),
                    .spacesSecretKey: SecretValue("providedSpacesSecretKey/0123456789")]
        case .aws:
            var p: [SecretName: SecretValue] = [.rdsPassword: SecretValue("providedRdsPassword0123456789")]
            if elastiCache { p[.elasticacheAuthToken] = SecretValue("providedElastiCacheToken0123456789") }
            return p
        }
    }

    static func inputs(_ target: Target, _ environment: DeployEnvironment = .production,
                       existing: ExistingBundle = ExistingBundle()) -> PlanInputs {
        PlanInputs(answers: answers(target, environment), existing: existing,
                   providedSecrets: provided(target), generator: RenderFixedGenerator())
    }
}

extension Plan {
    func file(_ path: String) -> PlannedFile? { files.first { $0.path == path } }
    func text(_ path: String) -> String? { file(path).map { String(decoding: $0.contents, as: UTF8.self) } }
}

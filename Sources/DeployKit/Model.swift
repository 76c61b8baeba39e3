/// A deployment target the bundle can be written for.
///
/// The three targets of the seed (the deployment research; README, "The seed"):
/// a self-hosted VM running every service, the DigitalOcean hybrid (Droplet plus managed
/// PostgreSQL and Spaces), and AWS (Compose on EC2 with RDS, ElastiCache and S3; ECS task
/// definitions are written beside it).
public enum Target: String, CaseIterable, Sendable, Codable, Hashable {
    case selfhosted
    case digitalocean
    case aws

    /// The Compose overlay file written for this target (environment `production`/`staging`).
    public var overlayFileName: String {
        switch self {
        case .selfhosted: return "compose.production.yaml"
        case .digitalocean: return "compose.digitalocean.yaml"
        case .aws: return "compose.aws.yaml"
        }
    }

    /// A short name for screens and reports.
    public var displayName: String {
        switch self {
        case .selfhosted: return "Self-hosted VM"
        case .digitalocean: return "DigitalOcean hybrid"
        case .aws: return "AWS (ECS / EC2 + managed services)"
        }
    }
}

/// The deployment environment. `staging` adds `compose.staging.yaml` (smaller limits) over
/// the target overlay; `dev` runs everything locally through `compose.dev.yaml`.
public enum DeployEnvironment: String, CaseIterable, Sendable, Codable, Hashable {
    case production, staging, dev
}

/// Compliance regime the operator must meet.
public enum Compliance: String, CaseIterable, Sendable, Codable, Hashable {
    case none, hipaa, soc2
}

/// Expected traffic shape.
public enum Traffic: String, CaseIterable, Sendable, Codable, Hashable {
    case steady, growing, spiky
}

/// The operator's choice of target: the recommender's pick, or an explicit one.
public enum TargetChoice: Sendable, Hashable {
    case recommended
    case explicit(Target)

    /// The YAML spelling: `recommended` or a target's raw value.
    public var yamlValue: String {
        switch self {
        case .recommended: return "recommended"
        case .explicit(let t): return t.rawValue
        }
    }
}

/// The decision-matrix inputs (the `needs:` section of the answers file).
public struct Needs: Sendable, Hashable {
    /// Expected active users, >= 1.
    public var users: Int
    /// Monthly budget in USD per month, >= 0.
    public var budgetUSDPerMonth: Int
    public var compliance: Compliance
    public var traffic: Traffic
    public var multiRegion: Bool

    public init(users: Int, budgetUSDPerMonth: Int, compliance: Compliance = .none,
                traffic: Traffic = .steady, multiRegion: Bool = false) {
        self.users = users
        self.budgetUSDPerMonth = budgetUSDPerMonth
        self.compliance = compliance
        self.traffic = traffic
        self.multiRegion = multiRegion
    }
}

/// The `app:` section: what is deployed and where it answers.
public struct AppSettings: Sendable, Hashable {
    /// FreshTrack Pro image tag, e.g. `"1.1.0"`; never `latest` or empty.
    public var version: String
    /// Public DNS name Caddy (or the ALB) serves.
    public var domain: String
    /// Let's Encrypt contact address; required when the target runs Caddy.
    public var acmeEmail: String?
    /// ACME directory URL Caddy gets its certificate from (`app.acme_ca`); `nil` means
    /// `ACMEDirectory.default(for:)` of the environment.
    public var acmeCA: String?

    public init(version: String, domain: String, acmeEmail: String? = nil, acmeCA: String? = nil) {
        self.version = version
        self.domain = domain
        self.acmeEmail = acmeEmail
        self.acmeCA = acmeCA
    }

    /// The ACME directory Caddy uses: `acmeCA` when given, else the environment's default.
    public func acmeDirectory(environment: DeployEnvironment) -> String {
        acmeCA ?? ACMEDirectory.default(for: environment)
    }
}

/// The ACME directories `app.acme_ca` defaults to.
public enum ACMEDirectory {
    /// Let's Encrypt's production directory (trusted certificates, rate limited).
    /// Source: https://letsencrypt.org/docs/acme-protocol-updates/ (ACME v2 API endpoint).
    public static let letsEncrypt = "https://acme-v02.api.letsencrypt.org/directory"
    /// Let's Encrypt's staging directory: untrusted test certificates, far higher rate
    /// limits. Source: https://letsencrypt.org/docs/staging-environment/.
    public static let letsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory"

    /// `staging` gets the staging directory (a staging stack re-created often would hit the
    /// production rate limits); `production` and `dev` get production (dev runs no Caddy).
    public static func `default`(for environment: DeployEnvironment) -> String {
        environment == .staging ? letsEncryptStaging : letsEncrypt
    }
}

/// The `digitalocean:` section: managed PostgreSQL and Spaces endpoints.
public struct DigitalOceanSettings: Sendable, Hashable {
    public var databaseHost: String
    /// TCP port of the managed database (`AnswersSchema.defaultDigitalOceanDatabasePort`).
    public var databasePort: Int
    public var databaseName: String
    public var databaseUser: String
    /// Spaces region slug, e.g. `nyc3`.
    public var spacesRegion: String
    public var spacesBucket: String
    /// Droplet hybrid (the default, `compose.digitalocean.yaml`) or App Platform (`do/app.yaml`).
    public var platform: DigitalOceanPlatform = .droplet
    /// App Platform settings (`digitalocean.app_platform`); required when `platform` is `.appPlatform`.
    public var appPlatform: AppPlatformSettings? = nil

    public init(databaseHost: String, databasePort: Int = AnswersSchema.defaultDigitalOceanDatabasePort,
                databaseName: String, databaseUser: String,
                spacesRegion: String, spacesBucket: String) {
        self.databaseHost = databaseHost
        self.databasePort = databasePort
        self.databaseName = databaseName
        self.databaseUser = databaseUser
        self.spacesRegion = spacesRegion
        self.spacesBucket = spacesBucket
    }
}

/// The `aws:` section: region, account and managed-service endpoints.
public struct AWSSettings: Sendable, Hashable {
    /// AWS region code, e.g. `us-east-1`.
    public var region: String
    /// 12-digit AWS account id (kept as a string: leading zeros matter).
    public var accountID: String
    public var rdsEndpoint: String
    public var databaseName: String
    public var databaseUser: String
    public var elasticacheEndpoint: String
    public var s3Bucket: String
    /// ECS on Fargate settings (`aws.ecs`); when present the bundle gains `aws/` (task and
    /// service definitions, `deploy-aws.sh`, `README-aws.md`).
    public var ecs: ECSSettings? = nil

    public init(region: String, accountID: String, rdsEndpoint: String, databaseName: String,
                databaseUser: String, elasticacheEndpoint: String, s3Bucket: String) {
        self.region = region
        self.accountID = accountID
        self.rdsEndpoint = rdsEndpoint
        self.databaseName = databaseName
        self.databaseUser = databaseUser
        self.elasticacheEndpoint = elasticacheEndpoint
        self.s3Bucket = s3Bucket
    }
}

/// Where a secret's value comes from.
public enum SecretSource: Sendable, Hashable {
    /// Read from a file; one trailing line break (`\n` or `\r\n`) is removed.
    case file(String)
    /// Read from an environment variable, taken as is.
    case env(String)
    /// Generated: 256 bits or more from the OS's secure random source.
    case generate

    /// The YAML spelling: `file:PATH`, `env:NAME` or `generate`.
    public var yamlValue: String {
        switch self {
        case .file(let p): return "file:\(p)"
        case .env(let n): return "env:\(n)"
        case .generate: return "generate"
        }
    }
}

/// The `secrets:` section.
public struct SecretsSettings: Sendable, Hashable {
    /// Secrets directory: relative to the bundle directory, or absolute.
    public var dir: String
    /// Explicit sources; a secret not listed is generated if it can be.
    public var sources: [SecretName: SecretSource]

    public init(dir: String = AnswersSchema.defaultSecretsDir, sources: [SecretName: SecretSource] = [:]) {
        self.dir = dir
        self.sources = sources
    }
}

/// The operator's answers: the whole input of the planner (schema version 1).
///
/// The wizard collects exactly this value and `apply --answers FILE` decodes exactly this
/// value, so the same answers always give byte-identical files.
public struct Answers: Sendable, Hashable {
    /// Schema version; only `1` exists.
    public var version: Int
    public var environment: DeployEnvironment
    public var needs: Needs
    public var target: TargetChoice
    public var app: AppSettings
    public var digitalocean: DigitalOceanSettings?
    public var aws: AWSSettings?
    public var secrets: SecretsSettings

    public init(version: Int = 1, environment: DeployEnvironment = .production, needs: Needs,
                target: TargetChoice = .recommended, app: AppSettings,
                digitalocean: DigitalOceanSettings? = nil, aws: AWSSettings? = nil,
                secrets: SecretsSettings = SecretsSettings()) {
        self.version = version
        self.environment = environment
        self.needs = needs
        self.target = target
        self.app = app
        self.digitalocean = digitalocean
        self.aws = aws
        self.secrets = secrets
    }
}

extension Answers {
    /// The target the bundle is written for: the explicit choice, or the recommender's pick
    /// for `needs` when the answers say `recommended`.
    public var resolvedTarget: Target {
        switch target {
        case .explicit(let t): return t
        case .recommended: return Recommender.recommend(needs).recommended
        }
    }
}

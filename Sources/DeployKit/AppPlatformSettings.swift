/// Where the `digitalocean` target runs FreshTrack Pro (`digitalocean.platform`).
public enum DigitalOceanPlatform: String, CaseIterable, Sendable, Hashable {
    /// The seed's hybrid (its recommendation for DigitalOcean): a Droplet running Compose
    /// with managed PostgreSQL and Spaces (`compose.digitalocean.yaml`). The default.
    case droplet
    /// The seed's Option A: App Platform runs the backend and worker containers from the
    /// registry image with managed PostgreSQL and Valkey (`do/app.yaml`).
    case appPlatform = "app_platform"
}

/// Container registry App Platform pulls the image from (`image.registry_type` of the app spec).
public enum AppPlatformRegistryType: String, CaseIterable, Sendable, Hashable {
    /// DigitalOcean Container Registry of the same account; needs no `registry`.
    case docr = "DOCR"
    /// Docker Hub; `registry` is the namespace (user or organisation).
    case dockerHub = "DOCKER_HUB"
    /// GitHub Container Registry; `registry` is the user or organisation.
    case ghcr = "GHCR"
}

/// The `digitalocean.app_platform:` section.
///
/// ```yaml
/// digitalocean:
///   platform: app_platform          # droplet (default) | app_platform
///   app_platform:
///     app_name: freshtrack-pro
///     region: nyc
///     registry_type: DOCR           # DOCR | DOCKER_HUB | GHCR
///     registry: your-org            # DOCKER_HUB / GHCR only
///     repository: freshtrack-backend
///     instance_size: apps-s-1vcpu-1gb
///     instance_count: 1
///     worker_instance_size: apps-s-1vcpu-1gb
///     worker_instance_count: 1
///     database_cluster: freshtrack-pg
///     cache_cluster: freshtrack-valkey
/// ```
public struct AppPlatformSettings: Sendable, Hashable {
    /// App name (`name` of the app spec): 2-32 lowercase letters, digits, hyphens.
    public var appName: String
    /// App Platform region slug, e.g. `nyc` (see `assets/do/app-platform.yaml`).
    public var region: String
    public var registryType: AppPlatformRegistryType
    /// Docker Hub namespace or GitHub owner; `nil` for DOCR.
    public var registry: String?
    /// Image repository, e.g. `freshtrack-backend`; the tag is `app.version`.
    public var repository: String
    /// Backend instance size slug (the seed: Basic 1 GB, `apps-s-1vcpu-1gb`).
    public var instanceSize: String
    public var instanceCount: Int
    public var workerInstanceSize: String
    public var workerInstanceCount: Int
    /// Name of the existing managed PostgreSQL cluster (attached with `production: true`).
    public var databaseCluster: String
    /// Name of the existing managed Valkey cluster.
    public var cacheCluster: String

    public static let defaultAppName = "freshtrack-pro"
    public static let defaultRegion = "nyc"
    public static let defaultRepository = "freshtrack-backend"
    /// The seed's "Backend container (Basic, 1GB RAM): $12/month".
    public static let defaultInstanceSize = "apps-s-1vcpu-1gb"

    public init(appName: String = AppPlatformSettings.defaultAppName, region: String = AppPlatformSettings.defaultRegion,
                registryType: AppPlatformRegistryType = .docr, registry: String? = nil,
                repository: String = AppPlatformSettings.defaultRepository,
                instanceSize: String = AppPlatformSettings.defaultInstanceSize, instanceCount: Int = 1,
                workerInstanceSize: String = AppPlatformSettings.defaultInstanceSize, workerInstanceCount: Int = 1,
                databaseCluster: String, cacheCluster: String) {
        self.appName = appName
        self.region = region
        self.registryType = registryType
        self.registry = registry
        self.repository = repository
        self.instanceSize = instanceSize
        self.instanceCount = instanceCount
        self.workerInstanceSize = workerInstanceSize
        self.workerInstanceCount = workerInstanceCount
        self.databaseCluster = databaseCluster
        self.cacheCluster = cacheCluster
    }

    /// Every problem of these settings, each with its YAML path under `path` (default
    /// `digitalocean.app_platform`), the bad value and what is allowed: the rules and checks
    /// of `AnswersTables.appPlatform`.
    public func validate(path: String = "digitalocean.app_platform") -> [AnswersIssue] {
        AnswersTables.appPlatform.validate(self, path: path, context: RuleContext()).map(\.issue)
    }

    /// The cross-field rule of `registry_type` and `registry`: DOCR takes no `registry`;
    /// DOCKER_HUB and GHCR need one (the user or organisation).
    public static func registryIssues(_ type: AppPlatformRegistryType, _ registry: String?, path: String,
                                      line: Int? = nil) -> [AnswersIssue] {
        switch (type, registry) {
        case (.docr, let r?):
            return [AnswersIssue(path: "\(path).registry", value: r,
                                 message: "must be omitted for registry_type DOCR (the account's own registry)", line: line)]
        case (.docr, nil):
            return []
        case (_, nil):
            return [AnswersIssue(path: "\(path).registry", value: nil,
                                 message: "is required for registry_type \(type.rawValue) (the user or organisation)", line: line)]
        case (_, let r?):
            if case .failure(let p) = FieldRules.registryNamespace(r) {
                return [AnswersIssue(path: "\(path).registry", value: r, message: p.message, line: line)]
            }
            return []
        }
    }
}

/// Name rules of the App Platform answers. Pure string checks.
public enum AppPlatformRules {
    static func lowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// App or component name: `^[a-z][a-z0-9-]{0,30}[a-z0-9]$`.
    public static func isAppName(_ s: String) -> Bool {
        guard (2...32).contains(s.count), let f = s.first, let l = s.last else { return false }
        return f.isASCII && f.isLowercase && lowerAlnum(l) && s.allSatisfy { lowerAlnum($0) || $0 == "-" }
    }

    /// Managed database cluster name: 3-63 of `[a-z0-9-]`, starting with a letter, not ending with `-`.
    public static func isClusterName(_ s: String) -> Bool {
        guard (3...63).contains(s.count), let f = s.first, let l = s.last else { return false }
        return f.isASCII && f.isLowercase && lowerAlnum(l) && s.allSatisfy { lowerAlnum($0) || $0 == "-" }
    }

    /// Registry namespace: lowercase alphanumeric runs joined by single `.`, `_` or `-`; 2-255 characters.
    public static func isRegistryNamespace(_ s: String) -> Bool {
        guard (2...255).contains(s.count) else { return false }
        return runs(s, separators: "._-")
    }

    /// Repository path: like a namespace, `/` also allowed between runs; 1-255 characters.
    public static func isRepository(_ s: String) -> Bool {
        guard (1...255).contains(s.count) else { return false }
        return runs(s, separators: "._-/")
    }

    static func runs(_ s: String, separators: String) -> Bool {
        var previousSeparator = true
        for c in s {
            if lowerAlnum(c) { previousSeparator = false; continue }
            guard separators.contains(c), !previousSeparator else { return false }
            previousSeparator = true
        }
        return !previousSeparator
    }
}

/// Facts from `assets/do/app-platform.yaml`.
public struct AppPlatformFacts: Sendable {
    public struct InstanceSize: Sendable, Hashable {
        public var slug: String
        /// MiB.
        public var memoryMiB: Int
        public var singleInstanceOnly: Bool
    }
    public var regions: [String]
    public var sizes: [InstanceSize]
    public var databaseEngine: String
    public var databaseVersion: String
    public var cacheEngine: String
    public var cacheVersion: String

    /// The embedded `assets/do/app-platform.yaml`, read once (`Assets.load`: a file that
    /// does not read traps).
    public static let shared: AppPlatformFacts = Assets.load("do/app-platform.yaml", parse)

    /// Parses the `do/app-platform.yaml` format (`YAMLFields`: every key required):
    /// `regions`, `instance_sizes` (each `slug`, `memory_mib`, `single_instance_only`),
    /// and `database` and `cache`, each an `engine` and a `version`. Lists keep file order.
    /// - Throws: `AssetReadError` naming the key's path.
    static func parse(_ text: String) throws -> AppPlatformFacts {
        let top = try YAMLFields.document(text, file: "do/app-platform.yaml",
                                          keys: ["regions", "instance_sizes", "database", "cache"],
                                          fail: { AssetReadError(message: $0) })
        let sizes = try top.list("instance_sizes", keys: ["slug", "memory_mib", "single_instance_only"]).map {
            InstanceSize(slug: try $0.string("slug"), memoryMiB: try $0.int("memory_mib"),
                         singleInstanceOnly: try $0.bool("single_instance_only"))
        }
        let database = try top.fields("database", keys: ["engine", "version"])
        let cache = try top.fields("cache", keys: ["engine", "version"])
        return AppPlatformFacts(regions: try top.strings("regions"), sizes: sizes,
                                databaseEngine: try database.string("engine"), databaseVersion: try database.string("version"),
                                cacheEngine: try cache.string("engine"), cacheVersion: try cache.string("version"))
    }
}

import Foundation
import Yams

/// One `envs[]` entry of an App Platform component: a plain value (possibly a bindable
/// variable such as `${db.HOSTNAME}`), or a secret written as `type: SECRET` with no value.
public enum AppPlatformEnv: Sendable, Hashable {
    case plain(key: String, value: String)
    /// Set after creation: `doctl apps update` with the value, or the control panel.
    case secret(key: String, secret: SecretName)

    public var key: String {
        switch self {
        case .plain(let k, _), .secret(let k, _): return k
        }
    }
}

/// Renders `do/app.yaml` (DigitalOcean App Platform app spec, the seed's Option A) and
/// `do/README-app-platform.md`. Pure; YAML through Yams.
public enum AppPlatformRenderer {
    /// Directory of the App Platform files inside the bundle.
    public static let directory = "do"
    /// Names of the components in the spec (also the bindable-variable prefixes).
    public static let databaseComponent = "db"
    public static let cacheComponent = "cache"

    /// The environment of `role`, sorted by key: the variables the bundle's Compose files give
    /// the service on the DigitalOcean hybrid (`docker-compose.yml` + `compose.digitalocean.yaml`
    /// [+ `compose.staging.yaml`], `.env` substituted), except that the database and Redis
    /// connection comes from the attached managed clusters' bindable variables
    /// (`${db.HOSTNAME}`, `${cache.PASSWORD}`, ...). Other secrets (`X_FILE` in Compose) are
    /// `.secret(X, ...)`: `type: SECRET` without a value.
    /// - Throws: `PlanError` when the compose files and `.env` do not fit together.
    public static func environment(_ role: ECSRole, answers: Answers) throws(PlanError) -> [AppPlatformEnv] {
        let files = BundleLayout.composeFiles(target: .digitalocean, environment: answers.environment, elastiCacheAuth: false)
        let entries = try RenderEnv.entries(answers: answers, target: .digitalocean, composeFiles: files,
                                            secretsDir: try Planner.normalizedSecretsDir(answers.secrets.dir))
        let env = Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let db = databaseComponent, cache = cacheComponent
        let bound: [String: String] = [
            "DATABASE_HOST": "${\(db).HOSTNAME}", "DATABASE_PORT": "${\(db).PORT}",
            "DATABASE_NAME": "${\(db).DATABASE}", "DATABASE_USER": "${\(db).USERNAME}",
            "REDIS_HOST": "${\(cache).HOSTNAME}", "REDIS_PORT": "${\(cache).PORT}",
            // Managed Valkey accepts TLS connections only.
            "REDIS_TLS": "true",
        ]
        let boundSecrets: [SecretName: String] = [.doDatabasePassword: "${\(db).PASSWORD}", .redisPassword: "${\(cache).PASSWORD}"]
        return try ComposeEnvironment.variables(service: role.rawValue, files: files, env: env).map { v -> AppPlatformEnv in
            switch v {
            case .plain(let n, let value): return .plain(key: n, value: bound[n] ?? value)
            case .secret(let n, let secret):
                if let b = boundSecrets[secret] { return .plain(key: n, value: b) }
                return .secret(key: n, secret: secret)
            }
        }
    }

    /// The `type: SECRET` envs of both components (key and bundle secret), sorted by key.
    /// - Throws: as `environment`.
    public static func secretEnvs(answers: Answers) throws(PlanError) -> [(key: String, secret: SecretName)] {
        var seen: [String: SecretName] = [:]
        for role in ECSRole.allCases {
            for case .secret(let k, let s) in try environment(role, answers: answers) { seen[k] = s }
        }
        return seen.sorted { $0.key < $1.key }.map { (key: $0.key, secret: $0.value) }
    }

    // MARK: YAML building

    /// A string scalar, quoted when a YAML 1.1 reader would take it for a number, bool or null.
    static func str(_ s: String) -> Node {
        let yaml11Words: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""]
        let ambiguous = YAMLTree.resolvedTag(s) != .str || yaml11Words.contains(s.lowercased())
            || Double(s) != nil
        return YAMLTree.scalar(s, .str, ambiguous ? .doubleQuoted : .any)
    }

    static func int(_ i: Int) -> Node { YAMLTree.scalar(String(i), .int) }
    static func bool(_ b: Bool) -> Node { YAMLTree.scalar(b ? "true" : "false", .bool) }
    static func map(_ pairs: [(String, Node)]) -> Node { YAMLTree.mapping(pairs) }
    static func seq(_ nodes: [Node]) -> Node { YAMLTree.sequence(nodes) }

    static func envNodes(_ envs: [AppPlatformEnv]) -> Node {
        seq(envs.map { env in
            switch env {
            case .plain(let k, let v):
                return map([("key", str(k)), ("scope", str("RUN_TIME")), ("value", str(v))])
            case .secret(let k, _):
                return map([("key", str(k)), ("scope", str("RUN_TIME")), ("type", str("SECRET"))])
            }
        })
    }

    static func imageNode(_ answers: Answers, _ ap: AppPlatformSettings) -> Node {
        var pairs: [(String, Node)] = [("registry_type", str(ap.registryType.rawValue))]
        if let registry = ap.registry { pairs.append(("registry", str(registry))) }
        pairs += [("repository", str(ap.repository)), ("tag", str(answers.app.version))]
        return map(pairs)
    }

    /// The app spec as a Yams node tree, keys in the order of DigitalOcean's reference.
    /// - Throws: `PlanError` when the environment or container facts cannot be derived.
    public static func spec(answers: Answers, digitalocean: DigitalOceanSettings,
                            appPlatform ap: AppPlatformSettings) throws(PlanError) -> Node {
        let facts = AppPlatformFacts.shared, c = ECSContainerFacts.shared
        let files = BundleLayout.composeFiles(target: .digitalocean, environment: answers.environment, elastiCacheAuth: false)
        let backendFacts = try ComposeServiceFacts.of(service: "backend", files: files)
        let workerFacts = try ComposeServiceFacts.of(service: "worker", files: files)
        var backendPairs: [(String, Node)] = [
            ("name", str("backend")),
            ("image", imageNode(answers, ap)),
        ]
        if let cmd = backendFacts.command { backendPairs.append(("run_command", str(cmd.joined(separator: " ")))) }
        backendPairs += [
            ("http_port", int(c.port)),
            ("instance_size_slug", str(ap.instanceSize)),
            ("instance_count", int(ap.instanceCount)),
            ("health_check", map([
                ("http_path", str(c.healthPath)),
                ("initial_delay_seconds", int(backendFacts.healthStartPeriod ?? 60)),
                ("period_seconds", int(backendFacts.healthInterval ?? 30)),
                ("timeout_seconds", int(backendFacts.healthTimeout ?? 5)),
                ("failure_threshold", int(backendFacts.healthRetries ?? 3)),
            ])),
            ("envs", envNodes(try environment(.backend, answers: answers))),
        ]
        var workerPairs: [(String, Node)] = [
            ("name", str("worker")),
            ("image", imageNode(answers, ap)),
        ]
        if let cmd = workerFacts.command { workerPairs.append(("run_command", str(cmd.joined(separator: " ")))) }
        workerPairs += [
            ("instance_size_slug", str(ap.workerInstanceSize)),
            ("instance_count", int(ap.workerInstanceCount)),
            ("envs", envNodes(try environment(.worker, answers: answers))),
        ]
        let databases = seq([
            map([("name", str(databaseComponent)), ("engine", str(facts.databaseEngine)),
                 ("version", str(facts.databaseVersion)), ("production", bool(true)),
                 ("cluster_name", str(ap.databaseCluster)), ("db_name", str(digitalocean.databaseName)),
                 ("db_user", str(digitalocean.databaseUser))]),
            map([("name", str(cacheComponent)), ("engine", str(facts.cacheEngine)),
                 ("version", str(facts.cacheVersion)), ("production", bool(true)),
                 ("cluster_name", str(ap.cacheCluster))]),
        ])
        return map([
            ("name", str(ap.appName)),
            ("region", str(ap.region)),
            ("domains", seq([map([("domain", str(answers.app.domain)), ("type", str("PRIMARY"))])])),
            ("alerts", seq([map([("rule", str("DEPLOYMENT_FAILED"))]), map([("rule", str("DOMAIN_FAILED"))])])),
            ("ingress", map([("rules", seq([map([
                ("component", map([("name", str("backend"))])),
                ("match", map([("path", map([("prefix", str("/"))]))])),
            ])]))])),
            ("services", seq([map(backendPairs)])),
            ("workers", seq([map(workerPairs)])),
            ("databases", databases),
        ])
    }

    /// The text of `do/app.yaml`: a comment header, then the spec emitted by Yams.
    /// - Throws: `PlanError` when Yams cannot emit the spec.
    public static func appYAML(answers: Answers, digitalocean: DigitalOceanSettings,
                               appPlatform: AppPlatformSettings) throws(PlanError) -> String {
        let tree = try spec(answers: answers, digitalocean: digitalocean, appPlatform: appPlatform)
        let body: String
        do {
            body = try Yams.serialize(node: tree, indent: 2, width: -1, allowUnicode: true)
        } catch {
            throw PlanError.renderedFile(path: "do/app.yaml", problem: "Yams could not emit the app spec: \(error)")
        }
        let keys = try secretEnvs(answers: answers).map { "#   \($0.key) <- \(answers.secrets.dir)/\($0.secret.rawValue).txt" }
        let header = [
            "# DigitalOcean App Platform app spec for FreshTrack Pro \(answers.app.version), written by freshtrack-deploy.",
            "# Deploy with do/deploy-app-platform.sh (--dry-run first): it fills in the values of the envs",
            "# with type SECRET, which have no value here on purpose, from these files on their way to doctl:",
        ] + keys + [
            "# Database and Valkey credentials are bindable variables (${db.PASSWORD}, ${cache.PASSWORD}),",
            "# filled in by App Platform from the attached managed clusters.",
        ]
        return header.joined(separator: "\n") + "\n" + body
    }

    /// What the operator should know when the bundle has `do/` (for `Plan.warnings`); empty
    /// unless the answers choose App Platform.
    public static func notes(for answers: Answers) -> [String] {
        guard answers.environment != .dev, answers.digitalocean?.platform == .appPlatform,
              answers.digitalocean?.appPlatform != nil else { return [] }
        return ["App Platform: do/README-app-platform.md lists the managed PostgreSQL and Valkey clusters and the image to create first; then run do/deploy-app-platform.sh --dry-run and do/deploy-app-platform.sh from the bundle directory (docker compose up -d is for the Droplet hybrid only)."]
    }

    /// Every file under `do/` for `answers`, or `[]` unless the answers choose App Platform
    /// (`digitalocean.platform: app_platform` with a `digitalocean.app_platform` section) and
    /// the environment is not `dev`.
    /// - Throws: `PlanError` when a template asset is malformed or emission fails.
    public static func files(for answers: Answers) throws(PlanError) -> [PlannedFile] {
        guard answers.environment != .dev, let d = answers.digitalocean, d.platform == .appPlatform,
              let ap = d.appPlatform else { return [] }
        // Answers built in code (the wizard) get the same checks as a decoded answers file.
        let issues = ap.validate()
        if !issues.isEmpty { throw PlanError.settings(issues) }
        let yaml = try appYAML(answers: answers, digitalocean: d, appPlatform: ap)
        return [
            PlannedFile(path: "\(directory)/app.yaml", contents: Array(yaml.utf8), mode: 0o644, kind: .document),
            PlannedFile(path: "\(directory)/deploy-app-platform.sh",
                        contents: Array(try deployScript(answers: answers, appPlatform: ap).utf8),
                        mode: 0o755, kind: .script),
            PlannedFile(path: "\(directory)/README-app-platform.md",
                        contents: Array(try readme(answers: answers, digitalocean: d, appPlatform: ap).utf8),
                        mode: 0o644, kind: .document),
        ]
    }

    /// The text of `do/deploy-app-platform.sh` from `assets/do/deploy-app-platform.sh.in`.
    /// - Throws: `PlanError` when the template lacks its `@@CONFIG@@` marker (a build defect).
    public static func deployScript(answers: Answers, appPlatform ap: AppPlatformSettings) throws(PlanError) -> String {
        let template = Assets.required("do/deploy-app-platform.sh.in")
        guard template.contains("@@CONFIG@@") else {
            throw PlanError.templateMarkerMissing(template: "assets/do/deploy-app-platform.sh.in", marker: "@@CONFIG@@")
        }
        let q = ECSDeployScript.shellQuote
        let secrets = try secretEnvs(answers: answers)
        let map = secrets.map { "\($0.key)=\($0.secret.rawValue)" }.joined(separator: ",")
        let config = [
            "# --- configuration (from the answers file) ---",
            "APP_NAME=\(q(ap.appName))",
            "VERSION=\(q(answers.app.version))",
            "APP_DOMAIN=\(q(answers.app.domain))",
            "SECRETS_DIR_SPEC=\(q(answers.secrets.dir))",
            "SECRET_MAP=\(q(map))",
            "SECRET_NAMES=(" + secrets.map { q($0.secret.rawValue) }.joined(separator: " ") + ")",
            "# --- end of configuration ---",
        ].joined(separator: "\n")
        return template.replacingOccurrences(of: "@@CONFIG@@", with: config)
    }

    /// The text of `do/README-app-platform.md` from `assets/do/README-app-platform.md.in`.
    /// - Throws: `PlanError` when a `{{NAME}}` placeholder is left unfilled (a build defect).
    public static func readme(answers: Answers, digitalocean d: DigitalOceanSettings,
                              appPlatform ap: AppPlatformSettings) throws(PlanError) -> String {
        let facts = AppPlatformFacts.shared
        let image: String
        switch ap.registryType {
        case .docr: image = "registry.digitalocean.com/<your-registry>/\(ap.repository):\(answers.app.version)"
        case .dockerHub: image = "docker.io/\(ap.registry ?? "")/\(ap.repository):\(answers.app.version)"
        case .ghcr: image = "ghcr.io/\(ap.registry ?? "")/\(ap.repository):\(answers.app.version)"
        }
        let values: [String: String] = [
            "APP_NAME": ap.appName, "REGION": ap.region, "VERSION": answers.app.version, "DOMAIN": answers.app.domain,
            "IMAGE": image, "REGISTRY_TYPE": ap.registryType.rawValue,
            "DB_CLUSTER": ap.databaseCluster, "CACHE_CLUSTER": ap.cacheCluster,
            "DB_NAME": d.databaseName, "DB_USER": d.databaseUser,
            "DB_ENGINE_VERSION": facts.databaseVersion, "CACHE_ENGINE_VERSION": facts.cacheVersion,
            "SPACES_REGION": d.spacesRegion, "SPACES_BUCKET": d.spacesBucket,
            "INSTANCE": "\(ap.instanceCount) x \(ap.instanceSize)",
            "WORKER_INSTANCE": "\(ap.workerInstanceCount) x \(ap.workerInstanceSize)",
            "SECRETS_DIR": answers.secrets.dir,
        ]
        let text = TemplateFill.fill(Assets.required("do/README-app-platform.md.in"), values)
        if let r = text.range(of: "{{") {
            throw PlanError.unfilledPlaceholder(template: "assets/do/README-app-platform.md.in", near: String(text[r.lowerBound...].prefix(40)))
        }
        return text
    }
}

import Yams

/// One variable of a service's environment as the bundle's Compose files define it: a plain
/// value, or a secret the container reads from a file (`X_FILE: /run/secrets/...`), which a
/// platform without file secrets (ECS, App Platform) passes as `X` from its secret store.
public enum ComposeVariable: Sendable, Hashable {
    case plain(name: String, value: String)
    /// `name` is the variable without `_FILE`; `secret` is the bundle secret behind the file.
    case secret(name: String, secret: SecretName)

    public var name: String {
        switch self {
        case .plain(let n, _), .secret(let n, _): return n
        }
    }
}

/// The merged `environment:` of a Compose service, read from the bundle's own compose files
/// (`assets/compose/`) with `.env` values substituted, so that the ECS task definitions and
/// the App Platform spec carry exactly the variables `docker compose config` would give the
/// container. Pure.
public enum ComposeEnvironment {
    /// The environment of `service` after merging `files` in order (`!reset` removes a key),
    /// with every `${VAR...}` form replaced from `env` (`Interpolator`), and each
    /// `X_FILE: /run/secrets/<target>` turned into `.secret(X, ...)` through the service's
    /// `secrets:` (`!override` replaces the list). Sorted by name.
    /// - Throws: `PlanError` when a file does not parse, a variable has no value, or a
    ///   `*_FILE` points at a secret the service does not mount.
    public static func variables(service: String, files: [String], env: [String: String]) throws(PlanError) -> [ComposeVariable] {
        var values: [String: (text: String, location: ComposeLocation)] = [:]
        let interpolator = Interpolator(variables: env)
        var secretSources: [String: String] = [:]  // mount target -> source
        for file in files {
            let root = try BundleLayout.assetNode(file)
            guard let svc = root["services"]?[service] else { continue }
            if let environment = svc["environment"] {
                guard let mapping = environment.mapping else {
                    throw PlanError.asset(file, problem: "services.\(service).environment must be a mapping")
                }
                for (k, v) in mapping {
                    guard let key = k.string else { continue }
                    if v.tag.rawValue == "!reset" { values[key] = nil; continue }
                    guard let text = v.string else { throw PlanError.asset(file, problem: "services.\(service).environment.\(key) is not a scalar") }
                    values[key] = (text, ComposeLocation(file: file, line: v.mark?.line ?? 1))
                }
            }
            if let secrets = svc["secrets"] {
                if secrets.tag.rawValue == "!override" || secrets.tag.rawValue == "!reset" { secretSources = [:] }
                for item in secrets.sequence ?? [] {
                    if let source = item["source"]?.string {
                        secretSources[item["target"]?.string ?? source] = source
                    } else if let source = item.string {
                        secretSources[source] = source
                    }
                }
            }
        }
        var out: [ComposeVariable] = []
        for (key, raw) in values {
            let value = try interpolator.interpolateRequiringValues(
                raw.text, at: raw.location, context: "services.\(service).environment.\(key)")
            if key.hasSuffix("_FILE"), value.hasPrefix("/run/secrets/") {
                let target = String(value.dropFirst("/run/secrets/".count))
                guard let source = secretSources[target], let secret = secretName(ofSource: source) else {
                    throw PlanError.asset("compose", problem: "services.\(service).environment.\(key) reads \(value), but the service mounts no bundle secret there")
                }
                out.append(.secret(name: String(key.dropLast("_FILE".count)), secret: secret))
            } else {
                out.append(.plain(name: key, value: value))
            }
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The bundle secret of a Compose secret name: `rds_password`, or `redis_password_nodejs`
    /// (a per-user copy, `<name>_<user>`).
    static func secretName(ofSource source: String) -> SecretName? {
        if let s = SecretName(rawValue: source) { return s }
        return SecretName.allCases.filter { source.hasPrefix($0.rawValue + "_") }.max { $0.rawValue.count < $1.rawValue.count }
    }
}

/// Container facts of a Compose service (command, user, health check) as the bundle's compose
/// files give them, for platforms that run the same image without Compose. Pure.
public struct ComposeServiceFacts: Sendable, Hashable {
    /// `command:` in exec form, or `nil` (the image's default).
    public var command: [String]?
    /// `user:` (`uid:gid`), or `nil`.
    public var user: String?
    /// `healthcheck.test` in exec form (`["CMD", ...]`), or `nil` when the service has none
    /// (or `disable: true`).
    public var healthCheck: [String]?
    /// Seconds.
    public var healthInterval: Int?
    public var healthTimeout: Int?
    public var healthRetries: Int?
    public var healthStartPeriod: Int?

    /// The facts of `service` after merging `files` in order (later files win per key).
    /// - Throws: `PlanError` when a file does not parse or a duration is not `Ns`/`Nm`.
    public static func of(service: String, files: [String]) throws(PlanError) -> ComposeServiceFacts {
        var facts = ComposeServiceFacts()
        for file in files {
            let root = try BundleLayout.assetNode(file)
            guard let svc = root["services"]?[service] else { continue }
            if let c = svc["command"]?.sequence { facts.command = c.compactMap(\.string) }
            if let u = svc["user"]?.string { facts.user = u }
            if let hc = svc["healthcheck"] {
                if hc["disable"]?.bool == true { facts.healthCheck = nil; continue }
                if let test = hc["test"]?.sequence {
                    let parts = test.compactMap(\.string)
                    facts.healthCheck = parts.first == "NONE" ? nil : parts
                }
                if let v = hc["interval"]?.string { facts.healthInterval = try seconds(v, file) }
                if let v = hc["timeout"]?.string { facts.healthTimeout = try seconds(v, file) }
                if let v = hc["retries"]?.int { facts.healthRetries = v }
                if let v = hc["start_period"]?.string { facts.healthStartPeriod = try seconds(v, file) }
            }
        }
        return facts
    }

    static func seconds(_ text: String, _ file: String) throws(PlanError) -> Int {
        if text.hasSuffix("s"), let n = Int(text.dropLast()) { return n }
        if text.hasSuffix("m"), let n = Int(text.dropLast()) { return n * 60 }
        throw PlanError.asset(file, problem: "duration \(text.debugDescription) is not whole seconds (Ns) or minutes (Nm)")
    }
}

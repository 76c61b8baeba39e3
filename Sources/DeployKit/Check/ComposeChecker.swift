/// A file handed to the checker: its name as shown in findings and its text.
public struct ComposeSource: Sendable, Hashable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// What the edge found on disk about a secret file (`lstat` of the file and its directory).
public struct SecretFileFacts: Sendable, Hashable {
    public var exists: Bool
    public var isSymlink: Bool
    /// Permission bits, e.g. `0o600`.
    public var mode: UInt16
    /// Owner; `nil` when not known yet (a planned file whose owner is whoever runs `apply`).
    public var uid: UInt32?
    public var gid: UInt32?
    /// Permission bits of the directory holding the file.
    public var directoryMode: UInt16
    /// Whether the file's last byte is `\n` (or `\r`).
    public var endsWithLineBreak: Bool
    /// A digest of the file's bytes, only for telling whether two copies of one secret are
    /// equal (`Hasher`, seeded per process: comparable within one run, meaningless outside
    /// it, never shown); `nil` when unreadable or not known.
    public var contentDigest: Int?
    /// Whether the file's directory holds nothing but secret files (`*.txt` and their
    /// `.bak.` backups): then tightening it to 0700 is the fix; `nil` when not known.
    public var directoryHoldsOnlySecrets: Bool?

    public init(exists: Bool, isSymlink: Bool = false, mode: UInt16 = 0o600, uid: UInt32? = 0, gid: UInt32? = 0,
                directoryMode: UInt16 = 0o700, endsWithLineBreak: Bool = false, contentDigest: Int? = nil,
                directoryHoldsOnlySecrets: Bool? = nil) {
        self.exists = exists
        self.isSymlink = isSymlink
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.directoryMode = directoryMode
        self.endsWithLineBreak = endsWithLineBreak
        self.contentDigest = contentDigest
        self.directoryHoldsOnlySecrets = directoryHoldsOnlySecrets
    }

    public static let missing = SecretFileFacts(exists: false)
}

/// Everything one `check` run looks at. Pure data: the edge reads the files.
public struct CheckInput: Sendable {
    /// The base file then its overlays, in `-f` order.
    public var files: [ComposeSource]
    /// The bundle's `.env`, if any.
    public var dotEnv: ComposeSource?
    /// `dev` skips the production-only rules (`no-resource-limits`).
    public var environment: DeployEnvironment
    /// Facts about a secret file, keyed by its `file:` path as written (after interpolation);
    /// `nil` when the edge did not look (the secret-file rules are then skipped).
    public var secretFacts: @Sendable (String) -> SecretFileFacts?

    public init(files: [ComposeSource], dotEnv: ComposeSource? = nil, environment: DeployEnvironment = .production,
                secretFacts: @escaping @Sendable (String) -> SecretFileFacts? = { _ in nil }) {
        self.files = files
        self.dotEnv = dotEnv
        self.environment = environment
        self.secretFacts = secretFacts
    }
}

/// A merged Compose project: the input of the rules.
public struct ComposeProject: Sendable {
    /// The merged document (`services:`, `secrets:`, ...).
    public var root: ComposeNode
    /// Services in document order with their definition's key location.
    public var services: [ComposeEntry]
    /// Services whose `profiles` are all inactive (Compose does not start them).
    public var disabled: Set<String>
    /// Profiles active through `COMPOSE_PROFILES` in `.env`.
    public var activeProfiles: Set<String>
    public var dotEnv: DotEnvFile?
    /// Every `${VAR}` reference met while interpolating the files.
    public var references: [VariableReference]
    /// Each file as parsed and interpolated, before merging, in input order.
    public var documents: [ComposeNode] = []

    /// Merges the files of `input` by Compose's rules.
    /// - Throws: `CheckInputError` when a file is not valid YAML or not a mapping.
    public static func load(_ input: CheckInput) throws(CheckInputError) -> ComposeProject {
        let env = input.dotEnv.map { DotEnvParser.parse($0.text, file: $0.name) }
        let interpolator = Interpolator(variables: env?.variables ?? [:])
        var refs: [VariableReference] = []
        var nodes: [ComposeNode] = []
        for f in input.files {
            var found: [VariableReference] = []
            let node = try ComposeParser.parse(f.text, file: f.name) { text, loc in
                interpolator.interpolate(text, at: loc) { found.append($0) }
            }
            refs += found
            nodes.append(node)
        }
        let root = ComposeMerge.merge(nodes) ?? ComposeNode(.null, at: ComposeLocation(file: input.files.first?.name ?? "", line: 1))
        let services = root["services"]?.entries ?? []
        let active = Set((env?.variables["COMPOSE_PROFILES"] ?? "").split(separator: ",").map {
            String($0).ckTrimmed(" ")
        }.filter { !$0.isEmpty })
        var disabled = Set<String>()
        for s in services {
            let profiles = s.node["profiles"]?.items?.compactMap(\.text) ?? []
            if !profiles.isEmpty && active.isDisjoint(with: profiles) && !active.contains("*") {
                disabled.insert(s.key)
            }
        }
        return ComposeProject(root: root, services: services, disabled: disabled, activeProfiles: active,
                              dotEnv: env, references: refs, documents: nodes)
    }

    /// Services Compose would start, in document order.
    public var enabledServices: [ComposeEntry] { services.filter { !disabled.contains($0.key) } }

    /// The services Compose would start that mount the top-level secret `name` (short
    /// `- name` or long `- source: name` syntax), in document order.
    public func consumers(ofSecret name: String) -> [ComposeEntry] {
        enabledServices.filter { s in
            (s.node["secrets"]?.items ?? []).contains { ($0.text ?? $0["source"]?.text) == name }
        }
    }
}

/// The `check` rules over a merged Compose project. Pure.
public enum ComposeChecker {
    /// Checks one combination of files (a base and its overlays).
    /// - Returns: findings in no particular order (wrap in `CheckReport` to sort and de-duplicate).
    /// - Throws: `CheckInputError` when a file cannot be parsed.
    public static func check(_ input: CheckInput) throws(CheckInputError) -> [Finding] {
        let project = try ComposeProject.load(input)
        var out: [Finding] = []
        // Compose validates each file against its schema before merging.
        for document in project.documents { out += ComposeSchema.validate(document) }
        out += unpinnedImage(project)
        if input.environment != .dev { out += noResourceLimits(project) }
        out += inlineSecret(project)
        out += missingHealthcheck(project)
        out += noLogRotation(project)
        out += publicInternalPort(project)
        out += runsAsRoot(project)
        out += dependsOnDisabled(project)
        out += secretAndFileEnv(project)
        out += secretFiles(project, facts: input.secretFacts)
        out += envQuoting(project)
        out += requiredVarUnset(project)
        return out
    }

    // MARK: helpers

    static func image(_ s: ComposeEntry) -> String? { s.node["image"]?.text }

    static func facts(_ s: ComposeEntry) -> ImageFacts? { image(s).flatMap(ImageFacts.lookup) }

    static func kind(_ s: ComposeEntry) -> ServiceKind {
        if let f = facts(s) { return f.kind }
        return .app
    }

    /// The service named `backend` (a worker may run the same image without serving HTTP).
    static func isBackend(_ s: ComposeEntry) -> Bool { s.key == "backend" }

    /// The uid the service's main process runs as, if known.
    static func effectiveUID(_ s: ComposeEntry) -> UInt32? {
        if let user = s.node["user"]?.text, !user.isEmpty {
            let name = String(user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if let n = UInt32(name) { return n }
            if name == "root" { return 0 }
            return facts(s)?.users[name]
        }
        return facts(s)?.runtimeUID
    }

    // MARK: rules

    static func unpinnedImage(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        for s in p.enabledServices {
            guard let node = s.node["image"], let text = node.text, let raw = node.raw else { continue }
            let ref = ImageReference(text)
            let fix = "pin an explicit version, e.g. `postgres:16.4-alpine` or `freshtrack-backend:1.1.0` (set the variable in .env)"
            if ref.digest != nil { continue }
            // Which variables the tag itself comes from (not the registry or repository part).
            let rawTag = ImageReference(raw).tag ?? ""
            let tagVars = rawTag.contains("$")
                ? p.references.filter { $0.location == node.location && !$0.isSet && rawTag.contains($0.name) }.map(\.name)
                : []
            if (ref.tag == nil || ref.tag == "" || ref.tag == "latest") && !tagVars.isEmpty {
                out.append(Finding(rule: .unpinnedImage, severity: .error, location: node.location, service: s.key,
                                   message: "the tag comes from ${\(tagVars[0])}, which .env does not set, so the image resolves to `\(text)`",
                                   fix: "set \(tagVars[0]) in .env to a released version"))
            } else if ref.tag == nil || ref.tag == "" {
                out.append(Finding(rule: .unpinnedImage, severity: .error, location: node.location, service: s.key,
                                   message: "image `\(text)` has no tag, so Docker pulls `latest` and each host may run a different version",
                                   fix: fix))
            } else if ref.tag == "latest" {
                out.append(Finding(rule: .unpinnedImage, severity: .error, location: node.location, service: s.key,
                                   message: "image `\(text)` uses the `latest` tag, so each pull may bring a different version",
                                   fix: fix))
            }
        }
        return out
    }

    static func noResourceLimits(_ p: ComposeProject) -> [Finding] {
        p.enabledServices.compactMap { s in
            if s.node["restart"]?.text == "no" { return nil }  // a one-shot job
            let limits = s.node.at("deploy", "resources", "limits")
            let hasLimits = (limits?.entries?.isEmpty == false) || s.node["mem_limit"] != nil || s.node["cpus"] != nil
            if hasLimits { return nil }
            return Finding(rule: .noResourceLimits, severity: .warning, location: s.keyLocation, service: s.key,
                           message: "no `deploy.resources.limits`: one runaway container can take all the host's memory and CPU",
                           fix: "add `deploy: {resources: {limits: {cpus: '1', memory: 1G}}}` sized for the host")
        }
    }

    static let secretWords = ["PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY"]

    /// Whether an environment variable name holds a password, token or key.
    public static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        if upper.hasSuffix("_FILE") { return false }
        let words = upper.split(separator: "_").map(String.init)
        if words.contains(where: { secretWords.contains($0) }) { return true }
        // API_KEY, SECRET_KEY, PRIVATE_KEY; not ACCESS_KEY(_ID): an access key id names a
        // credential (like a user name), the secret key is what must stay secret.
        if words.last == "KEY" && words.count > 1 && words[words.count - 2] != "ACCESS" { return true }
        if upper.hasSuffix("PASSWORD") || upper.hasSuffix("SECRET") || upper.hasSuffix("TOKEN") { return true }
        return false
    }

    /// Whether a value is a URL with a password in it (`scheme://user:pass@host`).
    static func urlWithPassword(_ v: String) -> Bool { urlPassword(v).map { !$0.isEmpty } ?? false }

    /// The password part of `scheme://user:password@host...`, if any.
    static func urlPassword(_ v: String) -> Substring? {
        guard let scheme = v.range(of: "://") else { return nil }
        let rest = v[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let userinfo = rest[..<at]
        guard !userinfo.contains("/"), let colon = userinfo.firstIndex(of: ":") else { return nil }
        return userinfo[userinfo.index(after: colon)...]
    }

    static func inlineSecret(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        for s in p.enabledServices {
            for e in s.node["environment"]?.entries ?? [] {
                guard let value = e.node.text, !value.isEmpty, !value.hasPrefix("/run/secrets/") else { continue }
                let raw = e.node.raw ?? ""
                let how = raw.contains("$") ? "interpolated from .env" : "written literally"
                if looksSecret(e.key) {
                    out.append(Finding(rule: .inlineSecret, severity: .error, location: e.node.location, service: s.key,
                                       message: "\(e.key) is a secret \(how) into the environment, where `docker inspect`, logs and child processes can read it",
                                       fix: "store it in a secret file (mode 0600) and pass \(e.key)_FILE: /run/secrets/<name> with a `secrets:` entry"))
                } else if urlWithPassword(value) {
                    let fromEnv = (urlPassword(raw)?.contains("$") ?? true) ? "interpolated from .env" : "written literally"
                    out.append(Finding(rule: .inlineSecret, severity: .error, location: e.node.location, service: s.key,
                                       message: "\(e.key) is a URL with a password in it (\(fromEnv))",
                                       fix: "leave the password out of the URL and give it through a secret file (e.g. DATABASE_PASSWORD_FILE)"))
                }
            }
        }
        return out
    }

    static func healthcheckDisabled(_ h: ComposeNode?) -> Bool {
        guard let h else { return true }
        if h["disable"]?.text == "true" { return true }
        if let t = h["test"]?.items?.first?.text, t == "NONE" { return true }
        return h["test"] == nil
    }

    /// Programs a healthcheck runs (first word of each shell command, or the `CMD` program).
    static func healthcheckPrograms(_ test: ComposeNode) -> [String] {
        var commands: [String] = []
        if let items = test.items?.compactMap(\.text), let first = items.first {
            if first == "CMD", items.count > 1 { return [basename(items[1])] }
            if first == "CMD-SHELL", items.count > 1 { commands = [items[1]] }
        } else if let t = test.text {
            commands = [t]
        }
        var programs: [String] = []
        for c in commands {
            var normalized = c
            for sep in ["&&", "||", ";", "|", "$(", "`"] { normalized = normalized.replacingAll(sep, with: "\n") }
            for part in normalized.split(separator: "\n") {
                if let w = part.split(separator: " ").first { programs.append(basename(String(w))) }
            }
        }
        return programs
    }

    static func basename(_ s: String) -> String { String(s.split(separator: "/").last ?? Substring(s)) }

    static let probeTools: Set<String> = ["curl", "wget", "nc", "pg_isready", "redis-cli", "valkey-cli", "mc",
                                          "python", "python3", "node", "bash"]

    static func missingHealthcheck(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        var waiters: [String: [(String, String)]] = [:]  // service -> [(dependent, condition)]
        for s in p.enabledServices {
            for d in s.node["depends_on"]?.entries ?? [] {
                waiters[d.key, default: []].append((s.key, d.node["condition"]?.text ?? "service_started"))
            }
        }
        for s in p.enabledServices {
            let h = s.node["healthcheck"]
            let waitedOn = waiters[s.key] ?? []
            if healthcheckDisabled(h) && (!waitedOn.isEmpty || isBackend(s)) {
                let healthy = waitedOn.filter { $0.1 == "service_healthy" }.map(\.0)
                let why = !healthy.isEmpty
                    ? "\(healthy.joined(separator: ", ")) wait\(healthy.count == 1 ? "s" : "") for it to be healthy, which can never happen without a healthcheck"
                    : (!waitedOn.isEmpty
                        ? "\(waitedOn.map(\.0).joined(separator: ", ")) depend\(waitedOn.count == 1 ? "s" : "") on it but can only wait for it to start, not to be ready"
                        : "the backend has no healthcheck, so a hung process is never noticed or restarted")
                out.append(Finding(rule: .missingHealthcheck, severity: healthy.isEmpty ? .warning : .error,
                                   location: s.keyLocation, service: s.key, message: why,
                                   fix: "add a healthcheck using a tool the image has (e.g. `pg_isready`, `redis-cli ping`, `wget -q --spider`)"))
            }
            if let test = h?["test"], !healthcheckDisabled(h), let tools = facts(s)?.tools, let img = image(s) {
                for prog in healthcheckPrograms(test) where probeTools.contains(prog) && !tools.contains(prog) {
                    let alternatives = tools.intersection(probeTools).sorted()
                    out.append(Finding(rule: .missingHealthcheck, severity: .error, location: test.location, service: s.key,
                                       message: "the healthcheck calls `\(prog)`, which image `\(img)` does not contain, so it always fails",
                                       fix: alternatives.isEmpty
                                           ? "use a program the image has, or add it to the image"
                                           : "use \(alternatives.map { "`\($0)`" }.joined(separator: " or ")) instead"))
                }
            }
        }
        return out
    }

    static func noLogRotation(_ p: ComposeProject) -> [Finding] {
        p.enabledServices.compactMap { s in
            let logging = s.node["logging"]
            let driver = logging?["driver"]?.text ?? "json-file"
            if driver != "json-file" { return nil }  // `local` rotates by default; others ship logs away
            if logging?.at("options", "max-size")?.text != nil { return nil }
            return Finding(rule: .noLogRotation, severity: .warning, location: s.keyLocation, service: s.key,
                           message: "logs use json-file without `max-size`, so they grow until the disk is full",
                           fix: "add `logging: {driver: json-file, options: {max-size: 10m, max-file: \"3\"}}` (or driver `local`)")
        }
    }

    static func publicInternalPort(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        for s in p.enabledServices where kind(s) == .data {
            let ports = s.node["ports"]?.items ?? []
            let bindings = ports.map { ($0, PortBinding.parse($0)) }
            for (node, b) in bindings {
                guard let b, b.isPublicInterface else { continue }
                let local = bindings.first { other in
                    guard let o = other.1 else { return false }
                    return !o.isPublicInterface && o.target == b.target && other.0.location.file != node.location.file
                }
                var msg = "port \(b.target) is published on every interface, so the data service is reachable from the network"
                if let local {
                    msg += "; \(local.0.location.file) adds `\(local.0.raw ?? "")` but Compose appends it instead of replacing this one"
                }
                out.append(Finding(rule: .publicInternalPort, severity: .error, location: node.location, service: s.key,
                                   message: msg,
                                   fix: "publish no data-service port in the base file; where needed bind `127.0.0.1:` and use `ports: !override [...]` in the overlay"))
            }
        }
        return out
    }

    static func runsAsRoot(_ p: ComposeProject) -> [Finding] {
        p.enabledServices.compactMap { s in
            guard kind(s) == .app else { return nil }
            let userNode = s.node["user"]
            if let u = userNode?.text, !u.isEmpty {
                let name = String(u.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
                guard name == "root" || name == "0" else { return nil }
                return Finding(rule: .runsAsRoot, severity: .warning, location: userNode!.location, service: s.key,
                               message: "`user: \(u)` runs the application as root inside the container",
                               fix: "set `user: \"1001:1001\"` (a non-root uid the image's files allow)")
            }
            if let uid = facts(s)?.runtimeUID, uid != 0 { return nil }
            return Finding(rule: .runsAsRoot, severity: .warning, location: s.keyLocation, service: s.key,
                           message: "no `user:`, so the application may run as root; a compromise then owns the container",
                           fix: "set `user: \"1001:1001\"` (a non-root uid the image's files allow)")
        }
    }

    static func dependsOnDisabled(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        let defined = Set(p.services.map(\.key))
        for s in p.enabledServices {
            for d in s.node["depends_on"]?.entries ?? [] {
                if d.node["required"]?.text == "false" { continue }
                if p.disabled.contains(d.key) {
                    let where_ = p.services.first { $0.key == d.key }?.node["profiles"]?.location.file ?? "an overlay"
                    out.append(Finding(rule: .dependsOnDisabled, severity: .error, location: d.keyLocation, service: s.key,
                                       message: "depends on `\(d.key)`, which \(where_) disables with `profiles`, so `docker compose up` refuses the project",
                                       fix: "in that overlay reset the dependency (`depends_on: !reset {}` or `!override` with the rest), or mark it `required: false` in the base"))
                } else if !defined.contains(d.key) {
                    out.append(Finding(rule: .dependsOnDisabled, severity: .error, location: d.keyLocation, service: s.key,
                                       message: "depends on `\(d.key)`, which no file defines",
                                       fix: "remove the dependency or define the service"))
                }
            }
        }
        return out
    }

    static func secretAndFileEnv(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        for s in p.enabledServices {
            let env = s.node["environment"]?.entries ?? []
            for e in env where e.key.hasSuffix("_FILE") {
                let plain = String(e.key.dropLast(5))
                guard let other = env.first(where: { $0.key == plain }), !other.node.isNull, !e.node.isNull else { continue }
                let later = e.node.location.file == other.node.location.file
                    ? (e.node.location.line > other.node.location.line ? e : other)
                    : e
                out.append(Finding(rule: .secretAndFileEnv, severity: .error, location: later.node.location, service: s.key,
                                   message: "both \(plain) and \(e.key) are set after the merge; images that support _FILE refuse to start (or one silently wins)",
                                   fix: "keep only \(e.key); remove \(plain) with `environment: !override {...}` or `\(plain): !reset null` in the overlay"))
            }
        }
        return out
    }

    /// The copies-of-one-secret family of a secret file path: its directory and the name up
    /// to the first `.` (`secrets/db.txt` and `secrets/db.1001.txt` -> `secrets/db`).
    public static func secretCopyFamily(_ path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return String(path[..<slash]) + (path[slash...].split(separator: ".").first.map(String.init) ?? "")
    }

    /// The findings about the secret files the compose project declares: copies of one secret
    /// that differ, then each file's own problems (`facts` describes a path on the host).
    static func secretFiles(_ p: ComposeProject, facts: @Sendable (String) -> SecretFileFacts?) -> [Finding] {
        let copies = secretCopiesDiffer(p, facts: facts)
        return copies + secretFileProblems(p, facts: facts)
    }

    /// Copies of one secret (`<dir>/<name>.txt`, `<dir>/<name>.<user>.txt`) that running
    /// services mount and that hold different values: one finding per copy that differs from
    /// the family's first copy (shortest name), families in path order.
    private static func secretCopiesDiffer(_ p: ComposeProject, facts: @Sendable (String) -> SecretFileFacts?) -> [Finding] {
        var out: [Finding] = []
        var families: [String: [(path: String, digest: Int, location: ComposeLocation)]] = [:]
        for secret in p.root["secrets"]?.entries ?? [] {
            guard let fileNode = secret.node["file"], let path = fileNode.text,
                  !p.consumers(ofSecret: secret.key).isEmpty, let digest = facts(path)?.contentDigest else { continue }
            let family = secretCopyFamily(path)
            if !(families[family] ?? []).contains(where: { $0.path == path }) {
                families[family, default: []].append((path, digest, fileNode.location))
            }
        }
        for (_, copies) in families.sorted(by: { $0.key < $1.key }) where copies.count > 1 {
            let sorted = copies.sorted { $0.path.count < $1.path.count || ($0.path.count == $1.path.count && $0.path < $1.path) }
            for other in sorted.dropFirst() where other.digest != sorted[0].digest {
                out.append(Finding(rule: .secretCopiesDiffer, severity: .error, location: other.location, service: nil,
                                   message: "\(sorted[0].path) and \(other.path) are copies of one secret but hold different values, so the services reading them disagree",
                                   fix: "copy the right one over the other, keeping its owner and mode: `cat \(sorted[0].path) > \(other.path)` (or the reverse)"))
            }
        }
        return out
    }

    /// The problems of each secret's file, in the order the secrets are declared; a secret no
    /// running service uses is skipped when its file is absent (it is never mounted). A
    /// directory looser than 0700 is reported once, at its first secret.
    private static func secretFileProblems(_ p: ComposeProject, facts: @Sendable (String) -> SecretFileFacts?) -> [Finding] {
        var out: [Finding] = []
        var looseDirectories: Set<String> = []   // reported once per directory
        for secret in p.root["secrets"]?.entries ?? [] {
            guard let fileNode = secret.node["file"], let path = fileNode.text else { continue }
            let consumers = p.consumers(ofSecret: secret.key)
            guard let f = facts(path) else { continue }
            // A secret no running service uses is never mounted: Compose does not need its file.
            if consumers.isEmpty && !f.exists { continue }
            out += secretFileFindings(secret: secret.key, path: path, location: fileNode.location,
                                      consumers: consumers, facts: f, looseDirectories: &looseDirectories)
        }
        return out
    }

    /// The findings for one secret file `path` (declared as `secret`, mounted by `consumers`):
    /// missing (and nothing else), a symbolic link, a loose mode, a loose directory not yet in
    /// `looseDirectories` (added to it), an owner a consumer cannot read, a final line break.
    private static func secretFileFindings(secret: String, path: String, location loc: ComposeLocation,
                                           consumers: [ComposeEntry], facts f: SecretFileFacts,
                                           looseDirectories: inout Set<String>) -> [Finding] {
        var out: [Finding] = []
        func add(_ rule: RuleID, _ sev: Severity, _ svc: String?, _ msg: String, _ fix: String) {
            out.append(Finding(rule: rule, severity: sev, location: loc, service: svc, message: msg, fix: fix))
        }
        if !f.exists {
            let names = consumers.map(\.key)
            let users = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined()
            add(.secretFileMissing, .error, nil,
                "secret `\(secret)`: the file \(path) does not exist, but \(users) mount\(consumers.count == 1 ? "s" : "") it, so `docker compose up` fails",
                "run `freshtrack-deploy apply` in the bundle directory to generate it, or create it yourself in a directory that holds only secrets (mode 0700, never a shared one such as /etc): `(umask 077; printf %s 'VALUE' > \(path))` (mode 0600, no trailing newline), then chown it to the container's uid")
            return out
        }
        if f.isSymlink {
            add(.secretFileMode, .error, nil, "secret `\(secret)`: \(path) is a symbolic link; its target's owner and mode are what the container sees",
                "replace the link with the file itself (mode 0600)")
        }
        if f.mode & 0o077 != 0 {
            add(.secretFileMode, .error, nil, "secret `\(secret)`: \(path) has mode \(octal(f.mode)); other users on the host can read it",
                "chmod 600 \(path)")
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if f.directoryMode & 0o077 != 0, looseDirectories.insert(directory).inserted {
            let fix = f.directoryHoldsOnlySecrets == true
                ? "chmod 700 \(directory) (it holds only secret files)"
                : "keep secret files in a directory of their own with mode 0700 (e.g. `mkdir -m 700 secrets` beside the compose files, and point the secrets' `file:` there); chmod 700 only a directory that holds nothing but secrets, never a shared one such as the project directory or /etc"
            add(.secretFileMode, .error, nil, "secret `\(secret)`: the directory \(directory) holding it has mode \(octal(f.directoryMode)), looser than 0700 (other secrets there are in the same case)", fix)
        }
        for c in consumers {
            guard let owner = f.uid, let uid = effectiveUID(c), uid != 0, uid != owner else { continue }
            add(.secretFileMode, .error, c.key,
                "secret `\(secret)`: \(path) is owned by uid \(owner) but the service runs as uid \(uid); outside Swarm the file is a bind mount, so it cannot read a 0600 file",
                "chown \(uid) \(path) (one copy per container user if several services share it)")
        }
        if f.endsWithLineBreak {
            // An error, as `apply` refuses such a kept secret: the service reads the line
            // break as part of the password, so it never matches the database's.
            add(.secretTrailingNewline, .error, nil,
                "secret `\(secret)`: \(path) ends with a line break, which programs reading the file take as part of the secret (apply refuses such a file)",
                "remove the final line break in place, keeping the file's mode and owner: `truncate -s -1 \(path)` (-2 for a CRLF ending)")
        }
        return out
    }

    static func octal(_ m: UInt16) -> String {
        let s = String(m & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    static func envQuoting(_ p: ComposeProject) -> [Finding] {
        guard let env = p.dotEnv else { return [] }
        var out: [Finding] = []
        for e in env.entries {
            func add(_ msg: String, _ fix: String) {
                out.append(Finding(rule: .envQuoting, severity: .warning, location: e.location, service: nil,
                                   message: "\(e.key): \(msg)", fix: fix))
            }
            if e.unterminatedQuote {
                add("the opening quote is not closed on this line, so the value runs on into the following lines",
                    "close the quote on the same line")
                continue
            }
            switch e.quoting {
            case .none:
                if e.strippedComment {
                    add("Compose reads ` #` as the start of a comment and drops the rest of the value",
                        "wrap the value in single quotes")
                }
                if e.interpolated {
                    add("`$` starts a variable reference, so Compose reads a different value than written",
                        "wrap the value in single quotes (or write `$$` for a literal `$`)")
                }
                if e.written.contains("\"") || e.written.contains("'") {
                    add("quotes inside an unquoted value are kept as characters of the value",
                        "quote the whole value, or remove the quotes")
                }
            case .double:
                if e.interpolated {
                    add("`$` inside double quotes starts a variable reference, so Compose reads a different value than written",
                        "use single quotes for a literal value")
                }
                if e.unescaped {
                    add("backslash escapes inside double quotes are interpreted",
                        "use single quotes for a literal value")
                }
            case .single:
                break
            }
        }
        return out
    }

    static func requiredVarUnset(_ p: ComposeProject) -> [Finding] {
        var out: [Finding] = []
        for r in p.references where !r.isSet {
            switch r.kind {
            case .required:
                out.append(Finding(rule: .requiredVarUnset, severity: .error, location: r.location, service: nil,
                                   message: "${\(r.name)} is required (`:?`) but .env does not set it, so Compose refuses to start",
                                   fix: "add \(r.name)=... to .env"))
            case .plain:
                out.append(Finding(rule: .requiredVarUnset, severity: .warning, location: r.location, service: nil,
                                   message: "${\(r.name)} has no default and .env does not set it, so Compose substitutes an empty string",
                                   fix: "add \(r.name)=... to .env, or write ${\(r.name):?message} to fail early"))
            case .withDefault:
                break
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

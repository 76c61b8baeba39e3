import Yams

/// One problem found in an answers file.
public struct AnswersIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// YAML path of the offending key, e.g. `needs.users` or `aws.s3_bucket`; empty for a
    /// problem of the whole file (a YAML syntax error, an empty file).
    public var path: String
    /// The bad value as written, for the message; `nil` when there is nothing to show or the
    /// value must not be shown (a secret source shows at most its kind, e.g. `env:`).
    public var value: String?
    /// What is wrong and what is allowed, e.g. `must be a whole number >= 1`.
    public var message: String
    /// 1-based line in the answers file where the problem is, when known.
    public var line: Int?

    public init(path: String, value: String?, message: String, line: Int? = nil) {
        self.path = path
        self.value = value
        self.message = message
        self.line = line
    }

    /// `path (line N): "value" message`, e.g.
    /// `needs.users (line 4): "0" must be a whole number >= 1 (expected active users)`.
    public var description: String {
        var location = path
        if let line { location += path.isEmpty ? "line \(line)" : " (line \(line))" }
        if location.isEmpty { location = "answers file" }
        if let value { return "\(location): \(value.debugDescription) \(message)" }
        return "\(location): \(message)"
    }
}

/// Every problem of an answers file, reported together, in file order (problems that
/// belong to no single line, such as a missing section, come last).
public struct AnswersError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [AnswersIssue]
    public init(issues: [AnswersIssue]) { self.issues = issues }
    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// Issues in file order (by line; issues without a line last, in the order found);
    /// an empty list becomes one "could not be read" issue at `path`.
    init(ordering issues: [AnswersIssue], orElse path: String) {
        let ordered = issues.enumerated().sorted { a, b in
            let la = a.element.line ?? Int.max, lb = b.element.line ?? Int.max
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        self.issues = ordered.isEmpty ? [AnswersIssue(path: path, value: nil, message: "could not be read")] : ordered
    }
}

/// Reads and writes the answers file (YAML, schema version 1).
///
/// Schema (every key; defaults in brackets):
/// ```
/// version: 1                         # required, only 1
/// environment: production            # production | staging | dev  [production]
/// needs:                             # required
///   users: 1200                      # required, whole number >= 1
///   budget_usd_per_month: 120        # required, whole number >= 0 (USD per month)
///   compliance: none                 # none | hipaa | soc2  [none]
///   traffic: steady                  # steady | growing | spiky  [steady]
///   multi_region: false              # true | false  [false]
/// target: recommended                # recommended | selfhosted | digitalocean | aws  [recommended]
/// app:                               # required
///   version: "1.1.0"                 # required image tag, not latest
///   domain: track.example.com        # required host name
///   acme_email: ops@freshtrack.io    # required for selfhosted/digitalocean unless dev
/// digitalocean: {...}                # required when the resolved target is digitalocean
/// aws: {...}                         # required when the resolved target is aws
/// secrets:                           # optional
///   dir: secrets                     # [secrets]
///   sources: {name: file:PATH | env:NAME | generate}   # [{}]
/// ```
/// Field rules are `FieldRules`' (the wizard uses the same functions).
public enum AnswersCodec {
    /// Decodes and fully validates an answers file.
    ///
    /// Every problem is collected before anything is returned: YAML type checks (a quoted
    /// number, a bare number where text is expected), unknown keys (with a "did you mean"),
    /// each field's `FieldRules` rule, required sections for the resolved target
    /// (`Answers.resolvedTarget`), the ACME e-mail for targets that run Caddy, and
    /// operator-provided secrets with neither a source nor an existing file. A YAML syntax
    /// error (or a duplicate key) stops at that one issue, since nothing after it can be read.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - secretExists: asked, for the answers' `secrets.dir` (as written, relative to the
    ///     bundle or absolute) and a secret name, whether that secret's file already exists;
    ///     an operator-provided secret that exists needs no source. The edge passes a
    ///     filesystem check; tests pass a closure over a set.
    /// - Throws: `AnswersError` with every problem found, each with its YAML path and line;
    ///   no issue ever contains a secret source's text beyond its kind.
    public static func decode(
        _ yaml: String,
        secretExists: (_ dir: String, _ name: SecretName) -> Bool = { _, _ in false }
    ) throws(AnswersError) -> Answers {
        var reader = AnswersReader()
        let answers = reader.read(yaml, secretExists: secretExists)
        if let answers, reader.issues.isEmpty { return answers }
        throw AnswersError(ordering: reader.issues, orElse: "")
    }

    /// Decodes only the `needs:` section (for `recommend --answers` on a partial file),
    /// with the same rules and messages as `decode`; other sections are not checked.
    /// - Throws: `AnswersError` with every problem of `needs:` (and of the YAML itself).
    public static func decodeNeeds(_ yaml: String) throws(AnswersError) -> Needs {
        var reader = AnswersReader()
        let needs = reader.readNeedsOnly(yaml)
        if let needs, reader.issues.isEmpty { return needs }
        throw AnswersError(ordering: reader.issues, orElse: "needs")
    }

    /// The fixed comment block at the top of every encoded file.
    public static let header = """
        # FreshTrack Deploy answers (schema version 1).
        # Written by freshtrack-deploy; edit freely, then run:
        #   freshtrack-deploy apply --answers THIS_FILE --dir DIR
        # Secret values never go in this file: secrets.sources says where each comes from
        # (file:PATH, env:NAME or generate).


        """

    /// Encodes answers as canonical YAML that `decode` reads back to an equal value: the
    /// `header` comment, then every key in the schema's order (defaults written out),
    /// `app.version` and `aws.account_id` always double-quoted, secret sources sorted by
    /// name. Built as a Yams node tree and emitted by Yams. Contains secret *sources* only,
    /// never secret values (`Answers` holds none).
    public static func encode(_ answers: Answers) -> String {
        var root: [(String, Node)] = [
            ("version", int(answers.version)),
            ("environment", str(answers.environment.rawValue)),
            ("needs", map([
                ("users", int(answers.needs.users)),
                ("budget_usd_per_month", int(answers.needs.budgetUSDPerMonth)),
                ("compliance", str(answers.needs.compliance.rawValue)),
                ("traffic", str(answers.needs.traffic.rawValue)),
                ("multi_region", FastYAML.scalar(answers.needs.multiRegion ? "true" : "false", .bool, .plain)),
            ])),
            ("target", str(answers.target.yamlValue)),
        ]
        var app: [(String, Node)] = [
            ("version", quoted(answers.app.version)),
            ("domain", str(answers.app.domain)),
        ]
        if let email = answers.app.acmeEmail { app.append(("acme_email", str(email))) }
        if let ca = answers.app.acmeCA { app.append(("acme_ca", str(ca))) }
        root.append(("app", map(app)))
        if let d = answers.digitalocean {
            root.append(("digitalocean", map([
                ("database_host", str(d.databaseHost)),
                ("database_port", int(d.databasePort)),
                ("database_name", str(d.databaseName)),
                ("database_user", str(d.databaseUser)),
                ("spaces_region", str(d.spacesRegion)),
                ("spaces_bucket", str(d.spacesBucket)),
            ] + platformPairs(d))))
        }
        if let a = answers.aws {
            root.append(("aws", map([
                ("region", str(a.region)),
                ("account_id", quoted(a.accountID)),
                ("rds_endpoint", str(a.rdsEndpoint)),
                ("database_name", str(a.databaseName)),
                ("database_user", str(a.databaseUser)),
                ("elasticache_endpoint", str(a.elasticacheEndpoint)),
                ("s3_bucket", str(a.s3Bucket)),
            ] + ecsPairs(a))))
        }
        var secrets: [(String, Node)] = [("dir", str(answers.secrets.dir))]
        if !answers.secrets.sources.isEmpty {
            let sources = answers.secrets.sources.sorted { $0.key < $1.key }
                .map { ($0.key.rawValue, str($0.value.yamlValue)) }
            secrets.append(("sources", map(sources)))
        }
        root.append(("secrets", map(secrets)))
        let body: String
        do {
            body = try Yams.serialize(node: map(root), indent: 2, width: -1,
                                      allowUnicode: true, sortKeys: false)
        } catch {
            // libyaml only fails on invalid events; a tree of scalars and mappings has none.
            preconditionFailure("Yams could not emit the answers tree: \(error)")
        }
        return header + body
    }

    private static func map(_ pairs: [(String, Node)]) -> Node { FastYAML.mapping(pairs) }
    private static func int(_ n: Int) -> Node { FastYAML.scalar(String(n), .int, .plain) }
    /// A string that reads back as a string: plain when YAML would resolve it as one,
    /// otherwise single-quoted (Yams' own representation of `String`).
    private static func str(_ s: String) -> Node { FastYAML.string(s) }
    private static func quoted(_ s: String) -> Node { FastYAML.scalar(s, .str, .doubleQuoted) }
}

/// The keys of each mapping of the answers file, in the canonical order `encode` writes.
public enum AnswersSchema {
    /// Top level.
    public static let rootKeys = ["version", "environment", "needs", "target", "app", "digitalocean", "aws", "secrets"]
    /// `needs:`.
    public static let needsKeys = ["users", "budget_usd_per_month", "compliance", "traffic", "multi_region"]
    /// `app:`.
    public static let appKeys = ["version", "domain", "acme_email", "acme_ca"]
    /// `digitalocean:`.
    public static let digitaloceanKeys = ["database_host", "database_port", "database_name", "database_user",
                                          "spaces_region", "spaces_bucket"]
    /// `aws:`.
    public static let awsKeys = ["region", "account_id", "rds_endpoint", "database_name", "database_user",
                                 "elasticache_endpoint", "s3_bucket"]
    /// Optional keys of `digitalocean:` after the ones above: the platform choice.
    public static let digitaloceanOptionalKeys = ["platform", "app_platform"]
    /// Optional keys of `aws:` after the ones above: ECS on Fargate.
    public static let awsOptionalKeys = ["ecs"]
    /// `aws.ecs:` (see `ECSSettings`).
    public static let ecsKeys = ["cluster", "execution_role_arn", "task_role_arn", "subnets", "security_groups",
                                 "target_group_arn", "desired_count", "worker_desired_count", "backend", "worker",
                                 "assign_public_ip", "log_group", "health_check_grace_period_seconds",
                                 "max_count", "target_cpu_percent"]
    /// `aws.ecs.backend:` and `aws.ecs.worker:`: CPU units and MiB.
    public static let ecsTaskSizeKeys = ["cpu", "memory"]
    /// `digitalocean.app_platform:` (see `AppPlatformSettings`).
    public static let appPlatformKeys = ["app_name", "region", "registry_type", "registry", "repository",
                                         "instance_size", "instance_count", "worker_instance_size",
                                         "worker_instance_count", "database_cluster", "cache_cluster"]
    /// `secrets:` (`sources:` keys are `SecretName` raw values).
    public static let secretsKeys = ["dir", "sources"]
    /// `digitalocean.database_port` when absent: DigitalOcean managed databases listen on 25060.
    public static let defaultDigitalOceanDatabasePort = 25060
    /// `secrets.dir` when absent.
    public static let defaultSecretsDir = "secrets"
}

// MARK: - Reading

/// One mapping of the answers file, its known keys checked.
private struct Section {
    /// Entries by key: the key node (for its line) and the value node.
    var entries: [String: (key: Node, value: Node)] = [:]
    /// Line of the key that opened this section (or of the mapping itself).
    var line: Int?
}

/// Collects every issue while reading an answers file.
private struct AnswersReader {
    var issues: [AnswersIssue] = []

    static let rootKeys = AnswersSchema.rootKeys
    static let needsKeys = AnswersSchema.needsKeys
    static let appKeys = AnswersSchema.appKeys
    static let doKeys = AnswersSchema.digitaloceanKeys
    static let awsKeys = AnswersSchema.awsKeys
    static let secretsKeys = AnswersSchema.secretsKeys

    mutating func add(_ path: String, _ line: Int?, _ value: String?, _ message: String) {
        issues.append(AnswersIssue(path: path, value: value, message: message, line: line))
    }

    // MARK: Whole file

    /// Parses the file and checks its root mapping's keys; `nil` (with the issue recorded)
    /// when the YAML is invalid or empty.
    mutating func rootSection(_ yaml: String, emptyPath: String, emptyMessage: String) -> Section? {
        // A byte order mark (editors on Windows add one) is not part of the YAML text.
        let yaml = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let rootNode: Node?
        do {
            rootNode = try FastYAML.compose(yaml)
        } catch let error as YamlError {
            reportSyntax(error, in: yaml)
            return nil
        } catch {
            add("", nil, nil, "is not valid YAML")
            return nil
        }
        guard let rootNode, !isNull(rootNode) else {
            add(emptyPath, nil, nil, emptyMessage)
            return nil
        }
        return section(rootNode, path: "", keys: Self.rootKeys)
    }

    mutating func read(_ yaml: String, secretExists: (String, SecretName) -> Bool) -> Answers? {
        guard let root = rootSection(yaml, emptyPath: "",
                                     emptyMessage: "is empty: it needs at least version, needs and app (see assets/examples/)")
        else { return nil }

        // version
        var version: Int?
        if let (text, line) = integer(root, "version", path: "version", about: "the schema version; write version: 1") {
            version = check(FieldRules.schemaVersion(text), "version", line, shown(root, "version"))
        }
        // environment
        var environment: DeployEnvironment? = .production
        if isPresent(root, "environment") {
            environment = string(root, "environment", path: "environment", about: nil, allowed: DeployEnvironment.allCases.map(\.rawValue))
                .flatMap { check(FieldRules.environment($0.0), "environment", $0.1, $0.0) }
        }
        let needs = readNeeds(root)
        // target
        var target: TargetChoice? = .recommended
        if isPresent(root, "target") {
            target = string(root, "target", path: "target", about: nil)
                .flatMap { check(FieldRules.target($0.0), "target", $0.1, $0.0) }
        }
        let appResult = readApp(root, environment: environment)
        let digitalocean = optionalSection(root, "digitalocean").flatMap { readDigitalOcean($0) }
        let aws = optionalSection(root, "aws").flatMap { readAWS($0) }
        let secretsResult = readSecrets(root)

        // The resolved target, when it can be known.
        var resolved: Target?
        switch target {
        case .explicit(let t)?: resolved = t
        case .recommended?: resolved = needs.map { Recommender.recommend($0).recommended }
        case nil: resolved = nil
        }
        let why: (Target) -> String = { t in
            target == .recommended ? "the recommended target for these needs is \(t.rawValue)" : "the target is \(t.rawValue)"
        }
        if let resolved {
            if resolved == .digitalocean, root.entries["digitalocean"].map({ isNull($0.value) }) ?? true {
                add("digitalocean", root.entries["digitalocean"]?.key.mark?.line, nil,
                    "is required because \(why(.digitalocean)): add a digitalocean: section with \(Self.doKeys.joined(separator: ", "))")
            }
            if resolved == .aws, root.entries["aws"].map({ isNull($0.value) }) ?? true {
                add("aws", root.entries["aws"]?.key.mark?.line, nil,
                    "is required because \(why(.aws)): add an aws: section with \(Self.awsKeys.joined(separator: ", "))")
            }
        }
        if let resolved, let environment, environment != .dev,
           resolved == .selfhosted || resolved == .digitalocean,
           appResult.read, appResult.acmeEmailMissing
        {
            add("app.acme_email", appResult.line, nil,
                "is required because \(why(resolved)) and Caddy obtains the TLS certificate from Let's Encrypt: give a contact address, e.g. ops@freshtrack.io")
        }
        if let resolved, let environment, let secretsResult {
            checkRequiredSecrets(secretsResult, target: resolved, environment: environment,
                                 reason: why(resolved), secretExists: secretExists)
        }
        if let aws, let region = aws.region, let endpoint = aws.rdsEndpoint {
            checkRDSRegion(endpoint: endpoint.value, line: endpoint.line, region: region)
        }

        guard issues.isEmpty, let version, let environment, let needs, let target,
              let app = appResult.value, let secretsResult
        else { return nil }
        // Every present section was read without an issue, so each present one has a value.
        return Answers(version: version, environment: environment, needs: needs, target: target, app: app,
                       digitalocean: digitalocean, aws: aws?.value,
                       secrets: SecretsSettings(dir: secretsResult.dir ?? AnswersSchema.defaultSecretsDir, sources: secretsResult.sources))
    }

    /// Reads the root mapping and its `needs:` only; unknown keys elsewhere are not reported.
    mutating func readNeedsOnly(_ yaml: String) -> Needs? {
        guard let root = rootSection(yaml, emptyPath: "needs",
                                     emptyMessage: "is missing: give users and budget_usd_per_month at least")
        else { return nil }
        return readNeeds(root)
    }

    mutating func reportSyntax(_ error: YamlError, in yaml: String) {
        // Only the problem and its position: libyaml's context snippet could quote a line
        // holding a secret pasted by mistake.
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            var message = "is not valid YAML: \(problem) (column \(mark.column))"
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            if mark.line >= 1, mark.line <= lines.count, lines[mark.line - 1].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                message += "; indent with spaces: YAML does not allow tabs for indentation"
            }
            add("", mark.line, nil, message)
        case let .duplicatedKeysInMapping(duplicates, context):
            add("", context.mark.line, nil,
                "has the key \(duplicates.sorted().map { "`\($0)`" }.joined(separator: ", ")) twice in one mapping; each key may appear once")
        case .reader:
            add("", nil, nil, "is not valid UTF-8 text")
        default:
            add("", nil, nil, "is not valid YAML")
        }
    }

    // MARK: Sections

    mutating func readNeeds(_ root: Section) -> Needs? {
        guard let s = requiredSection(root, "needs", about: "users and budget_usd_per_month at least") else { return nil }
        var users: Int?, budget: Int?
        var compliance: Compliance? = Compliance.none, traffic: Traffic? = .steady, multi: Bool? = false
        if let (t, l) = integer(s, "users", path: "needs.users", about: "expected active users, a whole number >= 1") {
            users = check(FieldRules.users(t), "needs.users", l, shown(s, "users"))
        }
        if let (t, l) = integer(s, "budget_usd_per_month", path: "needs.budget_usd_per_month",
                                about: "monthly budget in USD, a whole number >= 0") {
            budget = check(FieldRules.budget(t), "needs.budget_usd_per_month", l, shown(s, "budget_usd_per_month"))
        }
        if isPresent(s, "compliance") {
            compliance = string(s, "compliance", path: "needs.compliance", about: nil, allowed: Compliance.allCases.map(\.rawValue))
                .flatMap { check(FieldRules.compliance($0.0), "needs.compliance", $0.1, $0.0) }
        }
        if isPresent(s, "traffic") {
            traffic = string(s, "traffic", path: "needs.traffic", about: nil, allowed: Traffic.allCases.map(\.rawValue))
                .flatMap { check(FieldRules.traffic($0.0), "needs.traffic", $0.1, $0.0) }
        }
        if isPresent(s, "multi_region") { multi = bool(s, "multi_region", path: "needs.multi_region") }
        guard let users, let budget, let compliance, let traffic, let multi else { return nil }
        return Needs(users: users, budgetUSDPerMonth: budget, compliance: compliance, traffic: traffic, multiRegion: multi)
    }

    struct AppRead {
        var value: AppSettings?
        /// Whether the `app:` section was read (when not, its absence is already reported).
        var read = false
        var acmeEmailMissing = false
        var line: Int?
    }

    mutating func readApp(_ root: Section, environment: DeployEnvironment?) -> AppRead {
        guard let s = requiredSection(root, "app", about: "version and domain at least") else { return AppRead() }
        var version: String?, domain: String?, email: String?, emailOK = true
        if let (t, l) = string(s, "version", path: "app.version", about: "the FreshTrack Pro image tag, e.g. \"1.1.0\"") {
            version = check(FieldRules.imageTag(t), "app.version", l, t)
        }
        if let (t, l) = string(s, "domain", path: "app.domain", about: "the public DNS name, e.g. track.example.com") {
            domain = check(FieldRules.domain(t, environment: environment ?? .production), "app.domain", l, t)
        }
        let emailGiven = s.entries["acme_email"].map { !isNull($0.value) } ?? false
        if emailGiven {
            if let (t, l) = string(s, "acme_email", path: "app.acme_email", about: nil) {
                email = check(FieldRules.acmeEmail(t), "app.acme_email", l, t)
            }
            emailOK = email != nil
        }
        var ca: String?, caOK = true
        if s.entries["acme_ca"].map({ !isNull($0.value) }) ?? false {
            if let (t, l) = string(s, "acme_ca", path: "app.acme_ca", about: nil) {
                ca = check(FieldRules.acmeDirectory(t), "app.acme_ca", l, t)
            }
            caOK = ca != nil
        }
        var read = AppRead(value: nil, read: true, acmeEmailMissing: !emailGiven, line: s.line)
        if let version, let domain, emailOK, caOK {
            read.value = AppSettings(version: version, domain: domain, acmeEmail: email, acmeCA: ca)
        }
        return read
    }

    struct Located { var value: String; var line: Int? }

    mutating func readDigitalOcean(_ s: Section) -> DigitalOceanSettings? {
        let p = "digitalocean."
        var host: String?, port: Int? = AnswersSchema.defaultDigitalOceanDatabasePort, name: String?, user: String?, region: String?, bucket: String?
        if let (t, l) = string(s, "database_host", path: p + "database_host",
                               about: "the managed PostgreSQL host from the DigitalOcean control panel") {
            host = check(FieldRules.hostname(t), p + "database_host", l, t)
        }
        if s.entries["database_port"].map({ !isNull($0.value) }) ?? false {
            port = nil
            if let (t, l) = integer(s, "database_port", path: p + "database_port", about: nil) {
                port = check(FieldRules.port(t), p + "database_port", l, shown(s, "database_port"))
            }
        }
        if let (t, l) = string(s, "database_name", path: p + "database_name", about: "the database name, e.g. freshtrack") {
            name = check(FieldRules.databaseName(t), p + "database_name", l, t)
        }
        if let (t, l) = string(s, "database_user", path: p + "database_user", about: "the database user, e.g. doadmin") {
            user = check(FieldRules.databaseUser(t), p + "database_user", l, t)
        }
        if let (t, l) = string(s, "spaces_region", path: p + "spaces_region", about: "the Spaces region, e.g. nyc3") {
            region = check(FieldRules.spacesRegion(t), p + "spaces_region", l, t)
        }
        if let (t, l) = string(s, "spaces_bucket", path: p + "spaces_bucket", about: "the Spaces bucket name, e.g. freshtrack-files") {
            bucket = check(FieldRules.spacesBucket(t), p + "spaces_bucket", l, t)
        }
        let platform = readDigitalOceanPlatform(s)  // digitalocean.platform, digitalocean.app_platform
        guard let host, let port, let name, let user, let region, let bucket, let platform else { return nil }
        var settings = DigitalOceanSettings(databaseHost: host, databasePort: port, databaseName: name, databaseUser: user,
                                            spacesRegion: region, spacesBucket: bucket)
        (settings.platform, settings.appPlatform) = platform
        return settings
    }

    struct AWSRead { var value: AWSSettings?; var region: String?; var rdsEndpoint: Located? }

    mutating func readAWS(_ s: Section) -> AWSRead? {
        let p = "aws."
        var region: String?, account: String?, rds: String?, name: String?, user: String?, cache: String?, bucket: String?
        var rdsAt: Located?
        if let (t, l) = string(s, "region", path: p + "region", about: "the AWS region code, e.g. us-east-1") {
            region = check(FieldRules.awsRegion(t), p + "region", l, t)
        }
        if let entry = s.entries["account_id"], !isNull(entry.value), case .scalar(let sc) = entry.value,
           tagName(sc) != .str {
            // A bare number: YAML drops leading zeros, so the id must be quoted.
            add(p + "account_id", entry.value.mark?.line, sc.string,
                "is a YAML number: quote it, account_id: \"\(sc.string)\", so leading zeros are kept (an AWS account id is exactly 12 digits)")
        } else if let (t, l) = string(s, "account_id", path: p + "account_id", about: "the 12-digit AWS account id, quoted, e.g. \"123456789012\"") {
            account = check(FieldRules.awsAccountID(t), p + "account_id", l, t)
        }
        if let (t, l) = string(s, "rds_endpoint", path: p + "rds_endpoint", about: "the RDS instance endpoint host name") {
            rds = check(FieldRules.hostname(t), p + "rds_endpoint", l, t)
            if rds != nil { rdsAt = Located(value: t, line: l) }
        }
        if let (t, l) = string(s, "database_name", path: p + "database_name", about: "the database name, e.g. freshtrack") {
            name = check(FieldRules.databaseName(t), p + "database_name", l, t)
        }
        if let (t, l) = string(s, "database_user", path: p + "database_user", about: "the database user, e.g. freshtrack") {
            user = check(FieldRules.databaseUser(t), p + "database_user", l, t)
        }
        if let (t, l) = string(s, "elasticache_endpoint", path: p + "elasticache_endpoint",
                               about: "the ElastiCache primary endpoint host name") {
            cache = check(FieldRules.hostname(t), p + "elasticache_endpoint", l, t)
        }
        if let (t, l) = string(s, "s3_bucket", path: p + "s3_bucket", about: "the S3 bucket name, e.g. freshtrack-files-prod") {
            bucket = check(FieldRules.s3Bucket(t), p + "s3_bucket", l, t)
        }
        let ecs = readECS(s, region: region, account: account)  // aws.ecs (optional)
        var read = AWSRead(value: nil, region: region, rdsEndpoint: rdsAt)
        if let region, let account, let rds, let name, let user, let cache, let bucket, let ecs {
            read.value = AWSSettings(region: region, accountID: account, rdsEndpoint: rds, databaseName: name,
                                     databaseUser: user, elasticacheEndpoint: cache, s3Bucket: bucket)
            read.value?.ecs = ecs.value
        }
        return read
    }

    struct SecretsRead {
        /// `nil` when the written dir is invalid (then existing files cannot be looked up).
        var dir: String?
        var dirValid: Bool
        var sources: [SecretName: SecretSource]
        /// Names that have an entry in `sources`, valid or not (a bad one is reported once).
        var named: Set<SecretName>
        var line: Int?
    }

    mutating func readSecrets(_ root: Section) -> SecretsRead? {
        var read = SecretsRead(dir: AnswersSchema.defaultSecretsDir, dirValid: true, sources: [:], named: [], line: nil)
        guard let s = optionalSection(root, "secrets") else {
            return root.entries["secrets"].map({ isNull($0.value) }) ?? true ? read : nil
        }
        read.line = s.line
        if s.entries["dir"].map({ !isNull($0.value) }) ?? false {
            read.dir = nil
            read.dirValid = false
            if let (t, l) = string(s, "dir", path: "secrets.dir", about: nil) {
                read.dir = check(FieldRules.secretsDir(t), "secrets.dir", l, t)
                read.dirValid = read.dir != nil
            }
        }
        if let entry = s.entries["sources"], !isNull(entry.value) {
            let names = SecretName.allCases.map(\.rawValue)
            guard case .mapping(let mapping) = entry.value else {
                add("secrets.sources", entry.value.mark?.line, nil,
                    "must be a mapping of secret name to file:PATH, env:NAME or generate, not \(kind(entry.value))")
                return nil
            }
            for (k, v) in mapping {
                let keyText = k.string ?? ""
                let path = "secrets.sources.\(keyText)"
                guard let name = SecretName(rawValue: keyText) else {
                    var message = "is not a secret name"
                    if let s = FieldRules.suggestion(for: keyText, among: names) { message += "; did you mean `\(s)`?" }
                    add(path, k.mark?.line, nil, message + " Secret names: \(names.joined(separator: ", "))")
                    continue
                }
                read.named.insert(name)
                guard case .scalar(let sc) = v, tagName(sc) == .str else {
                    add(path, v.mark?.line, nil,
                        "must be file:PATH, env:NAME or generate, written as text, not \(kind(v)) (the value is not shown)")
                    continue
                }
                if let source = check(FieldRules.secretSource(sc.string, for: name), path, v.mark?.line,
                                      FieldRules.sourceKind(sc.string)) {
                    read.sources[name] = source
                }
            }
        }
        return read
    }

    mutating func checkRequiredSecrets(_ secrets: SecretsRead, target: Target, environment: DeployEnvironment,
                                       reason: String, secretExists: (String, SecretName) -> Bool) {
        let required = SecretName.required(target: target, environment: environment, optionalProvided: secrets.named)
        for name in required where !name.canGenerate && !secrets.named.contains(name) {
            guard let dir = secrets.dir, secrets.dirValid else { continue }
            if secretExists(dir, name) { continue }
            add("secrets.sources.\(name.rawValue)", secrets.line, nil,
                "is required because \(reason): \(name.rawValue) (\(name.summary)) is issued by the provider and \(dir)/\(name.rawValue).txt does not exist. Give it a source under secrets.sources: `\(name.rawValue): file:PATH` or `\(name.rawValue): env:NAME`, or put the value in \(dir)/\(name.rawValue).txt")
        }
    }

    mutating func checkRDSRegion(endpoint: String, line: Int?, region: String) {
        let labels = endpoint.split(separator: ".").map(String.init)
        guard labels.count >= 5, labels.suffix(3) == ["rds", "amazonaws", "com"] else { return }
        let inEndpoint = labels[labels.count - 4]
        if FieldRules.awsRegions.contains(inEndpoint), inEndpoint != region {
            add("aws.rds_endpoint", line, endpoint,
                "is in region \(inEndpoint) but aws.region is \(region); the bundle's services must run in the database's region")
        }
    }

    // MARK: Node helpers

    /// `node` as a mapping with only `keys`; reports a non-mapping and every unknown key.
    mutating func section(_ node: Node, path: String, keys: [String], line: Int? = nil) -> Section? {
        guard case .mapping(let mapping) = node else {
            add(path, node.mark?.line ?? line, nil,
                path.isEmpty ? "must be a mapping of keys (version, needs, app, ...), not \(kind(node))"
                             : "must be a mapping with keys \(keys.joined(separator: ", ")), not \(kind(node))")
            return nil
        }
        var s = Section(entries: [:], line: line ?? node.mark?.line)
        for (k, v) in mapping {
            let name = k.string ?? ""
            let full = path.isEmpty ? name : "\(path).\(name)"
            if keys.contains(name) {
                s.entries[name] = (k, v)
            } else {
                var message = "is not a known key"
                if path == "secrets", SecretName(rawValue: name) != nil {
                    message += "; \(name) is a secret name: its source goes under secrets.sources (the value is not shown)."
                } else if let hint = FieldRules.suggestion(for: name, among: keys) { message += "; did you mean `\(hint)`?" }
                message += message.hasSuffix(".") || message.hasSuffix("?") ? " Allowed here: " : "; allowed here: "
                message += keys.joined(separator: ", ")
                add(full, k.mark?.line, nil, message)
            }
        }
        return s
    }

    mutating func requiredSection(_ parent: Section, _ key: String, about: String) -> Section? {
        guard let entry = parent.entries[key], !isNull(entry.value) else {
            add(key, parent.entries[key]?.key.mark?.line, nil, "is required: add a \(key): section with \(about)")
            return nil
        }
        return section(entry.value, path: key, keys: keys(for: key), line: entry.key.mark?.line)
    }

    mutating func optionalSection(_ parent: Section, _ key: String) -> Section? {
        guard let entry = parent.entries[key], !isNull(entry.value) else { return nil }
        return section(entry.value, path: key, keys: keys(for: key), line: entry.key.mark?.line)
    }

    func keys(for section: String) -> [String] {
        switch section {
        case "needs": return Self.needsKeys
        case "app": return Self.appKeys
        case "digitalocean": return Self.doKeys + AnswersSchema.digitaloceanOptionalKeys
        case "aws": return Self.awsKeys + AnswersSchema.awsOptionalKeys
        case "secrets": return Self.secretsKeys
        default: return []
        }
    }

    /// A text field: `nil` (after reporting) when missing and required, or not a string.
    /// `about == nil` means optional: a missing key is silently `nil`.
    /// `allowed` lists an enumerated field's values: a number or boolean given there is
    /// answered with those values (quoting it would not make it valid).
    mutating func string(_ s: Section, _ key: String, path: String, about: String?,
                         allowed: [String]? = nil) -> (String, Int?)? {
        guard let entry = s.entries[key], !isNull(entry.value) else {
            if let about { add(path, s.entries[key]?.key.mark?.line ?? s.line, nil, "is required: \(about)") }
            return nil
        }
        guard case .scalar(let sc) = entry.value else {
            add(path, entry.value.mark?.line, nil, "must be text, not \(kind(entry.value))")
            return nil
        }
        guard tagName(sc) == .str else {
            if let allowed {
                add(path, sc.mark?.line, sc.string, "must be one of: \(allowed.joined(separator: ", "))")
                return nil
            }
            add(path, sc.mark?.line, sc.string,
                "is read by YAML as \(kind(entry.value)), not text: put it in quotes, \(key): \"\(sc.string)\"")
            return nil
        }
        return (sc.string, sc.mark?.line)
    }

    /// An integer field: the number as decimal text for the `FieldRules` rule, or `nil`.
    mutating func integer(_ s: Section, _ key: String, path: String, about: String?) -> (String, Int?)? {
        guard let entry = s.entries[key], !isNull(entry.value) else {
            if let about { add(path, s.entries[key]?.key.mark?.line ?? s.line, nil, "is required: \(about)") }
            return nil
        }
        guard case .scalar(let sc) = entry.value else {
            add(path, entry.value.mark?.line, nil, "must be a whole number, not \(kind(entry.value))")
            return nil
        }
        switch tagName(sc) {
        case .int:
            if let n = entry.value.int { return (String(n), sc.mark?.line) }
            return (sc.string, sc.mark?.line)  // too large for Int: the rule says so
        case .str:
            // A quoted number is the wrong YAML type; anything else gets the field's rule.
            if Int(sc.string) != nil {
                add(path, sc.mark?.line, sc.string, "is a quoted number (text): write the number without quotes")
                return nil
            }
            return (sc.string, sc.mark?.line)
        case .float:
            return (sc.string, sc.mark?.line)  // the rule refuses it as not a whole number
        default:
            add(path, sc.mark?.line, sc.string, "must be a whole number, not \(kind(entry.value))")
            return nil
        }
    }

    /// A present true/false field, or `nil` after reporting a problem.
    mutating func bool(_ s: Section, _ key: String, path: String) -> Bool? {
        guard let entry = s.entries[key] else { return nil }
        if case .scalar(let sc) = entry.value, tagName(sc) == .bool, let b = entry.value.bool { return b }
        let shownValue: String? = { if case .scalar(let sc) = entry.value { return sc.string } else { return nil } }()
        var message = "must be true or false"
        if case .scalar(let sc) = entry.value, tagName(sc) == .str, ["true", "false"].contains(sc.string.lowercased()) {
            message += ", without quotes"
        }
        add(path, entry.value.mark?.line, shownValue, message)
        return nil
    }

    /// The value of `key` as written, for messages.
    func shown(_ s: Section, _ key: String) -> String? {
        if case .scalar(let sc)? = s.entries[key]?.value { return sc.string }
        return nil
    }

    mutating func check<T>(_ result: Result<T, FieldProblem>, _ path: String, _ line: Int?, _ shownValue: String?) -> T? {
        switch result {
        case .success(let v): return v
        case .failure(let p):
            add(path, line, shownValue, p.message)
            return nil
        }
    }

    /// The resolved tag of a scalar (`!!str`, `!!int`, ...), as YAML 1.1 reads it.
    func tagName(_ sc: Node.Scalar) -> Tag.Name { Tag.Name(rawValue: Node.scalar(sc).tag.rawValue) }

    /// Whether `key` is written with a non-null value.
    func isPresent(_ s: Section, _ key: String) -> Bool {
        s.entries[key].map { !isNull($0.value) } ?? false
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let sc) = node { return tagName(sc) == .null }
        return false
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let sc):
            switch tagName(sc) {
            case .int, .float: return "a number"
            case .bool: return "a true/false value"
            case .null: return "empty"
            case .timestamp: return "a date"
            case .str: return "text"
            default: return "a \(tagName(sc).rawValue) value"
            }
        }
    }
}


// MARK: - ECS on Fargate (aws.ecs) and App Platform (digitalocean.platform, digitalocean.app_platform)

extension AnswersCodec {
    /// `aws.ecs:` for `encode`, every key written out; nothing without ECS settings.
    fileprivate static func ecsPairs(_ a: AWSSettings) -> [(String, Node)] {
        guard let e = a.ecs else { return [] }
        let size: (FargateTaskSize) -> Node = { map([("cpu", int($0.cpu)), ("memory", int($0.memoryMiB))]) }
        let list: ([String]) -> Node = { FastYAML.sequence($0.map { str($0) }) }
        return [("ecs", map([
            ("cluster", str(e.cluster)),
            ("execution_role_arn", str(e.executionRoleARN)),
            ("task_role_arn", str(e.taskRoleARN)),
            ("subnets", list(e.subnets)),
            ("security_groups", list(e.securityGroups)),
            ("target_group_arn", str(e.targetGroupARN)),
            ("desired_count", int(e.desiredCount)),
            ("worker_desired_count", int(e.workerDesiredCount)),
            ("backend", size(e.backend)),
            ("worker", size(e.worker)),
            ("assign_public_ip", FastYAML.scalar(e.assignPublicIP ? "true" : "false", .bool, .plain)),
            ("log_group", str(e.logGroup)),
            ("health_check_grace_period_seconds", int(e.healthCheckGracePeriodSeconds)),
        ] + (e.maxCount.map { [("max_count", int($0))] } ?? []) + [
            ("target_cpu_percent", int(e.targetCPUPercent)),
        ]))]
    }

    /// `digitalocean.platform` (always) and `digitalocean.app_platform:` (when set) for `encode`.
    fileprivate static func platformPairs(_ d: DigitalOceanSettings) -> [(String, Node)] {
        var pairs: [(String, Node)] = [("platform", str(d.platform.rawValue))]
        if let ap = d.appPlatform {
            var m: [(String, Node)] = [("app_name", str(ap.appName)), ("region", str(ap.region)),
                                       ("registry_type", str(ap.registryType.rawValue))]
            if let r = ap.registry { m.append(("registry", str(r))) }
            m += [("repository", str(ap.repository)),
                  ("instance_size", str(ap.instanceSize)), ("instance_count", int(ap.instanceCount)),
                  ("worker_instance_size", str(ap.workerInstanceSize)), ("worker_instance_count", int(ap.workerInstanceCount)),
                  ("database_cluster", str(ap.databaseCluster)), ("cache_cluster", str(ap.cacheCluster))]
            pairs.append(("app_platform", map(m)))
        }
        return pairs
    }
}

extension AnswersReader {
    /// `aws.ecs:` read: `value` is `nil` when the section is absent (no ECS files).
    struct ECSRead { var value: ECSSettings? }

    /// Reads `aws.ecs:`; `nil` (after reporting) when it is present but has a problem. ARNs are
    /// checked against `aws.region`/`aws.account_id` when those are valid, else for shape only.
    mutating func readECS(_ aws: Section, region: String?, account: String?) -> ECSRead? {
        guard let entry = aws.entries["ecs"], !isNull(entry.value) else { return ECSRead(value: nil) }
        guard let s = section(entry.value, path: "aws.ecs", keys: AnswersSchema.ecsKeys, line: entry.key.mark?.line)
        else { return nil }
        let p = "aws.ecs."
        var ok = true
        let arnField: (String, Int) -> String = { arn, index in
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > index ? String(parts[index]) : ""
        }
        var cluster: String? = ECSSettings.defaultCluster
        if isPresent(s, "cluster") {
            cluster = string(s, "cluster", path: p + "cluster", about: nil)
                .flatMap { check(FieldRules.ecsClusterName($0.0), p + "cluster", $0.1, $0.0) }
        }
        var roles: [String: String] = [:]
        for (key, about) in [("execution_role_arn", "the IAM task execution role ARN (ECR pull, logs, secretsmanager:GetSecretValue), e.g. arn:aws:iam::123456789012:role/freshtrack-ecs-execution"),
                             ("task_role_arn", "the IAM task role ARN (S3 access for the containers), e.g. arn:aws:iam::123456789012:role/freshtrack-ecs-task")] {
            if let (t, l) = string(s, key, path: p + key, about: about) {
                roles[key] = check(FieldRules.iamRoleARN(t, accountID: account ?? arnField(t, 4)), p + key, l, t)
            }
            if roles[key] == nil { ok = false }
        }
        var targetGroup: String?
        if let (t, l) = string(s, "target_group_arn", path: p + "target_group_arn",
                               about: "the ALB target group ARN (target type ip, port 3000, health check /health)") {
            targetGroup = check(FieldRules.targetGroupARN(t, region: region ?? arnField(t, 3), accountID: account ?? arnField(t, 4)),
                                p + "target_group_arn", l, t)
        }
        let subnets = idList(s, "subnets", path: p + "subnets", what: "subnet", max: 16,
                             example: "subnet-0a1b2c3d4e5f60718", rule: FieldRules.subnetID)
        let groups = idList(s, "security_groups", path: p + "security_groups", what: "security group", max: 5,
                            example: "sg-0a1b2c3d4e5f60718", rule: FieldRules.securityGroupID)
        var desired: Int? = ECSSettings.defaultDesiredCount, workers: Int? = ECSSettings.defaultWorkerDesiredCount
        if isPresent(s, "desired_count") {
            desired = integer(s, "desired_count", path: p + "desired_count", about: nil)
                .flatMap { check(FieldRules.ecsDesiredCount($0.0), p + "desired_count", $0.1, shown(s, "desired_count")) }
        }
        if isPresent(s, "worker_desired_count") {
            workers = integer(s, "worker_desired_count", path: p + "worker_desired_count", about: nil)
                .flatMap { check(FieldRules.ecsWorkerDesiredCount($0.0), p + "worker_desired_count", $0.1, shown(s, "worker_desired_count")) }
        }
        let backend = taskSize(s, "backend", path: p + "backend", default: ECSSettings.defaultBackendSize)
        let worker = taskSize(s, "worker", path: p + "worker", default: ECSSettings.defaultWorkerSize)
        var publicIP: Bool? = false
        if isPresent(s, "assign_public_ip") { publicIP = bool(s, "assign_public_ip", path: p + "assign_public_ip") }
        var logGroup: String? = ECSSettings.defaultLogGroup
        if isPresent(s, "log_group") {
            logGroup = string(s, "log_group", path: p + "log_group", about: nil)
                .flatMap { check(FieldRules.logGroupName($0.0), p + "log_group", $0.1, $0.0) }
        }
        var grace: Int? = ECSSettings.defaultHealthCheckGracePeriodSeconds
        if isPresent(s, "health_check_grace_period_seconds") {
            grace = integer(s, "health_check_grace_period_seconds", path: p + "health_check_grace_period_seconds", about: nil)
                .flatMap { check(FieldRules.healthCheckGracePeriod($0.0), p + "health_check_grace_period_seconds", $0.1,
                                 shown(s, "health_check_grace_period_seconds")) }
        }
        var maxCount: Int?, maxOK = true
        if isPresent(s, "max_count") {
            maxCount = integer(s, "max_count", path: p + "max_count", about: nil)
                .flatMap { check(FieldRules.ecsMaxCount($0.0, desiredCount: desired ?? ECSSettings.defaultDesiredCount),
                                 p + "max_count", $0.1, shown(s, "max_count")) }
            maxOK = maxCount != nil
        }
        var targetCPU: Int? = ECSSettings.defaultTargetCPUPercent
        if isPresent(s, "target_cpu_percent") {
            targetCPU = integer(s, "target_cpu_percent", path: p + "target_cpu_percent", about: nil)
                .flatMap { check(FieldRules.ecsTargetCPUPercent($0.0), p + "target_cpu_percent", $0.1, shown(s, "target_cpu_percent")) }
        }
        guard ok, maxOK, let cluster, let exec = roles["execution_role_arn"], let task = roles["task_role_arn"], let targetGroup,
              let subnets, let groups, let desired, let workers, let backend, let worker, let publicIP, let logGroup, let grace,
              let targetCPU
        else { return nil }
        return ECSRead(value: ECSSettings(
            cluster: cluster, executionRoleARN: exec, taskRoleARN: task, subnets: subnets, securityGroups: groups,
            targetGroupARN: targetGroup, desiredCount: desired, workerDesiredCount: workers, backend: backend, worker: worker,
            assignPublicIP: publicIP, logGroup: logGroup, healthCheckGracePeriodSeconds: grace,
            maxCount: maxCount, targetCPUPercent: targetCPU))
    }

    /// A required list of AWS ids (`subnets`, `security_groups`): 1...`max` text entries, each
    /// passing `rule`, none twice. `nil` after reporting every problem.
    mutating func idList(_ s: Section, _ key: String, path: String, what: String, max: Int, example: String,
                         rule: (String) -> Result<String, FieldProblem>) -> [String]? {
        guard let entry = s.entries[key], !isNull(entry.value) else {
            add(path, s.entries[key]?.key.mark?.line ?? s.line, nil, "is required: a list of 1-\(max) \(what) ids, e.g. [\(example)]")
            return nil
        }
        guard case .sequence(let seq) = entry.value else {
            add(path, entry.value.mark?.line, shown(s, key), "must be a list of \(what) ids, e.g. [\(example)], not \(kind(entry.value))")
            return nil
        }
        var out: [String] = [], bad = false
        for (i, item) in seq.enumerated() {
            guard case .scalar(let sc) = item, tagName(sc) == .str else {
                add("\(path)[\(i)]", item.mark?.line, item.scalar?.string, "must be text (a \(what) id), not \(kind(item))")
                bad = true
                continue
            }
            if let v = check(rule(sc.string), "\(path)[\(i)]", sc.mark?.line, sc.string) { out.append(v) } else { bad = true }
        }
        if !(1...max).contains(seq.count) {
            add(path, entry.value.mark?.line ?? entry.key.mark?.line, nil,
                "must list 1-\(max) \(what) ids (ECS awsvpcConfiguration allows at most \(max)); it lists \(seq.count)")
            bad = true
        }
        if Set(out).count != out.count {
            add(path, entry.value.mark?.line ?? entry.key.mark?.line, nil, "must not list a \(what) twice")
            bad = true
        }
        return bad ? nil : out
    }

    /// `aws.ecs.backend:` / `aws.ecs.worker:` (`cpu`, `memory`, both required when the section is
    /// given), or `fallback` when absent; `nil` after reporting a pair Fargate does not allow.
    mutating func taskSize(_ s: Section, _ key: String, path: String, default fallback: FargateTaskSize) -> FargateTaskSize? {
        guard let entry = s.entries[key], !isNull(entry.value) else { return fallback }
        guard let t = section(entry.value, path: path, keys: AnswersSchema.ecsTaskSizeKeys, line: entry.key.mark?.line)
        else { return nil }
        let cpus = FargateSizes.rows.map { String($0.cpu) }.joined(separator: ", ")
        var cpu: Int?, memory: Int?
        if let (c, l) = integer(t, "cpu", path: path + ".cpu", about: "Fargate task CPU units, one of \(cpus) (1024 = 1 vCPU)") {
            cpu = check(FieldRules.fargateCPU(c), path + ".cpu", l, shown(t, "cpu"))
        }
        if let (m, l) = integer(t, "memory", path: path + ".memory", about: "task memory in MiB that Fargate allows with the cpu") {
            if let cpu { memory = check(FieldRules.fargateMemory(m, cpu: cpu), path + ".memory", l, shown(t, "memory")) }
        }
        guard let cpu, let memory else { return nil }
        return FargateTaskSize(cpu: cpu, memoryMiB: memory)
    }

    /// `digitalocean.platform` and `digitalocean.app_platform:`; `nil` after reporting a problem.
    /// `app_platform` is required when the platform is `app_platform`, and kept (unused) when
    /// the platform is `droplet`, so switching back and forth loses nothing.
    mutating func readDigitalOceanPlatform(_ s: Section) -> (DigitalOceanPlatform, AppPlatformSettings?)? {
        var platform: DigitalOceanPlatform? = .droplet
        if isPresent(s, "platform") {
            platform = string(s, "platform", path: "digitalocean.platform", about: nil)
                .flatMap { check(FieldRules.digitalOceanPlatform($0.0), "digitalocean.platform", $0.1, $0.0) }
        }
        var appPlatform: AppPlatformSettings?, appPlatformOK = true
        if let entry = s.entries["app_platform"], !isNull(entry.value) {
            appPlatform = readAppPlatform(entry.value, line: entry.key.mark?.line)
            appPlatformOK = appPlatform != nil
        } else if platform == .appPlatform {
            add("digitalocean.app_platform", s.entries["app_platform"]?.key.mark?.line ?? s.entries["platform"]?.key.mark?.line, nil,
                "is required because digitalocean.platform is app_platform: add an app_platform: section with database_cluster and cache_cluster at least")
            appPlatformOK = false
        }
        guard let platform, appPlatformOK else { return nil }
        return (platform, appPlatform)
    }

    /// An optional text field with a default: `fallback` when absent, the value when it passes
    /// `rule`, `nil` after reporting a problem.
    mutating func optionalText(_ s: Section, _ section: String, _ key: String, _ fallback: String,
                               _ rule: (String) -> Result<String, FieldProblem>) -> String? {
        guard isPresent(s, key) else { return fallback }
        return string(s, key, path: "\(section).\(key)", about: nil)
            .flatMap { check(rule($0.0), "\(section).\(key)", $0.1, $0.0) }
    }

    mutating func readAppPlatform(_ node: Node, line: Int?) -> AppPlatformSettings? {
        let p = "digitalocean.app_platform"
        guard let s = section(node, path: p, keys: AnswersSchema.appPlatformKeys, line: line) else { return nil }
        let appName = optionalText(s, p, "app_name", AppPlatformSettings.defaultAppName, FieldRules.appPlatformAppName)
        let region = optionalText(s, p, "region", AppPlatformSettings.defaultRegion, FieldRules.appPlatformRegion)
        let repository = optionalText(s, p, "repository", AppPlatformSettings.defaultRepository, FieldRules.imageRepository)
        let size = optionalText(s, p, "instance_size", AppPlatformSettings.defaultInstanceSize, FieldRules.appPlatformInstanceSize)
        let workerSize = optionalText(s, p, "worker_instance_size", AppPlatformSettings.defaultInstanceSize,
                                      FieldRules.appPlatformInstanceSize)
        var registryType: AppPlatformRegistryType? = .docr
        if isPresent(s, "registry_type") {
            registryType = string(s, "registry_type", path: "\(p).registry_type", about: nil)
                .flatMap { check(FieldRules.appPlatformRegistryType($0.0), "\(p).registry_type", $0.1, $0.0) }
        }
        var registry: String?, registryOK = true
        if isPresent(s, "registry") {
            if let (t, _) = string(s, "registry", path: "\(p).registry", about: nil) { registry = t } else { registryOK = false }
        }
        if let registryType, registryOK {
            let found = AppPlatformSettings.registryIssues(registryType, registry, path: p,
                                                           line: s.entries["registry"]?.value.mark?.line ?? s.line)
            issues += found
            registryOK = found.isEmpty
        }
        var counts: [String: Int] = [:]
        for (key, sizeKey) in [("instance_count", size), ("worker_instance_count", workerSize)] {
            guard isPresent(s, key) else { counts[key] = 1; continue }
            if let (t, l) = integer(s, key, path: "\(p).\(key)", about: nil) {
                counts[key] = check(FieldRules.appPlatformInstanceCount(t, size: sizeKey), "\(p).\(key)", l, shown(s, key))
            }
        }
        var clusters: [String: String] = [:]
        for (key, about) in [("database_cluster", "the name of the managed PostgreSQL cluster App Platform attaches, e.g. freshtrack-pg"),
                             ("cache_cluster", "the name of the managed Valkey cluster App Platform attaches, e.g. freshtrack-valkey")] {
            if let (t, l) = string(s, key, path: "\(p).\(key)", about: about) {
                clusters[key] = check(FieldRules.databaseClusterName(t), "\(p).\(key)", l, t)
            }
        }
        guard registryOK, let appName, let region, let repository, let size, let workerSize, let registryType,
              let count = counts["instance_count"], let workerCount = counts["worker_instance_count"],
              let db = clusters["database_cluster"], let cache = clusters["cache_cluster"]
        else { return nil }
        return AppPlatformSettings(appName: appName, region: region, registryType: registryType, registry: registry,
                                   repository: repository, instanceSize: size, instanceCount: count,
                                   workerInstanceSize: workerSize, workerInstanceCount: workerCount,
                                   databaseCluster: db, cacheCluster: cache)
    }
}

/// What is already on disk in the bundle directory, read by the edge and handed in.
public struct ExistingBundle: Sendable, Hashable {
    /// Non-secret files: path (as in `PlannedFile.path`) -> bytes.
    public var files: [String: [UInt8]]
    /// Secret files that exist: path -> value. Existing secrets are kept byte for byte.
    public var secrets: [String: SecretValue]

    public init(files: [String: [UInt8]] = [:], secrets: [String: SecretValue] = [:]) {
        self.files = files
        self.secrets = secrets
    }
}

/// Everything the planner needs; it performs no I/O itself.
public struct PlanInputs: Sendable {
    public var answers: Answers
    public var existing: ExistingBundle
    /// Values of `file:`/`env:` sources, already read by the edge.
    public var providedSecrets: [SecretName: SecretValue]
    public var generator: any SecretGenerator

    public init(answers: Answers, existing: ExistingBundle = ExistingBundle(),
                providedSecrets: [SecretName: SecretValue] = [:],
                generator: any SecretGenerator = SystemSecretGenerator()) {
        self.answers = answers
        self.existing = existing
        self.providedSecrets = providedSecrets
        self.generator = generator
    }
}

/// Why a plan cannot be made. `description` is the message `apply` prints; it never holds
/// a secret's value.
public enum PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An answer the planner refuses although its reader took it (`app.version` not an
    /// exact image tag, `secrets.dir` empty, with `..` or a control character): `field` is
    /// its YAML path, `problem` names the value and what is allowed.
    case answerRefused(field: String, problem: String)
    /// The target needs `field` (`app.acme_email`) and the answers lack it; `why` says what
    /// uses it.
    case answerRequired(field: String, target: Target, why: String)
    /// The target needs the answers section `section` (`digitalocean`, `aws`) and the
    /// answers lack it; `contents` says what it holds.
    case sectionRequired(section: String, target: Target, contents: String)
    /// A managed deployment's settings (`aws.ecs`, `digitalocean.app_platform`) break their
    /// rules: every issue at once, each with its YAML path.
    case settings([AnswersIssue])
    /// A secret the target needs has no source, no existing file, and the tool may not
    /// generate it (the provider issues it); `file` is where its file would be.
    case secretHasNoValue(SecretName, target: Target, file: String)
    /// A secret value breaks a rule of `Planner.checkSecretValue` (empty, a control
    /// character, shorter than MinIO accepts, not safe in redis.conf); `problem` follows
    /// `secret NAME` in the message and never holds the value.
    case secretValueRefused(SecretName, problem: String)
    /// An existing secret file ends in `count` line-break bytes, which the containers would
    /// read as part of the value (apply never rewrites an existing secret).
    case secretFileEndsInLineBreak(path: String, count: Int)
    /// The rendered non-secret file `path` would contain the value of `secret`.
    case secretInFile(path: String, secret: SecretName)
    /// No running service of this bundle reads `secret`.
    case secretUnused(SecretName)
    /// A rendered bundle file breaks a rule every file keeps (UTF-8 without a byte-order
    /// mark, pinned image tags, `.env` syntax), or could not be emitted; `problem` says which.
    case renderedFile(path: String, problem: String)
    /// The YAML file `file` (an embedded asset or a rendered Compose file) does not parse.
    case notYAML(file: String, reason: String)
    /// The YAML file `file` parses, but its top level is not a mapping.
    case notAMapping(file: String)
    /// A key of an embedded data file is missing, mistyped or unknown (or the file does not
    /// parse): `message`, made by `YAMLFields`, names the file, the key's path, the value and
    /// what is allowed.
    case assetField(String)
    /// An embedded asset is malformed or disagrees with another: a build defect, not an
    /// operator error. `asset` names the file (`image-users.yaml`, `docker-compose.yml`)
    /// or is `compose` for the Compose files taken together.
    case asset(String, problem: String)
    /// A Compose file of the bundle reads `${variable}` (at `context`, e.g.
    /// `services.backend.environment.DATABASE_URL`) and the bundle's `.env` gives it no value.
    case variableHasNoValue(String, context: String)
    /// The embedded template `template` lacks its `marker` (`@@CONFIG@@`).
    case templateMarkerMissing(template: String, marker: String)
    /// The template `template`, once filled, still holds a placeholder, near `near`.
    case unfilledPlaceholder(template: String, near: String)

    public var description: String {
        switch self {
        case .answerRefused(let field, let problem): return "\(field): \(problem)"
        case .answerRequired(let field, let target, let why): return "\(field) is required for target \(target.rawValue): \(why)"
        case .sectionRequired(let section, let target, let contents):
            return "\(section): section is required for target \(target.rawValue) (\(contents))"
        case .settings(let issues): return issues.map(\.description).joined(separator: "\n")
        case .secretHasNoValue(let name, let target, let file):
            return "secret \(name.rawValue) (\(name.summary)) is required for target \(target.rawValue) but has no value: add `\(name.rawValue): file:PATH` or `\(name.rawValue): env:NAME` under secrets.sources in the answers file, or create \(file) (mode 0600)"
        case .secretValueRefused(let name, let problem): return "secret \(name.rawValue) \(problem)"
        case .secretFileEndsInLineBreak(let path, let count):
            return "the existing secret file \(path) ends in a line break, which the containers would read as part of the secret (so the password would not match); apply never rewrites an existing secret, so remove it yourself from the bundle directory with `truncate -s -\(count) \(path)` (or write secret files with `printf %s`, not `echo`) and run again"
        case .secretInFile(let path, let secret):
            return "\(path) would contain the value of secret \(secret.rawValue); refusing to write it (is the same value used for a non-secret setting?)"
        case .secretUnused(let name): return "secret \(name.rawValue): no running service reads it in this bundle"
        case .renderedFile(let path, let problem): return "\(path): \(problem)"
        case .notYAML(let file, let reason): return "\(file): not valid YAML: \(reason)"
        case .notAMapping(let file): return "\(file): must be a YAML mapping"
        case .assetField(let message): return message
        case .asset(let asset, let problem): return "\(asset): \(problem)"
        case .variableHasNoValue(let variable, let context):
            return "compose: \(context): ${\(variable)} has no value in the bundle's .env"
        case .templateMarkerMissing(let template, let marker): return "\(template) has no \(marker) marker"
        case .unfilledPlaceholder(let template, let near): return "\(template): unfilled placeholder near \(near)"
        }
    }
}

/// Turns answers into the full list of files of a bundle. Pure: no clock, no randomness
/// (new secrets come from `inputs.generator`), no disk.
///
/// The bundle (paths relative to the bundle directory unless the secrets dir is absolute):
/// - `docker-compose.yml` and the overlays of `BundleLayout.composeFiles`, copied from
///   `assets/compose/` (0644);
/// - `Caddyfile` when the bundle runs Caddy (0644);
/// - `.env` with `COMPOSE_FILE` and every non-secret variable the compose files read (0600);
/// - `<secrets dir>/<name>.txt` (+ `<name>.<user>.txt` per extra container user), 0600,
///   owned per `image-users.yaml`, in a 0700 directory;
/// - `freshtrack-answers.yaml` (`AnswersCodec.encode`, 0644) and `.gitignore` (0644).
public enum Planner {
    /// Mode of the secrets directory.
    public static let secretsDirectoryMode: UInt16 = 0o700
    /// Mode of every secret file.
    public static let secretFileMode: UInt16 = 0o600
    /// Mode of `.env` (no secrets, but hostnames and user names the operator may not want
    /// world-readable).
    public static let envFileMode: UInt16 = 0o600
    /// Mode of the other files.
    public static let publicFileMode: UInt16 = 0o644
    /// Secret values at least this long are searched for in every non-secret file; a hit
    /// is an error. (Shorter ones would match ordinary words.)
    public static let leakCheckMinimumLength = 8

    /// - Throws: `PlanError` when a section the target needs is missing, a required secret
    ///   has no existing file, no provided value and cannot be generated, a value cannot be
    ///   written safely, or a rendered file fails validation.
    public static func plan(_ inputs: PlanInputs) throws(PlanError) -> Plan {
        let answers = inputs.answers
        let target = answers.resolvedTarget
        let environment = answers.environment
        try checkApp(answers.app)

        let optional: Set<SecretName> = Set(answers.secrets.sources.keys)
            .union(inputs.providedSecrets.keys)
            .filter { $0 == .elasticacheAuthToken }
        let secretNames = SecretName.required(target: target, environment: environment, optionalProvided: optional)
        let elastiCacheAuth = environment != .dev && target == .aws && secretNames.contains(.elasticacheAuthToken)
        let composeFiles = BundleLayout.composeFiles(target: target, environment: environment,
                                                     elastiCacheAuth: elastiCacheAuth)
        let active = try BundleLayout.activeServices(files: composeFiles)
        let images = try BundleLayout.images(files: composeFiles)

        // Secrets.
        let secretsDir = try normalizedSecretsDir(answers.secrets.dir)
        var warnings: [String] = []
        let secrets = try secretFiles(secretNames, inputs: inputs, secretsDir: secretsDir,
                                      activeServices: active, images: images, warnings: &warnings)

        // Non-secret files.
        let (rest, env) = try nonSecretFiles(answers: answers, target: target, composeFiles: composeFiles,
                                             secretsDir: secretsDir, secretNames: secretNames, existing: inputs.existing)

        try validate(files: rest, secrets: secrets.values, env: env)
        warnings += planNotes(answers: answers, target: target, files: rest)

        return Plan(target: target, environment: environment,
                    directories: [PlannedDirectory(path: secretsDir, mode: secretsDirectoryMode)],
                    files: secrets.files.sorted { $0.path < $1.path } + rest,
                    warnings: warnings, nextCommand: nextCommand(files: rest))
    }

    /// The secret files of `names` (one per container user, in `secretsDir`) and each
    /// secret's value, in the order of `names`. An existing file is kept byte for byte;
    /// otherwise the file is created with the chosen value (`secretValue`). Warnings about
    /// the secrets (differing copies, a kept value that differs from its source, a weak
    /// value) are appended to `warnings` in that order.
    private static func secretFiles(_ names: [SecretName], inputs: PlanInputs, secretsDir: String,
                                    activeServices: [String], images: [String: String],
                                    warnings: inout [String]) throws(PlanError)
        -> (files: [PlannedFile], values: [(SecretName, SecretValue)]) {
        var secretFiles: [PlannedFile] = []
        var secretValues: [(SecretName, SecretValue)] = []
        for name in names {
            let layout = try SecretLayout.files(for: name, activeServices: activeServices, images: images)
            let paths = layout.map { join(secretsDir, $0.fileName) }
            let value = try secretValue(name, paths: paths, inputs: inputs, warnings: &warnings)
            try checkSecretValue(name, value)
            if let weak = strengthWarning(name, value) { warnings.append(weak) }
            secretValues.append((name, value))
            for (file, path) in zip(layout, paths) {
                let isKept = inputs.existing.secrets[path] != nil
                secretFiles.append(PlannedFile(path: path, contents: isKept ? inputs.existing.secrets[path]!.bytes : value.bytes,
                                               mode: secretFileMode, owner: file.owner, kind: .secret(name),
                                               action: isKept ? .keep : .create))
            }
        }
        return (secretFiles, secretValues)
    }

    /// The value of secret `name`, whose copies are `paths`: the first existing copy (every
    /// existing copy must not end in a line break; differing copies, or a provided value
    /// that differs, add a warning), else the provided value, else a generated one.
    /// - Throws: `PlanError.secretFileEndsInLineBreak` for such a copy,
    ///   `PlanError.secretHasNoValue` when nothing exists, is provided or can be generated.
    private static func secretValue(_ name: SecretName, paths: [String], inputs: PlanInputs,
                                    warnings: inout [String]) throws(PlanError) -> SecretValue {
        let answers = inputs.answers
        let existing = paths.compactMap { inputs.existing.secrets[$0] }
        if let kept = existing.first {
            for path in paths {
                guard let bytes = inputs.existing.secrets[path]?.bytes else { continue }
                if let count = trailingLineBreaks(bytes) { throw .secretFileEndsInLineBreak(path: path, count: count) }
            }
            if Set(existing).count > 1 {
                warnings.append("The existing copies of secret \(name.rawValue) (\(paths.filter { inputs.existing.secrets[$0] != nil }.joined(separator: ", "))) differ; all are kept. Make them equal, or the containers disagree on the value.")
            }
            if let provided = inputs.providedSecrets[name], provided != kept {
                let source = answers.secrets.sources[name]?.yamlValue ?? "its source"
                warnings.append("Secret \(name.rawValue): the existing file \(paths.first { inputs.existing.secrets[$0] != nil }!) is kept; its value differs from \(source) in secrets.sources. Secrets are never overwritten: run `freshtrack-deploy rotate \(name.rawValue) --from \(source)` to replace it\(name == .postgresPassword ? " (rotate also prints the ALTER USER step PostgreSQL needs first)" : "").")
            }
            return kept
        } else if let provided = inputs.providedSecrets[name] {
            return provided
        } else if name.canGenerate {
            return inputs.generator.generate(for: name)
        } else {
            throw .secretHasNoValue(name, target: answers.resolvedTarget, file: paths[0])
        }
    }

    /// The non-secret files of the bundle, in the order they are written (compose files,
    /// Caddyfile, `.env`, `.gitignore`, the answers, then the ECS or App Platform files),
    /// each marked unchanged or update against `existing`, and the `.env` entries.
    private static func nonSecretFiles(answers: Answers, target: Target, composeFiles: [String],
                                       secretsDir: String, secretNames: [SecretName],
                                       existing: ExistingBundle) throws(PlanError)
        -> (files: [PlannedFile], env: [EnvEntry]) {
        let environment = answers.environment
        var rest: [PlannedFile] = []
        for file in composeFiles {
            rest.append(PlannedFile(path: file, contents: Array(BundleLayout.assetText(file).utf8),
                                    mode: publicFileMode, kind: .compose))
        }
        if BundleLayout.runsCaddy(target: target, environment: environment) {
            rest.append(PlannedFile(path: BundleLayout.caddyfile, contents: Array(Assets.required("caddy/Caddyfile").utf8),
                                    mode: publicFileMode, kind: .caddyfile))
        }
        let env = try RenderEnv.entries(answers: answers, target: target, composeFiles: composeFiles,
                                        secretsDir: secretsDir)
        let envText = try EnvFile.render(header: RenderEnv.header(target: target, environment: environment), entries: env)
        rest.append(PlannedFile(path: ".env", contents: Array(envText.utf8), mode: envFileMode, kind: .env))
        rest.append(PlannedFile(path: ".gitignore", contents: Array(gitignore(secretsDir: secretsDir).utf8),
                                mode: publicFileMode, kind: .gitignore))
        rest.append(PlannedFile(path: BundleLayout.answersFile, contents: Array(AnswersCodec.encode(answers).utf8),
                                mode: publicFileMode, kind: .answers))
        // ECS on Fargate (`aws/`, when the answers have aws.ecs) and App Platform (`do/`, when
        // digitalocean.platform is app_platform); both empty in dev.
        if target == .aws { rest += try ECSRenderer.files(for: answers, secrets: secretNames) }
        if target == .digitalocean { rest += try AppPlatformRenderer.files(for: answers) }
        for index in rest.indices {
            let path = rest[index].path
            if let old = existing.files[path] {
                rest[index].action = old == rest[index].contents ? .unchanged : .update
            }
        }
        return (rest, env)
    }

    /// The plan's warnings after the secrets': what the answers' needs imply, what the
    /// operator must do, the staging CA note, then the ECS or App Platform notes.
    private static func planNotes(answers: Answers, target: Target, files rest: [PlannedFile]) -> [String] {
        let environment = answers.environment
        var warnings = needsWarnings(answers: answers, target: target)
        let appPlatform = rest.contains { $0.path == appPlatformDeployScript }
        warnings += operatorWarnings(answers: answers, target: target, environment: environment,
                                     appPlatform: appPlatform)
        if environment == .staging, answers.app.acmeCA == nil, BundleLayout.runsCaddy(target: target, environment: environment) {
            warnings.append("Staging gets its certificate from Let's Encrypt's staging CA (\(ACMEDirectory.letsEncryptStaging)): browsers do not trust it, and the production rate limits are spared. Set app.acme_ca to \(ACMEDirectory.letsEncrypt) for a trusted certificate.")
        }
        if target == .aws { warnings += ECSRenderer.notes(for: answers) }
        if target == .digitalocean { warnings += AppPlatformRenderer.notes(for: answers) }
        return warnings
    }

    /// The deploy script of an ECS on Fargate bundle (`aws.ecs` set, not dev).
    public static let ecsDeployScript = "aws/deploy-aws.sh"
    /// The deploy script of an App Platform bundle (`digitalocean.platform: app_platform`, not dev).
    public static let appPlatformDeployScript = "do/deploy-app-platform.sh"

    /// `Plan.nextCommand` for a bundle with these non-secret files: the deploy script's
    /// `--dry-run` (it prints every call and ends by saying to run it without `--dry-run`)
    /// when the bundle deploys to ECS on Fargate or App Platform, else `docker compose up -d`.
    static func nextCommand(files: [PlannedFile]) -> String {
        for script in [ecsDeployScript, appPlatformDeployScript] where files.contains(where: { $0.path == script }) {
            return "\(script) --dry-run"
        }
        return "docker compose up -d"
    }

    /// How many line-break bytes (`\n`, `\r`) end a kept secret file's bytes (as `echo pw >
    /// file` leaves): the container would read them as part of the secret, and apply never
    /// rewrites an existing secret, so the operator must fix it
    /// (`PlanError.secretFileEndsInLineBreak`). nil when the file ends otherwise.
    static func trailingLineBreaks(_ bytes: [UInt8]) -> Int? {
        guard bytes.last == 0x0A || bytes.last == 0x0D else { return nil }
        var count = 0
        for b in bytes.reversed() {
            guard b == 0x0A || b == 0x0D else { break }
            count += 1
        }
        return count
    }

    /// The recommender's conflicts between `answers.needs` and the chosen `target`, and, when
    /// the answers name a target that is not the recommended one, a line saying which was
    /// recommended. Empty in `dev` (everything runs locally; the needs do not apply).
    static func needsWarnings(answers: Answers, target: Target) -> [String] {
        guard answers.environment != .dev else { return [] }
        let needs = answers.needs
        let costs = CostModel.compare(needs: needs, environment: .production, prices: .embedded)
        var out: [String] = []
        if case .explicit = answers.target {
            let recommended = Recommender.recommend(needs).recommended
            if recommended != target {
                out.append("target: \(target.rawValue) was chosen; for these needs the recommended target is \(recommended.rawValue) (\(recommended.displayName)). `freshtrack-deploy recommend --answers FILE` explains why.")
            }
        }
        for conflict in Recommender.findConflicts(needs: needs, best: target, costs: costs, matrix: .embedded) {
            var text = conflict.text
            if case .explicit = answers.target {
                text = text.replacingOccurrences(of: "The recommended ", with: "The chosen ")
            }
            let alternatives = conflict.alternatives.isEmpty ? "" : " Alternatives: " + conflict.alternatives.joined(separator: "; ") + "."
            out.append("Conflict with your needs: \(text).\(alternatives)")
        }
        // The recommender credits AWS with auto-scaling and easy multi-region; Compose on one
        // EC2 instance (compose.aws.yaml alone) has neither.
        if target == .aws, answers.aws?.ecs == nil, needs.traffic != .steady || needs.multiRegion {
            var missing: [String] = []
            if needs.traffic != .steady { missing.append("auto-scale for \(needs.traffic.rawValue) traffic") }
            if needs.multiRegion { missing.append("span regions") }
            out.append("This AWS bundle is Docker Compose on one EC2 instance: it does not \(missing.joined(separator: " or ")). Add an aws.ecs section (ECS on Fargate; in the wizard \"Also ECS on Fargate\") for auto-scaling tasks behind the ALB; multi-region needs a second deployment per region.")
        }
        return out
    }

    /// The secret file paths a plan for `answers` uses (as in `PlannedFile.path`), sorted,
    /// so the edge knows which existing files to read into `ExistingBundle.secrets`.
    ///
    /// `optionalProvided` as in `SecretName.required` (pass the names that have a source,
    /// e.g. `elasticache_auth_token`).
    /// - Throws: `PlanError` for a bad `secrets.dir` or an inconsistent asset.
    public static func secretPaths(for answers: Answers,
                                   optionalProvided: Set<SecretName> = []) throws(PlanError) -> [String] {
        let target = answers.resolvedTarget
        let optional = optionalProvided.union(answers.secrets.sources.keys).filter { $0 == .elasticacheAuthToken }
        let names = SecretName.required(target: target, environment: answers.environment, optionalProvided: optional)
        let files = BundleLayout.composeFiles(target: target, environment: answers.environment,
                                              elastiCacheAuth: answers.environment != .dev && names.contains(.elasticacheAuthToken))
        let active = try BundleLayout.activeServices(files: files)
        let images = try BundleLayout.images(files: files)
        let dir = try normalizedSecretsDir(answers.secrets.dir)
        var paths: [String] = []
        for name in names {
            for file in try SecretLayout.files(for: name, activeServices: active, images: images) {
                paths.append(join(dir, file.fileName))
            }
        }
        return paths.sorted()
    }

    // MARK: - Checks

    static func checkApp(_ app: AppSettings) throws(PlanError) {
        let tag = app.version
        if tag.isEmpty || tag.lowercased() == "latest" {
            throw .answerRefused(field: "app.version", problem: "\(tag.debugDescription) is not allowed; give an exact image tag such as \"1.1.0\" (never latest)")
        }
        // Docker tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
        let ok = tag.count <= 128 && tag.unicodeScalars.enumerated().allSatisfy { i, c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || (i > 0 && (c == "." || c == "-")))
        }
        if !ok {
            throw .answerRefused(field: "app.version", problem: "\(tag.debugDescription) is not a Docker image tag (letters, digits, _ . -, not starting with . or -, at most 128)")
        }
    }

    /// `dir` without `./` prefixes and trailing `/`; refuses empty and `..` components.
    /// Checks `secrets.dir` as planning does (not empty, `.` or `/`; no `..`; no control
    /// characters), so a caller can refuse it before anything else looks at that path.
    /// - Throws: `PlanError` naming the value and what is allowed.
    public static func checkSecretsDir(_ dir: String) throws(PlanError) {
        _ = try normalizedSecretsDir(dir)
    }

    static func normalizedSecretsDir(_ dir: String) throws(PlanError) -> String {
        switch FieldRules.normalizedSecretsDir(dir) {
        case .success(let d): return d
        case .failure(let p): throw .answerRefused(field: "secrets.dir", problem: "\(dir.debugDescription) \(p.message)")
        }
    }

    static func join(_ dir: String, _ file: String) -> String { dir == "/" ? "/" + file : dir + "/" + file }

    /// Minimum lengths below which a secret the tool could generate is called weak:
    /// 32 characters for the auth signing secret, 12 for passwords. Generated values have 43.
    /// The warning `apply` prints ends by suggesting `freshtrack-deploy rotate NAME`.
    static func strengthWarning(_ name: SecretName, _ value: SecretValue) -> String? {
        weakSecretWarning(name, value).map { "\($0) Rotate it with `freshtrack-deploy rotate \(name.rawValue)`." }
    }

    /// The weak-value rule `apply` warns with, for `rotate --from` too: `nil` when `value`
    /// is long enough for `name` (at least 32 characters for `stack_auth_secret`, 12 for
    /// `postgres_password`, `redis_password` and `minio_root_password`; other secrets come
    /// from a provider and are not judged), otherwise one sentence such as `Secret
    /// stack_auth_secret has only 5 characters (at least 32 recommended); a generated one
    /// has 43 (256 bits).` The value itself is never in the text.
    public static func weakSecretWarning(_ name: SecretName, _ value: SecretValue) -> String? {
        let minimum: Int
        switch name {
        case .stackAuthSecret: minimum = 32
        case .postgresPassword, .redisPassword, .minioRootPassword: minimum = 12
        default: return nil
        }
        guard value.bytes.count < minimum else { return nil }
        return "Secret \(name.rawValue) has only \(value.bytes.count) characters (at least \(minimum) recommended); a generated one has 43 (256 bits)."
    }

    /// The rules every secret value must meet, for `apply` (new and kept values) and
    /// `rotate` alike: not empty; no line break or other control character (a password file
    /// holds one line with no trailing newline); `redis_password` also printable ASCII
    /// without spaces, double quotes or backslashes (it is written into redis.conf).
    /// - Throws: `PlanError` naming the secret and the rule, never the value.
    public static func checkSecretValue(_ name: SecretName, _ value: SecretValue) throws(PlanError) {
        if value.bytes.isEmpty { throw .secretValueRefused(name, problem: "is empty; give it a value") }
        if value.bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .secretValueRefused(name, problem: "contains a line break or another control character; a secret is one line with no trailing newline (remove it, e.g. `truncate -s -1 FILE` for one trailing newline)")
        }
        if name == .minioRootPassword && value.bytes.count < 8 {
            // MinIO refuses to start with MINIO_ROOT_PASSWORD shorter than 8 characters.
            throw .secretValueRefused(name, problem: "has \(value.bytes.count) characters; MinIO refuses a root password shorter than 8 (generate it, or give a longer value)")
        }
        if name == .redisPassword {
            // Written into redis.conf as requirepass "<value>" (see docker-compose.yml).
            let bad = value.bytes.contains { $0 < 0x21 || $0 > 0x7E || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            if bad {
                throw .secretValueRefused(name, problem: "must be printable ASCII without spaces, double quotes or backslashes (it is written into redis.conf); generate it or give such a value")
            }
        }
    }

    static func gitignore(secretsDir: String) -> String {
        var lines = [
            "# Written by freshtrack-deploy: keeps secrets, local settings and backups out of git.",
            AnswersSchema.defaultSecretsDir + "/",
        ]
        if !secretsDir.hasPrefix("/") && secretsDir != AnswersSchema.defaultSecretsDir { lines.append("/" + secretsDir + "/") }
        lines += [".env", "*.bak.*", ".freshtrack.lock", ".freshtrack-journal.json"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Re-parses every YAML file, checks images are pinned, and that no secret value
    /// appears in a non-secret file.
    static func validate(files: [PlannedFile], secrets: [(SecretName, SecretValue)], env: [EnvEntry]) throws(PlanError) {
        let interpolator = Interpolator(variables: Dictionary(env.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        for file in files {
            if file.contents.starts(with: [0xEF, 0xBB, 0xBF]) { throw .renderedFile(path: file.path, problem: "starts with a byte-order mark") }
            guard let text = String(validating: file.contents, as: UTF8.self) else {
                throw .renderedFile(path: file.path, problem: "not valid UTF-8")
            }
            if file.kind == .compose {
                // A compose file is the embedded asset byte for byte: reuse its parsed tree.
                let root = text == Assets.text("compose/" + file.path)
                    ? try BundleLayout.assetNode(file.path) : try BundleLayout.parse(file.path, text: text)
                for (key, service) in root["services"]?.mapping ?? [:] {
                    guard let image = service["image"]?.string else { continue }
                    let resolved = interpolator.interpolate(
                        image, at: ComposeLocation(file: file.path, line: service["image"]?.mark?.line ?? 1))
                    let repo = ImageUsers.repository(ofImage: resolved)
                    let afterRepo = resolved.split(separator: "/").last.map(String.init) ?? resolved
                    guard let colon = afterRepo.firstIndex(of: ":") else {
                        throw .renderedFile(path: file.path, problem: "service \(key.string ?? "?") image \(image) has no tag")
                    }
                    let tag = afterRepo[afterRepo.index(after: colon)...]
                    if tag.isEmpty || tag.lowercased() == "latest" {
                        throw .renderedFile(path: file.path, problem: "service \(key.string ?? "?") image \(repo) must have an exact tag, not \(tag.isEmpty ? "none" : String(tag))")
                    }
                }
            }
            for (name, value) in secrets where value.bytes.count >= leakCheckMinimumLength {
                if contains(file.contents, value.bytes) {
                    throw .secretInFile(path: file.path, secret: name)
                }
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }

    static func operatorWarnings(answers: Answers, target: Target, environment: DeployEnvironment,
                                 appPlatform: Bool = false) -> [String] {
        let version = answers.app.version
        // Every bundle that runs MinIO (selfhosted, and dev for any target) needs its bucket.
        let bucket = BundleLayout.minioBucket ?? "<minio bucket>"
        let minioBucket = "Create the bucket \(bucket) in MinIO once it runs (the password stays off the command line): docker compose exec minio sh -c '\(BundleLayout.minioClientHost) mc mb --ignore-existing local/\(bucket)'"
        if environment == .dev {
            return ["Development bundle: every service runs locally, published on 127.0.0.1 only; the backend answers on http://127.0.0.1:3000. Build or load the image freshtrack-backend:\(version) on this machine first.",
                    minioBucket]
        }
        switch target {
        case .selfhosted:
            return [
                "Build or load the image freshtrack-backend:\(version) on this host (docker load, or docker build -t freshtrack-backend:\(version) .) before starting.",
                "Point the DNS name \(answers.app.domain) at this host and open ports 80 and 443 (443/udp for HTTP/3); Caddy obtains the certificate on first start.",
                minioBucket,
            ]
        case .digitalocean:
            guard let d = answers.digitalocean else { return [] }
            // App Platform builds nothing on a Droplet: do/README-app-platform.md (in the
            // renderer's note) says what to create and which image it pulls.
            let spaces = "Create the Spaces bucket \(d.spacesBucket) in region \(d.spacesRegion) and a Spaces access key for it."
            if appPlatform { return [spaces] }
            return [
                "Create the DigitalOcean managed PostgreSQL 15 cluster \(d.databaseHost) (port \(d.databasePort), database \(d.databaseName), user \(d.databaseUser)) and add this Droplet to its trusted sources; the connection uses sslmode=require.",
                spaces,
                "Build or load the image freshtrack-backend:\(version) on the Droplet before starting.",
                "Point the DNS name \(answers.app.domain) at the Droplet and open ports 80 and 443; Caddy obtains the certificate on first start.",
            ]
        case .aws:
            guard let a = answers.aws else { return [] }
            return [
                "Push the image to \(a.accountID).dkr.ecr.\(a.region).amazonaws.com/freshtrack-backend:\(version) and let this EC2 instance pull from ECR (aws ecr get-login-password | docker login).",
                "Create RDS PostgreSQL \(a.rdsEndpoint) (database \(a.databaseName), user \(a.databaseUser), TLS required), ElastiCache Redis \(a.elasticacheEndpoint) and the S3 bucket \(a.s3Bucket) in \(a.region).",
                "Give the EC2 instance an IAM role with access to s3://\(a.s3Bucket); the bundle holds no static S3 keys.",
                "Put an Application Load Balancer with an ACM certificate for \(answers.app.domain) in front: target group on port 3000, health check GET /health; allow port 3000 only from the ALB's security group.",
            ]
        }
    }
}

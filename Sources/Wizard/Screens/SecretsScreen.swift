import DeployKit
import TerminalUI

/// Step 7: the secrets directory and, per secret, where its value comes from.
enum SecretsScreen {
    static let help = """
    Each secret is a file (mode 0600) in the secrets directory. Generate makes 256 random \
    bits; "from a file" reads a file you already have (one trailing newline removed); \
    "type it" takes a value you paste or type, shown only as dots, entered twice. An \
    existing secret file is kept as it is, never overwritten. Secret values are never written \
    to the answers file.
    """

    static let generate = "generate", fromFile = "from a file", typeIt = "type it"
    static let kept = "kept (file exists)", none = "none (no AUTH)"

    /// The secrets shown for the current target and environment (the optional ElastiCache
    /// token always, so it can be given).
    static func names(_ s: WizardState) -> [SecretName] {
        var n = SecretName.required(target: s.target, environment: s.environment,
                                    optionalProvided: [.elasticacheAuthToken])
        if s.environment == .dev { n = SecretName.required(target: s.target, environment: .dev) }
        return n
    }

    /// The label of the option that keeps an `env:` source from previous answers.
    static func fromEnv(_ variable: String) -> String { "from $\(variable)" }

    static func options(_ name: SecretName, exists: Bool, carried: SecretSource? = nil) -> [String] {
        if exists { return [kept] }
        var opts: [String]
        if name.canGenerate { opts = [generate, fromFile, typeIt] }
        else if name == .elasticacheAuthToken { opts = [none, fromFile, typeIt] }
        else { opts = [fromFile, typeIt] }
        if case .env(let v)? = carried { opts.insert(fromEnv(v), at: 0) }
        return opts
    }

    static func form(_ s: WizardState, dir: String, sources: [SecretName: SecretSource]) -> Form {
        var f: [FormField] = [
            .text("secrets.dir", "Secrets directory", dir,
                  help: "Where secret files go (mode 0700): absolute, or relative to the bundle."),
        ]
        for name in names(s) {
            let exists = s.existingSecrets.contains(name) && s.secretsCheckedDir == dir
            let opts = options(name, exists: exists, carried: sources[name])
            var idx = 0
            switch sources[name] {
            case .file?: idx = opts.firstIndex(of: fromFile) ?? 0
            case .env(let v)?: idx = opts.firstIndex(of: fromEnv(v)) ?? 0
            default: break
            }
            let id = "secret.\(name.rawValue)"
            f.append(.choice(id + ".source", name.rawValue, opts, index: idx, help: name.summary))
            if let fi = opts.firstIndex(of: fromFile) {
                var path = ""
                if case .file(let p)? = sources[name] { path = p }
                var field = FormField.text(id + ".path", "  file path", path,
                                           help: "File holding \(name.rawValue): absolute, or relative to the bundle directory.")
                field.visibleIf = (id + ".source", fi)
                field.messageName = "\(name.rawValue) file path"
                f.append(field)
            }
            if let ti = opts.firstIndex(of: typeIt) {
                var value = FormField(id: id + ".value", label: "  value", help: "Type or paste the value of \(name.rawValue); it is shown as dots only.",
                                      kind: .secret(SecretField()), visibleIf: (id + ".source", ti))
                value.messageName = "\(name.rawValue) value"
                var confirm = FormField(id: id + ".confirm", label: "  confirm", help: "The same value of \(name.rawValue) again.",
                                        kind: .secret(SecretField()), visibleIf: (id + ".source", ti))
                confirm.messageName = "\(name.rawValue) confirm"
                f.append(value)
                f.append(confirm)
            }
        }
        return Form(fields: f)
    }

    /// Builds the form (keeping what was entered) and asks which secrets exist.
    static func enter(_ s: inout WizardState) -> [Effect] {
        let dir = s.secrets.fields.isEmpty ? s.previousSecretsDir : s.secrets.text("secrets.dir")
        var f = form(s, dir: dir, sources: s.carriedSources)
        // A value typed (and chosen) for a secret the new target does not use is dropped:
        // remember its name for the review.
        let shownNames = Set(names(s))
        for field in s.secrets.fields where field.id.hasPrefix("secret.") && field.id.hasSuffix(".value") {
            guard case .secret(let v) = field.kind, !v.isEmpty else { continue }
            let raw = String(field.id.dropFirst("secret.".count).dropLast(".value".count))
            guard let name = SecretName(rawValue: raw), !shownNames.contains(name),
                  s.secrets.choice("secret.\(raw).source") == typeIt else { continue }
            s.droppedTypedSecrets.insert(name)
        }
        s.droppedTypedSecrets.subtract(shownNames)
        // Fields of secrets the new target does not show wait in the stash (typed values
        // are not kept there: only sources).
        let shownIDs = Set(f.fields.map(\.id))
        for field in s.secrets.fields where !shownIDs.contains(field.id) {
            if case .secret = field.kind { continue }
            s.secretsStash[field.id] = field
        }
        var old = s.secrets
        let oldIDs = Set(old.fields.map(\.id))
        old.fields += s.secretsStash.values.filter { !oldIDs.contains($0.id) }.sorted { $0.id < $1.id }
        f.keepValues(from: old)
        f.submitted = false
        s.secrets = f
        Wizard.push(&s, .secrets)
        return [.checkSecrets(dir: dir, names: names(s))] + checkAllFiles(s)
    }

    /// The absolute path a `file path` field means: a leading `file:` is dropped, and a
    /// relative path is resolved against the bundle directory shown in the header (so the
    /// saved answers work from any current directory). Empty stays empty.
    static func filePath(_ s: WizardState, _ raw: String) -> String {
        var p = raw
        if p.hasPrefix("file:") { p.removeFirst(5) }
        guard !p.isEmpty, !p.hasPrefix("/") else { return p }
        var parts: [Substring] = []
        for comp in (s.directory + "/" + p).split(separator: "/") {
            if comp == "." { continue }
            if comp == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(comp)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Asks the edge whether the focused `file path` field names a readable file.
    static func checkFocusedFile(_ s: WizardState) -> [Effect] {
        guard let f = s.secrets.focusedField, f.id.hasSuffix(".path") else { return [] }
        let p = filePath(s, s.secrets.text(f.id))
        return p.isEmpty ? [] : [.checkFiles([p])]
    }

    /// Asks the edge about every non-empty `file path` field.
    static func checkAllFiles(_ s: WizardState) -> [Effect] {
        let paths = s.secrets.fields.filter { $0.id.hasSuffix(".path") }.map { filePath(s, s.secrets.text($0.id)) }
            .filter { !$0.isEmpty }
        return paths.isEmpty ? [] : [.checkFiles(paths)]
    }

    /// The field's problem including what the edge found on disk for a `file path`.
    static func error(_ s: WizardState, _ id: String) -> String? {
        if let e = error(s.secrets, id) { return e }
        if id.hasSuffix(".path"), let problem = s.fileProblems[filePath(s, s.secrets.text(id))] ?? nil {
            return problem
        }
        return nil
    }

    static func secretsChecked(_ s: inout WizardState, dir: String, existing: Set<SecretName>) {
        guard dir == s.secrets.text("secrets.dir") else { return }
        s.existingSecrets = existing
        s.secretsCheckedDir = dir
        var f = form(s, dir: dir, sources: s.carriedSources)
        f.keepValues(from: s.secrets)
        s.secrets = f
    }

    static func error(_ form: Form, _ id: String) -> String? {
        if id == "secrets.dir" { return Rules.problem(FieldRules.secretsDir(form.text(id))) }
        if id.hasSuffix(".path") {
            let raw = String(id.dropFirst("secret.".count).dropLast(".path".count))
            guard let name = SecretName(rawValue: raw) else { return nil }
            var path = form.text(id)
            if path.hasPrefix("file:") { path.removeFirst(5) }
            if path.isEmpty { return "required: the path of a file holding \(name.rawValue), e.g. /root/\(name.rawValue).txt" }
            return Rules.problem(FieldRules.secretSource("file:" + path, for: name))
        }
        if id.hasSuffix(".value") {
            guard let v = form.secret(id), !v.isEmpty else { return "required: type or paste the value" }
            if id == "secret.\(SecretName.minioRootPassword.rawValue).value", v.count < minioMinimum {
                return "MinIO refuses a root password under \(minioMinimum) characters (\(v.count) typed)"
            }
            return nil
        }
        if id.hasSuffix(".confirm") {
            let base = String(id.dropLast(".confirm".count))
            guard let a = form.secret(base + ".value"), let b = form.secret(id) else { return nil }
            if b.isEmpty { return "type the value again" }
            return a.matches(b) ? nil : "does not match the value"
        }
        return nil
    }

    /// MinIO's minimum root password length (MinIO refuses to start with a shorter
    /// `MINIO_ROOT_PASSWORD`: "Invalid credentials", min.io docs, minio server).
    static let minioMinimum = 8
    /// Typed secrets shorter than this get a warning (generated ones are 256 bits).
    static let advisedMinimum = 12

    /// A warning for a typed value that is allowed but short.
    static func warning(_ form: Form, _ id: String) -> String? {
        guard id.hasSuffix(".value"), let v = form.secret(id), !v.isEmpty, v.count < advisedMinimum else { return nil }
        // "(or generate)" only where generating is an option for this secret.
        let raw = String(id.dropFirst("secret.".count).dropLast(".value".count))
        let canGenerate = SecretName(rawValue: raw)?.canGenerate ?? false
        return "only \(v.count) characters; \(advisedMinimum) or more advised\(canGenerate ? " (or generate)" : "")"
    }

    /// Sources for the answers file and the typed values for `prepare`.
    static func collect(_ s: WizardState) -> (SecretsSettings, [SecretName: SecretValue]) {
        let form = s.secrets
        var sources: [SecretName: SecretSource] = [:]
        var typed: [SecretName: SecretValue] = [:]
        for name in names(s) {
            let id = "secret.\(name.rawValue)"
            let chosen = form.choice(id + ".source")
            if case .env(let v)? = s.carriedSources[name], chosen == fromEnv(v) {
                sources[name] = .env(v)
                continue
            }
            switch chosen {
            case generate: sources[name] = .generate
            case fromFile: sources[name] = .file(filePath(s, form.text(id + ".path")))
            case typeIt: if let v = form.secret(id + ".value") { typed[name] = SecretValue(v.revealForUse()) }
            case kept: if let c = s.carriedSources[name] { sources[name] = c }
            default: break
            }
        }
        // Secrets the current target does not use keep their source: the one chosen on this
        // screen for another target (a file path or a variable), else the previous answers'.
        let shown = Set(names(s))
        for name in SecretName.allCases where !shown.contains(name) {
            let id = "secret.\(name.rawValue)"
            if let src = s.secretsStash[id + ".source"], case .choice(let opts, let idx) = src.kind {
                if opts[idx] == fromFile, let pf = s.secretsStash[id + ".path"], case .text(let t) = pf.kind,
                   !filePath(s, t.text).isEmpty,
                   Rules.problem(FieldRules.secretSource("file:" + filePath(s, t.text), for: name)) == nil {
                    sources[name] = .file(filePath(s, t.text)); continue
                }
                if case .env(let v)? = s.carriedSources[name], opts[idx] == fromEnv(v) { sources[name] = .env(v); continue }
            }
            if let c = s.carriedSources[name] { sources[name] = c }
        }
        return (SecretsSettings(dir: form.text("secrets.dir"), sources: sources), typed)
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        let before = s.secrets.text("secrets.dir")
        switch s.secrets.handle(key) {
        case .submit:
            let state = s
            if !state.secrets.invalidFields({ error(state, $0) }).isEmpty {
                s.secrets.focusFirstError { error(state, $0) }
                s.notice = "Fix the fields marked ✗ first."
                return []
            }
            return ReviewScreen.enter(&s)
        case .handled:
            let after = s.secrets.text("secrets.dir")
            return after != before ? [.checkSecrets(dir: after, names: names(s))] : checkFocusedFile(s)
        case .ignored:
            return []
        }
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        b.write("Secrets for \(s.target.displayName) (\(s.environment.rawValue))", x: rect.x, y: rect.y,
                style: .title, maxWidth: rect.width)
        let form = s.secrets
        form.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                    labelWidth: 26, inputWidth: 30, warning: { warning(form, $0) }) { error(s, $0) }
    }
}

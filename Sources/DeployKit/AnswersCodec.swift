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
/// Every key, its kind, default and rule is declared once in `AnswersTables` (one table per
/// section); the README's key table lists them. In short:
/// ```
/// version: 1                         # required, only 1
/// environment: production            # production | staging | dev  [production]
/// needs: {users, budget_usd_per_month, compliance, traffic, multi_region}   # required
/// target: recommended                # recommended | selfhosted | digitalocean | aws  [recommended]
/// app: {version, domain, acme_email, acme_ca}                               # required
/// digitalocean: {...}                # required when the resolved target is digitalocean
/// aws: {...}                         # required when the resolved target is aws
/// secrets: {dir, sources}            # optional
/// ```
public enum AnswersCodec {
    /// Decodes and fully validates an answers file.
    ///
    /// Every problem is collected before anything is returned: YAML type checks (a quoted
    /// number, a bare number where text is expected), unknown keys (with a "did you mean"),
    /// each field's `FieldRules` rule, each section's cross-field checks (`AnswersTables`),
    /// and `AnswersRules`: required sections for the resolved target, the ACME e-mail for
    /// targets that run Caddy, and operator-provided secrets with neither a source nor an
    /// existing file. A YAML syntax error (or a duplicate key) stops at that one issue,
    /// since nothing after it can be read.
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
        let emptyMessage = "is empty: it needs at least version, needs and app (see assets/examples/)"
        if let root = reader.rootSection(yaml, emptyPath: "", emptyMessage: emptyMessage) {
            var answers = AnswersTables.root.blank
            reader.read(AnswersTables.root, root, line: nil, path: "", into: &answers, context: RuleContext())
            let refused = Set(reader.issues.map(\.path))
            for found in AnswersRules.issues(answers, refused: refused, secretExists: secretExists) { reader.add(found) }
            if reader.issues.isEmpty { return answers }
        }
        throw AnswersError(ordering: reader.issues, orElse: "")
    }

    /// Decodes only the `needs:` section (for `recommend --answers` on a partial file),
    /// with the same rules and messages as `decode`; other sections are not checked.
    /// - Throws: `AnswersError` with every problem of `needs:` (and of the YAML itself).
    public static func decodeNeeds(_ yaml: String) throws(AnswersError) -> Needs {
        var reader = AnswersReader()
        if let root = reader.rootSection(yaml, emptyPath: "needs", emptyMessage: "is missing: give users and budget_usd_per_month at least"),
           reader.section(root, path: "", keys: AnswersSchema.rootKeys) != nil,  // unknown root keys, as `decode` reports them
           case .mapping(let mapping) = root {
            // The root table with only its `needs` field, over the root's `needs` entry.
            var answers = AnswersTables.root.blank
            let needsOnly = AnswersTable<Answers>(blank: answers, AnswersTables.root.fields.filter { $0.key == "needs" })
            let needsNode = Node.mapping(Node.Mapping(mapping.filter { $0.key.string == "needs" }, mapping.tag))
            reader.read(needsOnly, needsNode, line: nil, path: "", into: &answers, context: RuleContext())
            if reader.issues.isEmpty { return answers.needs }
        }
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
    /// `header` comment, then every key in `AnswersTables` order (defaults written out,
    /// absent optional keys left out), `app.version` and `aws.account_id` always
    /// double-quoted, secret sources sorted by name. Contains secret *sources* only, never
    /// secret values (`Answers` holds none).
    public static func encode(_ answers: Answers) -> String {
        header + AnswersYAML.emit(AnswersTables.root.encode(answers))
    }
}

/// The keys of each mapping of the answers file, in the canonical order `encode` writes
/// (each the keys of its `AnswersTables` table), and the defaults other modules name.
public enum AnswersSchema {
    /// Top level.
    public static let rootKeys = AnswersTables.root.keys
    /// `needs:`.
    public static let needsKeys = AnswersTables.needs.keys
    /// `app:`.
    public static let appKeys = AnswersTables.app.keys
    /// `digitalocean:` (with `platform` and `app_platform`).
    public static let digitaloceanKeys = AnswersTables.digitalocean.keys
    /// `aws:` (with `ecs`).
    public static let awsKeys = AnswersTables.aws.keys
    /// `aws.ecs:` (see `ECSSettings`).
    public static let ecsKeys = AnswersTables.ecs.keys
    /// `aws.ecs.backend:` and `aws.ecs.worker:`: CPU units and MiB.
    public static let ecsTaskSizeKeys = AnswersTables.taskSize.keys
    /// `digitalocean.app_platform:` (see `AppPlatformSettings`).
    public static let appPlatformKeys = AnswersTables.appPlatform.keys
    /// `secrets:` (`sources:` keys are `SecretName` raw values).
    public static let secretsKeys = AnswersTables.secrets.keys
    /// `digitalocean.database_port` when absent: DigitalOcean managed databases listen on 25060.
    public static let defaultDigitalOceanDatabasePort = 25060
    /// `secrets.dir` when absent.
    public static let defaultSecretsDir = "secrets"
}

/// The one place the answers codec touches YAML: parsing, the nodes `encode` builds, and
/// emitting them.
enum AnswersYAML {
    /// The file's root node, `nil` for an empty document. Throws Yams' `YamlError`.
    static func parse(_ yaml: String) throws -> Node? { try YAMLTree.compose(yaml) }
    static func map(_ pairs: [(String, Node)]) -> Node { YAMLTree.mapping(pairs) }
    static func list(_ nodes: [Node]) -> Node { YAMLTree.sequence(nodes) }
    /// A whole number given as decimal text.
    static func int(_ decimal: String) -> Node { YAMLTree.scalar(decimal, .int, .plain) }
    static func bool(_ b: Bool) -> Node { YAMLTree.scalar(b ? "true" : "false", .bool, .plain) }
    /// A string that reads back as a string: plain when YAML would resolve it as one,
    /// otherwise single-quoted (Yams' own representation of `String`).
    static func text(_ s: String) -> Node { YAMLTree.string(s) }
    static func quoted(_ s: String) -> Node { YAMLTree.scalar(s, .str, .doubleQuoted) }

    /// The node as YAML text, block style, two-space indent, no line folding.
    static func emit(_ node: Node) -> String {
        do {
            return try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, sortKeys: false)
        } catch {
            // libyaml only fails on invalid events; a tree of scalars and mappings has none.
            preconditionFailure("Yams could not emit the answers tree: \(error)")
        }
    }
}

// MARK: - Reading

/// One mapping of the answers file, its known keys checked.
struct Section {
    /// Entries by key: the key node (for its line) and the value node.
    var entries: [String: (key: Node, value: Node)] = [:]
    /// Line of the key that opened this section (or of the mapping itself).
    var line: Int?
}

/// Collects every issue while reading an answers file through `AnswersTables`.
struct AnswersReader {
    var issues: [AnswersIssue] = []
    /// Line of every key read, by full YAML path: a scalar's value line, a mapping's key line.
    var lines: [String: Int] = [:]

    mutating func add(_ path: String, _ line: Int?, _ value: String?, _ message: String) {
        issues.append(AnswersIssue(path: path, value: value, message: message, line: line))
    }

    /// Adds a check's issue at the line of its first written anchor (else its path or the
    /// nearest written parent).
    mutating func add(_ found: CheckIssue) {
        var issue = found.issue
        let known = lines
        issue.line = found.anchors.compactMap { known[$0] }.first ?? line(near: issue.path)
        issues.append(issue)
    }

    /// The line of `path`, else of its nearest written parent.
    func line(near path: String) -> Int? {
        var p = Substring(path)
        while !p.isEmpty {
            if let l = lines[String(p)] { return l }
            p = p.lastIndex(of: ".").map { p[..<$0] } ?? ""
        }
        return nil
    }

    /// Parses the file; `nil` (with the issue recorded) when the YAML is invalid or empty.
    mutating func rootSection(_ yaml: String, emptyPath: String, emptyMessage: String) -> Node? {
        // A byte order mark (editors on Windows add one) is not part of the YAML text.
        let yaml = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let rootNode: Node?
        do {
            rootNode = try AnswersYAML.parse(yaml)
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
        return rootNode
    }

    /// `table`'s value read from the mapping `node` at `path`, starting from the table's
    /// blank value (fields that are absent or refused keep their blank value; the issues are
    /// recorded).
    mutating func read<M: Sendable>(_ table: AnswersTable<M>, _ node: Node, line: Int?, path: String,
                                    context: RuleContext) -> M {
        var model = table.blank
        read(table, node, line: line, path: path, into: &model, context: context)
        return model
    }

    /// Reads the mapping `node` at `path` into `model` (which starts as the table's blank),
    /// field by field in table order, then runs the table's checks over what was accepted.
    mutating func read<M: Sendable>(_ table: AnswersTable<M>, _ node: Node, line: Int?, path: String, into model: inout M,
                          context: RuleContext) {
        guard let s = section(node, path: path, keys: table.keys, line: line) else { return }
        var refused: Set<String> = []
        for f in table.fields {
            let full = path.isEmpty ? f.key : "\(path).\(f.key)"
            let before = issues.count
            var ctx = context
            ctx.refused = refused
            switch f.access {
            case .scalar(let assign, _, _):
                if let (text, l) = scalarText(f, s, full), let p = assign(&model, text, ctx) {
                    add(full, l, shown(s, f.key), p.message)
                }
            case .list(_, let set, let rule):
                if case .idList(let what, let max, let example) = f.kind,
                   let items = idList(s, f.key, path: full, what: what, max: max, example: example, rule: rule) {
                    set(&model, items)
                }
            case .section(let sub):
                guard let entry = s.entries[f.key], !isNull(entry.value) else {
                    if case .required(let about) = f.presence {
                        add(full, s.entries[f.key]?.key.mark?.line, nil, "is required: add a \(f.key): section with \(about)")
                    }
                    sub.absent(&model)
                    break
                }
                sub.read(&self, entry.value, entry.key.mark?.line, full, &model, table.childContext(model, context, refused))
            case .sources(_, let set):
                if let sources = secretSources(s, f.key, path: full) { set(&model, sources) }
            }
            if issues.count > before { refused.insert(f.key) }
        }
        let bad = Set(issues.map(\.path))
        let isValid: (String) -> Bool = { p in !bad.contains { $0 == p || $0.hasPrefix(p + ".") || $0.hasPrefix(p + "[") } }
        for check in table.checks {
            for found in check(model, path, isValid) { add(found) }
        }
    }

    /// A scalar field's text (a number as decimal text, a boolean as `true`/`false`) and
    /// line, after its YAML type check; `nil` when absent (reported if required) or refused.
    mutating func scalarText<M: Sendable>(_ f: AnswersField<M>, _ s: Section, _ full: String) -> (String, Int?)? {
        var about: String?
        if case .required(let text) = f.presence { about = text } else if !isPresent(s, f.key) { return nil }
        switch f.kind {
        case .integer:
            return integer(s, f.key, path: full, about: about)
        case .boolean:
            return bool(s, f.key, path: full).map { ($0 ? "true" : "false", s.entries[f.key]?.value.mark?.line) }
        case .choice(let values):
            return string(s, f.key, path: full, about: about, allowed: values)
        case .quoted(let bareNumber?):
            if let entry = s.entries[f.key], !isNull(entry.value), case .scalar(let sc) = entry.value, tagName(sc) != .str {
                // A bare number: YAML would drop leading zeros, so it must be quoted.
                add(full, entry.value.mark?.line, sc.string, bareNumber.replacingOccurrences(of: "{}", with: sc.string))
                return nil
            }
            return string(s, f.key, path: full, about: about)
        default:
            return string(s, f.key, path: full, about: about)
        }
    }

    /// `secrets.sources:`: each known secret name's source (`FieldRules.secretSource`), or
    /// `nil` when the value is not a mapping. Never shows more of a source than its kind.
    mutating func secretSources(_ s: Section, _ key: String, path: String) -> [SecretName: SecretSource]? {
        guard let entry = s.entries[key], !isNull(entry.value) else { return [:] }
        let names = SecretName.allCases.map(\.rawValue)
        guard case .mapping(let mapping) = entry.value else {
            add(path, entry.value.mark?.line, nil,
                "must be a mapping of secret name to file:PATH, env:NAME or generate, not \(kind(entry.value))")
            return nil
        }
        var sources: [SecretName: SecretSource] = [:]
        for (k, v) in mapping {
            let keyText = k.string ?? ""
            let itemPath = "\(path).\(keyText)"
            lines[itemPath] = k.mark?.line
            guard let name = SecretName(rawValue: keyText) else {
                var message = "is not a secret name"
                if let s = FieldRules.suggestion(for: keyText, among: names) { message += "; did you mean `\(s)`?" }
                add(itemPath, k.mark?.line, nil, message + " Secret names: \(names.joined(separator: ", "))")
                continue
            }
            guard case .scalar(let sc) = v, tagName(sc) == .str else {
                add(itemPath, v.mark?.line, nil,
                    "must be file:PATH, env:NAME or generate, written as text, not \(kind(v)) (the value is not shown)")
                continue
            }
            switch FieldRules.secretSource(sc.string, for: name) {
            case .success(let source): sources[name] = source
            case .failure(let p): add(itemPath, v.mark?.line, FieldRules.sourceKind(sc.string), p.message)
            }
        }
        return sources
    }

    /// A required list of AWS ids (`subnets`, `security_groups`): text entries passing
    /// `IDList.issues`. `nil` after reporting every problem.
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
        var items: [String] = [], itemLines: [Int?] = [], bad = false
        for (i, item) in seq.enumerated() {
            guard case .scalar(let sc) = item, tagName(sc) == .str else {
                add("\(path)[\(i)]", item.mark?.line, item.scalar?.string, "must be text (a \(what) id), not \(kind(item))")
                bad = true
                continue
            }
            items.append(sc.string)
            itemLines.append(sc.mark?.line)
        }
        let listLine = entry.value.mark?.line ?? entry.key.mark?.line
        for p in IDList.issues(items, what: what, max: max, rule: rule) {
            if let i = p.index { add("\(path)[\(i)]", itemLines[i], p.value, p.message) } else { add(path, listLine, nil, p.message) }
            bad = true
        }
        return bad ? nil : items
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
                if case .scalar = v { lines[full] = v.mark?.line ?? k.mark?.line } else { lines[full] = k.mark?.line }
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

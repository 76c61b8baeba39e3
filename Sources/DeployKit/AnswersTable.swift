import Yams

/// How a field's value is spelt in the answers file: decides the YAML type check when
/// reading and the node when writing.
public enum FieldKind: Sendable, Hashable {
    /// A whole number (`!!int`); a quoted number is refused.
    case integer
    /// Text (`!!str`); a number or boolean is answered with "put it in quotes".
    case text
    /// Text from a fixed set; a number or boolean is answered with the allowed values.
    case choice([String])
    /// Text always written double-quoted (`app.version`, `aws.account_id`), since YAML would
    /// read the bare spelling as a number. `bareNumber`: the field's own message for a bare
    /// number (`nil`: the generic "put it in quotes").
    case quoted(bareNumber: String?)
    /// `true` / `false`.
    case boolean
    /// A list of text ids: 1...`max` of them, none twice (`what`: `subnet`; `example`: one id).
    case idList(what: String, max: Int, example: String)
    /// A nested mapping with its own table.
    case section
    /// `secrets.sources`: secret name to `file:PATH`, `env:NAME` or `generate`.
    case secretSources

    /// The README's "Type" column.
    var readmeType: String {
        switch self {
        case .integer: return "integer"
        case .text, .choice: return "text"
        case .quoted: return "text (quote it)"
        case .boolean: return "true/false"
        case .idList: return "list of text"
        case .section: return "mapping"
        case .secretSources: return "text"
        }
    }
}

/// Whether a field must be written.
public enum FieldPresence: Sendable, Hashable {
    /// Must be given; the text completes "is required: ..." (for a section: "add a KEY:
    /// section with ...").
    case required(String)
    /// May be left out: the section's blank value holds the default.
    case defaulted
    /// May be left out: then it is absent (`nil`) in the model.
    case optional
}

/// How the wizard's details screen shows a field.
public struct WizardSpec: Sendable, Hashable {
    /// Text left of the input, e.g. `Database port`.
    public var label: String
    /// One line shown while the field has focus.
    public var help: String
    /// Value pre-filled when the answers have none and the field has no default (DigitalOcean's
    /// `doadmin`); `nil`: empty.
    public var suggestion: String?
    /// For a choice (or a section switched on and off): option labels; the n-th label stands
    /// for the n-th of `FieldKind.choice`'s values (for a section: 0 absent, 1 present).
    public var options: [String]
    /// For a choice: the YAML value each option stands for (set by the table from the
    /// field's enumeration).
    public var values: [String] = []

    /// A spec; see the properties.
    public init(_ label: String, _ help: String, suggestion: String? = nil, options: [String] = []) {
        self.label = label
        self.help = help
        self.suggestion = suggestion
        self.options = options
    }
}

/// What a field's rule may need from outside its own text.
public struct RuleContext: Sendable, Hashable {
    /// `environment` of the answers (`app.domain` allows `localhost` in dev).
    public var environment: DeployEnvironment = .production
    /// `aws.region` when valid (ARNs must be in it); `nil`: the ARN's own region is taken.
    public var awsRegion: String?
    /// `aws.account_id` when valid; `nil`: the ARN's own account is taken.
    public var awsAccountID: String?
    /// Keys of the section being read whose value was refused before this field: a rule that
    /// depends on one of them (memory on cpu) skips the dependency.
    public var refused: Set<String> = []

    /// A context; see the properties.
    public init(environment: DeployEnvironment = .production, awsRegion: String? = nil, awsAccountID: String? = nil) {
        self.environment = environment
        self.awsRegion = awsRegion
        self.awsAccountID = awsAccountID
    }
}

/// One problem a section's cross-field check found: the issue (its `path` is the full YAML
/// path) and the paths whose line the reader reports, first known one wins (`[]`: the
/// issue's path, else its nearest written parent).
public struct CheckIssue: Sendable, Hashable {
    /// The problem, its `path` the full YAML path (no line yet).
    public var issue: AnswersIssue
    /// Paths whose line the reader reports, the first written one winning.
    public var anchors: [String]
    /// An issue at full YAML path `path` showing `value` (`nil`: none shown).
    public init(_ path: String, value: String? = nil, _ message: String, anchors: [String] = []) {
        issue = AnswersIssue(path: path, value: value, message: message)
        self.anchors = anchors
    }
}

/// A cross-field check of one section: given the section's value, its full YAML path and
/// `isValid` (whether a full path's value was accepted, so a check over a refused field is
/// skipped), the problems found.
public typealias SectionCheck<Model> = @Sendable (Model, String, (String) -> Bool) -> [CheckIssue]

/// One key of the answers file, declared once: its YAML key, kind, presence, README text,
/// wizard label and help, and how its value maps to the model (`Model`, the section's
/// struct). The rule is a `FieldRules` function.
public struct AnswersField<Model: Sendable>: Sendable {
    /// The YAML key within its section, e.g. `database_port`.
    public let key: String
    /// How the value is spelt in YAML.
    public let kind: FieldKind
    /// Whether it must be written.
    public let presence: FieldPresence
    /// The README's "Allowed values" column.
    public let allowed: String
    /// The README's "Default" column; `nil`: derived (`required`, or the blank's value).
    public let defaultText: String?
    /// How the wizard shows it; `nil`: the wizard has no field for it.
    public let wizard: WizardSpec?
    let access: FieldAccess<Model>
}

/// How a field reads and writes its part of the model.
enum FieldAccess<Model: Sendable>: Sendable {
    /// `assign` runs the rule on the text and stores the value (the problem when refused);
    /// `text` is the value as text, `nil` when absent.
    /// `clear` makes an optional field absent (`nil` for the others).
    case scalar(assign: @Sendable (inout Model, String, RuleContext) -> FieldProblem?, text: @Sendable (Model) -> String?,
                clear: (@Sendable (inout Model) -> Void)?)
    case list(get: @Sendable (Model) -> [String], set: @Sendable (inout Model, [String]) -> Void,
              rule: @Sendable (String) -> Result<String, FieldProblem>)
    case section(SectionAccess<Model>)
    case sources(get: @Sendable (Model) -> [SecretName: SecretSource], set: @Sendable (inout Model, [SecretName: SecretSource]) -> Void)
}

/// A nested section, its child type erased: closures over the child's table.
struct SectionAccess<Model: Sendable>: Sendable {
    /// The child table's keys (for "allowed here").
    let keys: [String]
    /// Reads the mapping `node` at `path` into the parent (the child starts from its blank).
    let read: @Sendable (inout AnswersReader, Node, Int?, String, inout Model, RuleContext) -> Void
    /// Sets the child to its value when the key is absent (a default, or `nil`).
    let absent: @Sendable (inout Model) -> Void
    /// Whether the parent holds no child.
    let isAbsent: @Sendable (Model) -> Bool
    /// The child's mapping node, `nil` when absent.
    let encode: @Sendable (Model) -> Node?
    /// The child's problems, by the field rules over its values.
    let validate: @Sendable (Model, String, RuleContext) -> [CheckIssue]
    /// The README rows of the child's fields under `path`, given the parent's blank.
    let rows: @Sendable (String, Model) -> [String]
}

/// The fields of one section of the answers file, in canonical order (the order `encode`
/// writes and the wizard shows), plus the section's cross-field checks.
public struct AnswersTable<Model: Sendable>: Sendable {
    /// The section's value before anything is read: every default in place, required
    /// values empty.
    public let blank: Model
    /// The keys, in canonical order.
    public let fields: [AnswersField<Model>]
    /// Checks across the section's fields, run after its fields (`decode`, `validate`, the wizard).
    public let checks: [SectionCheck<Model>]
    /// Context for the fields' rules, from the parent context and this section's values
    /// (e.g. `aws.region` for the ARNs of `aws.ecs`); `refused` holds the refused keys.
    let childContext: @Sendable (Model, RuleContext, Set<String>) -> RuleContext
    /// The README's "Default" column of a required field: `required`, or `required in the
    /// section` in a section that may itself be left out.
    let requiredText: String

    /// A table; `inOptionalSection`: the section itself may be left out (the README then
    /// says "required in the section").
    public init(blank: Model, inOptionalSection: Bool = false, _ fields: [AnswersField<Model>],
                checks: [SectionCheck<Model>] = [],
                childContext: @escaping @Sendable (Model, RuleContext, Set<String>) -> RuleContext = { _, ctx, _ in ctx }) {
        self.blank = blank
        self.requiredText = inOptionalSection ? "required in the section" : "required"
        self.fields = fields
        self.checks = checks
        self.childContext = childContext
    }

    /// The keys, in order.
    public var keys: [String] { fields.map(\.key) }

    /// The field `key`.
    public func field(_ key: String) -> AnswersField<Model>? { fields.first { $0.key == key } }

    /// Runs each field's rule over `model`'s values (as `decode` would over the same values
    /// written out) and the section's checks; issues carry full paths under `path`.
    func validate(_ model: Model, path: String, context: RuleContext) -> [CheckIssue] {
        var scratch = model, ctx = context, out: [CheckIssue] = []
        ctx.refused = []
        for f in fields {
            let full = path.isEmpty ? f.key : "\(path).\(f.key)"
            let before = out.count
            switch f.access {
            case .scalar(let assign, let text, _):
                if let t = text(model), let p = assign(&scratch, t, ctx) { out.append(CheckIssue(full, value: t, p.message)) }
            case .list(let get, _, let rule):
                if case .idList(let what, let max, _) = f.kind {
                    out += IDList.issues(get(model), what: what, max: max, rule: rule).map {
                        CheckIssue($0.index.map { "\(full)[\($0)]" } ?? full, value: $0.value, $0.message)
                    }
                }
            case .section(let s):
                out += s.validate(model, full, childContext(model, ctx, ctx.refused))
            case .sources(let get, _):
                for (name, source) in get(model) {
                    if case .failure(let p) = FieldRules.secretSource(source.yamlValue, for: name) {
                        out.append(CheckIssue("\(full).\(name.rawValue)", value: FieldRules.sourceKind(source.yamlValue), p.message))
                    }
                }
            }
            if out.count > before { ctx.refused.insert(f.key) }
        }
        let bad = Set(out.map(\.issue.path))
        for check in checks {
            out += check(model, path) { p in !bad.contains { $0 == p || $0.hasPrefix(p + ".") || $0.hasPrefix(p + "[") } }
        }
        return out
    }

    /// Applies texts typed in the wizard onto `base`: each field the wizard shows whose text
    /// `text(key)` gives runs its rule; others keep `base`'s value, and so does a refused
    /// one. An empty text of an optional field makes it absent. Then the section's checks
    /// run. Nested sections are not touched.
    /// - Returns: the model and each problem's message by full YAML path under `path`
    ///   (an id-list entry's problem names the entry: `"subnet-zz" must be ...`).
    public func apply(_ text: (String) -> String?, onto base: Model, path: String,
                      context: RuleContext) -> (Model, [String: String]) {
        var model = base, ctx = context, problems: [String: String] = [:]
        ctx.refused = []
        for f in fields where f.wizard != nil {
            guard let t = text(f.key) else { continue }
            let full = "\(path).\(f.key)"
            switch f.access {
            case .scalar(let assign, _, let clear):
                if t.isEmpty, let clear { clear(&model); continue }
                var scratch = model
                if let p = assign(&scratch, t, ctx) { problems[full] = p.message } else { model = scratch }
            case .list(_, let set, let rule):
                guard case .idList(let what, let max, _) = f.kind else { continue }
                let items = IDList.split(t)
                if let first = IDList.issues(items, what: what, max: max, rule: rule).first {
                    problems[full] = first.index == nil ? first.message : "\"\(first.value ?? "")\" \(first.message)"
                }
                set(&model, items)
            case .section, .sources: continue
            }
            if problems[full] != nil { ctx.refused.insert(f.key) }
        }
        let bad = Set(problems.keys)
        for check in checks {
            for found in check(model, path, { p in !bad.contains { $0 == p || $0.hasPrefix(p + ".") } })
            where problems[found.issue.path] == nil {
                problems[found.issue.path] = found.issue.message
            }
        }
        return (model, problems)
    }
}

extension AnswersField {
    /// The field's value in `model` as the wizard shows it (a list comma-separated); `nil`
    /// when absent or not a single value (a section).
    public func text(of model: Model) -> String? {
        switch access {
        case .scalar(_, let text, _): return text(model)
        case .list(let get, _, _): return get(model).joined(separator: ", ")
        case .section, .sources: return nil
        }
    }

    /// Whether the field must be written.
    public var isRequired: Bool { if case .required = presence { return true } else { return false } }
}

// MARK: - Declaring fields

/// A rule that needs only the text, as a table rule.
func plain<M: Sendable, V>(_ rule: @escaping @Sendable (String) -> Result<V, FieldProblem>) -> @Sendable (String, M, RuleContext) -> Result<V, FieldProblem> {
    { text, _, _ in rule(text) }
}

extension AnswersField {
    /// A field holding a `V` (required or defaulted) that `show` spells as text.
    static func value<V>(_ key: String, _ kind: FieldKind, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, V> & Sendable,
                         show: @escaping @Sendable (V) -> String, allowed: String, default defaultText: String? = nil,
                         wizard: WizardSpec? = nil,
                         rule: @escaping @Sendable (String, Model, RuleContext) -> Result<V, FieldProblem>) -> Self {
        AnswersField(key: key, kind: kind, presence: presence, allowed: allowed, defaultText: defaultText, wizard: wizard,
                     access: .scalar(assign: { model, text, ctx in
                         switch rule(text, model, ctx) {
                         case .success(let v): model[keyPath: kp] = v; return nil
                         case .failure(let p): return p
                         }
                     }, text: { show($0[keyPath: kp]) }, clear: nil))
    }

    /// An optional field (absent is `nil`) holding a `V` that `show` spells as text.
    static func optional<V>(_ key: String, _ kind: FieldKind, _ kp: WritableKeyPath<Model, V?> & Sendable,
                            show: @escaping @Sendable (V) -> String, allowed: String, default defaultText: String,
                            wizard: WizardSpec? = nil,
                            rule: @escaping @Sendable (String, Model, RuleContext) -> Result<V, FieldProblem>) -> Self {
        AnswersField(key: key, kind: kind, presence: .optional, allowed: allowed, defaultText: defaultText, wizard: wizard,
                     access: .scalar(assign: { model, text, ctx in
                         switch rule(text, model, ctx) {
                         case .success(let v): model[keyPath: kp] = v; return nil
                         case .failure(let p): return p
                         }
                     }, text: { $0[keyPath: kp].map(show) }, clear: { $0[keyPath: kp] = nil }))
    }

    /// A whole-number field.
    static func int(_ key: String, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, Int> & Sendable, allowed: String,
                    default defaultText: String? = nil, wizard: WizardSpec? = nil,
                    rule: @escaping @Sendable (String, Model, RuleContext) -> Result<Int, FieldProblem>) -> Self {
        value(key, .integer, presence, kp, show: { String($0) }, allowed: allowed, default: defaultText, wizard: wizard, rule: rule)
    }

    /// A text field (`kind` `.text`, `.choice` or `.quoted`).
    static func text(_ key: String, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, String> & Sendable,
                     kind: FieldKind = .text, allowed: String, default defaultText: String? = nil, wizard: WizardSpec? = nil,
                     rule: @escaping @Sendable (String, Model, RuleContext) -> Result<String, FieldProblem>) -> Self {
        value(key, kind, presence, kp, show: { $0 }, allowed: allowed, default: defaultText, wizard: wizard, rule: rule)
    }

    /// A text field from an enumeration spelt by its raw values.
    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, E> & Sendable, listed: Bool = true,
        allowed: String? = nil, wizard: WizardSpec? = nil,
        rule: @escaping @Sendable (String) -> Result<E, FieldProblem>
    ) -> Self where E.RawValue == String {
        let values = E.allCases.map(\.rawValue)
        var spec = wizard
        spec?.values = values
        return value(key, listed ? .choice(values) : .text, presence, kp, show: { $0.rawValue },
                     allowed: allowed ?? values.map { "`\($0)`" }.joined(separator: ", "), wizard: spec, rule: plain(rule))
    }

    /// A true/false field; in the wizard a choice whose options stand for `false`, `true`.
    static func bool(_ key: String, _ kp: WritableKeyPath<Model, Bool> & Sendable, wizard: WizardSpec? = nil) -> Self {
        var spec = wizard
        spec?.values = ["false", "true"]
        return value(key, .boolean, .defaulted, kp, show: { $0 ? "true" : "false" }, allowed: "`true`, `false`", wizard: spec,
                     rule: plain(FieldRules.flag))
    }

    /// A required list of ids, each passing `rule`.
    static func idList(_ key: String, _ kp: WritableKeyPath<Model, [String]> & Sendable, what: String, max: Int, example: String,
                       allowed: String, wizard: WizardSpec? = nil,
                       rule: @escaping @Sendable (String) -> Result<String, FieldProblem>) -> Self {
        AnswersField(key: key, kind: .idList(what: what, max: max, example: example),
                     presence: .required("a list of 1-\(max) \(what) ids, e.g. [\(example)]"), allowed: allowed,
                     defaultText: nil, wizard: wizard,
                     access: .list(get: { $0[keyPath: kp] }, set: { $0[keyPath: kp] = $1 }, rule: rule))
    }

    /// A nested section that may be absent (`nil`).
    static func section<Child: Sendable>(_ key: String, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, Child?> & Sendable,
                               _ table: AnswersTable<Child>, allowed: String = "", wizard: WizardSpec? = nil) -> Self {
        let access = SectionAccess<Model>(
            keys: table.keys,
            read: { reader, node, line, path, model, ctx in
                model[keyPath: kp] = reader.read(table, node, line: line, path: path, context: ctx)
            },
            absent: { $0[keyPath: kp] = nil },
            isAbsent: { $0[keyPath: kp] == nil },
            encode: { $0[keyPath: kp].map(table.encode) },
            validate: { model, path, ctx in model[keyPath: kp].map { table.validate($0, path: path, context: ctx) } ?? [] },
            rows: { path, _ in table.readmeRows(path) })
        return AnswersField(key: key, kind: .section, presence: presence, allowed: allowed, defaultText: nil, wizard: wizard,
                            access: .section(access))
    }

    /// A nested section that is always there: required, or the parent blank's value when
    /// absent. `row`: the README row of the section itself (allowed values, and how its
    /// default in the parent's blank is spelt).
    static func section<Child: Sendable>(_ key: String, _ presence: FieldPresence, _ kp: WritableKeyPath<Model, Child> & Sendable,
                               _ table: AnswersTable<Child>,
                               row: (allowed: String, show: @Sendable (Child) -> String)? = nil) -> Self {
        let access = SectionAccess<Model>(
            keys: table.keys,
            read: { reader, node, line, path, model, ctx in
                model[keyPath: kp] = reader.read(table, node, line: line, path: path, context: ctx)
            },
            absent: { _ in },
            isAbsent: { _ in false },
            encode: { table.encode($0[keyPath: kp]) },
            validate: { model, path, ctx in table.validate(model[keyPath: kp], path: path, context: ctx) },
            rows: { [row] path, parentBlank in
                let own = row.map { ["| `\(path)` | mapping | \($0.allowed) | `\($0.show(parentBlank[keyPath: kp]))` |"] } ?? []
                return own + table.readmeRows(path)
            })
        return AnswersField(key: key, kind: .section, presence: presence, allowed: "", defaultText: nil, wizard: nil,
                            access: .section(access))
    }

    /// `secrets.sources`.
    static func sources(_ key: String, _ kp: WritableKeyPath<Model, [SecretName: SecretSource]> & Sendable, allowed: String,
                        default defaultText: String) -> Self {
        AnswersField(key: key, kind: .secretSources, presence: .defaulted, allowed: allowed, defaultText: defaultText, wizard: nil,
                     access: .sources(get: { $0[keyPath: kp] }, set: { $0[keyPath: kp] = $1 }))
    }
}

// MARK: - Lists, writing, README

/// The rules of an id list (`aws.ecs.subnets`, `security_groups`), shared by reading,
/// validating and the wizard.
enum IDList {
    /// One problem: `index` of the entry (`nil`: the list as a whole) and its value.
    struct Problem { var index: Int?; var value: String?; var message: String }

    /// Each entry's `rule`, then the length (1...`max`, the ECS `awsvpcConfiguration`
    /// limit), then duplicates.
    static func issues(_ list: [String], what: String, max: Int, rule: (String) -> Result<String, FieldProblem>) -> [Problem] {
        var out: [Problem] = []
        for (i, item) in list.enumerated() {
            if case .failure(let p) = rule(item) { out.append(Problem(index: i, value: item, message: p.message)) }
        }
        if !(1...max).contains(list.count) {
            out.append(Problem(message: "must list 1-\(max) \(what) ids (ECS awsvpcConfiguration allows at most \(max)); it lists \(list.count)"))
        }
        if Set(list).count != list.count { out.append(Problem(message: "must not list a \(what) twice")) }
        return out
    }

    /// A list typed into one wizard field: comma- or space-separated, empty entries dropped.
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }
}

extension AnswersTable {
    /// The section as a mapping node, keys in table order; absent optional values and an
    /// empty `secrets.sources` are left out.
    func encode(_ model: Model) -> Node {
        var pairs: [(String, Node)] = []
        for f in fields {
            switch f.access {
            case .scalar(_, let text, _):
                guard let t = text(model) else { continue }
                switch f.kind {
                case .integer: pairs.append((f.key, AnswersYAML.int(t)))
                case .boolean: pairs.append((f.key, AnswersYAML.bool(t == "true")))
                case .quoted: pairs.append((f.key, AnswersYAML.quoted(t)))
                default: pairs.append((f.key, AnswersYAML.text(t)))
                }
            case .list(let get, _, _):
                pairs.append((f.key, AnswersYAML.list(get(model).map(AnswersYAML.text))))
            case .section(let s):
                if let node = s.encode(model) { pairs.append((f.key, node)) }
            case .sources(let get, _):
                let sources = get(model).sorted { $0.key < $1.key }
                if !sources.isEmpty {
                    pairs.append((f.key, AnswersYAML.map(sources.map { ($0.key.rawValue, AnswersYAML.text($0.value.yamlValue)) })))
                }
            }
        }
        return AnswersYAML.map(pairs)
    }

    /// The README's key table rows of this section's fields under `path`:
    /// `` | `path.key` | type | allowed | default | ``; a section contributes its fields' rows.
    func readmeRows(_ path: String) -> [String] {
        fields.flatMap { f -> [String] in
            let full = path.isEmpty ? f.key : "\(path).\(f.key)"
            switch f.access {
            case .section(let s): return s.rows(full, blank)
            case .sources: return ["| `\(full).<name>` | \(f.kind.readmeType) | \(f.allowed) | \(f.defaultText ?? "") |"]
            case .scalar(_, let text, _):
                let fallback: String
                switch f.presence {
                case .required: fallback = requiredText
                case .defaulted, .optional: fallback = text(blank).map { "`\($0)`" } ?? ""
                }
                return ["| `\(full)` | \(f.kind.readmeType) | \(f.allowed) | \(f.defaultText ?? fallback) |"]
            case .list:
                return ["| `\(full)` | \(f.kind.readmeType) | \(f.allowed) | \(f.defaultText ?? requiredText) |"]
            }
        }
    }
}

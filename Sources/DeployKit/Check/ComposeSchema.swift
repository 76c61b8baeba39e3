import Foundation

/// The structure Docker Compose requires of a Compose file, from
/// `assets/check/compose-schema.yaml` (a readable subset of the Compose Specification's JSON
/// schema as embedded in Docker Compose v2.40.3, compose-go v2.9.1): the allowed top-level
/// and service keys, the keys of a top-level network, volume, secret and config definition,
/// and the types and allowed values of the commonly used keys.
///
/// `validate` reports what `docker compose config` would refuse (rule `compose-schema`) and a
/// `restart:` policy the Docker Engine refuses at `up` (rule `restart-policy`). Pure.
public enum ComposeSchema {
    /// One rule of the asset (see its header for the meaning of each field).
    public final class Rule: Sendable {
        /// Allowed shapes; `nil` = any.
        public let types: [String]?
        /// The only keys a mapping may have besides `x-` extension keys; `nil` = any key.
        public let keys: [String]?
        /// A pattern every key of the mapping must match.
        public let names: String?
        public let properties: [String: Rule]
        public let values: Rule?
        public let items: Rule?
        public let required: [String]
        public let allowedValues: [String]?
        /// A regular expression a string must contain a match of (JSON schema `pattern`).
        public let pattern: String?

        init(types: [String]?, keys: [String]?, names: String?, properties: [String: Rule], values: Rule?,
             items: Rule?, required: [String], allowedValues: [String]?, pattern: String? = nil) {
            self.pattern = pattern
            self.types = types
            self.keys = keys
            self.names = names
            self.properties = properties
            self.values = values
            self.items = items
            self.required = required
            self.allowedValues = allowedValues
        }
    }

    /// The parsed asset.
    public struct Spec: Sendable {
        /// The rule of a whole Compose file.
        public var topLevel: Rule
        /// The rule of one service definition.
        public var service: Rule
        /// The rules of one entry of the top-level `networks`, `volumes`, `secrets` and
        /// `configs` sections, by the asset's name for them: `network`, `volume`, `secret`,
        /// `config` (the schema's definitions of the same names).
        public var definitions: [String: Rule] = [:]
        /// Restart policies the Docker Engine accepts (`on-failure` also as `on-failure:N`).
        public var restartPolicies: [String]
    }

    /// The embedded `check/compose-schema.yaml` (`Assets.load`: a file that does not read
    /// traps).
    public static let spec: Spec = Assets.load("check/compose-schema.yaml", parse)

    /// Parses a schema in the asset's format (`YAMLFields`: no unknown key anywhere).
    /// - Throws: `AssetReadError` naming the key's path and what is allowed there.
    static func parse(_ text: String) throws -> Spec {
        let file = "check/compose-schema.yaml"
        let top = try YAMLFields.document(text, file: file, keys: Set(definitionNames + ["service", "top_level", "restart_policies"]),
                                          fail: { AssetReadError(message: $0) })
        var named: [String: Rule] = [:]
        for name in definitionNames + ["service"] {
            if let fields = try top.optionalFields(name, keys: ruleKeys) { named[name] = try rule(fields, named: [:]) }
        }
        let any = Rule(types: nil, keys: nil, names: nil, properties: [:], values: nil, items: nil, required: [], allowedValues: nil)
        let topLevel = try top.optionalFields("top_level", keys: ruleKeys).map { try rule($0, named: named) } ?? any
        var spec = Spec(topLevel: topLevel, service: named["service"] ?? any,
                        restartPolicies: try top.optionalStrings("restart_policies") ?? [])
        spec.definitions = named.filter { definitionNames.contains($0.key) }
        return spec
    }

    /// The asset's rules for one entry of a top-level section, besides `service`.
    static let definitionNames = ["network", "volume", "secret", "config"]

    /// The keys of one rule (the asset's header says what each means).
    static let ruleKeys: Set<String> = ["rule", "type", "keys", "names", "properties", "values", "items", "required", "enum", "pattern"]

    /// The rule `f` describes; `{rule: NAME}` stands for the named rule of `named` (when present).
    private static func rule(_ f: YAMLFields, named: [String: Rule]) throws -> Rule {
        if let name = try f.optionalString("rule"), let target = named[name] { return target }
        let types = try f.optionalString("type").map { $0.split(separator: "|").map { String($0).ckTrimmed(" ") } }
        let props = try f.optionalFieldsByKey("properties", keys: ruleKeys)?.mapValues { try rule($0, named: named) } ?? [:]
        return Rule(types: types, keys: try f.optionalStrings("keys"), names: try f.optionalString("names"),
                    properties: props, values: try f.optionalFields("values", keys: ruleKeys).map { try rule($0, named: named) },
                    items: try f.optionalFields("items", keys: ruleKeys).map { try rule($0, named: named) },
                    required: try f.optionalStrings("required") ?? [],
                    allowedValues: try f.optionalStrings("enum"), pattern: try f.optionalString("pattern"))
    }

    /// Checks one Compose file as parsed (before merging with other files).
    /// - Returns: `compose-schema` errors (unknown key, wrong type, value not allowed, bad
    ///   name, missing required key) and `restart-policy` errors, each at the key's line.
    public static func validate(_ document: ComposeNode, spec: Spec = ComposeSchema.spec) -> [Finding] {
        guard !document.isNull else { return [] }
        var out: [Finding] = []
        walk(document, rule: spec.topLevel, path: [], keyLocation: document.location, out: &out)
        for s in document["services"]?.entries ?? [] {
            guard let r = s.node.entry("restart"), let value = r.node.text, !value.isEmpty,
                  !restartAllowed(value, spec.restartPolicies) else { continue }
            out.append(Finding(rule: .restartPolicy, severity: .error, location: r.node.location, service: s.key,
                               message: "restart policy `\(value)` is not one Docker knows: `docker compose up` fails with \"invalid restart policy\"; allowed: \(spec.restartPolicies.map { "`\($0)`" }.joined(separator: ", ")) (or `on-failure:N`)",
                               fix: "use `restart: unless-stopped` for a long-running service (`\"no\"` for a one-shot job)"))
        }
        return out
    }

    static func restartAllowed(_ value: String, _ policies: [String]) -> Bool {
        if policies.contains(value) { return true }
        if value.hasPrefix("on-failure:"), let n = Int(value.dropFirst("on-failure:".count)), n >= 0 { return true }
        return false
    }

    /// The shape of a node as the schema names it.
    static func shape(_ n: ComposeNode) -> String {
        switch n.value {
        case .null: return "null"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .scalar:
            switch n.scalarType {
            case .string: return "string"
            case .integer, .float: return "number"
            case .boolean: return "boolean"
            }
        }
    }

    static func describe(_ n: ComposeNode) -> String {
        switch n.value {
        case .null: return "empty"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let raw, _):
            let shown = raw.count > 40 ? String(raw.prefix(40)) + "…" : raw
            switch n.scalarType {
            case .string: return "the string `\(shown)`"
            case .integer, .float: return "the number `\(shown)`"
            case .boolean: return "the boolean `\(shown)`"
            }
        }
    }

    static func article(_ type: String) -> String {
        switch type {
        case "string": return "a string"
        case "number": return "a number"
        case "boolean": return "a boolean"
        case "list": return "a list"
        case "mapping": return "a mapping"
        case "null": return "empty"
        default: return type
        }
    }

    static func typeFix(_ types: [String], path: String) -> String {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        if types.contains("list") {
            let example = last == "ports" ? "`ports: [\"3000:3000\"]` (or `- \"3000:3000\"` on the next line)"
                : "`\(last): [a, b]` (or one `- item` per line)"
            return "write \(last) as a YAML list, e.g. \(example)"
        }
        if types.contains("mapping") { return "write \(last) as a mapping (`key: value` lines indented under it)" }
        if types.contains("string") { return "quote the value (`\(last): \"...\"`) or give a text value" }
        return "give \(last) \(types.map(article).joined(separator: " or "))"
    }

    static func service(of path: [String]) -> String? {
        path.count >= 2 && path[0] == "services" ? path[1] : nil
    }

    static func walk(_ node: ComposeNode, rule: Rule, path: [String], keyLocation: ComposeLocation,
                     out: inout [Finding]) {
        if node.tag == .reset { return }  // removed by the merge; Compose accepts any value there
        let dotted = path.isEmpty ? "the top level" : "`\(path.joined(separator: "."))`"
        let svc = service(of: path)
        if let types = rule.types, !types.contains(shape(node)) {
            out.append(Finding(rule: .composeSchema, severity: .error, location: node.isNull ? keyLocation : node.location,
                               service: svc,
                               message: "\(dotted) must be \(types.map(article).joined(separator: " or ")), but it is \(describe(node)); Docker Compose refuses the file",
                               fix: typeFix(types, path: path.joined(separator: "."))))
            return
        }
        switch node.value {
        case .mapping(let entries):
            for e in entries {
                let childPath = path + [e.key]
                if let keys = rule.keys, !keys.contains(e.key) {
                    if e.key.hasPrefix("x-") { continue }
                    out.append(unknownKey(e, keys: keys, path: path, service: svc))
                    continue
                }
                if let pattern = rule.names, e.key.range(of: pattern, options: .regularExpression) == nil {
                    let what = path == ["services"] ? "service name" : path.last.map { "name under \($0)" } ?? "name"
                    out.append(Finding(rule: .composeSchema, severity: .error, location: e.keyLocation, service: svc,
                                       message: "\(what) `\(e.key)` in \(dotted) is not allowed: names may use only letters, digits, `.`, `_` and `-`; Docker Compose refuses the file",
                                       fix: "rename `\(e.key)` to letters, digits, `.`, `_` and `-` only (e.g. `\(e.key.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? String($0) : "-" }.joined())`)"))
                    continue
                }
                if let child = rule.properties[e.key] ?? rule.values {
                    walk(e.node, rule: child, path: childPath, keyLocation: e.keyLocation, out: &out)
                }
            }
            for key in rule.required where !entries.contains(where: { $0.key == key }) {
                let allowed = rule.properties[key]?.allowedValues.map { ": one of " + $0.joined(separator: ", ") } ?? ""
                out.append(Finding(rule: .composeSchema, severity: .error, location: keyLocation, service: svc,
                                   message: "\(dotted) has no `\(key)`, which Compose requires there\(allowed)",
                                   fix: "add `\(key):` under \(dotted)"))
            }
        case .sequence(let items):
            guard let itemRule = rule.items else { return }
            for (i, item) in items.enumerated() {
                walk(item, rule: itemRule, path: path + [String(i)], keyLocation: item.location, out: &out)
            }
        case .scalar(_, let text):
            if let pattern = rule.pattern, node.scalarType == .string, text.range(of: pattern, options: .regularExpression) == nil {
                out.append(Finding(rule: .composeSchema, severity: .error, location: node.location, service: svc,
                                   message: "\(dotted) is `\(text)`, which does not match the pattern Compose requires (`\(pattern)`); Docker Compose refuses the file",
                                   fix: "use a value matching `\(pattern)`"))
            }
            if let allowed = rule.allowedValues, !allowed.contains(text), !text.isEmpty {
                out.append(Finding(rule: .composeSchema, severity: .error, location: node.location, service: svc,
                                   message: "\(dotted) is `\(text)`, which Compose does not allow; allowed: \(allowed.joined(separator: ", "))",
                                   fix: "use one of: \(allowed.joined(separator: ", "))"))
            }
        case .null:
            break
        }
    }

    static func unknownKey(_ e: ComposeEntry, keys: [String], path: [String], service svc: String?) -> Finding {
        let guess = closest(e.key, in: keys)
        let hint = guess.map { " (did you mean `\($0)`?)" } ?? ""
        let fix = guess.map { "rename `\(e.key)` to `\($0)`" }
            ?? "remove `\(e.key)` or rename it to an allowed key; keep your own data under a key starting with `x-`"
        let message: String
        if path.isEmpty {
            message = "`\(e.key)` is not a top-level key Compose allows\(hint); allowed: \(keys.joined(separator: ", ")), or an `x-` extension key; Docker Compose refuses the file"
        } else if path.count == 2 && path[0] == "services" {
            message = "`\(e.key)` is not a service key Compose allows\(hint); allowed are the keys of the Compose file reference's services section (image, build, command, environment, ports, volumes, depends_on, healthcheck, deploy, restart, ...), or an `x-` extension key; Docker Compose refuses the file"
        } else {
            message = "`\(e.key)` is not allowed under `\(path.joined(separator: "."))`\(hint); allowed: \(keys.joined(separator: ", ")), or an `x-` extension key; Docker Compose refuses the file"
        }
        return Finding(rule: .composeSchema, severity: .error, location: e.keyLocation, service: svc, message: message, fix: fix)
    }

    /// The allowed key nearest to `key` by edit distance (insertions, deletions, substitutions
    /// and swaps of two neighbouring letters), if within 2 edits (or a case change).
    static func closest(_ key: String, in keys: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var prev = Array(0...b.count)
            var before = prev
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var cur = [i] + Array(repeating: 0, count: b.count)
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    // Two swapped neighbours count as one edit (`fiel` -> `file`).
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        cur[j] = min(cur[j], before[j - 2] + 1)
                    }
                }
                before = prev
                prev = cur
            }
            return a.isEmpty ? b.count : prev[b.count]
        }
        let lower = Array(key.lowercased())
        let scored = keys.map { ($0, distance(lower, Array($0))) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first, best.1 <= min(2, max(1, key.count / 3)) else { return nil }
        return best.0
    }
}

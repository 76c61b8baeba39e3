import Yams

/// Typed reads of one YAML mapping of a data file under `assets/` (`pricing.yaml`,
/// `decision-matrix.yaml`, `image-users.yaml`, `regions.yaml`, `check/images.yaml`,
/// `check/compose-schema.yaml`, `aws/ecs-containers.yaml`, `aws/fargate-task-sizes.yaml`,
/// `do/app-platform.yaml`), straight from the Yams node tree: the one reader of our own
/// data files (with `Assets.load`, their one failure behaviour).
///
/// This replaced a round trip through `JSONSerialization` and `JSONDecoder`, whose cold
/// start (Codable metadata, conformance lookups) was a third of `apply`'s CPU time. It is
/// also stricter: a key the file format does not define is refused, so a typo such as
/// `usd_per_mnth` is an error rather than a silently missing price.
///
/// Every error is produced by `fail` with a message naming the file, the key's path (e.g.
/// `options[2].items[0].price.usd_per_month`), the value found and what is allowed.
struct YAMLFields {
    /// e.g. `pricing.yaml`.
    let file: String
    /// The path of this mapping in the file, e.g. `options[2]` (empty at the top level).
    let path: String
    private let values: [String: Node]
    private let fail: (String) -> any Error

    /// The mapping at `node`, allowing exactly the keys in `keys`.
    /// - Throws: `fail(message)` when `node` is not a mapping, a key is not a plain string,
    ///   or a key is not one of `keys`.
    init(_ node: Node, file: String, path: String, keys: Set<String>, fail: @escaping (String) -> any Error) throws {
        self.file = file
        self.path = path
        self.fail = fail
        guard case .mapping(let mapping) = node else {
            throw fail("\(file): \(path.isEmpty ? "the document" : path) must be a mapping of keys to values, not \(Self.describe(node))")
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let k) = key else { throw fail("\(file): \(Self.join(path, "?")): keys must be plain words") }
            guard keys.contains(k.string) else {
                throw fail("\(file): \(Self.join(path, k.string)): unknown key; allowed here: \(keys.sorted().joined(separator: ", "))")
            }
            values[k.string] = value
        }
        self.values = values
    }

    // MARK: Scalars

    /// The text of a required scalar (any scalar reads as its text; `null` is missing).
    func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw missing(key, "a text") }
        return s
    }

    /// The text of an optional scalar; `nil` when the key is absent or `null`/`~`/empty.
    func optionalString(_ key: String) throws -> String? {
        guard let node = present(key) else { return nil }
        guard case .scalar(let s) = node else { throw wrong(key, node, "a text") }
        return s.string
    }

    /// A whole number (decimal digits, optional sign).
    func int(_ key: String) throws -> Int {
        guard let v = try optionalInt(key) else { throw missing(key, "a whole number") }
        return v
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let node = present(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let v = Int(s.string) else {
            throw wrong(key, node, "a whole number")
        }
        return v
    }

    /// A finite decimal number (e.g. `730`, `0.04048`, `1e3`).
    func double(_ key: String) throws -> Double {
        guard let v = try optionalDouble(key) else { throw missing(key, "a number") }
        return v
    }

    func optionalDouble(_ key: String) throws -> Double? {
        guard let node = present(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let v = Double(s.string), v.isFinite,
              s.string.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 })
        else { throw wrong(key, node, "a number") }
        return v
    }

    /// A required `true` or `false` (read as `optionalBool` reads it).
    func bool(_ key: String) throws -> Bool {
        guard let v = try optionalBool(key) else { throw missing(key, "true or false") }
        return v
    }

    /// `true` or `false` (YAML 1.1's `yes`/`no`/`on`/`off` too, as Yams reads them).
    func optionalBool(_ key: String) throws -> Bool? {
        guard let node = present(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain else { throw wrong(key, node, "true or false") }
        switch s.string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: throw wrong(key, node, "true or false")
        }
    }

    /// One of a string enum's raw values.
    func value<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws -> E where E.RawValue == String {
        guard let v = try optionalValue(key, E.self) else { throw missing(key, Self.allowed(E.self)) }
        return v
    }

    func optionalValue<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws -> E? where E.RawValue == String {
        guard let text = try optionalString(key) else { return nil }
        guard let v = E(rawValue: text) else { throw wrong(key, values[key]!, Self.allowed(E.self)) }
        return v
    }

    // MARK: Collections

    /// A required list of scalars' texts (flow `[a, b]` or block form).
    func strings(_ key: String) throws -> [String] {
        guard let v = try optionalStrings(key) else { throw missing(key, "a list of texts") }
        return v
    }

    func optionalStrings(_ key: String) throws -> [String]? {
        guard let items = try optionalList(key) else { return nil }
        return try items.enumerated().map { i, node in
            guard case .scalar(let s) = node else { throw wrongItem(key, i, node, "a text") }
            return s.string
        }
    }

    /// A list of whole numbers (flow `[1, 2]` or block form), `nil` when `key` is absent.
    func optionalInts(_ key: String) throws -> [Int]? {
        guard let items = try optionalList(key) else { return nil }
        return try items.enumerated().map { i, node in
            guard case .scalar(let s) = node, s.style == .plain, let v = Int(s.string) else {
                throw wrongItem(key, i, node, "a whole number")
            }
            return v
        }
    }

    /// A list of a string enum's raw values.
    func values<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws -> [E] where E.RawValue == String {
        guard let v = try optionalValues(key, E.self) else { throw missing(key, "a list of " + Self.allowed(E.self)) }
        return v
    }

    func optionalValues<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type = E.self) throws -> [E]? where E.RawValue == String {
        guard let items = try optionalList(key) else { return nil }
        return try items.enumerated().map { i, node in
            guard case .scalar(let s) = node, let v = E(rawValue: s.string) else {
                throw wrongItem(key, i, node, Self.allowed(E.self))
            }
            return v
        }
    }

    /// A required mapping of plain keys to scalar texts.
    func stringMap(_ key: String) throws -> [String: String] {
        guard let node = present(key) else { throw missing(key, "a mapping of keys to texts") }
        guard case .mapping(let mapping) = node else { throw wrong(key, node, "a mapping of keys to texts") }
        var out: [String: String] = [:]
        for (k, v) in mapping {
            guard case .scalar(let ks) = k, case .scalar(let vs) = v else {
                throw wrong(key, node, "a mapping of keys to texts")
            }
            out[ks.string] = vs.string
        }
        return out
    }

    /// An optional mapping of plain keys to whole numbers (e.g. `users: {postgres: 70}`).
    func optionalIntMap(_ key: String) throws -> [String: Int]? {
        guard let node = present(key) else { return nil }
        guard case .mapping(let mapping) = node else { throw wrong(key, node, "a mapping of names to whole numbers") }
        var out: [String: Int] = [:]
        for (k, v) in mapping {
            guard case .scalar(let ks) = k, case .scalar(let vs) = v, vs.style == .plain, let n = Int(vs.string) else {
                throw wrong(key, node, "a mapping of names to whole numbers")
            }
            out[ks.string] = n
        }
        return out
    }

    /// The nested mapping under `key`, allowing exactly `keys`.
    func fields(_ key: String, keys: Set<String>) throws -> YAMLFields {
        guard let node = present(key) else { throw missing(key, "a mapping") }
        return try YAMLFields(node, file: file, path: Self.join(path, key), keys: keys, fail: fail)
    }

    /// Like `fields`, `nil` when the key is absent or null.
    func optionalFields(_ key: String, keys: Set<String>) throws -> YAMLFields? {
        guard present(key) != nil else { return nil }
        return try fields(key, keys: keys)
    }

    /// Each value of the mapping under `key`, by its key, each allowing exactly `keys`.
    func fieldsByKey(_ key: String, keys: Set<String>) throws -> [String: YAMLFields] {
        guard let node = present(key) else { throw missing(key, "a mapping") }
        guard case .mapping(let mapping) = node else { throw wrong(key, node, "a mapping") }
        var out: [String: YAMLFields] = [:]
        for (k, v) in mapping {
            guard case .scalar(let ks) = k else { throw wrong(key, node, "a mapping with plain keys") }
            out[ks.string] = try YAMLFields(v, file: file, path: Self.join(path, key) + "." + ks.string, keys: keys, fail: fail)
        }
        return out
    }

    /// Like `fieldsByKey`, `nil` when the key is absent or null.
    func optionalFieldsByKey(_ key: String, keys: Set<String>) throws -> [String: YAMLFields]? {
        guard present(key) != nil else { return nil }
        return try fieldsByKey(key, keys: keys)
    }

    /// Each mapping of the list under `key`, each allowing exactly `keys`.
    func list(_ key: String, keys: Set<String>) throws -> [YAMLFields] {
        guard let items = try optionalList(key) else { throw missing(key, "a list") }
        return try items.enumerated().map { i, node in
            try YAMLFields(node, file: file, path: Self.join(path, key) + "[\(i)]", keys: keys, fail: fail)
        }
    }

    /// Like `list`, `nil` when the key is absent or null.
    func optionalList(_ key: String, keys: Set<String>) throws -> [YAMLFields]? {
        guard present(key) != nil else { return nil }
        return try list(key, keys: keys)
    }

    /// The document's top-level mapping, parsed by Yams without tag resolution (values are
    /// read as text and typed here).
    /// - Throws: `fail` with Yams' parse error, or when the document is empty.
    static func document(_ yaml: String, file: String, keys: Set<String>,
                         fail: @escaping (String) -> any Error) throws -> YAMLFields {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml, .basic) } catch { throw fail("\(file): not valid YAML: \(error)") }
        guard let root else { throw fail("\(file): the document is empty") }
        return try YAMLFields(root, file: file, path: "", keys: keys, fail: fail)
    }

    // MARK: Helpers

    /// The node under `key`, or `nil` when absent or a YAML null (`~`, `null`, nothing).
    private func present(_ key: String) -> Node? {
        guard let node = values[key] else { return nil }
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
            return nil
        }
        return node
    }

    private func optionalList(_ key: String) throws -> [Node]? {
        guard let node = present(key) else { return nil }
        guard case .sequence(let seq) = node else { throw wrong(key, node, "a list") }
        return Array(seq)
    }

    private func missing(_ key: String, _ allowed: String) -> any Error {
        fail("\(file): \(Self.join(path, key)) is missing; expected \(allowed)")
    }

    private func wrong(_ key: String, _ node: Node, _ allowed: String) -> any Error {
        fail("\(file): \(Self.join(path, key)) is \(Self.describe(node)); expected \(allowed)")
    }

    private func wrongItem(_ key: String, _ index: Int, _ node: Node, _ allowed: String) -> any Error {
        fail("\(file): \(Self.join(path, key))[\(index)] is \(Self.describe(node)); expected \(allowed)")
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private static func allowed<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        "one of " + E.allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// `"abc"` for a scalar, else `a list` / `a mapping`.
    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "\"\(s.string)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}

/// A data file of ours that does not read, for readers without an error type of their own
/// (`ImageFacts`, `ComposeSchema`, `ECSContainerFacts`, the region table, `FargateSizes`,
/// `AppPlatformFacts`); the message names the file and the key's path.
struct AssetReadError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

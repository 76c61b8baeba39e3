import Yams

/// Where a value was written: the file as the operator named it and a 1-based line.
public struct ComposeLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// File name or path as given on the command line (or as found in the bundle directory).
    public var file: String
    /// Line number, starting at 1.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// The Compose merge tags (Compose >= 2.24): `!reset` drops the value inherited from
/// earlier files, `!override` replaces it instead of merging.
public enum MergeTag: String, Sendable, Hashable {
    case reset = "!reset"
    case override = "!override"
}

/// One key of a YAML mapping, in document order.
public struct ComposeEntry: Sendable, Hashable {
    public var key: String
    /// Where the key itself is written.
    public var keyLocation: ComposeLocation
    public var node: ComposeNode

    public init(key: String, keyLocation: ComposeLocation, node: ComposeNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.node = node
    }
}

/// A YAML value of a Compose file, with the location it came from and, after a merge, the
/// location of the file that last set it. Aliases are resolved and `<<` merge keys applied.
public struct ComposeNode: Sendable, Hashable {
    /// The value's shape.
    public indirect enum Value: Sendable, Hashable {
        /// A scalar; `raw` as written, `text` after `${VAR}` interpolation.
        case scalar(raw: String, text: String)
        /// A mapping, keys in document order.
        case mapping([ComposeEntry])
        case sequence([ComposeNode])
        /// `~`, `null` or an empty value.
        case null
    }

    public var value: Value
    public var location: ComposeLocation
    /// `!reset` / `!override`, if written; removed once merged.
    public var tag: MergeTag?
    /// True for a mapping Compose wrote as a list (`environment: [A=1]`). Compose applies
    /// `!reset` on one key of it only when the inherited value was written as a mapping.
    public var writtenAsList: Bool = false
    /// What a scalar is as Docker Compose's YAML reader (YAML 1.2 core schema) types it:
    /// `3000` a number, `"3000"` and `no` strings, `true` a boolean. `.string` for other shapes.
    public var scalarType: YAMLScalarType = .string

    public init(_ value: Value, at location: ComposeLocation, tag: MergeTag? = nil) {
        self.value = value
        self.location = location
        self.tag = tag
    }

    /// The interpolated text of a scalar; `nil` for other shapes.
    public var text: String? {
        if case .scalar(_, let t) = value { return t }
        return nil
    }

    /// The text as written (before interpolation) of a scalar.
    public var raw: String? {
        if case .scalar(let r, _) = value { return r }
        return nil
    }

    /// The entries of a mapping; `nil` for other shapes.
    public var entries: [ComposeEntry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    /// The items of a sequence; `nil` for other shapes.
    public var items: [ComposeNode]? {
        if case .sequence(let s) = value { return s }
        return nil
    }

    /// True for `~`, `null` or an empty value.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> ComposeNode? {
        entries?.first(where: { $0.key == key })?.node
    }

    /// The entry of `key` in a mapping (with the key's location).
    public func entry(_ key: String) -> ComposeEntry? {
        entries?.first(where: { $0.key == key })
    }

    /// Follows a path of mapping keys.
    public func at(_ path: String...) -> ComposeNode? {
        var node: ComposeNode? = self
        for key in path { node = node?[key] }
        return node
    }
}

/// The type YAML 1.2's core schema (what Compose's Go YAML reader uses) gives a scalar.
public enum YAMLScalarType: String, Sendable, Hashable {
    case string, integer, float, boolean

    /// The type of a plain (unquoted) scalar: `true`/`false` (any of the three cases) a
    /// boolean; `123`, `-4`, `0o17`, `0x1F` an integer; `1.5`, `1e3`, `.inf`, `.nan` a float;
    /// everything else a string (`yes`, `no`, `on`, `3000:3000` included, unlike YAML 1.1).
    public static func ofPlain(_ s: String) -> YAMLScalarType {
        if ["true", "True", "TRUE", "false", "False", "FALSE"].contains(s) { return .boolean }
        let c = Array(s.utf8)
        func digits(_ from: Int, _ ok: (UInt8) -> Bool) -> Bool { from < c.count && c[from...].allSatisfy(ok) }
        let dec: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if s.hasPrefix("0o") && digits(2, { $0 >= 0x30 && $0 <= 0x37 }) { return .integer }
        if s.hasPrefix("0x") && digits(2, { dec($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) { return .integer }
        let sign = (c.first == 0x2B || c.first == 0x2D) ? 1 : 0
        if digits(sign, dec) { return .integer }
        let rest = String(s.dropFirst(sign))
        if [".inf", ".Inf", ".INF"].contains(rest) || [".nan", ".NaN", ".NAN"].contains(s) { return .float }
        // [0-9]+(.[0-9]*)?([eE][-+]?[0-9]+)? or .[0-9]+([eE][-+]?[0-9]+)?
        var i = sign, intDigits = 0, fracDigits = 0
        let u = c
        while i < u.count, dec(u[i]) { i += 1; intDigits += 1 }
        if i < u.count, u[i] == 0x2E {
            i += 1
            while i < u.count, dec(u[i]) { i += 1; fracDigits += 1 }
        }
        guard intDigits + fracDigits > 0 else { return .string }
        if i < u.count, u[i] == 0x65 || u[i] == 0x45 {
            i += 1
            if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
            var e = 0
            while i < u.count, dec(u[i]) { i += 1; e += 1 }
            if e == 0 { return .string }
        }
        return i == u.count ? .float : .string
    }
}

/// Why a bundle could not be read (exit status 2 of `check`).
public struct CheckInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file that could not be read or parsed.
    public var file: String
    /// What went wrong, e.g. the YAML parser's message with its line.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}

/// Reads Compose YAML with Yams' node API, keeping the line of every value.
public enum ComposeParser {
    /// Parses one Compose file.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in findings.
    ///   - interpolate: turns each scalar's raw text into the value Compose uses.
    /// - Returns: the document's root (a mapping), or a null node for an empty file.
    /// - Throws: `CheckInputError` for a YAML syntax error or a root that is not a mapping.
    public static func parse(_ text: String, file: String,
                             interpolate: (String, ComposeLocation) -> String = { s, _ in s })
        throws(CheckInputError) -> ComposeNode
    {
        let root: Node?
        do {
            root = try YAMLTree.compose(text)
        } catch {
            throw CheckInputError(file: file, reason: "not valid YAML: \(error)")
        }
        guard let root else { return ComposeNode(.null, at: ComposeLocation(file: file, line: 1)) }
        let node = convert(root, file: file, interpolate: interpolate)
        if node.entries == nil && !node.isNull {
            throw CheckInputError(file: file, reason: "the top level must be a mapping (services:, volumes:, ...)")
        }
        return node
    }

    static func convert(_ node: Node, file: String,
                        interpolate: (String, ComposeLocation) -> String) -> ComposeNode {
        let loc = ComposeLocation(file: file, line: node.mark?.line ?? 1)
        let tag = MergeTag(rawValue: node.tag.rawValue)
        switch node {
        case .scalar(let s):
            let isNullTag = node.tag.rawValue == Tag.Name.null.rawValue
            if isNullTag || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)) {
                return ComposeNode(.null, at: loc, tag: tag)
            }
            var scalar = ComposeNode(.scalar(raw: s.string, text: interpolate(s.string, loc)), at: loc, tag: tag)
            if s.style == .plain { scalar.scalarType = YAMLScalarType.ofPlain(s.string) }
            return scalar
        case .sequence(let seq):
            return ComposeNode(.sequence(seq.map { convert($0, file: file, interpolate: interpolate) }),
                               at: loc, tag: tag)
        case .mapping(let map):
            var entries: [ComposeEntry] = []
            var merged: [ComposeEntry] = []
            for (k, v) in map {
                let keyText = k.string ?? "\(k)"
                let keyLoc = ComposeLocation(file: file, line: k.mark?.line ?? loc.line)
                if keyText == "<<" && k.scalar?.style == .plain {
                    // YAML merge key: keys of the referenced mapping(s) not set here.
                    let sources: [Node]
                    switch v {
                    case .sequence(let s): sources = Array(s)
                    default: sources = [v]
                    }
                    for src in sources {
                        if let e = convert(src, file: file, interpolate: interpolate).entries {
                            for item in e where !merged.contains(where: { $0.key == item.key }) {
                                merged.append(item)
                            }
                        }
                    }
                    continue
                }
                entries.removeAll { $0.key == keyText }
                entries.append(ComposeEntry(key: keyText, keyLocation: keyLoc,
                                            node: convert(v, file: file, interpolate: interpolate)))
            }
            for item in merged where !entries.contains(where: { $0.key == item.key }) {
                entries.append(item)
            }
            return ComposeNode(.mapping(entries), at: loc, tag: tag)
        case .alias:
            return ComposeNode(.null, at: loc, tag: tag)
        }
    }
}

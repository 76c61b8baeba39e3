/// One `NAME=value` line of the bundle's `.env`, with its comment.
public struct EnvEntry: Sendable, Hashable {
    /// Variable name: `[A-Z_][A-Z0-9_]*`.
    public var name: String
    /// The exact value Docker Compose must read back (not quoted yet).
    public var value: String
    /// One line saying what reads the variable and what it means.
    public var comment: String

    public init(name: String, value: String, comment: String) {
        self.name = name
        self.value = value
        self.comment = comment
    }
}

/// Renders `.env` files that Docker Compose's own parser (compose-go `dotenv`, v2.40.3)
/// reads back exactly as meant.
///
/// Quoting rule, checked against the real binary by `ComposeOracleTests`:
/// - a value without `'` and not ending in `\` is single-quoted: compose takes everything
///   between single quotes literally (`$`, `#`, `"`, `\`, spaces), except that `\'` does
///   not close the quote (so `'a\'` is an unterminated value);
/// - any other value is double-quoted with `\` before each `\`, `"` and `$` (compose
///   unescapes those three and does not interpolate an escaped `$`);
/// - a line break or other control character is refused: it cannot round-trip.
public enum EnvFile {
    /// The quoted form of `value` for the right-hand side of `NAME=`.
    /// - Throws: `PlanError` naming `name` when the value holds a control character.
    public static func quote(_ value: String, name: String) throws(PlanError) -> String {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw PlanError.renderedFile(path: ".env", problem: "the value of \(name) contains a line break or control character, which .env cannot hold; use printable characters only")
        }
        if !value.contains("'") && !value.hasSuffix("\\") { return "'" + value + "'" }
        var out = "\""
        for ch in value {
            if ch == "\\" || ch == "\"" || ch == "$" { out.append("\\") }
            out.append(ch)
        }
        out.append("\"")
        return out
    }

    /// The whole file: `header` lines as comments, then per entry a `# comment` line and a
    /// `NAME=value` line, separated by blank lines. UTF-8, no BOM, `\n` line ends, final `\n`.
    /// - Throws: `PlanError` for a bad name or an unquotable value.
    public static func render(header: [String], entries: [EnvEntry]) throws(PlanError) -> String {
        var text = header.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n"
        var seen: Set<String> = []
        for entry in entries {
            guard isValidName(entry.name) else {
                throw PlanError.renderedFile(path: ".env", problem: "\(entry.name.debugDescription) is not a variable name ([A-Z_][A-Z0-9_]*)")
            }
            guard seen.insert(entry.name).inserted else { throw PlanError.renderedFile(path: ".env", problem: "\(entry.name) is set twice") }
            text += "\n# " + entry.comment + "\n" + entry.name + "=" + (try quote(entry.value, name: entry.name)) + "\n"
        }
        return text
    }

    /// True for `[A-Z_][A-Z0-9_]*`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

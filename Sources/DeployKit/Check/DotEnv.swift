/// How a `.env` value was written.
public enum DotEnvQuoting: String, Sendable, Hashable {
    case none, single, double
}

/// One `KEY=VALUE` line of a `.env` file.
public struct DotEnvEntry: Sendable, Hashable {
    public var key: String
    /// The value as Compose reads it (after quotes, escapes, comments and interpolation).
    public var value: String
    /// The text after `=` as written (up to the end of the line, or the closing quote).
    public var written: String
    public var quoting: DotEnvQuoting
    /// Where the key is written.
    public var location: ComposeLocation
    /// Whether an unquoted value lost a trailing ` # ...` comment.
    public var strippedComment: Bool
    /// Whether interpolation replaced something (`$VAR`, `${VAR}`, `$$`).
    public var interpolated: Bool
    /// Whether escape sequences (`\n`, `\"`, ...) of a double-quoted value changed it.
    public var unescaped: Bool
    /// Whether an opening quote has no closing quote on the same line.
    public var unterminatedQuote: Bool
}

/// A parsed `.env` file.
public struct DotEnvFile: Sendable, Hashable {
    public var entries: [DotEnvEntry]
    public var file: String

    /// Variable values, last definition wins.
    public var variables: [String: String] {
        var v: [String: String] = [:]
        for e in entries { v[e.key] = e.value }
        return v
    }
}

/// Docker Compose's `.env` syntax (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax):
/// `#` comment lines, optional `export `, unquoted values (inline comment after ` #`,
/// interpolated, trimmed), single quotes (literal), double quotes (escapes `\n \r \t \\ \"`,
/// interpolated); quoted values may span lines.
public enum DotEnvParser {
    /// Parses a `.env` file; never fails (lines without `=` are skipped, as Compose does).
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in findings.
    public static func parse(_ text: String, file: String) -> DotEnvFile {
        var entries: [DotEnvEntry] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var vars: [String: String] = [:]
        var i = 0
        while i < lines.count {
            let lineNo = i + 1
            var line = Substring(lines[i])
            i += 1
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).drop(while: { $0 == " " }) }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].ckTrimmed(" \t")
            var rest = String(line[line.index(after: eq)...])
            rest = String(rest.drop(while: { $0 == " " || $0 == "\t" }))
            let loc = ComposeLocation(file: file, line: lineNo)
            let interp = Interpolator(variables: vars)
            var entry = DotEnvEntry(key: key, value: "", written: rest, quoting: .none, location: loc,
                                    strippedComment: false, interpolated: false, unescaped: false,
                                    unterminatedQuote: false)
            if let q = rest.first, q == "'" || q == "\"" {
                entry.quoting = q == "'" ? .single : .double
                // Find the closing quote, possibly on a later line.
                var body = String(rest.dropFirst())
                var closed = closingIndex(of: q, in: body)
                if closed == nil { entry.unterminatedQuote = true }
                while closed == nil, i < lines.count {
                    body += "\n" + lines[i]
                    i += 1
                    closed = closingIndex(of: q, in: body)
                }
                let inner = closed.map { String(body[..<$0]) } ?? body
                entry.written = String(q) + inner + (closed != nil ? String(q) : "")
                if q == "'" {
                    entry.value = inner
                } else {
                    let un = unescape(inner)
                    // `\\`, `\"`, `\'` and `\$` are deliberate literal escapes; only the
                    // control-character escapes change what a reader would expect.
                    entry.unescaped = un.surprising
                    let v = interp.interpolate(un.text, at: loc)
                    // An escaped `\$` is a literal `$` to Compose, not a reference.
                    entry.interpolated = v != un.literal
                    entry.value = v
                }
            } else {
                var value = rest
                if let r = commentStart(in: value) {
                    value = String(value[..<r])
                    entry.strippedComment = true
                }
                value = value.ckTrimmed(" \t")
                entry.written = rest
                let v = interp.interpolate(value, at: loc)
                entry.interpolated = v != value
                entry.value = v
            }
            vars[key] = entry.value
            entries.append(entry)
        }
        return DotEnvFile(entries: entries, file: file)
    }

    private static func closingIndex(of q: Character, in s: String) -> String.Index? {
        var idx = s.startIndex
        var escaped = false
        while idx < s.endIndex {
            let c = s[idx]
            if q == "\"" && c == "\\" && !escaped { escaped = true; idx = s.index(after: idx); continue }
            if c == q && !escaped { return idx }
            escaped = false
            idx = s.index(after: idx)
        }
        return nil
    }

    /// An inline comment starts at `#` preceded by a space or tab.
    private static func commentStart(in s: String) -> String.Index? {
        var prev: Character? = nil
        var idx = s.startIndex
        while idx < s.endIndex {
            if s[idx] == "#", prev == " " || prev == "\t" { return idx }
            prev = s[idx]
            idx = s.index(after: idx)
        }
        return nil
    }

    /// Compose's double-quoted escapes. `text` is what interpolation sees (`\$` becomes
    /// `$$`, a literal dollar); `literal` is the value with every escape resolved and no
    /// interpolation; `surprising` is whether `\n`, `\r` or `\t` were present.
    private static func unescape(_ s: String) -> (text: String, literal: String, surprising: Bool) {
        var out = "", literal = ""
        var surprising = false
        var it = s.makeIterator()
        while let c = it.next() {
            guard c == "\\", let n = it.next() else { out.append(c); literal.append(c); continue }
            switch n {
            case "n": out.append("\n"); literal.append("\n"); surprising = true
            case "r": out.append("\r"); literal.append("\r"); surprising = true
            case "t": out.append("\t"); literal.append("\t"); surprising = true
            case "\\": out.append("\\"); literal.append("\\")
            case "\"": out.append("\""); literal.append("\"")
            case "'": out.append("'"); literal.append("'")
            case "$": out.append("$$"); literal.append("$")
            default: out.append("\\"); out.append(n); literal.append("\\"); literal.append(n)
            }
        }
        return (out, literal, surprising)
    }
}

extension StringProtocol {
    func ckTrimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CWcwidth

/// Display width of characters in terminal cells, as libc's `wcwidth` gives it in a UTF-8
/// locale: the table ncursesw itself places characters by (2 for East Asian wide and emoji
/// presentation characters, 0 for combining marks and other zero-width ones, 1 otherwise).
///
/// The widths do not depend on the process's locale: `wcwidth` is asked under `C.UTF-8`
/// (every glibc UTF-8 locale shares one width table), so tests, which run in the `C`
/// locale, see what the wizard sees after `CursesTerminal` sets the locale from the
/// environment. Without a UTF-8 locale installed, every printable character counts as 1.
public enum CharWidth {
    /// Cells `c` occupies: the sum over its scalars, as ncursesw counts them (a base and
    /// its combining marks is one cell; an emoji and its skin-tone modifier are two wide
    /// ones). A scalar `wcwidth` calls unprintable counts 0 when it is a control character
    /// (`ScreenBuffer.write` shows those as `?`) and 1 otherwise (an unassigned code point).
    public static func of(_ c: Character) -> Int {
        let previous = utf8Locale.map { uselocale($0) }
        defer { if let previous { uselocale(previous) } }
        return c.unicodeScalars.reduce(0) { sum, s in
            let w = Int(ft_wcwidth(s.value))
            return sum + (w >= 0 ? w : (s.properties.generalCategory == .control ? 0 : 1))
        }
    }

    /// `C.UTF-8` for `LC_CTYPE` (or the environment's locale when that one is missing),
    /// created once; `nil` when neither exists.
    nonisolated(unsafe) private static let utf8Locale: locale_t? =
        newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) ?? newlocale(LC_CTYPE_MASK, "", nil)

    /// Cells `text` occupies: the sum over its characters.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// `text` cut to at most `width` cells; when cut, the last cell is `…`.
    public static func truncate(_ text: String, to width: Int) -> String {
        if width <= 0 { return "" }
        if of(text) <= width { return text }
        var out = "", used = 0
        for c in text {
            let w = of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        let t = truncate(text, to: width)
        return t + String(repeating: " ", count: max(0, width - of(t)))
    }

    /// `text` right-aligned in `width` cells.
    public static func padLeft(_ text: String, to width: Int) -> String {
        let t = truncate(text, to: width)
        return String(repeating: " ", count: max(0, width - of(t))) + t
    }

    /// Word-wraps `text` into lines of at most `width` cells (long words are cut).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let w = String(word)
                if line.isEmpty {
                    line = w
                } else if of(line) + 1 + of(w) <= width {
                    line += " " + w
                } else {
                    lines.append(line)
                    line = w
                }
                while of(line) > width {
                    var head = "", used = 0
                    for c in line { if used + of(c) > width { break }; head.append(c); used += of(c) }
                    lines.append(head)
                    line = String(line.dropFirst(head.count))
                }
            }
            lines.append(line)
        }
        return lines
    }
}

/// Display width of characters in terminal cells: 2 for East Asian wide and emoji
/// presentation characters, 0 for a lone combining mark, 1 otherwise (box drawing, Latin,
/// symbols). Enough for the wizard's text; not a full `wcwidth`.
public enum CharWidth {
    /// Cells `c` occupies.
    public static func of(_ c: Character) -> Int {
        if let a = c.asciiValue { return a >= 0x20 && a != 0x7F ? 1 : 0 }   // the common case, fast
        guard let s = c.unicodeScalars.first else { return 0 }
        let v = s.value
        if v < 0xA0 { return 0 }
        if v < 0x1100 { return s.properties.generalCategory == .nonspacingMark ? 0 : 1 }
        if v >= 0x2500 && v < 0x2E80 { return 1 }   // box drawing, blocks, arrows, symbols
        return wide.contains(where: { $0.contains(v) }) ? 2 : 1
    }

    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    /// Cells `text` occupies.
    ///
    /// Printable ASCII (0x20-0x7E, the wizard's usual text) is one cell per byte: each such
    /// byte is a character of its own, so the per-character walk is skipped.
    public static func of(_ text: String) -> Int {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
        return text.reduce(0) { $0 + of($1) }
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

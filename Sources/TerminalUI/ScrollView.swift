/// A read-only view over many styled lines, scrolled with Up/Down/PageUp/PageDown/Home/End.
public struct ScrollView: Sendable, Hashable {
    /// One line of text with its style.
    public struct Line: Sendable, Hashable {
        /// The text (cut at the view's width).
        public var text: String
        /// How it is drawn.
        public var style: Style
        /// A line; plain by default.
        public init(_ text: String, style: Style = .plain) { self.text = text; self.style = style }
    }

    /// Every line, top to bottom.
    public var lines: [Line]
    /// Index of the first visible line.
    public private(set) var offset: Int = 0

    /// A view at the top of `lines`.
    public init(lines: [Line]) { self.lines = lines }

    /// Handles a scroll key for a view `height` rows tall; returns `true` when used.
    public mutating func handle(_ key: Key, height: Int) -> Bool {
        let page = max(1, height - 2)
        switch key {
        case .up: scroll(to: offset - 1, height: height)
        case .down: scroll(to: offset + 1, height: height)
        case .pageUp: scroll(to: offset - page, height: height)
        case .pageDown, .char(" "): scroll(to: offset + page, height: height)
        case .home: scroll(to: 0, height: height)
        case .end: scroll(to: lines.count, height: height)
        default: return false
        }
        return true
    }

    /// Scrolls so `line` is the first visible line of a view `height` rows tall (one row
    /// of which is the position line), clamped.
    public mutating func scroll(to line: Int, height: Int) {
        offset = max(0, min(line, lines.count - max(1, height - 1)))
    }

    /// Draws the visible lines into `rect`; the last row says which lines are shown.
    public func render(into buffer: inout ScreenBuffer, rect: Rect) {
        guard rect.height > 1 else { return }
        let body = rect.height - 1
        let first = max(0, min(offset, lines.count - body))
        for row in 0..<body where first + row < lines.count {
            let l = lines[first + row]
            buffer.write(l.text, x: rect.x, y: rect.y + row, style: l.style, maxWidth: rect.width)
        }
        let last = min(lines.count, first + body)
        let info = lines.isEmpty ? "(empty)" : "lines \(first + 1)–\(last) of \(lines.count)"
        buffer.write(info, x: rect.x, y: rect.maxY - 1, style: .muted, maxWidth: rect.width)
    }
}

/// A line-based diff, for showing what an update changes.
public enum TextDiff {
    /// Whether a line is in both files, only the new one, or only the old one.
    public enum Kind: Sendable, Hashable { case same, added, removed }

    /// One line of a diff.
    public struct Line: Sendable, Hashable {
        /// Where the line is.
        public var kind: Kind
        /// The line's text, without its line break.
        public var text: String
    }

    /// The lines of `old` and `new` in order, each marked same / removed / added: the
    /// standard library's minimal `difference(from:)`, each change's removed lines first.
    public static func diff(old: [String], new: [String]) -> [Line] {
        var removed = Set<Int>(), inserted = Set<Int>()
        for c in new.difference(from: old) {
            switch c {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                out.append(Line(kind: .removed, text: old[i])); i += 1
            } else if j < new.count, inserted.contains(j) {
                out.append(Line(kind: .added, text: new[j])); j += 1
            } else {
                out.append(Line(kind: .same, text: old[i])); i += 1; j += 1
            }
        }
        return out
    }

    /// Diff lines as a scroll view: `+ ` added (green), `- ` removed (red), `  ` same.
    public static func scrollView(old: [String], new: [String]) -> ScrollView {
        ScrollView(lines: diff(old: old, new: new).map { l in
            switch l.kind {
            case .same: return .init("  " + l.text)
            case .added: return .init("+ " + l.text, style: Style(color: .success))
            case .removed: return .init("- " + l.text, style: Style(color: .error))
            }
        })
    }
}

/// One character cell: a grapheme and its style. A character `CharWidth` gives n > 1
/// columns occupies its cell and the next n - 1, which hold `Cell.continuation`.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown (usually one or two cells wide).
    public var character: Character
    /// Attributes and colour role.
    public var style: Style

    /// A cell; a blank plain cell by default.
    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    /// Marks a column covered by the wide character before it; never drawn.
    public static let continuation = Cell("\u{0}")
    /// A space without attributes.
    public static let blank = Cell()
    /// True for a column covered by the wide character before it.
    public var isContinuation: Bool { character == "\u{0}" }
}

/// An in-memory grid of cells: what a screen renders into before any terminal sees it.
/// All writes clip to the grid, so a widget can never draw outside the screen.
public struct ScreenBuffer: Sendable, Hashable {
    /// Columns and rows.
    public private(set) var size: Size
    /// Row-major cells, `size.width * size.height`.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a focused text field), or `nil` to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    /// A blank buffer of `size`, cursor hidden.
    public init(size: Size) {
        self.size = size
        self.cells = Array(repeating: .blank, count: size.width * size.height)
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    /// The cell at column `x`, row `y`; reads outside give a blank cell, writes outside are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
            return cells[y * size.width + x]
        }
        set {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
            cells[y * size.width + x] = newValue
        }
    }

    /// Writes `text` from (`x`, `y`) on one line, clipped to `clip` (default: the whole
    /// grid) and to at most `maxWidth` cells. Control characters are shown as `?`.
    /// - Returns: the column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain,
                               maxWidth: Int? = nil, clip: Rect? = nil) -> Int {
        let area = clip ?? bounds
        guard y >= area.y, y < area.maxY, y >= 0, y < size.height else { return x }
        let limit = min(area.maxX, size.width, maxWidth.map { x + $0 } ?? Int.max)
        var col = x
        for var c in text {
            var w = CharWidth.of(c)
            if w == 0 {
                if c.unicodeScalars.first.map({ $0.value < 0x20 || $0.value == 0x7F }) ?? true {
                    c = "?"; w = 1
                } else { continue }
            }
            if col + w > limit { break }
            if col >= area.x && col >= 0 {
                self[col, y] = Cell(c, style: style)
                for k in 1..<max(1, w) { self[col + k, y] = .continuation }
            }
            col += w
        }
        return col
    }

    /// Fills `rect` with `character` in `style`.
    public mutating func fill(_ rect: Rect, character: Character = " ", style: Style = .plain) {
        for yy in max(0, rect.y)..<min(size.height, rect.maxY) {
            for xx in max(0, rect.x)..<min(size.width, rect.maxX) {
                self[xx, yy] = Cell(character, style: style)
            }
        }
    }

    /// Applies `style` to every cell of `rect`, keeping the characters.
    public mutating func restyle(_ rect: Rect, style: Style) {
        for yy in max(0, rect.y)..<min(size.height, rect.maxY) {
            for xx in max(0, rect.x)..<min(size.width, rect.maxX) {
                self[xx, yy].style = style
            }
        }
    }

    /// Draws a single-line box on the border of `rect` with an optional title on top.
    /// Uses Unicode box drawing; the backend maps it to ASCII when the locale is not UTF-8.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .plain) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let l = rect.x, r = rect.maxX - 1, t = rect.y, b = rect.maxY - 1
        for xx in (l + 1)..<r { self[xx, t] = Cell("─", style: style); self[xx, b] = Cell("─", style: style) }
        for yy in (t + 1)..<b { self[l, yy] = Cell("│", style: style); self[r, yy] = Cell("│", style: style) }
        self[l, t] = Cell("┌", style: style); self[r, t] = Cell("┐", style: style)
        self[l, b] = Cell("└", style: style); self[r, b] = Cell("┘", style: style)
        if let title, rect.width > 4 {
            write(" \(title) ", x: l + 2, y: t, style: style.bolded, maxWidth: rect.width - 4)
        }
    }

    /// Draws a horizontal rule across `width` cells.
    public mutating func hline(x: Int, y: Int, width: Int, style: Style = .muted) {
        for xx in x..<(x + max(0, width)) { self[xx, y] = Cell("─", style: style) }
    }

    /// Copies `other` into this buffer with its top-left corner at (`x`, `y`), clipped.
    public mutating func blit(_ other: ScreenBuffer, x: Int, y: Int) {
        for yy in 0..<other.size.height {
            for xx in 0..<other.size.width { self[x + xx, y + yy] = other[xx, yy] }
        }
    }

    /// The characters of one row, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var s = ""
        for xx in 0..<size.width {
            let c = self[xx, y]
            if !c.isContinuation { s.append(c.character) }
        }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Every row as text (trailing spaces removed): what golden snapshots compare.
    public func lines() -> [String] { (0..<size.height).map(line) }

    /// The rows joined by `\n`.
    public var text: String { lines().joined(separator: "\n") }

    /// True when `needle` appears on some row.
    public func contains(_ needle: String) -> Bool { lines().contains { $0.contains(needle) } }

    /// Same size, cells and cursor.
    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }

    /// Hashes size and cells.
    public func hash(into h: inout Hasher) { h.combine(size); h.combine(cells) }
}

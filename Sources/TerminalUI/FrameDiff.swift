/// A run of cells to draw: `text` from column `x` of row `y`, every character in `style`.
/// What a terminal backend sends to turn the previous frame into the next one.
public struct CellRun: Sendable, Hashable {
    /// First column, 0-based.
    public var x: Int
    /// Row, 0-based.
    public var y: Int
    /// Attributes and colour of every character in the run.
    public var style: Style
    /// The characters, left to right; a wide one covers two columns.
    public var text: String

    /// A run of `text` at (`x`, `y`) in `style`.
    public init(x: Int, y: Int, style: Style, text: String) {
        self.x = x
        self.y = y
        self.style = style
        self.text = text
    }
}

/// What a terminal shows starting at one column: a character, its style and how many
/// columns it covers (1, or its `CharWidth` when its continuation cells follow it).
struct DrawnGlyph: Hashable {
    var character: Character
    var style: Style
    var width: Int
}

extension ScreenBuffer {
    /// The runs that turn `previous` (what the terminal shows) into this buffer, top to
    /// bottom and left to right; every cell when `previous` is `nil` or of another size.
    ///
    /// A run holds consecutive changed glyphs of one style. A wide character and its
    /// continuation cells are one glyph: a continuation's own (plain) style never splits a
    /// run, and the next run starts after all its columns. A wide character without all its
    /// continuations (cut by a later write, or put too close to the right edge) and a
    /// continuation without its wide character are drawn as a space in the cell's style, so
    /// no write spills into the next cell or the next row.
    public func runs(since previous: ScreenBuffer?) -> [CellRun] {
        let full = previous?.size != size
        var out: [CellRun] = []
        for y in 0..<size.height {
            var open: CellRun? = nil
            var x = 0
            while x < size.width {
                guard let g = drawn(x: x, y: y) else { x += 1; continue }
                let changed = full || (x..<(x + g.width)).contains { previous?.drawn(x: $0, y: y) != drawn(x: $0, y: y) }
                if changed, open?.style == g.style {
                    open?.text.append(g.character)
                } else {
                    if let r = open { out.append(r) }
                    open = changed ? CellRun(x: x, y: y, style: g.style, text: String(g.character)) : nil
                }
                x += g.width
            }
            if let r = open { out.append(r) }
        }
        return out
    }

    /// The glyph drawn from column `x` of row `y`, or `nil` for a column covered by the
    /// wide character drawn from a column to its left.
    func drawn(x: Int, y: Int) -> DrawnGlyph? {
        let cell = self[x, y]
        if cell.isContinuation {
            var start = x - 1
            while start >= 0, self[start, y].isContinuation { start -= 1 }
            if start >= 0, let g = drawn(x: start, y: y), start + g.width > x { return nil }
            return DrawnGlyph(character: " ", style: cell.style, width: 1)
        }
        let w = CharWidth.of(cell.character)
        guard w > 1 else { return DrawnGlyph(character: cell.character, style: cell.style, width: 1) }
        if x + w <= size.width, (x + 1..<x + w).allSatisfy({ self[$0, y].isContinuation }) {
            return DrawnGlyph(character: cell.character, style: cell.style, width: w)
        }
        return DrawnGlyph(character: " ", style: cell.style, width: 1)
    }
}

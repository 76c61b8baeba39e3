/// A text table: a header row, a rule, then rows. Column widths fit the content and shrink
/// (longest column first) to the available width. Highlighted rows are bold, coloured and
/// marked with `»` so they stand out in monochrome too.
public struct Table: Sendable, Hashable {
    /// Column alignment (numbers right).
    public enum Alignment: Sendable, Hashable { case left, right }

    /// Column headers; their count is the column count.
    public var headers: [String]
    /// Rows of cells; missing cells are blank.
    public var rows: [[String]]
    /// One per column.
    public var alignments: [Alignment]
    /// Row indices to highlight.
    public var highlighted: Set<Int>
    /// Row indices drawn bold (e.g. totals).
    public var emphasised: Set<Int>

    /// A table; every column left-aligned unless `alignments` says otherwise.
    public init(headers: [String], rows: [[String]], alignments: [Alignment]? = nil,
                highlighted: Set<Int> = [], emphasised: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments ?? headers.map { _ in .left }
        self.highlighted = highlighted
        self.emphasised = emphasised
    }

    /// Column widths for a total of at most `width` cells (2 for the marker, 1 between columns).
    public func columnWidths(fitting width: Int) -> [Int] {
        var w = headers.indices.map { i in
            ([headers[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(CharWidth.of).max() ?? 0
        }
        let budget = width - 2 - max(0, w.count - 1)
        while w.reduce(0, +) > budget, let m = w.indices.max(by: { w[$0] < w[$1] }), w[m] > 3 { w[m] -= 1 }
        return w
    }

    /// Rows the table needs: header, rule, rows.
    public var height: Int { rows.count + 2 }

    /// Draws into `rect` (rows past its height are not drawn).
    public func render(into buffer: inout ScreenBuffer, rect: Rect) {
        let widths = columnWidths(fitting: rect.width)
        func cellText(_ s: String, _ i: Int) -> String {
            alignments[safe: i] == .right ? CharWidth.padLeft(s, to: widths[i]) : CharWidth.pad(s, to: widths[i])
        }
        func rowText(_ r: [String]) -> String {
            widths.indices.map { cellText($0 < r.count ? r[$0] : "", $0) }.joined(separator: " ")
        }
        buffer.write("  " + rowText(headers), x: rect.x, y: rect.y, style: .bold, maxWidth: rect.width)
        if rect.height > 1 {
            buffer.hline(x: rect.x, y: rect.y + 1, width: min(rect.width, 2 + widths.reduce(0, +) + widths.count - 1))
        }
        for (i, r) in rows.enumerated() where i + 2 < rect.height {
            let hi = highlighted.contains(i)
            let style: Style = hi ? Style(bold: true, color: .accent) : (emphasised.contains(i) ? .bold : .plain)
            buffer.write((hi ? "» " : "  ") + rowText(r), x: rect.x, y: rect.y + 2 + i, style: style, maxWidth: rect.width)
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

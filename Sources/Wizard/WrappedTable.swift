import TerminalUI

extension Table {
    /// Lines a row takes when each cell is word-wrapped in its column's `widths`.
    func wrappedHeight(_ row: [String], widths: [Int]) -> Int {
        widths.indices.map { i in max(1, CharWidth.wrap(i < row.count ? row[i] : "", width: widths[i]).count) }.max() ?? 1
    }

    /// Column widths for at most `width` cells (2 for the marker, 1 between columns) that
    /// keep the word-wrapped table shortest: each cell's own width at first, then one cell
    /// less at a time from the column where that costs the fewest added lines (ties: the
    /// widest). No column goes under its longest word while another can still give.
    func wrappingWidths(fitting width: Int) -> [Int] {
        let all = [headers] + rows
        var w = headers.indices.map { i in all.map { i < $0.count ? CharWidth.of($0[i]) : 0 }.max() ?? 0 }
        let longestWord = headers.indices.map { i in
            all.flatMap { i < $0.count ? $0[i].split(separator: " ").map { CharWidth.of(String($0)) } : [] }.max() ?? 1
        }
        let budget = width - 2 - max(0, w.count - 1)
        func height(_ ws: [Int]) -> Int { all.map { wrappedHeight($0, widths: ws) }.reduce(0, +) }
        while w.reduce(0, +) > budget {
            var best: (i: Int, h: Int)?
            for i in w.indices where w[i] > max(3, longestWord[i]) {
                var t = w; t[i] -= 1
                let h = height(t)
                if best == nil || h < best!.h || (h == best!.h && w[i] > w[best!.i]) { best = (i, h) }
            }
            if let b = best { w[b.i] -= 1; continue }
            // Every column is down to its longest word: break words in the widest.
            guard let m = w.indices.max(by: { w[$0] < w[$1] }), w[m] > 3 else { break }
            w[m] -= 1
        }
        return w
    }

    /// The table as screen lines `width` cells wide, every cell whole: word-wrapped inside
    /// its column, a row as tall as its tallest cell. Header (bold), a rule, then the rows;
    /// highlighted rows are bold in the accent colour and marked `»` on their first line.
    /// `rowStarts[i]` is the index in `lines` of row `i`'s first line.
    func wrappedLines(width: Int) -> (lines: [(text: String, style: Style)], rowStarts: [Int]) {
        let widths = wrappingWidths(fitting: width)
        func rowLines(_ r: [String]) -> [String] {
            let cells = widths.indices.map { i in CharWidth.wrap(i < r.count ? r[i] : "", width: widths[i]) }
            let n = max(1, cells.map(\.count).max() ?? 1)
            return (0..<n).map { k in
                widths.indices.map { i in
                    let t = cells[i][safe: k] ?? ""
                    return alignments[safe: i] == .right ? CharWidth.padLeft(t, to: widths[i]) : CharWidth.pad(t, to: widths[i])
                }.joined(separator: " ")
            }
        }
        var out: [(text: String, style: Style)] = rowLines(headers).map { ("  " + $0, .bold) }
        out.append((String(repeating: "─", count: min(width, 2 + widths.reduce(0, +) + widths.count - 1)), .muted))
        var starts: [Int] = []
        for (i, r) in rows.enumerated() {
            starts.append(out.count)
            let hi = highlighted.contains(i)
            let style: Style = hi ? Style(bold: true, color: .accent) : (emphasised.contains(i) ? .bold : .plain)
            for (k, l) in rowLines(r).enumerated() { out.append(((hi && k == 0 ? "» " : "  ") + l, style)) }
        }
        return (out, starts)
    }
}

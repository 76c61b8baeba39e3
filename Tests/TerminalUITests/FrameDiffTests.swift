import Testing
@testable import TerminalUI

/// A terminal screen as the oracle for `ScreenBuffer.runs(since:)`: a grid of columns that
/// runs are painted onto the way a terminal prints (a character of width n fills its column
/// and the next n - 1, whose old content is gone; writing over any column of a wide
/// character blanks the rest of it).
struct PaintedScreen: Equatable, CustomStringConvertible {
    /// Per column: the character shown and its style; `nil` for a column a wide one covers.
    var columns: [[(Character, Style)?]]
    let width: Int

    init(size: Size) {
        width = size.width
        columns = Array(repeating: Array(repeating: (" ", .plain), count: size.width), count: size.height)
    }

    mutating func put(_ c: Character, _ style: Style, x: Int, y: Int) {
        let w = max(1, CharWidth.of(c))
        for col in x..<min(width, x + w) {
            // Blank the rest of any wide character this column cuts.
            var start = col
            while start > 0, columns[y][start] == nil { start -= 1 }
            var end = col + 1
            while end < width, columns[y][end] == nil { end += 1 }
            for k in start..<end where k < x || k >= x + w { columns[y][k] = (" ", .plain) }
        }
        columns[y][x] = (c, style)
        for col in (x + 1)..<min(width, x + w) { columns[y][col] = nil }
    }

    mutating func paint(_ runs: [CellRun]) {
        for r in runs {
            var x = r.x
            for c in r.text { put(c, r.style, x: x, y: r.y); x += max(1, CharWidth.of(c)) }
        }
    }

    /// What the buffer shows painted cell by cell, as `runs(since:)` documents it: a wide
    /// character covers its continuation cells; one without all of them, and a continuation
    /// not covered by a wide character, show as a space in the cell's style.
    static func of(_ b: ScreenBuffer) -> PaintedScreen {
        var s = PaintedScreen(size: b.size)
        for y in 0..<b.size.height {
            var coveredUntil = 0
            for x in 0..<b.size.width {
                let cell = b[x, y]
                let w = CharWidth.of(cell.character)
                if cell.isContinuation {
                    if x >= coveredUntil { s.put(" ", cell.style, x: x, y: y) }
                } else if w > 1 {
                    let whole = x + w <= b.size.width && (1..<w).allSatisfy { b[x + $0, y].isContinuation }
                    s.put(whole ? cell.character : " ", cell.style, x: x, y: y)
                    coveredUntil = whole ? x + w : x + 1
                } else {
                    s.put(cell.character, cell.style, x: x, y: y)
                }
            }
        }
        return s
    }

    static func == (a: PaintedScreen, b: PaintedScreen) -> Bool { a.description == b.description }

    var description: String {
        columns.map { row in
            row.map { cell in cell.map { "\($0.0)\($0.1.bold ? "b" : "")\($0.1.reverse ? "r" : "")\($0.1.color?.rawValue ?? 0)" } ?? "<" }
                .joined(separator: "|")
        }.joined(separator: "\n")
    }
}

@Suite struct FrameDiffTests {
    @Test func unchangedFrameSendsNothing() {
        var b = ScreenBuffer(size: Size(width: 12, height: 3))
        b.box(b.bounds, title: "日本")
        b.write("a🙂b", x: 1, y: 1, style: .bold)
        #expect(b.runs(since: b) == [])
    }

    @Test func firstFrameAndNewSizeDrawEveryCell() {
        var b = ScreenBuffer(size: Size(width: 3, height: 2))
        b.write("ab", x: 0, y: 1, style: .bold)
        let expected = [CellRun(x: 0, y: 0, style: .plain, text: "   "),
                        CellRun(x: 0, y: 1, style: .bold, text: "ab"), CellRun(x: 2, y: 1, style: .plain, text: " ")]
        #expect(b.runs(since: nil) == expected)
        #expect(b.runs(since: ScreenBuffer(size: Size(width: 4, height: 2))) == expected)
    }

    @Test func oneChangedCellIsOneRunOfOneCharacter() {
        var a = ScreenBuffer(size: Size(width: 10, height: 3))
        a.write("hello", x: 2, y: 1)
        var b = a
        b.write("j", x: 2, y: 1)
        #expect(b.runs(since: a) == [CellRun(x: 2, y: 1, style: .plain, text: "j")])
    }

    @Test func styleChangeAloneRedrawsTheCellsInTheirNewStyle() {
        var a = ScreenBuffer(size: Size(width: 10, height: 1))
        a.write("abcdef", x: 0, y: 0)
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 2, height: 1), style: .focus)
        b.restyle(Rect(x: 3, y: 0, width: 1, height: 1), style: .error)
        #expect(b.runs(since: a) == [CellRun(x: 1, y: 0, style: .focus, text: "bc"),
                                     CellRun(x: 3, y: 0, style: .error, text: "d")])
    }

    @Test func plainTextAfterAStyledWideCharacterStartsAfterBothOfItsColumns() {
        let a = ScreenBuffer(size: Size(width: 8, height: 1))
        var b = a
        var x = b.write("日", x: 0, y: 0, style: .bold)
        x = b.write("ab", x: x, y: 0)
        #expect(b.runs(since: a) == [CellRun(x: 0, y: 0, style: .bold, text: "日"),
                                     CellRun(x: 2, y: 0, style: .plain, text: "ab")])
        var screen = PaintedScreen.of(a)
        screen.paint(b.runs(since: a))
        #expect(screen == PaintedScreen.of(b))
    }

    @Test func wideCharacterInTheLastTwoColumnsEndsTheRowAndOneThatDoesNotFitIsBlank() {
        let a = ScreenBuffer(size: Size(width: 5, height: 2))
        var b = a
        b.write("abc日", x: 0, y: 0, style: .bold)
        b.write("abcd日", x: 0, y: 1)   // 日 does not fit in the last column: not written
        #expect(b.runs(since: a) == [CellRun(x: 0, y: 0, style: .bold, text: "abc日"),
                                     CellRun(x: 0, y: 1, style: .plain, text: "abcd")])
        // A wide character put straight into the last cell has no room for its right half.
        var c = a
        c[4, 0] = Cell("日", style: .bold)
        #expect(c.runs(since: a) == [CellRun(x: 4, y: 0, style: .bold, text: " ")])
    }

    @Test func paintingTheRunsOverThePreviousFrameGivesTheNextFrame() {
        var rng: UInt64 = 0x5eed
        func next(_ n: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(n))
        }
        let pool = ["a", "bc", "日", "本語", "🙂", "👍🏽", "─", " ", "e\u{301}", "\u{301}"]
        let styles: [Style] = [.plain, .bold, .focus, .error, .muted]
        func frame() -> ScreenBuffer {
            var b = ScreenBuffer(size: Size(width: 9, height: 3))
            for _ in 0..<next(8) {
                b.write(pool[next(pool.count)], x: next(10), y: next(3), style: styles[next(styles.count)])
            }
            return b
        }
        for round in 0..<500 {
            let a = frame(), b = frame()
            var screen = PaintedScreen.of(a)
            screen.paint(b.runs(since: a))
            #expect(screen == PaintedScreen.of(b), "round \(round)\nfrom\n\(PaintedScreen.of(a))\nto\n\(PaintedScreen.of(b))")
            if screen != PaintedScreen.of(b) { break }
        }
    }
}

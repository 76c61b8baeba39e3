import Testing
@testable import TerminalUI

/// A terminal screen as the oracle for `ScreenBuffer.runs(since:)`: a grid of columns that
/// runs are painted onto the way a terminal prints (a character of width 2 fills its column
/// and the next, whose old content is gone; writing over either half of a wide character
/// blanks the other half).
struct PaintedScreen: Equatable, CustomStringConvertible {
    /// Per column: the character shown and its style; `nil` for the right half of a wide one.
    var columns: [[(Character, Style)?]]
    let width: Int

    init(size: Size) {
        width = size.width
        columns = Array(repeating: Array(repeating: (" ", .plain), count: size.width), count: size.height)
    }

    mutating func put(_ c: Character, _ style: Style, x: Int, y: Int) {
        let w = CharWidth.of(c)
        for col in x..<(x + w) where col < width {
            // Blank the other half of any wide character this column cuts.
            if columns[y][col] == nil, col > 0 { columns[y][col - 1] = (" ", .plain) }
            if col + 1 < width, columns[y][col + 1] == nil { columns[y][col + 1] = (" ", .plain) }
        }
        columns[y][x] = (c, style)
        if w == 2, x + 1 < width { columns[y][x + 1] = nil }
    }

    mutating func paint(_ runs: [CellRun]) {
        for r in runs {
            var x = r.x
            for c in r.text { put(c, r.style, x: x, y: r.y); x += CharWidth.of(c) }
        }
    }

    /// What the buffer shows painted cell by cell, as `runs(since:)` documents it: a wide
    /// character covers its continuation cell; one without its continuation, and a
    /// continuation without its wide character, show as a space in the cell's style.
    static func of(_ b: ScreenBuffer) -> PaintedScreen {
        var s = PaintedScreen(size: b.size)
        for y in 0..<b.size.height {
            var covered = false
            for x in 0..<b.size.width {
                let cell = b[x, y]
                if cell.isContinuation {
                    if !covered { s.put(" ", cell.style, x: x, y: y) }
                    covered = false
                } else if CharWidth.of(cell.character) == 2 {
                    covered = x + 1 < b.size.width && b[x + 1, y].isContinuation
                    s.put(covered ? cell.character : " ", cell.style, x: x, y: y)
                } else {
                    s.put(cell.character, cell.style, x: x, y: y)
                    covered = false
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
        let pool = ["a", "bc", "日", "本語", "🙂", "─", " ", "é"]
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

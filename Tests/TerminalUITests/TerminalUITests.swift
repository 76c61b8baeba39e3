import Testing
@testable import TerminalUI

@Suite struct ScreenBufferTests {
    @Test func writeClipsToTheGridAndTheMaxWidth() {
        var b = ScreenBuffer(size: Size(width: 10, height: 2))
        let end = b.write("hello world", x: 3, y: 0)
        #expect(end == 10)
        #expect(b.lines() == ["   hello w", ""])
        b.write("abcdef", x: 0, y: 1, maxWidth: 3)
        #expect(b.line(1) == "abc")
        b.write("zz", x: 0, y: 5) // off-grid row: ignored
        #expect(b.lines().count == 2)
    }

    @Test func wideCharactersTakeTwoCellsAndNeverHalfFit() {
        var b = ScreenBuffer(size: Size(width: 5, height: 1))
        b.write("日本語", x: 0, y: 0)
        #expect(b.line(0) == "日本")
        #expect(b[1, 0].isContinuation)
        #expect(b[4, 0].character == " ")
    }

    @Test func aCharacterOfSeveralWideScalarsCoversAllItsColumns() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        let end = b.write("👍🏽a", x: 0, y: 0)
        #expect(end == 5)
        #expect((1...3).allSatisfy { b[$0, 0].isContinuation })
        #expect(b[4, 0].character == "a")
        #expect(b.line(0) == "👍🏽a")
    }

    @Test func controlCharactersAreShownAsQuestionMarks() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        b.write("a\u{1b}[2J", x: 0, y: 0)
        #expect(b.line(0) == "a?[2J")
    }

    @Test func boxDrawsBordersAndTitle() {
        var b = ScreenBuffer(size: Size(width: 12, height: 3))
        b.box(b.bounds, title: "Hi")
        #expect(b.lines() == ["┌─ Hi ─────┐", "│          │", "└──────────┘"])
    }
}

@Suite struct TextFieldTests {
    @Test func insertsAtTheCursorAndDeletes() {
        var f = TextField("ac")
        let usedLeft = f.handle(.left)
        let usedB = f.handle(.char("b"))
        #expect(usedLeft && usedB)
        #expect(f.text == "abc" && f.cursor == 2)
        _ = f.handle(.backspace)
        #expect(f.text == "ac" && f.cursor == 1)
        _ = f.handle(.home); _ = f.handle(.delete)
        #expect(f.text == "c" && f.cursor == 0)
        let usedTab = f.handle(.tab)
        #expect(!usedTab)
    }

    @Test func pasteKeepsEveryPrintableCharacterAndDropsLineBreaks() {
        var f = TextField()
        f.insert("db-1.example.com\r\n")
        #expect(f.text == "db-1.example.com")
        var g = TextField(maxLength: 4)
        let refused = !g.insert("abcdef")
        #expect(refused, "too long: refused whole, never cut")
        #expect(g.text == "")
        let fits = g.insert("abcd")
        #expect(fits && g.text == "abcd")
    }

    @Test func renderScrollsToKeepTheCursorVisible() {
        var f = TextField()
        f.insert("0123456789abcdef")
        var b = ScreenBuffer(size: Size(width: 12, height: 1))
        f.render(into: &b, x: 0, y: 0, width: 8, focused: true)
        // Five characters plus one cell for the cursor after the last one.
        #expect(b.line(0) == "[bcdef ]")
        #expect(b.cursor?.x == 6)
    }
}

@Suite struct SecretFieldTests {
    @Test func rendersOnlyMaskCharactersAndRedactsEveryDescription() {
        var s = SecretField()
        s.insert("hunter2")
        var b = ScreenBuffer(size: Size(width: 20, height: 1))
        s.render(into: &b, x: 0, y: 0, width: 12, focused: false)
        #expect(b.line(0) == "[•••••••   ]")
        #expect(!b.text.contains("hunter2"))
        #expect(!"\(s)".contains("hunter2"))
        #expect(!String(reflecting: s).contains("hunter2"))
        var dumped = ""
        dump(s, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(s.revealForUse() == "hunter2")
    }

    @Test func confirmationMatchesOnlyTheSameValue() {
        var a = SecretField(), b = SecretField()
        a.insert("x1"); b.insert("x")
        #expect(!a.matches(b))
        _ = b.handle(.char("1"))
        #expect(a.matches(b))
    }
}

@Suite struct WidgetTests {
    @Test func menuMovesAndClamps() {
        var m = Menu(items: ["a", "b", "c"])
        _ = m.handle(.up)
        #expect(m.selected == 0)
        _ = m.handle(.end)
        #expect(m.selected == 2)
        var b = ScreenBuffer(size: Size(width: 10, height: 3))
        m.render(into: &b, rect: b.bounds)
        #expect(b.lines() == ["  a", "  b", "▸ c"])
    }

    @Test func tableShrinksTheWidestColumnAndMarksHighlightedRows() {
        let t = Table(headers: ["Name", "Value"], rows: [["alpha-long-name", "1"], ["b", "22"]],
                      alignments: [.left, .right], highlighted: [1])
        var b = ScreenBuffer(size: Size(width: 14, height: 4))
        t.render(into: &b, rect: b.bounds)
        #expect(b.lines() == ["  Name   Value", "──────────────", "  alpha…     1", "» b         22"])
    }

    @Test func barChartScalesToTheLargestHighEnd() {
        let c = BarChart(bars: [.init(label: "A", value: 10, high: 20, caption: "$10"),
                                .init(label: "B", value: 20, caption: "$20")])
        var b = ScreenBuffer(size: Size(width: 16, height: 2))
        c.render(into: &b, rect: b.bounds)
        #expect(b.lines() == ["A │████░░░░ $10", "B │████████ $20"])
    }

    @Test func lineDiffMarksAddedAndRemovedLines() {
        let d = TextDiff.diff(old: ["a", "b", "c"], new: ["a", "x", "c", "d"])
        // Removed lines come before the lines that replace them, as in `diff -u`.
        #expect(d.map(\.kind) == [.same, .removed, .added, .same, .added])
        #expect(d.filter { $0.kind == .added }.map(\.text) == ["x", "d"])
        #expect(d.filter { $0.kind == .removed }.map(\.text) == ["b"])
    }

    @Test func scrollViewClampsAndReportsTheVisibleRange() {
        var v = ScrollView(lines: (1...10).map { .init("l\($0)") })
        _ = v.handle(.end, height: 4)
        var b = ScreenBuffer(size: Size(width: 20, height: 4))
        v.render(into: &b, rect: b.bounds)
        #expect(b.lines() == ["l8", "l9", "l10", "lines 8–10 of 10"])
    }
}

import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// Fresh-user finding: at 80x24 with 6000 users, a $30 budget, HIPAA, spiky traffic and
/// several regions, the recommendation's conflicts were cut mid-sentence above "Tab: show
/// the decision matrix", the second conflict was not shown and nothing said so. Reasons,
/// notes and conflicts are whole or left out with a line counting them, and `v` reads all.
@Suite struct RecommendationWholeTests {
    static func hard(_ size: Size = size80) -> WizardState {
        var s = walk(to: .needs, size: size)
        replace(&s, "6000")
        press(&s, .tab); replace(&s, "30")
        press(&s, .tab, .right)            // HIPAA
        press(&s, .tab, .right, .right)    // spiky
        press(&s, .tab, .right)            // multi-region yes
        press(&s, .enter)
        return s
    }

    /// The screen's words with each line's left border/indent and markers collapsed.
    static func words(_ b: ScreenBuffer) -> String {
        FieldErrorWrapTests.whole(b.lines().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .replacingOccurrences(of: "│", with: " "))
    }

    static func conflictTexts(_ s: WizardState) throws -> [String] {
        let rec = try #require(RecommendationScreen.recommendation(s))
        return rec.conflicts.map { c in
            let alt = c.alternatives.isEmpty ? "" : " Alternatives: " + c.alternatives.joined(separator: "; ")
            return FieldErrorWrapTests.whole((c.text.hasSuffix(".") || alt.isEmpty ? c.text : c.text + ".") + alt)
        }
    }

    @Test func conflictsAreWholeOrCountedNeverCut() throws {
        let s = Self.hard()
        #expect(s.step == .recommendation)
        let conflicts = try Self.conflictTexts(s)
        #expect(conflicts.count == 2)
        let screen = Wizard.view(s, size: size80)
        let words = Self.words(screen)
        var hidden = 0
        for c in conflicts {
            if words.contains(c) { continue }
            hidden += 1
            // Not cut: not even its first words are on the screen.
            let start = c.split(separator: " ").prefix(5).joined(separator: " ")
            #expect(!words.contains(start), "conflict cut: \(start)\n\(screen.text)")
        }
        if hidden > 0 {
            #expect(words.contains("\(hidden) ⚠ conflict"), "\n\(screen.text)")
            #expect(words.contains("v reads them all"), "\n\(screen.text)")
        }
        #expect(words.contains("Tab: show the decision matrix"))
        for line in screen.lines() { #expect(CharWidth.of(line) <= 80) }
    }

    /// Every line of the reasons section is whole: each reason, note and conflict shown
    /// appears on the screen in full.
    @Test func everyShownReasonIsWhole() throws {
        let s = Self.hard()
        let screen = Wizard.view(s, size: size80)
        let words = Self.words(screen)
        let rec = try #require(RecommendationScreen.recommendation(s))
        let reasons = rec.ranking.first { $0.target == RecommendationScreen.selectedTarget(s) }?.reasons ?? []
        for r in reasons {
            let start = r.text.split(separator: " ").prefix(4).joined(separator: " ")
            if words.contains(start) { #expect(words.contains(FieldErrorWrapTests.whole(r.text)), "cut: \(r.text)") }
        }
    }

    /// `v` opens a window with every reason, note and conflict in full; Esc closes it.
    @Test func vReadsEveryReasonAndConflict() throws {
        var s = Self.hard()
        press(&s, .char("v"))
        guard case .diff(let title, _)? = s.overlay else { Issue.record("no window"); return }
        #expect(title.contains("AWS"))
        var seen = ""
        // Scroll through the whole window.
        for _ in 0..<10 {
            seen += " " + Self.words(Wizard.view(s, size: size80))
            press(&s, .pageDown)
        }
        let all = FieldErrorWrapTests.whole(seen)
        for c in try Self.conflictTexts(s) { #expect(all.contains(c), "missing: \(c)") }
        press(&s, .escape)
        #expect(s.overlay == nil)
        #expect(s.step == .recommendation)
    }

    /// At 120x40 everything fits: no "more" line.
    @Test func aLargeWindowShowsEverything() throws {
        let s = Self.hard(size120)
        let words = Self.words(Wizard.view(s, size: size120))
        for c in try Self.conflictTexts(s) { #expect(words.contains(c)) }
        #expect(!words.contains("v reads them all"))
    }
}

import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The recommendation at 80x24 for hard needs (6000 users, a $30 budget, HIPAA, spiky
/// traffic, several regions): reasons, notes and conflicts are whole or left out with a line
/// counting them, above "Tab: show the decision matrix", and `v` reads them all.
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
        wholeWords(b.lines().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .replacingOccurrences(of: "│", with: " "))
    }

    static func conflictTexts(_ s: WizardState) throws -> [String] {
        let rec = try #require(RecommendationScreen.recommendation(s))
        return rec.conflicts.map { c in
            let alt = c.alternatives.isEmpty ? "" : " Alternatives: " + c.alternatives.joined(separator: "; ")
            return wholeWords((c.text.hasSuffix(".") || alt.isEmpty ? c.text : c.text + ".") + alt)
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
            if words.contains(start) { #expect(words.contains(wholeWords(r.text)), "cut: \(r.text)") }
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
        let all = wholeWords(seen)
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

/// The recommendation names how each target can run (Droplet hybrid or App Platform;
/// Compose on EC2 or ECS on Fargate), also at 80x24.
@Suite struct RecommendationRunsAsTests {
    /// DigitalOcean highlighted: both ways it can run are named; AWS with multi-region
    /// needs: what Compose on EC2 does not do and what ECS adds.
    @Test func theRecommendationSaysHowEachTargetCanRun() {
        let needs = Needs(users: 20000, budgetUSDPerMonth: 2000, traffic: .spiky, multiRegion: true)
        let rec = Recommender.recommend(needs)
        let d = RecommendationScreen.why(rec, .digitalocean, width: 76).map(\.text).joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(d.contains("Droplet hybrid") && d.contains("App Platform"))
        let a = RecommendationScreen.why(rec, .aws, width: 76).map(\.text).joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(a.contains("Also ECS on Fargate"))
        #expect(a.contains("neither auto-scales nor spans regions"))
    }
}

extension RecommendationRunsAsTests {
    /// At 80x24 the note is on screen with DigitalOcean highlighted.
    @Test func theNoteFitsAt80x24() {
        var s = walk(to: .recommendation)
        let idx = s.recommendationMenu.items.firstIndex(of: "digitalocean")!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("Droplet hybrid"))
    }
}

/// The recommendation's decision matrix at 80x24: every cell can be read whole (wrapped in its
/// column, never cut with "…").
@Suite struct MatrixWrapTests {
    @Test func everyMatrixCellIsWholeAt80x24() throws {
        var s = walk(to: .recommendation)
        if !Wizard.view(s, size: size80).text.contains("Criteria") { press(&s, .tab) }
        let screen = Wizard.view(s, size: size80)
        #expect(!screen.text.contains("…"), "\n\(screen.text)")
        let table = RecommendationScreen.matrixTable(RecommendationScreen.recommendation(s))
        let wrapped = table.wrappedLines(width: 76)
        for l in wrapped.lines { #expect(screen.text.contains(l.text.trimmingCharacters(in: .whitespaces)), "\(l.text)\n\(screen.text)") }
        // Each cell reads whole down its column.
        let widths = table.wrappingWidths(fitting: 76)
        let starts = wrapped.rowStarts + [wrapped.lines.count]
        for (i, row) in table.rows.enumerated() {
            var x = 2
            for (c, w) in widths.enumerated() {
                let parts = wrapped.lines[starts[i]..<starts[i + 1]].map { line -> String in
                    let chars = Array(line.text)
                    return String(chars[min(x, chars.count)..<min(x + w, chars.count)]).trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
                #expect(parts.joined(separator: " ") == row[c], "row \(i) col \(c)")
                x += w + 1
            }
        }
        for cell in ["DigitalOcean Hybrid", "1K-5K users,", "balanced", "< 1K users,", "stable"] {
            #expect(screen.text.contains(cell), "\(cell)\n\(screen.text)")
        }
    }
}

/// The recommendation screen through `Wizard.update`: the recommended target preselected, the
/// choice recorded, the matrix toggled on small windows.
@Suite struct RecommendationUpdateTests {
    @Test func theRecommendedTargetIsPreselectedAndEnterChoosesTheSelection() {
        var s = walk(to: .recommendation)
        let needs = NeedsScreen.needs(s.needs)!
        #expect(RecommendationScreen.selectedTarget(s) == Recommender.recommend(needs).recommended)
        let other = s.recommendationMenu.items.first { $0 != s.recommended?.rawValue }!
        while s.recommendationMenu.items[s.recommendationMenu.selected] != other { press(&s, .down) }
        press(&s, .enter)
        #expect(s.chosenTarget?.rawValue == other)
        #expect(s.step == .costs)
        #expect(Wizard.answers(s)?.target == .explicit(Target(rawValue: other)!))
    }

    /// Accepting the recommendation saves the explicit target name, so a later edit of the
    /// needs never silently changes the target.
    @Test func acceptingTheRecommendationRecordsTheExplicitTarget() {
        var s = walk(to: .recommendation)
        let rec = s.recommended!
        press(&s, .enter)
        #expect(Wizard.answers(s)?.target == .explicit(rec))
        #expect(AnswersCodec.encode(Wizard.answers(s)!).contains("target: \(rec.rawValue)"))
    }

    @Test func tabTogglesTheMatrixOnSmallWindows() {
        var s = walk(to: .recommendation)
        let before = Wizard.view(s, size: size80)
        press(&s, .tab)
        let after = Wizard.view(s, size: size80)
        #expect(!before.contains("Setup Complexity"))
        #expect(after.contains("Setup Complexity"))
        #expect(Wizard.view(s, size: size120).contains("Why"))
    }
}

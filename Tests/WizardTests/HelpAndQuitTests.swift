import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The help window shows every screen's text whole at 80x24, with the line on pre-filled
/// values, and its key table aligned.
@Suite struct HelpWholeTests {
    @Test(arguments: Step.allCases) func helpIsWhole(_ step: Step) {
        var s = fresh()
        s.step = step
        s.overlay = .help
        let screen = Wizard.view(s, size: size80)
        // Only the box's inside: between its left and right borders.
        let inside = screen.lines().compactMap { line -> String? in
            let c = Array(line)
            guard let l = c.firstIndex(of: "│"), let r = c.lastIndex(of: "│"), l < r else { return nil }
            return String(c[(l + 1)..<r])
        }
        let words = inside.joined(separator: " ").split(separator: " ").joined(separator: " ")
        let help = wholeWords(Wizard.helpText(step).replacingOccurrences(of: "\n", with: " "))
        #expect(words.contains(help), "\(step)\n\(screen.text)")
        #expect(words.contains("Typing replaces a pre-filled (highlighted) value; → or End edits it."))
    }

    /// The help window's key table has its second column aligned.
    @Test func helpKeyTableIsAligned() {
        var s = walk(to: .needs)
        press(&s, .function(1))
        let lines = screenLines(s)
        let cols = ["Esc ", "←/→", "q, ^C"].compactMap { key -> Int? in
            guard let l = lines.first(where: { $0.contains(key) && $0.contains("│") }), let r = l.range(of: key) else { return nil }
            return l.distance(from: l.startIndex, to: r.lowerBound)
        }
        #expect(cols.count == 3 && Set(cols).count == 1, "\(cols)")
    }
}

@Suite struct TooSmallQuitTests {
    /// In a too-small window q and Ctrl-C (and SIGINT) quit at once; at a normal size
    /// SIGINT still asks first once something was entered.
    @Test func interruptQuitsAtOnceOnlyWhenTooSmall() {
        var s = walk(to: .needs)
        #expect(send(&s, [.event(.interrupt)]).isEmpty)
        #expect(s.overlay == .confirmQuit(status: 130))
        var small = walk(to: .needs)
        send(&small, [.event(.resize(Size(width: 60, height: 20)))])
        #expect(send(&small, [.event(.interrupt)]) == [.quit(status: 130)])
        #expect(press(&small, .char("q")) == [.quit(status: 1)])
    }
}

/// Keys that work on every screen: quit (asking when answers are unsaved), Ctrl-C, SIGTERM,
/// help, a too-small window, the status line.
@Suite struct GlobalKeysUpdateTests {
    @Test func quitAsksFirstWhenAnswersAreUnsaved() {
        var s = walk(to: .needs)
        focus(&s, \.needs, "needs.traffic")
        #expect(press(&s, .char("q")).isEmpty)
        #expect(s.overlay == .confirmQuit(status: 1))
        press(&s, .char("n"))
        #expect(s.overlay == nil && s.step == .needs)
        #expect(send(&s, [.event(.key(.ctrl("c")))]).isEmpty)
        #expect(press(&s, .char("y")) == [.quit(status: 130)])
    }

    @Test func ctrlCTwiceQuitsAndNothingUnsavedQuitsAtOnce() {
        var s = walk(to: .needs)
        send(&s, [.event(.interrupt)])
        #expect(send(&s, [.event(.interrupt)]) == [.quit(status: 130)])
        var w = fresh()
        #expect(press(&w, .char("q")) == [.quit(status: 1)])
    }

    @Test func sigtermQuitsAtOnce() {
        var s = walk(to: .details)
        #expect(send(&s, [.event(.terminate)]) == [.quit(status: 143)])
    }

    @Test func helpOpensOnF1AndClosesOnAnyKey() {
        var s = walk(to: .costs)
        press(&s, .function(1))
        #expect(s.overlay == .help)
        #expect(Wizard.view(s, size: size80).contains("Help: Cost comparison"))
        press(&s, .char("x"))
        #expect(s.overlay == nil)
        press(&s, .char("?"))
        #expect(s.overlay == .help)
    }

    @Test func aSmallWindowShowsTheResizeMessageAndRecoversWithInputIntact() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.s3_bucket")
        replace(&s, "half-typed")
        send(&s, [.event(.resize(Size(width: 70, height: 20)))])
        let small = Wizard.view(s, size: Size(width: 70, height: 20))
        #expect(small.contains("Make the window at least 80x24."))
        #expect(small.contains("The window is 70x20."))
        press(&s, .char("z"))   // ignored while too small
        send(&s, [.event(.resize(size120))])
        #expect(s.details.text("aws.s3_bucket") == "half-typed")
        #expect(Wizard.view(s, size: size120).contains("half-typed"))
    }

    @Test func statusLineShowsTheStepAndFitsIn80Columns() {
        for step in Step.allCases where step != .write {
            let s = walk(to: step)
            let status = Wizard.view(s, size: size80).line(23)
            #expect(status.hasPrefix(" Step \(step.rawValue) of 9 │"))
            #expect(CharWidth.of(" Step \(step.rawValue) of 9 │ " + Wizard.keys(s)) <= 80, "\(step)")
        }
    }
}

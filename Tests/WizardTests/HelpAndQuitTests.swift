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

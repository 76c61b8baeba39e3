import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// Entering a pre-filled field selects its value: typing replaces it; Right/End keep it for
/// editing; Backspace clears it; an empty field is never "selected".
@Suite struct PrefilledValueSelectionTests {
    @Test func typingIntoAPrefilledFieldReplacesIt() {
        var s = walk(to: .needs)
        press(&s, .tab)             // budget, pre-filled
        press(&s, .backTab)         // back to users ("500")
        #expect(s.needs.text("needs.users") == "500")
        #expect(s.needs.selected)
        type(&s, "42")
        #expect(s.needs.text("needs.users") == "42")
        #expect(!s.needs.selected)
    }

    @Test func rightOrEndKeepsTheValueForEditing() {
        for key in [Key.right, .end] {
            var s = walk(to: .needs)
            press(&s, key)
            type(&s, "0")
            #expect(s.needs.text("needs.users") == "5000", "\(key)")
        }
        var s = walk(to: .needs)
        press(&s, .home)
        type(&s, "1")
        #expect(s.needs.text("needs.users") == "1500")
    }

    @Test func backspaceClearsASelectedValueAndPasteReplacesIt() {
        var s = walk(to: .needs)
        press(&s, .backspace)
        #expect(s.needs.text("needs.users") == "")
        press(&s, .tab, .backTab)
        #expect(!s.needs.selected, "an empty field has nothing to select")
        type(&s, "7")
        press(&s, .tab, .backTab)
        send(&s, [.event(.paste("900"))])
        #expect(s.needs.text("needs.users") == "900")
    }

    /// The selection is drawn: the value in the accent colour, bold and underlined.
    @Test func theSelectionIsVisible() {
        let s = walk(to: .needs)
        let b = Wizard.view(s, size: size80)
        let row = b.lines().firstIndex { $0.contains("[500") }!
        let col = Array(b.lines()[row]).firstIndex(of: "5")!
        #expect(b[col, row].style.underline && b[col, row].style.bold)
    }
}

/// Input longer than a field's rule allows is kept and refused by the rule (never cut to
/// fit); only a runaway paste is not typed, and the screen says so.
@Suite struct LongInputTests {
    /// Over-long input is kept, so the field rule's error shows (it was cut to the rule's
    /// length and then accepted).
    @Test func overLongTextIsKeptAndRefusedByTheFieldRule() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.account_id")
        replace(&s, "1234567890123")
        #expect(s.details.text("aws.account_id") == "1234567890123")
        #expect(DetailsScreen.error(s, "aws.account_id") != nil)
        focus(&s, \.details, "app.domain")
        let long = String(repeating: "a", count: 300) + ".io.com"
        replace(&s, long)
        #expect(s.details.text("app.domain").count == 307)
        #expect(DetailsScreen.error(s, "app.domain") != nil)
        press(&s, .enter)
        #expect(s.step == .details)

        var n = walk(to: .needs)
        focus(&n, \.needs, "needs.budget_usd_per_month")
        replace(&n, String(repeating: "9", count: 23))
        #expect(n.needs.text("needs.budget_usd_per_month").count == 23)
        #expect(NeedsScreen.error(n.needs, "needs.budget_usd_per_month") != nil)
        press(&n, .enter)
        #expect(n.step == .needs)
    }

    /// The only refusal left is the runaway-paste guard, and it is said on screen.
    @Test func aRefusedPasteIsSaidOnScreen() {
        var s = walk(to: .details, target: .selfhosted)
        focus(&s, \.details, "app.domain")
        send(&s, [.event(.paste(String(repeating: "a", count: 5000)))])
        #expect(s.details.text("app.domain") == "track.freshtrack.io")
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("not typed, longer than 4096"))
    }

    /// Huge but whole numbers reach the recommendation and costs without trapping.
    @Test func hugeUserCountsDoNotTrap() {
        var n = walk(to: .needs)
        replace(&n, "999999999999999999")
        press(&n, .enter)
        #expect(n.step == .recommendation)
        press(&n, .enter)
        #expect(n.step == .costs)
        #expect(Wizard.view(n, size: size80).text.contains("Monthly cost at"), "\n\(Wizard.view(n, size: size80).text)")
    }
}

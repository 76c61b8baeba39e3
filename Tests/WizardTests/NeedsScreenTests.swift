import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The environment and needs screens through `Wizard.update`: choices, field rules, paste.
@Suite struct EnvironmentAndNeedsUpdateTests {
    @Test func environmentChoiceIsKeptAndEscGoesBack() {
        var s = walk(to: .environment)
        press(&s, .down, .enter)
        #expect(s.environment == .staging)
        #expect(s.step == .needs)
        press(&s, .escape)
        #expect(s.step == .environment)
        #expect(s.environment == .staging)
    }

    @Test func invalidUsersBlockEnterAndShowTheFieldRulesMessage() {
        var s = walk(to: .needs)
        replace(&s, "0")
        press(&s, .tab, .enter)
        #expect(s.step == .needs)
        #expect(s.needs.focusedField?.id == "needs.users")
        #expect(s.notice != nil)
        let screen = Wizard.view(s, size: size80)
        #expect(screen.contains("✗ must be a whole number >= 1"))
    }

    @Test func qAndQuestionMarkAreTextInsideAField() {
        var s = walk(to: .needs)
        let effects = type(&s, "q?")
        #expect(effects.isEmpty)
        #expect(s.overlay == nil)
        // The pre-filled 500 was selected: typing replaced it.
        #expect(s.needs.text("needs.users") == "q?")
        press(&s, .end)
        type(&s, "q")
        #expect(s.needs.text("needs.users") == "q?q")
    }

    @Test func choicesChangeWithLeftAndRight() {
        var s = walk(to: .needs)
        focus(&s, \.needs, "needs.compliance")
        press(&s, .right, .right)
        #expect(s.needs.choice("needs.compliance") == "SOC2")
        press(&s, .left)
        #expect(s.needs.choice("needs.compliance") == "HIPAA")
        #expect(NeedsScreen.needs(s.needs)?.compliance == .hipaa)
    }

    @Test func pasteGoesIntoTheFocusedFieldWhole() {
        var s = walk(to: .needs)
        press(&s, .ctrl("u"))
        send(&s, [.event(.paste("12000\n"))])
        #expect(s.needs.text("needs.users") == "12000")
    }
}

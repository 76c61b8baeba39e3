import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// `WizardWording.oneLine`: one line of at most `width` columns, shortened at a word with "…".
@Suite struct WizardWordingTests {
    @Test(arguments: [
        ("Conflict with your needs: HIPAA with a budget", 30, "Conflict with your needs …"),
        ("short", 30, "short"),
        ("exactly ten", 11, "exactly ten"),
        ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
        ("one two three", 12, "one two …"),
        ("⚠ abcdefghijklmnopqrstuvwxyz", 12, "⚠ abcdefghi…"),
    ])
    func oneLineShortensAtWords(_ text: String, _ width: Int, _ expected: String) {
        let got = WizardWording.oneLine(text, width: width)
        #expect(got == expected)
        #expect(CharWidth.of(got) <= width)
    }
}

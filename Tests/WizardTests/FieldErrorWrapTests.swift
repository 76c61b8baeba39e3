import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// A field error (or warning) longer than the space beside the field is shown whole at
/// 80x24, wrapped under the fields, also once the operator has tabbed away from the field
/// (before Enter), not only for the focused field or after Enter.
@Suite struct FieldErrorWrapTests {
    @Test func aTouchedFieldsErrorStaysWholeAfterTabbingAway() throws {
        var s = walk(to: .needs)
        replace(&s, "0")
        press(&s, .tab)
        let e = try #require(NeedsScreen.error(s.needs, "needs.users"))
        let screen = Wizard.view(s, size: size80)
        #expect(screenWords(screen).contains(wholeWords("Users: " + e)), "\n\(screen.text)")
        // The focused field's help is still there.
        #expect(screenWords(screen).contains(wholeWords("What you can spend on hosting per month")), "\n\(screen.text)")
    }

    @Test func detailsErrorsOfFieldsLeftBehindAreWhole() throws {
        var s = walk(to: .details, target: .digitalocean)
        focus(&s, \.details, "digitalocean.spaces_region")
        replace(&s, "nyc9")
        press(&s, .tab)
        let e = try #require(DetailsScreen.error(s, "digitalocean.spaces_region"))
        #expect(CharWidth.of(e) > 40, "the message must be longer than the room beside the field")
        let screen = Wizard.view(s, size: size80)
        #expect(screenWords(screen).contains(wholeWords("Spaces region: " + e)), "\n\(screen.text)")
    }

    /// Two fields left with errors: both are whole.
    @Test func everyTouchedErrorIsWhole() throws {
        var s = walk(to: .needs)
        replace(&s, "0")
        press(&s, .tab)
        replace(&s, "-5")
        press(&s, .tab)
        let screen = Wizard.view(s, size: size80)
        for id in ["needs.users", "needs.budget_usd_per_month"] {
            let e = try #require(NeedsScreen.error(s.needs, id))
            #expect(screenWords(screen).contains(wholeWords(e)), "\(id)\n\(screen.text)")
        }
    }
}

import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// A secret typed for one target, after which the operator switches to a target that does
/// not use it: the review says so (by name, never the value) instead of dropping it silently.
@Suite struct DroppedTypedSecretTests {
    static let value = "SuperSecretRdsValue1"

    /// AWS secrets screen with rds_password typed (twice), then back to the recommendation
    /// and on to `target`'s review with a prepared plan.
    static func typedThenSwitched(to target: Target) -> WizardState {
        var s = walk(to: .secrets, target: .aws)
        fillProvidedSecrets(&s)
        typeSecretTwice(&s, .rdsPassword, value)
        while s.step != .recommendation { press(&s, .escape) }
        let idx = s.recommendationMenu.items.firstIndex(of: target.rawValue)!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        press(&s, .enter)   // -> costs
        press(&s, .enter)   // -> details
        fillDetails(&s, target)
        press(&s, .enter)   // -> secrets
        send(&s, [.secretsChecked(dir: "secrets", existing: [])])
        fillProvidedSecrets(&s)
        press(&s, .enter)   // -> review
        send(&s, [.prepared(.success(samplePlan(target)))])
        return s
    }

    static func words(_ text: String) -> String { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }

    @Test func theReviewNamesATypedSecretTheNewTargetDoesNotUse() throws {
        let s = Self.typedThenSwitched(to: .selfhosted)
        #expect(s.step == .review)
        let note = "typed secret rds_password is not used by selfhosted and will not be written"
        for size in [size80, size120] {
            let screen = Wizard.view(s, size: size)
            #expect(Self.words(screen.lines().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")).contains(note),
                    "\n\(screen.text)")
            #expect(!screen.text.contains(Self.value))
            for line in screen.lines() { #expect(CharWidth.of(line) <= size.width) }
        }
        // `v` (every warning in full) has it too.
        var v = s
        press(&v, .char("v"))
        let full = Wizard.view(v, size: size80)
        // (the window's border `│` removed)
        #expect(Self.words(full.lines().map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")).contains(note), "\n\(full.text)")
        #expect(!full.text.contains(Self.value))
    }

    /// Switching back to AWS shows rds_password again: no note (the field asks for it again).
    @Test func noNoteOnceTheTargetUsesItAgain() throws {
        var s = Self.typedThenSwitched(to: .selfhosted)
        while s.step != .recommendation { press(&s, .escape) }
        let idx = s.recommendationMenu.items.firstIndex(of: Target.aws.rawValue)!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        press(&s, .enter); press(&s, .enter)
        press(&s, .enter)   // -> secrets
        #expect(s.step == .secrets)
        #expect(!Wizard.view(s, size: size80).text.contains("will not be written"))
        #expect(ReviewScreen.droppedSecretsNote(s) == nil)
    }

    /// A value typed and then not chosen (source set back to a file) is no loss: no note.
    @Test func aValueNotChosenIsNotNoted() throws {
        var s = walk(to: .secrets, target: .aws)
        fillProvidedSecrets(&s)
        let id = "secret.stack_auth_secret"
        chooseTypeIt(&s, .stackAuthSecret); type(&s, Self.value)
        focus(&s, \.secrets, id + ".source")
        while s.secrets.choice(id + ".source") != SecretsScreen.generate { press(&s, .left) }
        #expect(ReviewScreen.droppedSecretsNote(s) == nil)
    }
}

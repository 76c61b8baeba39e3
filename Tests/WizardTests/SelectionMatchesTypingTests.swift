import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// A pre-filled field of every kind, masked ("type it") secret fields included, behaves the
/// same way: typing replaces a selected value, and the field is drawn selected (reverse
/// video) exactly when typing would replace.
@Suite struct SelectionMatchesTypingTests {
    static let value = "Abcdefghijklmnopqrstuvwxyz012345"   // 32 characters

    /// AWS secrets screen with rds_password "type it", the value typed in value and confirm.
    static func typedRDS() -> WizardState {
        var s = walk(to: .secrets, target: .aws)
        fillProvidedSecrets(&s)
        typeSecretTwice(&s, .rdsPassword, value)
        return s
    }

    @Test func retypingATypedSecretReplacesIt() throws {
        var s = Self.typedRDS()
        let id = "secret.rds_password"
        #expect(Self.holds(s.secrets.secret(id + ".value"), Self.value))
        press(&s, .backTab)                       // back to value
        #expect(s.secrets.focusedField?.id == id + ".value")
        #expect(s.secrets.selected, "a masked field holding a value is selected on entry, like any other")
        type(&s, Self.value)
        press(&s, .tab)                           // confirm
        type(&s, Self.value)
        #expect(s.secrets.secret(id + ".value")?.count == 32)
        #expect(Self.holds(s.secrets.secret(id + ".value"), Self.value))
        #expect(Self.holds(s.secrets.secret(id + ".confirm"), Self.value))
        let typed = SecretsScreen.collect(s).1
        #expect(typed[.rdsPassword] == SecretValue(Self.value))
    }

    /// Retyping only the value (not the confirmation) now shows the mismatch.
    @Test func retypingOnlyTheValueShowsTheMismatch() {
        var s = Self.typedRDS()
        press(&s, .backTab)
        type(&s, "Zyxwvutsrqponmlkjihgfedcba987654")
        #expect(SecretsScreen.error(s, "secret.rds_password.confirm") != nil)
    }

    /// In a selected secret: End (or →) keeps the value and typing adds to it; Backspace
    /// clears it; a paste replaces it.
    @Test func secretKeysOnASelectedValue() {
        let id = "secret.rds_password.value"
        var s = Self.typedRDS()
        press(&s, .backTab, .end)
        #expect(!s.secrets.selected)
        type(&s, "!")
        #expect(Self.holds(s.secrets.secret(id), Self.value + "!"))
        s = Self.typedRDS()
        press(&s, .backTab, .backspace)
        #expect(s.secrets.secret(id)?.isEmpty == true)
        s = Self.typedRDS()
        press(&s, .backTab)
        send(&s, [.event(.paste("pasted-value-123"))])
        #expect(Self.holds(s.secrets.secret(id), "pasted-value-123"))
        // A refused paste (control character) keeps the value and its selection.
        s = Self.typedRDS()
        press(&s, .backTab)
        send(&s, [.event(.paste("a\tb"))])
        #expect(Self.holds(s.secrets.secret(id), Self.value))
        #expect(s.secrets.selected)
    }

    /// Comparisons that never print a (secret) value when they fail.
    static func holds(_ f: SecretField?, _ v: String) -> Bool { f?.revealForUse() == v }
    static func same(_ a: String?, _ b: String) -> Bool { a == b }

    /// Whether the focused input is drawn selected: a cell between its brackets in
    /// reverse video. (`nil` when the focused field is not a text input.)
    static func drawnSelected(_ s: WizardState) -> Bool? {
        let b = Wizard.view(s, size: size80)
        guard let (cx, cy) = b.cursor else { return nil }
        let row = (0..<b.size.width).map { b[$0, cy] }
        guard let open = (0..<cx).last(where: { row[$0].character == "[" }),
              let close = (cx..<b.size.width).first(where: { row[$0].character == "]" }) else { return nil }
        return ((open + 1)..<close).contains { row[$0].style.reverse }
    }

    static func form(_ s: WizardState) -> Form {
        switch s.step {
        case .needs: return s.needs
        case .details: return s.details
        default: return s.secrets
        }
    }

    static func value(_ f: Form, _ id: String) -> String? {
        guard let i = f.index(of: id) else { return nil }
        switch f.fields[i].kind {
        case .text(let t): return t.text
        case .secret(let x): return x.revealForUse()
        case .choice(let o, let k): return o[k]
        }
    }

    /// Every visible field of every form (needs; details and secrets of each target, with
    /// a typed secret): focused, the drawing says "selected" exactly when typing replaces
    /// the value; after End it says "not selected" and typing appends.
    @Test(arguments: Target.allCases) func theDrawnSelectionMatchesWhatTypingDoes(_ target: Target) {
        var states = [walk(to: .needs), walk(to: .details, target: target), walk(to: .secrets, target: target)]
        if target == .aws { states.append(Self.typedRDS()) }
        var checked = 0
        for base in states {
            for i in Self.form(base).visibleIndices {
                let id = Self.form(base).fields[i].id
                var s = base
                // Entered from another field (selection is set on entering a field).
                let other = Self.form(base).visibleIndices.map { Self.form(base).fields[$0].id }.first { $0 != id }!
                for target in [other, id] {
                    switch s.step {
                    case .needs: focus(&s, \.needs, target)
                    case .details: focus(&s, \.details, target)
                    default: focus(&s, \.secrets, target)
                    }
                }
                guard Self.form(s).focusedField?.id == id else { Issue.record("could not focus \(id)"); continue }
                let before = Self.value(Self.form(s), id) ?? ""
                let kind = Self.form(s).fields[i].kind
                if case .choice = kind {
                    #expect(Self.drawnSelected(s) == nil, "\(id): a choice has no text input")
                    var t = s; type(&t, "Z")
                    #expect(Self.same(Self.value(Self.form(t), id), before), "\(id): typing a letter into a choice changes nothing")
                    continue
                }
                let drawn = Self.drawnSelected(s)
                #expect(drawn != nil, "\(id): focused input not found on screen")
                var t = s; type(&t, "Z")
                let after = Self.value(Self.form(t), id)
                if drawn == true {
                    #expect(Self.same(after, "Z"), "\(id): drawn selected, typing must replace \(before.count) chars")
                } else {
                    #expect(Self.same(after, before + "Z"), "\(id): drawn unselected, typing must append")
                }
                #expect((drawn == true) == !before.isEmpty, "\(id): a field holding a value is selected on entry")
                var e = s; press(&e, .end)
                #expect(Self.drawnSelected(e) == false, "\(id): after End nothing is drawn selected")
                type(&e, "Z")
                #expect(Self.same(Self.value(Self.form(e), id), before + "Z"), "\(id): after End typing appends")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }
}

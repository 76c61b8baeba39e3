import DeployKit
import TerminalUI

/// Step 3: the decision-matrix inputs, validated as typed.
enum NeedsScreen {
    static let help = """
    These five answers drive the recommendation and the cost estimate. Users and budget are \
    whole numbers; Left/Right change the choices. Every field is checked as you type.
    """

    /// The `needs:` fields as `AnswersTables.needs` declares them, pre-filled from `needs`.
    static func form(from needs: Needs?) -> Form {
        Form(fields: TableForm.fields(AnswersTables.needs, "needs", from: needs))
    }

    /// The needs the form describes and each field's problem (`AnswersTables.needs`' rules).
    static func read(_ form: Form) -> (Needs, [String: String]) {
        TableForm.read(AnswersTables.needs, "needs", form, onto: AnswersTables.needs.blank, RuleContext())
    }

    static func error(_ form: Form, _ id: String) -> String? { read(form).1[id] }

    /// The needs the form describes, or `nil` while a field is invalid.
    static func needs(_ form: Form) -> Needs? {
        let (needs, problems) = read(form)
        return problems.isEmpty ? needs : nil
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        switch s.needs.handle(key) {
        case .submit:
            let form = s.needs
            if needs(form) == nil {
                s.needs.focusFirstError { error(form, $0) }
                s.notice = "Fix the fields marked ✗ first."
                return []
            }
            RecommendationScreen.enter(&s)
            Wizard.push(&s, .recommendation)
        case .handled, .ignored: break
        }
        return []
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        b.write("What does this deployment need?", x: rect.x, y: rect.y, style: .title)
        let form = s.needs
        form.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                    labelWidth: 24, inputWidth: 14) { error(form, $0) }
    }
}

import DeployKit
import TerminalUI

/// Step 3: the decision-matrix inputs, validated as typed.
enum NeedsScreen {
    static let help = """
    These five answers drive the recommendation and the cost estimate. Users and budget are \
    whole numbers; Left/Right change the choices. Every field is checked as you type.
    """

    static let complianceLabels = ["none", "HIPAA", "SOC2"]
    static let trafficLabels = ["steady", "growing", "spiky"]

    static func form(from needs: Needs?) -> Form {
        let n = needs ?? Needs(users: 500, budgetUSDPerMonth: 100)
        return Form(fields: [
            .text("needs.users", "Users", String(n.users),
                  help: "Expected active users (a whole number, 1 or more)."),
            .text("needs.budget_usd_per_month", "Monthly budget (USD)", String(n.budgetUSDPerMonth),
                  help: "What you can spend on hosting per month, in US dollars (0 or more)."),
            .choice("needs.compliance", "Compliance", complianceLabels,
                    index: Compliance.allCases.firstIndex(of: n.compliance) ?? 0,
                    help: "HIPAA needs a signed BAA with the provider; SOC2 needs audit trails."),
            .choice("needs.traffic", "Traffic", trafficLabels,
                    index: Traffic.allCases.firstIndex(of: n.traffic) ?? 0,
                    help: "Spiky or fast-growing traffic favours automatic scaling."),
            .choice("needs.multi_region", "Multi-region", ["no", "yes"], index: n.multiRegion ? 1 : 0,
                    help: "Must the service run in more than one region?"),
        ])
    }

    static func error(_ form: Form, _ id: String) -> String? {
        switch id {
        case "needs.users": return Rules.problem(FieldRules.users(form.text(id)))
        case "needs.budget_usd_per_month": return Rules.problem(FieldRules.budget(form.text(id)))
        default: return nil
        }
    }

    /// The needs the form describes, or `nil` while a field is invalid.
    static func needs(_ form: Form) -> Needs? {
        guard case .success(let users) = FieldRules.users(form.text("needs.users")),
              case .success(let budget) = FieldRules.budget(form.text("needs.budget_usd_per_month")) else { return nil }
        return Needs(users: users, budgetUSDPerMonth: budget,
                     compliance: Compliance.allCases[form.choiceIndex("needs.compliance")],
                     traffic: Traffic.allCases[form.choiceIndex("needs.traffic")],
                     multiRegion: form.choiceIndex("needs.multi_region") == 1)
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

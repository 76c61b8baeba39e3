import DeployKit
import TerminalUI

/// Step 6: the endpoint fields the chosen target needs, validated like `apply`.
enum DetailsScreen {
    static let help = """
    The addresses the bundle points at: domain and ACME e-mail; DigitalOcean adds managed \
    PostgreSQL and Spaces, and "Runs on" picks the Droplet hybrid or App Platform (do/app.yaml, \
    with your PostgreSQL and Valkey cluster names); AWS adds region, account, RDS, ElastiCache \
    and S3, and "Also ECS on Fargate" writes aws/ too. Errors show beside the field, worded \
    as `apply --answers` words them.
    """

    /// Whether `target` runs Caddy (and so needs an ACME e-mail). AWS sits behind an ALB.
    static func needsACME(_ t: Target) -> Bool { t != .aws }

    /// The ACME e-mail to record: `nil` for AWS, and for an empty field in `dev` (optional there).
    static func acmeEmail(_ s: WizardState) -> String? {
        guard needsACME(s.target) else { return nil }
        let v = s.details.text("app.acme_email")
        return v.isEmpty && s.environment == .dev ? nil : v
    }

    /// The fields of `target`: `app:`'s, then the target's section, each field as its
    /// `AnswersTables` entry declares it (label, help, default or suggestion), pre-filled
    /// from `a`. A section switched on by a choice (App Platform, ECS on Fargate) follows
    /// it, shown only while chosen, its required fields first.
    static func form(for target: Target, from a: Answers?) -> Form {
        var f = TableForm.fields(AnswersTables.app, "app", from: a?.app)
        if !needsACME(target) { f.removeAll { $0.id == "app.acme_email" } }
        switch target {
        case .selfhosted: break
        case .digitalocean:
            f += TableForm.fields(AnswersTables.digitalocean, "digitalocean", from: a?.digitalocean)
            f += TableForm.fields(AnswersTables.appPlatform, appPlatformPrefix, from: a?.digitalocean?.appPlatform, shownIf: appPlatformGate)
        case .aws:
            f += TableForm.fields(AnswersTables.aws, "aws", from: a?.aws)
            if let spec = AnswersTables.aws.field("ecs")?.wizard {
                f.append(.choice(ecsGate.id, spec.label, spec.options, index: a?.aws?.ecs == nil ? 0 : 1, help: spec.help))
            }
            f += TableForm.fields(AnswersTables.ecs, ecsPrefix, from: a?.aws?.ecs, shownIf: ecsGate)
        }
        return Form(fields: f)
    }

    static let appPlatformPrefix = "digitalocean.app_platform"
    static let ecsPrefix = "aws.ecs"
    /// App Platform's fields show while "Runs on" is App Platform.
    static let appPlatformGate = (id: "digitalocean.platform",
                                  index: AnswersTables.digitalocean.field("platform")?.wizard?.values
                                      .firstIndex(of: DigitalOceanPlatform.appPlatform.rawValue) ?? 1)
    /// ECS's fields show while its choice (the `aws.ecs` entry's options) is "Also ECS on Fargate".
    static let ecsGate = (id: ecsPrefix, index: 1)

    /// What the fields' rules need from outside their section: the environment, and the
    /// region and account as typed (the ECS ARNs must be in them).
    static func context(_ s: WizardState, _ d: Form) -> RuleContext {
        RuleContext(environment: s.environment, awsRegion: d.text("aws.region"), awsAccountID: d.text("aws.account_id"))
    }

    /// The chosen `digitalocean.platform`.
    static func platform(_ d: Form) -> DigitalOceanPlatform {
        d.choiceIndex(appPlatformGate.id) == appPlatformGate.index ? .appPlatform : .droplet
    }

    /// Whether the ECS choice is on.
    static func wantsECS(_ d: Form) -> Bool { d.choiceIndex(ecsGate.id) == ecsGate.index }

    /// The problems of the fields of the section holding field `id`, by id: that
    /// section's `AnswersTables` rules and checks over what is typed (ARNs against the
    /// account and region typed above).
    static func problems(_ s: WizardState, section id: String) -> [String: String] {
        let d = s.details, ctx = context(s, d)
        func run<M>(_ table: AnswersTable<M>, _ path: String) -> [String: String] {
            TableForm.read(table, path, d, onto: table.blank, ctx).1
        }
        if id.hasPrefix(ecsPrefix + ".") { return run(AnswersTables.ecs, ecsPrefix) }
        if id.hasPrefix(appPlatformPrefix + ".") { return run(AnswersTables.appPlatform, appPlatformPrefix) }
        if id.hasPrefix("digitalocean.") { return run(AnswersTables.digitalocean, "digitalocean") }
        if id.hasPrefix("aws.") { return run(AnswersTables.aws, "aws") }
        var out = run(AnswersTables.app, "app")
        // Empty is "absent" to the table; the e-mail is required where Caddy runs (not in dev).
        if d.index(of: "app.acme_email") != nil, d.text("app.acme_email").isEmpty,
           AnswersRules.acmeEmailRequired(target: s.target, environment: s.environment) {
            out["app.acme_email"] = Rules.problem(FieldRules.acmeEmail(""))
        }
        return out
    }

    /// The field's problem: its own rule, else a cross-field problem of the whole answers
    /// (checked at each edit and at Enter).
    static func error(_ s: WizardState, _ id: String) -> String? {
        problems(s, section: id)[id] ?? s.crossFieldIssues[id]
    }

    /// The details form with every stashed field of other targets appended (hidden from
    /// no one: this form is for reading values, never drawn).
    static func allFields(_ s: WizardState) -> Form {
        var fields = s.details.fields
        let shown = Set(fields.map(\.id))
        fields += s.detailsStash.values.filter { !shown.contains($0.id) }.sorted { $0.id < $1.id }
        var f = Form(fields: fields)
        f.focus = s.details.focus
        f.touched = s.details.touched
        f.submitted = s.details.submitted
        return f
    }

    /// Whether every field of `target`'s own section (not `app.*`) holds a valid value in
    /// `all` (fields hidden by a choice, e.g. App Platform's under "Droplet hybrid", are
    /// not required).
    static func sectionComplete(_ target: Target, _ s: WizardState, all: Form) -> Bool {
        guard target != .selfhosted else { return false }
        var probe = s
        probe.details = all
        probe.crossFieldIssues = [:]
        let ids = form(for: target, from: nil).fields.map(\.id).filter { !$0.hasPrefix("app.") }
        return ids.allSatisfy { id in
            guard let i = all.index(of: id) else { return false }
            return !all.isVisible(i) || error(probe, id) == nil
        }
    }

    /// Stashes every field (so other targets' values survive) and rebuilds the form for
    /// the chosen target from the stash, keeping what was typed.
    static func enter(_ s: inout WizardState) {
        let all = allFields(s)
        for field in all.fields { s.detailsStash[field.id] = field }
        var f = form(for: s.target, from: nil)
        f.keepValues(from: all)
        f.submitted = false
        s.details = f
    }

    /// Stashes the fields of every target's form pre-filled from `a` (the chosen target's
    /// are then shown by `enter`).
    static func stashAll(_ s: inout WizardState, from a: Answers) {
        s.detailsStash = [:]
        for t in Target.allCases {
            for field in form(for: t, from: a).fields where s.detailsStash[field.id] == nil { s.detailsStash[field.id] = field }
        }
    }

    /// Checks across fields as the operator types, like each field's own rule: the
    /// problems `AnswersCodec.decode` finds (e.g. an RDS endpoint in another region than
    /// `aws.region`), kept for the fields this form shows. Shown once a field is touched.
    static func refreshCrossFieldIssues(_ s: inout WizardState) {
        guard let answers = Wizard.answers(s) else { s.crossFieldIssues = [:]; return }
        let form = s.details
        s.crossFieldIssues = Rules.crossFieldIssues(answers).filter { form.index(of: $0.key) != nil }
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        let before = s.details
        let outcome = s.details.handle(key)
        if outcome == .handled, before.fields != s.details.fields { refreshCrossFieldIssues(&s) }
        guard outcome == .submit else { return [] }
        let state = s
        if !s.details.invalidFields({ error(state, $0) }).isEmpty {
            s.details.focusFirstError { error(state, $0) }
            s.notice = "Fix the fields marked ✗ first."
            return []
        }
        if let answers = Wizard.answers(s) {
            s.crossFieldIssues = Rules.crossFieldIssues(answers).filter { s.details.index(of: $0.key) != nil }
            if !s.crossFieldIssues.isEmpty {
                let state = s
                s.details.focusFirstError { error(state, $0) }
                s.notice = "Fix the fields marked ✗ first."
                return []
            }
        }
        return SecretsScreen.enter(&s)
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        let name = s.target == .digitalocean && platform(s.details) == .appPlatform
            ? "DigitalOcean App Platform" : s.target.displayName
        b.write("Details for \(name)", x: rect.x, y: rect.y, style: .title, maxWidth: rect.width)
        s.details.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                         labelWidth: 24, inputWidth: rect.width >= 100 ? 48 : 30) { error(s, $0) }
    }
}

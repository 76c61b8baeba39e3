import DeployKit
import TerminalUI

/// The wizard program: `start`, `update` and `view`, all pure.
public enum Wizard {
    /// Number of steps shown in the status line.
    public static let stepCount = Step.allCases.count
    /// Smallest terminal the screens are laid out for.
    public static let minimumSize = Size(width: 80, height: 24)
    /// Name of the answers file in the bundle directory.
    public static let answersFileName = "freshtrack-answers.yaml"

    /// The first state and effects: the welcome screen, and reading a previous run's answers.
    public static func start(directory: String, size: Size) -> (WizardState, [Effect]) {
        (WizardState(directory: directory, size: size), [.loadPrevious])
    }

    static func isTooSmall(_ size: Size) -> Bool {
        size.width < minimumSize.width || size.height < minimumSize.height
    }

    // MARK: update

    /// Applies one message. Pure: the returned effects are performed by the caller.
    public static func update(_ state: WizardState, _ msg: Msg) -> (WizardState, [Effect]) {
        var s = state
        let effects = apply(&s, msg)
        return (s, effects)
    }

    static func apply(_ s: inout WizardState, _ msg: Msg) -> [Effect] {
        switch msg {
        case .event(let ev):
            switch ev {
            case .resize(let size): s.size = size; return []
            case .terminate: return [.quit(status: 143)]
            // In a too-small window no box can be seen: quit at once (nothing is written).
            case .interrupt, .key(.ctrl("c")):
                if isTooSmall(s.size) { return [.quit(status: 130)] }
                return requestQuit(&s, status: 130)
            case .paste(let text): return paste(&s, text)
            case .key(let k): return key(&s, k)
            }
        case .previousLoaded(let r):
            WelcomeScreen.previousLoaded(&s, r)
            return []
        case .secretsChecked(let dir, let existing):
            SecretsScreen.secretsChecked(&s, dir: dir, existing: existing)
            return []
        case .filesChecked(let problems):
            s.fileProblems.merge(problems) { _, new in new }
            return []
        case .prepared(let r):
            ReviewScreen.prepared(&s, r)
            return []
        case .written(let r):
            WriteScreen.written(&s, r)
            return []
        case .doctorProgress(let step):
            WelcomeScreen.doctorProgress(&s, step)
            return []
        case .doctorFinished(let outcome):
            WelcomeScreen.doctorFinished(&s, outcome)
            return []
        }
    }

    /// True after a write failed: quitting keeps the answers (`.saveAnswers`).
    static func writeFailed(_ s: WizardState) -> Bool {
        if s.step == .write, case .failed = s.writePhase { return true }
        return false
    }

    /// What quitting does: after a failed write, the answers are saved first.
    static func quitEffects(_ s: WizardState, status: Int32) -> [Effect] {
        if writeFailed(s), let a = answers(s) {
            let typed = SecretsScreen.collect(s).1.keys.sorted()
            return [.saveAnswers(a, typedNotSaved: typed), .quit(status: status)]
        }
        return [.quit(status: status)]
    }

    static func requestQuit(_ s: inout WizardState, status: Int32) -> [Effect] {
        if case .confirmQuit(let st)? = s.overlay { return quitEffects(s, status: st) }  // asked twice
        if case .done = s.writePhase, s.step == .write { return [.quit(status: 0)] }
        if !s.dirty { return [.quit(status: status)] }
        s.overlay = .confirmQuit(status: status)
        return []
    }

    /// True when typed characters go into a field (so `q` and `?` are text, not commands).
    static func typingInField(_ s: WizardState) -> Bool {
        switch s.step {
        case .needs: return s.needs.focusedField?.isTextInput ?? false
        case .details: return s.details.focusedField?.isTextInput ?? false
        case .secrets: return s.secrets.focusedField?.isTextInput ?? false
        default: return false
        }
    }

    static func paste(_ s: inout WizardState, _ text: String) -> [Effect] {
        guard s.overlay == nil, !isTooSmall(s.size) else { return [] }
        s.notice = nil
        switch s.step {
        case .needs: s.needs.paste(text)
        case .details:
            s.details.paste(text)
            DetailsScreen.refreshCrossFieldIssues(&s)
        case .secrets:
            let before = s.secrets.text("secrets.dir")
            s.secrets.paste(text)
            let after = s.secrets.text("secrets.dir")
            if after != before { return [.checkSecrets(dir: after, names: SecretsScreen.names(s))] }
            return SecretsScreen.checkFocusedFile(s)
        default: break
        }
        return []
    }

    static func key(_ s: inout WizardState, _ k: Key) -> [Effect] {
        if isTooSmall(s.size) {
            // Only the "make the window larger" message is visible: q quits at once (a
            // confirmation box could not be seen); other keys wait for a resize.
            if k == .char("q") || k == .char("Q") { return [.quit(status: 1)] }
            return []
        }
        if let overlay = s.overlay {
            switch overlay {
            case .help:
                s.overlay = nil
            case .confirmQuit(let status):
                switch k {
                case .char("y"), .char("Y"): return quitEffects(s, status: status)
                case .char("n"), .char("N"), .escape, .enter: s.overlay = nil
                default: break
                }
            case .progress:
                break  // the edge is busy; keys wait
            case .diff(let title, var view):
                switch k {
                case .escape, .enter, .char("q"): s.overlay = nil
                case .char("t") where title.hasPrefix(WelcomeScreen.doctorReportPrefix):
                    return WelcomeScreen.doctorOtherTarget(&s, current: String(title.dropFirst(WelcomeScreen.doctorReportPrefix.count)))
                default:
                    _ = view.handle(k, height: max(1, s.size.height - 4))
                    s.overlay = .diff(title: title, view: view)
                }
            }
            return []
        }
        let typing = typingInField(s)
        switch k {
        case .function(1): s.overlay = .help; return []
        case .char("?") where !typing: s.overlay = .help; return []
        case .char("q") where !typing: return requestQuit(&s, status: 1)
        case .escape:
            s.notice = nil
            if case .writing = s.writePhase, s.step == .write { return [] }
            if case .done = s.writePhase, s.step == .write { return [] }
            if let prev = s.history.popLast() { s.step = prev }
            return []
        default: break
        }
        s.notice = nil
        switch s.step {
        case .welcome: return WelcomeScreen.update(&s, k)
        case .environment: return EnvironmentScreen.update(&s, k)
        case .needs: return NeedsScreen.update(&s, k)
        case .recommendation: return RecommendationScreen.update(&s, k)
        case .costs: return CostsScreen.update(&s, k)
        case .details: return DetailsScreen.update(&s, k)
        case .secrets: return SecretsScreen.update(&s, k)
        case .review: return ReviewScreen.update(&s, k)
        case .write: return WriteScreen.update(&s, k)
        }
    }

    static func push(_ s: inout WizardState, _ step: Step) {
        s.history.append(s.step)
        s.step = step
    }

    /// Pre-fills every screen from previous answers.
    static func prefill(_ s: inout WizardState, from a: Answers) {
        s.environmentMenu.select(DeployEnvironment.allCases.firstIndex(of: a.environment) ?? 0)
        s.needs = NeedsScreen.form(from: a.needs)
        s.recommended = Recommender.recommend(a.needs).recommended
        if case .explicit(let t) = a.target { s.chosenTarget = t } else { s.chosenTarget = a.resolvedTarget }
        s.details = DetailsScreen.form(for: a.resolvedTarget, from: a)
        DetailsScreen.stashAll(&s, from: a)
        s.secretsStash = [:]
        s.previousSecretsDir = a.secrets.dir
        s.carriedSources = a.secrets.sources
        s.secrets = Form(fields: [])
    }

    /// Back to fresh answers.
    static func reset(_ s: inout WizardState) {
        let keep = (s.directory, s.size, s.previous, s.welcomeMenu)
        s = WizardState(directory: keep.0, size: keep.1)
        s.previous = keep.2
        s.welcomeMenu = keep.3
        s.dirty = true
    }

    /// The answers the screens describe, or `nil` while one is invalid.
    public static func answers(_ s: WizardState) -> Answers? {
        guard let needs = NeedsScreen.needs(s.needs) else { return nil }
        // Every target's fields: the chosen target's as shown, the others' as last left.
        let d = DetailsScreen.allFields(s)
        let t = s.target
        var acme = DetailsScreen.acmeEmail(s)
        if t == .aws {
            // Kept (unused behind the ALB) when a valid one was given for another target.
            let v = d.text("app.acme_email")
            if !v.isEmpty, Rules.problem(FieldRules.acmeEmail(v)) == nil { acme = v }
        }
        let ctx = DetailsScreen.context(s, d)
        var app = TableForm.read(AnswersTables.app, "app", d, onto: AnswersTables.app.blank, ctx).0
        app.acmeEmail = acme
        // app.acme_ca has no field: an answers file's value is kept as it was.
        app.acmeCA = s.previous?.answers.app.acmeCA
        var do_: DigitalOceanSettings?
        var aws: AWSSettings?
        // The chosen target's section always; another target's when complete and valid
        // (as `apply` keeps it), so switching target loses nothing.
        if t == .digitalocean || DetailsScreen.sectionComplete(.digitalocean, s, all: d) {
            do_ = TableForm.read(AnswersTables.digitalocean, "digitalocean", d, onto: AnswersTables.digitalocean.blank, ctx).0
            // App Platform settings: those of the form when chosen; with the Droplet hybrid
            // they are kept (unused, as `apply` keeps them) when they are complete and valid,
            // so switching back and forth loses nothing.
            let (ap, problems) = TableForm.read(AnswersTables.appPlatform, DetailsScreen.appPlatformPrefix, d,
                                                    onto: AnswersTables.appPlatform.blank, ctx)
            if do_?.platform == .appPlatform || (problems.isEmpty && ap.validate().isEmpty) { do_?.appPlatform = ap }
        }
        if t == .aws || DetailsScreen.sectionComplete(.aws, s, all: d) {
            aws = TableForm.read(AnswersTables.aws, "aws", d, onto: AnswersTables.aws.blank, ctx).0
        }
        // ECS on Fargate when chosen; the settings the form does not show come from the
        // previous answers (else `apply`'s defaults).
        if aws != nil, DetailsScreen.wantsECS(d) {
            aws?.ecs = TableForm.read(AnswersTables.ecs, DetailsScreen.ecsPrefix, d,
                                          onto: s.previous?.answers.aws?.ecs ?? AnswersTables.ecs.blank, ctx).0
        }
        // Always the explicit name the operator accepted (even when it is the recommended
        // one): a later change of the needs must never silently change the target.
        let choice: TargetChoice = .explicit(t)
        let (secrets, _) = SecretsScreen.collect(s)
        var answers = Answers(environment: s.environment, needs: needs, target: choice, app: app,
                              digitalocean: do_, aws: aws, secrets: secrets)
        // A kept section `apply` would refuse across fields (e.g. an RDS endpoint in another
        // region) is dropped rather than blocking the chosen target.
        if (t != .digitalocean && answers.digitalocean != nil) || (t != .aws && answers.aws != nil) {
            let issues = AnswersRules.validate(answers, secretExists: { _, _ in true }).map(\.path)
            if t != .digitalocean, issues.contains(where: { $0.hasPrefix("digitalocean") }) { answers.digitalocean = nil }
            if t != .aws, issues.contains(where: { $0.hasPrefix("aws") }) { answers.aws = nil }
        }
        return answers
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

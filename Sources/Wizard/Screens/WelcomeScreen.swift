import DeployKit
import TerminalUI

/// Step 1: what the tool does, where it writes, and what to do with a previous run.
enum WelcomeScreen {
    static let help = """
    The wizard asks a few questions, recommends a deployment target, compares monthly \
    costs, and writes a Docker Compose bundle for FreshTrack Pro into the bundle directory.
    Nothing is written before the last step. The answers (never secret values) are saved as \
    freshtrack-answers.yaml, so `freshtrack-deploy apply --answers` repeats the same bundle.
    d runs `doctor` here: Docker, Compose, sizing, ports, DNS, endpoints, secrets and clock     for the previous answers' target (else selfhosted); Esc closes its report.
    """

    static let doctorTitle = "doctor"

    /// `d`: run `doctor` for the bundle directory and the previous answers' target.
    static func runDoctor(_ s: inout WizardState) -> [Effect] {
        s.overlay = .progress(title: doctorTitle, step: "Starting doctor…")
        return [.runDoctor(target: s.previous?.answers.resolvedTarget)]
    }

    static func doctorProgress(_ s: inout WizardState, _ step: String) {
        s.overlay = .progress(title: doctorTitle, step: "checking \(step)…")
    }

    static func doctorFinished(_ s: inout WizardState, _ outcome: DoctorOutcome) {
        s.overlay = .diff(title: doctorReportTitle(outcome.target),
                          view: doctorView(inWizard(outcome), width: max(20, s.size.width - 4)))
    }

    static let doctorReportPrefix = "doctor for target "

    /// `doctor for target selfhosted` (the overlay's title; `t` checks the next target).
    static func doctorReportTitle(_ target: String) -> String { doctorReportPrefix + target }

    /// The target after `current` in `Target.allCases` order (for `t` in the report).
    static func nextDoctorTarget(after current: String) -> Target {
        let all = Target.allCases
        guard let i = all.firstIndex(where: { $0.rawValue == current }) else { return all[0] }
        return all[(i + 1) % all.count]
    }

    /// `t` in the doctor report: run `doctor` again for the next target.
    static func doctorOtherTarget(_ s: inout WizardState, current: String) -> [Effect] {
        s.overlay = .progress(title: doctorTitle, step: "Starting doctor…")
        return [.runDoctor(target: nextDoctorTarget(after: current))]
    }

    /// The report with advice the wizard can follow: `doctor`'s fixes that name a command
    /// line option (`pass --target selfhosted|digitalocean|aws`) say what to do here instead.
    static func inWizard(_ outcome: DoctorOutcome) -> DoctorOutcome {
        var o = outcome
        for i in o.lines.indices {
            guard let fix = o.lines[i].fix, fix.contains("--target") else { continue }
            let others = Target.allCases.map(\.rawValue).filter { $0 != outcome.target }.joined(separator: " or ")
            if o.lines[i].reason.contains("--target") {
                o.lines[i].reason = "no target chosen yet (no freshtrack-answers.yaml naming one here): checked for \(outcome.target)"
            }
            o.lines[i].fix = "press t here to check for \(others) instead (each t moves to the next target); "
                + "the bundle the wizard writes records its target, and d then checks that one"
        }
        return o
    }

    /// The report as `doctor` prints it: status, title, reason; the fix under anything
    /// that did not pass; the counts last.
    static func doctorView(_ outcome: DoctorOutcome, width: Int) -> ScrollView {
        var lines: [ScrollView.Line] = []
        let titleWidth = min(34, outcome.lines.map { CharWidth.of($0.title) }.max() ?? 0)
        let indent = String(repeating: " ", count: 6 + titleWidth + 2)
        for l in outcome.lines {
            let style: Style = switch l.status {
            case "pass": .success
            case "warn": .warning
            case "fail": .error
            default: .muted
            }
            let head = CharWidth.pad(l.status.uppercased(), to: 4) + "  " + CharWidth.pad(l.title, to: titleWidth) + "  "
            let reason = CharWidth.wrap(l.reason, width: max(10, width - indent.count))
            for (k, r) in reason.enumerated() {
                lines.append(.init((k == 0 ? head : indent) + r, style: k == 0 ? style : .plain))
            }
            if let fix = l.fix, l.status != "pass" {
                for (k, f) in CharWidth.wrap(fix, width: max(10, width - indent.count - 5)).enumerated() {
                    lines.append(.init(indent + (k == 0 ? "fix: " : "     ") + f, style: .muted))
                }
            }
        }
        func n(_ st: String) -> Int { outcome.lines.filter { $0.status == st }.count }
        lines.append(.init(""))
        lines.append(.init("\(n("pass")) passed, \(n("warn")) warning\(n("warn") == 1 ? "" : "s"), \(n("fail")) failed, \(n("skip")) skipped",
                           style: .bold))
        return ScrollView(lines: lines)
    }

    static func previousLoaded(_ s: inout WizardState, _ result: Result<PreviousRun?, WizardFailure>) {
        switch result {
        case .success(let p?):
            s.previous = p
            s.welcomeMenu = Menu(items: [
                "Edit the previous answers (every screen pre-filled)",
                "Switch target (keep the other answers)",
                "Start over (fresh answers)",
            ])
        case .success(nil):
            s.previous = nil
        case .failure(let e):
            s.previousProblem = e.message
            s.welcomeMenu = Menu(items: ["Start over (the answers file is replaced when you write)"])
        }
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        if key == .char("d") { return runDoctor(&s) }
        if key == .char("v"), let problem = s.previousProblem {
            let lines = problem.split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { CharWidth.wrap(String($0), width: max(20, s.size.width - 6)) }
            s.overlay = .diff(title: Wizard.answersFileName + " problems", view: ScrollView(lines: lines.map { .init($0, style: .error) }))
            return []
        }
        if s.welcomeMenu.handle(key) { return [] }
        guard key == .enter else { return [] }
        s.dirty = true
        if let p = s.previous {
            switch s.welcomeMenu.selected {
            case 0:
                Wizard.prefill(&s, from: p.answers)
                Wizard.push(&s, .environment)
            case 1:
                Wizard.prefill(&s, from: p.answers)
                RecommendationScreen.enter(&s)
                Wizard.push(&s, .recommendation)
            default:
                Wizard.reset(&s)
                Wizard.push(&s, .environment)
            }
        } else {
            Wizard.push(&s, .environment)
        }
        return []
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        var y = rect.y
        b.write("Set up FreshTrack Pro with Docker Compose", x: rect.x, y: y, style: .title)
        y += 2
        let intro = "This wizard asks about your environment and needs, recommends one of three "
            + "targets (self-hosted VM, DigitalOcean hybrid, AWS), compares their monthly costs, "
            + "and writes a complete, secure deployment bundle."
        for l in CharWidth.wrap(intro, width: rect.width) { b.write(l, x: rect.x, y: y); y += 1 }
        y += 1
        b.write("Bundle directory: ", x: rect.x, y: y, style: .bold)
        b.write(s.directory, x: rect.x + 18, y: y, maxWidth: rect.width - 18)
        y += 1
        b.write("Nothing is written until the last step. Secret values stay in their files.",
                x: rect.x, y: y, style: .muted, maxWidth: rect.width)
        y += 1
        b.write("d checks this host first (doctor: Docker, Compose, ports, DNS, clock).",
                x: rect.x, y: y, style: .muted, maxWidth: rect.width)
        y += 2
        if let p = s.previous {
            let target = p.answers.resolvedTarget.rawValue + (p.answers.target == .recommended ? " (recommended)" : "")
            b.write("Previous answers found, saved \(p.savedAt):", x: rect.x, y: y,
                    style: Style(bold: true, color: .accent), maxWidth: rect.width)
            b.write("target \(target), environment \(p.answers.environment.rawValue)", x: rect.x + 2, y: y + 1,
                    style: .bold, maxWidth: rect.width - 2)
            y += 3
        } else if let problem = s.previousProblem {
            b.write("The previous answers file could not be used:", x: rect.x, y: y, style: .warning)
            y += 1
            let lines = problem.split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { CharWidth.wrap(String($0), width: rect.width - 2) }
            let room = max(1, rect.maxY - y - s.welcomeMenu.items.count - 3)
            for l in lines.prefix(lines.count > room ? room - 1 : room) {
                b.write(l, x: rect.x + 2, y: y, style: .error, maxWidth: rect.width - 2); y += 1
            }
            if lines.count > room {
                b.write("… \(lines.count - room + 1) more lines: v reads them all", x: rect.x + 2, y: y, style: .bold); y += 1
            }
            y += 1
        }
        s.welcomeMenu.render(into: &b, rect: Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y))
    }
}

/// Step 2: production / staging / dev.
enum EnvironmentScreen {
    static let help = """
    production: the target's full configuration. staging: the same services with smaller \
    limits (compose.staging.yaml on top). dev: every service runs locally, whatever the target.
    """

    static let descriptions: [DeployEnvironment: String] = [
        .production: "Real users: full limits, TLS, only ports 80/443 published.",
        .staging: "A rehearsal of production with smaller limits.",
        .dev: "Every service runs on this machine, for development.",
    ]

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        if s.environmentMenu.handle(key) { return [] }
        if key == .enter { Wizard.push(&s, .needs) }
        return []
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        b.write("Which environment is this bundle for?", x: rect.x, y: rect.y, style: .title)
        // Each choice with its description on the same row; only the menu part changes
        // when the selection moves (a move costs a few dozen bytes on the wire).
        s.environmentMenu.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: 14, height: 3))
        for (i, env) in DeployEnvironment.allCases.enumerated() {
            b.write(descriptions[env] ?? "", x: rect.x + 16, y: rect.y + 2 + i, style: .muted, maxWidth: rect.width - 16)
        }
    }
}

import DeployKit
import TerminalUI

/// Step 1: what the tool does, where it writes, and what to do with a previous run.
enum WelcomeScreen {
    static let help = """
    The wizard asks a few questions, recommends a deployment target, compares monthly \
    costs, and writes a Docker Compose bundle for FreshTrack Pro into the bundle directory.
    Nothing is written before the last step. The answers (never secret values) are saved as \
    freshtrack-answers.yaml, so `freshtrack-deploy apply --answers` repeats the same bundle.
    """

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
            for l in CharWidth.wrap(problem, width: rect.width - 2).prefix(3) {
                b.write(l, x: rect.x + 2, y: y, style: .error); y += 1
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

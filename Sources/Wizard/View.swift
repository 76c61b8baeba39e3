import DeployKit
import TerminalUI

extension Wizard {
    /// Renders the whole screen for `state` at `size`. Pure: same state and size, same cells.
    public static func view(_ s: WizardState, size: Size) -> ScreenBuffer {
        var b = ScreenBuffer(size: size)
        if isTooSmall(size) {
            renderTooSmall(into: &b)
            return b
        }
        let w = size.width, h = size.height
        renderTopBar(s, into: &b)
        let content = Rect(x: 2, y: 2, width: w - 4, height: h - 4)
        switch s.step {
        case .welcome: WelcomeScreen.render(s, into: &b, rect: content)
        case .environment: EnvironmentScreen.render(s, into: &b, rect: content)
        case .needs: NeedsScreen.render(s, into: &b, rect: content)
        case .recommendation: RecommendationScreen.render(s, into: &b, rect: content)
        case .costs: CostsScreen.render(s, into: &b, rect: content)
        case .details: DetailsScreen.render(s, into: &b, rect: content)
        case .secrets: SecretsScreen.render(s, into: &b, rect: content)
        case .review: ReviewScreen.render(s, into: &b, rect: content)
        case .write: WriteScreen.render(s, into: &b, rect: content)
        }
        // A form shows its own refusal among its messages; a notice is wrapped in full,
        // upwards from the line above the status line.
        if let n = s.notice {
            let lines = CharWidth.wrap(n, width: w - 4)
            let top = max(1, h - 1 - lines.count)
            for (k, l) in lines.enumerated() {
                b.fill(Rect(x: 0, y: top + k, width: w, height: 1))
                b.write(l, x: 2, y: top + k, style: .warning, maxWidth: w - 4)
            }
        }

        // Status line: step n of N and the keys that work here.
        b.fill(Rect(x: 0, y: h - 1, width: w, height: 1), style: .reverse)
        b.write(" Step \(s.step.rawValue) of \(stepCount) │ " + keys(s), x: 0, y: h - 1, style: .reverse, maxWidth: w)

        renderOverlay(s, into: &b)
        return b
    }

    /// Draws the top bar: product and step title on the left, the bundle directory
    /// right-aligned (truncated to the room left), all in reverse video.
    private static func renderTopBar(_ s: WizardState, into b: inout ScreenBuffer) {
        let w = b.size.width
        b.fill(Rect(x: 0, y: 0, width: w, height: 1), style: .reverse)
        let title = " FreshTrack Deploy │ \(s.step.title)"
        let x = b.write(title, x: 0, y: 0, style: Style(bold: true, reverse: true))
        let dirText = CharWidth.truncate("bundle: \(s.directory) ", to: max(0, w - x - 2))
        b.write(dirText, x: w - CharWidth.of(dirText), y: 0, style: .reverse)
    }

    /// Draws the open overlay, if any, over the screen: help, the quit question, a
    /// scrollable view in a box (diff, doctor report) or a centred progress box.
    private static func renderOverlay(_ s: WizardState, into b: inout ScreenBuffer) {
        let w = b.size.width, h = b.size.height
        switch s.overlay {
        case nil: break
        case .help?: renderHelp(s, into: &b)
        case .confirmQuit?: renderConfirmQuit(into: &b, afterFailedWrite: writeFailed(s))
        case .diff(let title, let view)?:
            b.cursor = nil
            let r = Rect(x: 1, y: 1, width: w - 2, height: h - 2)
            b.fill(r)
            let doctor = title.hasPrefix(WelcomeScreen.doctorReportPrefix)
            b.box(r, title: "\(title) — " + (doctor ? "↑↓ scroll · t other target · Esc close" : "↑↓ PgUp PgDn scroll · Esc close"))
            view.render(into: &b, rect: r.inset(dx: 1, dy: 1))
        case .progress(let title, let step)?:
            b.cursor = nil
            let bw = min(w - 4, 60)
            let r = Rect(x: (w - bw) / 2, y: h / 2 - 3, width: bw, height: 5)
            b.fill(r)
            b.box(r, title: title)
            b.write(step, x: r.x + 2, y: r.y + 2, maxWidth: r.width - 4)
        }
    }

    /// The keys that work on the current screen, for the status line.
    public static func keys(_ s: WizardState) -> String {
        if s.overlay != nil {
            switch s.overlay! {
            case .help: return "any key closes help"
            case .confirmQuit: return "y quit · n stay"
            case .diff(let title, _):
                let other = title.hasPrefix(WelcomeScreen.doctorReportPrefix) ? " · t other target" : ""
                return "↑↓ PgUp PgDn scroll\(other) · Esc close"
            case .progress: return "working…"
            }
        }
        let quit = typingInField(s) ? "^C quit" : "q quit"
        let help = typingInField(s) ? "F1 help" : "? help"
        switch s.step {
        case .welcome: return "↑↓ choose · Enter continue · d doctor · \(help) · \(quit)"
        case .environment: return "↑↓ choose · Enter continue · Esc back · \(help) · \(quit)"
        case .needs, .details, .secrets:
            return "Tab field · ←→ change · Enter next · Esc back · \(help) · \(quit)"
        case .recommendation: return "↑↓ target · Tab matrix · Enter pick · Esc back · \(help) · \(quit)"
        case .costs: return "←→ users · r reset · Enter next · Esc back · \(help) · \(quit)"
        case .review:
            switch s.review {
            case .ready: return "↑↓ Enter diff · w write · v warnings · Esc back · \(help) · \(quit)"
            // Nothing to scroll, diff, read or write: only going back, help and quitting work.
            case .preparing: return "preparing… · Esc back · \(help) · \(quit)"
            case .failed: return "Esc back to fix it · \(help) · \(quit)"
            }
        case .write:
            switch s.writePhase {
            case .writing: return "writing…"
            case .done: return "Enter or q exit"
            case .failed: return "w retry · Esc back · \(quit)"
            }
        }
    }

    /// The help window's text for the state's step; on a review whose plan failed, the text
    /// says only what works there (as the status line does).
    static func helpText(_ s: WizardState) -> String {
        if s.step == .review, case .failed = s.review { return ReviewScreen.failedHelp }
        return helpText(s.step)
    }

    static func helpText(_ step: Step) -> String {
        switch step {
        case .welcome: return WelcomeScreen.help
        case .environment: return EnvironmentScreen.help
        case .needs: return NeedsScreen.help
        case .recommendation: return RecommendationScreen.help
        case .costs: return CostsScreen.help
        case .details: return DetailsScreen.help
        case .secrets: return SecretsScreen.help
        case .review: return ReviewScreen.help
        case .write: return WriteScreen.help
        }
    }

    static func renderHelp(_ s: WizardState, into b: inout ScreenBuffer) {
        // Tall enough for the whole text (up to the window's height).
        let boxWidth = min(72, b.size.width - 4)
        let textLines = CharWidth.wrap(helpText(s), width: boxWidth - 4).count
        let r = b.bounds.centered(width: boxWidth, height: min(b.size.height - 2, max(18, textLines + 11)))
        b.cursor = nil
        b.fill(r)
        b.box(r, title: "Help: \(s.step.title)")
        var y = r.y + 2
        let inner = r.inset(dx: 2, dy: 0)
        for l in CharWidth.wrap(helpText(s), width: inner.width) where y < r.maxY - 9 {
            b.write(l, x: inner.x, y: y); y += 1
        }
        y = r.maxY - 8
        func row(_ k1: String, _ d1: String, _ k2: String, _ d2: String) -> String {
            CharWidth.pad(k1, to: 7) + CharWidth.pad(d1, to: 28) + CharWidth.pad(k2, to: 7) + d2
        }
        let global = [
            row("Enter", "continue / choose", "Esc", "back one step"),
            row("Tab", "next field (Shift-Tab back)", "←/→", "change a choice"),
            row("F1, ?", "this help", "q, ^C", "quit (asks first)"),
            "Paste works in every text field; secrets show only as dots.",
            "Typing replaces a pre-filled (highlighted) value; → or End edits it.",
        ]
        for l in global { b.write(l, x: inner.x, y: y, style: .muted, maxWidth: inner.width); y += 1 }
        b.write("Any key closes this help.", x: inner.x, y: r.maxY - 2, style: .bold)
    }

    static func renderConfirmQuit(into b: inout ScreenBuffer, afterFailedWrite: Bool = false) {
        let text = afterFailedWrite
            ? "Quit without writing? Nothing has been written. Your answers (never a secret value) are saved to a new file, named with the command to finish when you leave; typed secret values are not saved. Or stay: fix the cause, then w."
            : "Quit without writing? Your answers are not saved and nothing has been written."
        let lines = CharWidth.wrap(text, width: 52)
        let r = b.bounds.centered(width: 56, height: lines.count + 5)
        b.cursor = nil
        b.fill(r)
        b.box(r, title: "Quit?", style: .warning)
        for (k, l) in lines.enumerated() { b.write(l, x: r.x + 2, y: r.y + 2 + k) }
        b.write("y  quit        n  stay", x: r.x + 2, y: r.maxY - 2, style: .bold)
    }

    /// The screen shown while the window is smaller than 80x24; it recovers on resize.
    static func renderTooSmall(into b: inout ScreenBuffer) {
        let msg = ["The window is \(b.size.width)x\(b.size.height).", "Make the window at least 80x24.", "(q or Ctrl-C quits without writing)"]
        let top = max(0, (b.size.height - msg.count) / 2)
        for (i, l) in msg.enumerated() {
            let x = max(0, (b.size.width - CharWidth.of(l)) / 2)
            b.write(l, x: x, y: top + i, style: i == 1 ? .bold : .plain)
        }
    }

    /// The form of the screen shown, if it has one.
    static func currentForm(_ s: WizardState) -> Form? {
        switch s.step {
        case .needs: return s.needs
        case .details: return s.details
        case .secrets: return s.secrets
        default: return nil
        }
    }
}

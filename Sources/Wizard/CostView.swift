import DeployKit
import TerminalUI

/// The cost comparison on its own, for `freshtrack-deploy costs` on a terminal: the wizard's
/// cost screen with Left/Right changing the users figure, r resetting it, q/Esc/Enter quitting.
public struct CostViewState: Sendable, Hashable {
    /// The needs the costs are for (users is the starting figure).
    public var needs: Needs
    /// Environment priced.
    public var environment: DeployEnvironment
    /// The users figure shown (starts at `needs.users`).
    public var users: Int
    /// Whether the help window is open.
    public var showHelp = false
    /// First cost item row shown when they do not all fit (Up/Down scroll).
    public var scroll = 0
    /// Last known terminal size (to keep `scroll` within the items).
    public var size = Size(width: 80, height: 24)
    /// Whether `needs.users` is the operator's answer (`--users`, an answers file) rather
    /// than the seed's reference sizing; the heading says which.
    public var usersAnswered: Bool

    /// The view at `needs.users`.
    public init(needs: Needs, environment: DeployEnvironment, usersAnswered: Bool = true) {
        self.needs = needs
        self.environment = environment
        self.users = needs.users
        self.usersAnswered = usersAnswered
    }
}

/// `update`, `view` and `run` of the stand-alone cost view.
public enum CostView {
    /// Applies one event; the second value is the exit status when the view should close.
    public static func update(_ state: CostViewState, _ event: Event) -> (CostViewState, Int32?) {
        var s = state
        switch event {
        case .terminate: return (s, 143)
        case .interrupt, .key(.ctrl("c")): return (s, 130)
        case .resize(let size): s.size = size; return (s, nil)
        case .paste: return (s, nil)
        case .key(let k):
            if s.showHelp { s.showHelp = false; return (s, nil) }
            switch k {
            case .left: s.users = CostsScreen.step(s.users, -1)
            case .right: s.users = CostsScreen.step(s.users, 1)
            case .up: s.scroll = max(0, s.scroll - 1)
            case .down:
                s.scroll = CostsScreen.clampScroll(s.scroll + 1, needs: s.needs, environment: s.environment, users: s.users,
                                                   height: s.size.height - 4)
            case .char("r"): s.users = s.needs.users
            case .function(1), .char("?"): s.showHelp = true
            case .char("q"), .escape, .enter: return (s, 0)
            default: break
            }
            return (s, nil)
        }
    }

    /// Renders the cost view at `size` (the too-small screen below 80x24).
    public static func view(_ s: CostViewState, size: Size) -> ScreenBuffer {
        var b = ScreenBuffer(size: size)
        if Wizard.isTooSmall(size) { Wizard.renderTooSmall(into: &b); return b }
        b.fill(Rect(x: 0, y: 0, width: size.width, height: 1), style: .reverse)
        b.write(" FreshTrack Deploy │ Cost comparison (\(s.environment.rawValue))", x: 0, y: 0,
                style: Style(bold: true, reverse: true))
        CostsScreen.renderCosts(needs: s.needs, environment: s.environment, users: s.users,
                                answeredUsers: s.usersAnswered ? s.needs.users : nil,
                                referenceUsers: s.usersAnswered ? nil : s.needs.users, chosen: nil, scroll: s.scroll, into: &b,
                                rect: Rect(x: 2, y: 2, width: size.width - 4, height: size.height - 4))
        b.fill(Rect(x: 0, y: size.height - 1, width: size.width, height: 1), style: .reverse)
        b.write(" ←→ users · ↑↓ items · r reset · ? help · q quit", x: 0, y: size.height - 1, style: .reverse)
        if s.showHelp {
            let r = b.bounds.centered(width: 72, height: 10)
            b.fill(r)
            b.box(r, title: "Help: Cost comparison")
            var y = r.y + 2
            for l in CharWidth.wrap(CostsScreen.help, width: r.width - 4) { b.write(l, x: r.x + 2, y: y); y += 1 }
        }
        return b
    }

    /// Runs the view until the operator quits. Returns the exit status.
    /// - Parameter usersAnswered: whether `needs.users` is the operator's answer (else the
    ///   seed's reference sizing, and the heading says so).
    public static func run(terminal: TerminalDevice, needs: Needs, environment: DeployEnvironment,
                           usersAnswered: Bool = true) -> Int32 {
        var state = CostViewState(needs: needs, environment: environment, usersAnswered: usersAnswered)
        state.size = terminal.size
        while true {
            terminal.present(view(state, size: terminal.size))
            guard let event = terminal.nextEvent() else { return 0 }
            let (next, quit) = update(state, event)
            state = next
            if let quit { return quit }
        }
    }
}

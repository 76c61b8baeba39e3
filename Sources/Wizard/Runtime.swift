import TerminalUI

/// Runs the wizard against a terminal: present, read an event, update, perform effects.
/// The effect performer is injected, so tests drive the loop with a fake terminal and fake
/// effects, and the executable passes the real writer.
public enum WizardRuntime {
    /// Runs until an effect asks to quit or input ends.
    ///
    /// - Parameters:
    ///   - terminal: where frames go and events come from.
    ///   - start: initial state and effects (see `Wizard.start`).
    ///   - perform: performs one effect (never `.quit`) and returns the messages it produced.
    /// - Returns: the exit status (`.quit`'s, or 1 when input ended).
    public static func run(terminal: TerminalDevice, start: (WizardState, [Effect]),
                           perform: (Effect) -> [Msg]) -> Int32 {
        run(terminal: terminal, start: start, perform: { effect, _ in perform(effect) })
    }

    /// Runs until an effect asks to quit or input ends; `perform` may also report progress
    /// while it works (e.g. `doctor`'s current check) through its second argument, which
    /// applies the message at once and presents a frame.
    ///
    /// - Parameters:
    ///   - terminal: where frames go and events come from.
    ///   - start: initial state and effects (see `Wizard.start`).
    ///   - perform: performs one effect (never `.quit`), may send progress messages, and
    ///     returns the messages it produced.
    /// - Returns: the exit status (`.quit`'s, or 1 when input ended).
    public static func run(terminal: TerminalDevice, start: (WizardState, [Effect]),
                           perform: (Effect, _ send: (Msg) -> Void) -> [Msg]) -> Int32 {
        var state = start.0
        var pending = start.1
        if state.size != terminal.size {
            state = Wizard.update(state, .event(.resize(terminal.size))).0
        }
        while true {
            terminal.present(Wizard.view(state, size: terminal.size))
            while !pending.isEmpty {
                let effect = pending.removeFirst()
                if case .quit(let status) = effect { return status }
                var progressEffects: [Effect] = []
                let msgs = perform(effect) { msg in
                    let (next, more) = Wizard.update(state, msg)
                    state = next
                    progressEffects += more
                    terminal.present(Wizard.view(state, size: terminal.size))
                }
                pending += progressEffects
                for msg in msgs {
                    let (next, more) = Wizard.update(state, msg)
                    state = next
                    pending += more
                }
                terminal.present(Wizard.view(state, size: terminal.size))
            }
            guard let event = terminal.nextEvent() else { return 1 }
            let (next, more) = Wizard.update(state, .event(event))
            state = next
            pending = more
        }
    }
}

import CNcursesw
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal could not be set up.
public struct TerminalError: Error, CustomStringConvertible {
    /// What failed, e.g. an unknown TERM.
    public var description: String
}

/// Set by the signal handler, read by `nextEvent` (sig_atomic_t semantics: one word).
nonisolated(unsafe) private var pendingSignal: Int32 = 0
/// True between `CursesTerminal.init` and `end()`; read by the `atexit` guard.
nonisolated(unsafe) private var cursesActive = false
/// The tty modes before curses started, for the crash handler.
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var haveSavedModes = false

/// On a crash (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) curses cannot be called
/// safely, so put the tty back with async-signal-safe calls only, then die of the same signal.
private func crashRestore(_ sig: Int32) {
    if cursesActive {
        let reset = "\u{1b}[?2004l\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\n"
        _ = reset.withCString { write(1, $0, strlen($0)) }
        if haveSavedModes { tcsetattr(0, TCSANOW, &savedModes) }
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

private func restoreIfActive() {
    guard cursesActive else { return }
    cursesActive = false
    let off = "\u{1b}[?2004l"
    _ = off.withCString { write(1, $0, strlen($0)) }
    if isendwin() == false { endwin() }
}

/// The ncurses (ncursesw) terminal: the only code that talks to curses.
///
/// Sets the locale, starts curses in raw mode without echo, keypad on, a 25 ms escape
/// delay, colours unless `NO_COLOR` is set (or the terminal has none), bracketed paste, and
/// turns SIGINT/SIGTERM/SIGHUP into events. `present` draws only the cells that changed
/// since the previous frame. `end()` (also run by an `atexit` guard) restores the terminal.
public final class CursesTerminal: TerminalDevice {
    /// True when the locale's character set is UTF-8; otherwise box drawing and symbols are
    /// drawn as ASCII.
    public let unicode: Bool
    /// True when colours are in use.
    public let colors: Bool
    private var previous: ScreenBuffer?
    private var pasteBuffer: [Event] = []

    /// Whether both stdin and stdout are terminals (the wizard needs both).
    public static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Starts curses on stdin/stdout.
    /// - Throws: `TerminalError` when the terminal type is unknown to terminfo.
    public init(environment: [String: String]) throws {
        setlocale(LC_ALL, "")
        haveSavedModes = tcgetattr(0, &savedModes) == 0
        unicode = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences("-", "") == "UTF8"
        guard let out = fdopen(1, "w"), let inp = fdopen(0, "r"), newterm(nil, out, inp) != nil else {
            throw TerminalError(description: "cannot start the terminal (TERM=\(environment["TERM"] ?? "unset")): unknown terminal type")
        }
        cursesActive = true
        atexit { restoreIfActive() }
        let win = ft_stdscr()
        raw()
        noecho()
        nonl()
        keypad(win, true)
        set_escdelay(25)
        wtimeout(win, 200)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            let pairs: [(ColorRole, Int16)] = [
                (.accent, Int16(COLOR_CYAN)), (.error, Int16(COLOR_RED)), (.success, Int16(COLOR_GREEN)),
                (.warning, Int16(COLOR_YELLOW)), (.muted, -1), (.bar, Int16(COLOR_CYAN)),
            ]
            for (role, fg) in pairs { init_pair(Int16(role.rawValue), fg, -1) }
            colors = true
        } else {
            colors = false
        }
        // A parent may have started us with signals blocked (test runners, some service
        // managers); the wizard must still see Ctrl-C from outside, SIGTERM and resizes.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { pendingSignal = $0 }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { crashRestore($0) }
        }
        let on = "\u{1b}[?2004h"
        _ = on.withCString { write(1, $0, strlen($0)) }
    }

    /// Restores the terminal (leaves the alternate screen, tty modes back). Safe to call twice.
    public func end() { restoreIfActive() }

    deinit { restoreIfActive() }

    /// The window's size in cells (COLS x LINES).
    public var size: Size { Size(width: Int(ft_cols()), height: Int(ft_lines())) }

    // MARK: input

    /// Blocks for the next key, paste, resize or signal.
    public func nextEvent() -> Event? {
        if !pasteBuffer.isEmpty { return pasteBuffer.removeFirst() }
        while true {
            if pendingSignal != 0 {
                let s = pendingSignal
                pendingSignal = 0
                return s == SIGINT ? .interrupt : .terminate
            }
            var ch: wint_t = 0
            let r = get_wch(&ch)
            if r == ERR { continue }
            if r == KEY_CODE_YES {
                if let ev = keyCode(Int32(ch)) { return ev }
                continue
            }
            return character(UInt32(ch))
        }
    }

    private func keyCode(_ code: Int32) -> Event? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE:
            previous = nil
            return .resize(size)
        default:
            for n in 1...12 where code == ft_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    private func character(_ v: UInt32) -> Event? {
        switch v {
        case 27: return escape()
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(v + 96)!)))
        default:
            guard let scalar = Unicode.Scalar(v), v >= 32 else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// Reads what follows ESC without waiting: `[200~` starts a bracketed paste (collected
    /// whole until `ESC [201~`); anything else is pushed back and ESC is the Escape key.
    private func escape() -> Event {
        let win = ft_stdscr()
        wtimeout(win, 0)
        defer { wtimeout(win, 200) }
        var read: [UInt32] = []
        let start: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
        while read.count < start.count {
            var ch: wint_t = 0
            let r = get_wch(&ch)
            guard r == OK else { break }
            read.append(UInt32(ch))
            if read.last != start[read.count - 1] { break }
        }
        if read == start {
            wtimeout(win, 1000)
            var text: [UInt32] = []
            let end: [UInt32] = [27] + Array("[201~".unicodeScalars.map(\.value))
            while true {
                var ch: wint_t = 0
                let r = get_wch(&ch)
                if r == ERR { break }
                if r == KEY_CODE_YES { continue }
                text.append(UInt32(ch))
                if text.count >= end.count && Array(text.suffix(end.count)) == end {
                    text.removeLast(end.count)
                    break
                }
            }
            var s = ""
            s.unicodeScalars.append(contentsOf: text.compactMap(Unicode.Scalar.init))
            return .paste(s)
        }
        for v in read.reversed() { unget_wch(wchar_t(v)) }
        return .key(.escape)
    }

    // MARK: output

    /// Draws `buffer`, sending only the runs `ScreenBuffer.runs(since:)` gives against the
    /// previous frame (every cell after a resize).
    public func present(_ buffer: ScreenBuffer) {
        let win = ft_stdscr()
        if previous?.size != buffer.size { werase(win) }
        for run in buffer.runs(since: previous) {
            wattr_set(win, attributes(run.style), colors ? Int16(run.style.color?.rawValue ?? 0) : 0, nil)
            wmove(win, Int32(run.y), Int32(run.x))
            waddnstr(win, run.text.map(glyph).joined(), -1)
        }
        wattr_set(win, ft_a_normal(), 0, nil)
        if let c = buffer.cursor {
            curs_set(1)
            wmove(win, Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wrefresh(win)
        previous = buffer
    }

    private func attributes(_ s: Style) -> attr_t {
        var a = ft_a_normal()
        if s.bold { a |= ft_a_bold() }
        if s.reverse { a |= ft_a_reverse() }
        if s.underline { a |= ft_a_underline() }
        if s.dim && colors { a |= ft_a_dim() }
        return a
    }

    private static let ascii: [Character: String] = [
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "▸": ">", "•": "*", "█": "#",
        "░": ".", "…": "~", "✗": "x", "✓": "v", "⚠": "!", "★": "*", "→": ">", "←": "<", "↑": "^",
        "↓": "v", "—": "-", "–": "-", "·": ".", "»": ">", "ľ": "l",
    ]

    /// `c` as the locale can show it: itself in UTF-8; otherwise its ASCII stand-in, or one
    /// `?` per column it covers so the columns after it stay put.
    private func glyph(_ c: Character) -> String {
        if unicode || c.isASCII { return String(c) }
        return Self.ascii[c] ?? String(repeating: "?", count: CharWidth.of(c))
    }
}

extension String {
    fileprivate func replacingOccurrences(_ a: Character, _ b: String) -> String {
        String(flatMap { $0 == a ? Array(b) : [$0] })
    }
}

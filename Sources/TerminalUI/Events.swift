/// A key press, already decoded from the terminal's byte sequences by the backend.
public enum Key: Sendable, Hashable {
    /// A printable character (never a control character).
    case char(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Function key F1...F12.
    case function(Int)
    /// Control + a letter, lower case (e.g. `ctrl("c")`, delivered in raw mode).
    case ctrl(Character)
}

/// One input event for the program.
public enum Event: Sendable, Hashable {
    case key(Key)
    /// Text pasted in one go (bracketed paste), delivered whole so nothing is dropped.
    case paste(String)
    /// The terminal was resized to the given size (ncurses `KEY_RESIZE`).
    case resize(Size)
    /// SIGINT arrived (e.g. `kill -INT`; Ctrl-C in raw mode arrives as `.key(.ctrl("c"))`).
    case interrupt
    /// SIGTERM or SIGHUP arrived: the program must restore the terminal and end.
    case terminate
}

/// What a program needs from a terminal: its size, input events and a way to show a frame.
/// `CursesTerminal` is the real one; tests use a fake that records frames.
public protocol TerminalDevice: AnyObject {
    /// Current size in cells.
    var size: Size { get }
    /// Blocks until the next event; `nil` when input has ended (the terminal went away).
    func nextEvent() -> Event?
    /// Shows `buffer`, sending only what changed since the previous frame.
    func present(_ buffer: ScreenBuffer)
}

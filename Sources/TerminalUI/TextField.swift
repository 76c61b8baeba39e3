/// A one-line text input: a cursor, insert, delete, Home/End, paste. Control characters
/// and line breaks are never stored (a pasted line break is dropped, the rest is kept).
/// Text is never cut silently: an insertion that would pass `maxLength` is refused whole
/// (`insert` returns `false`), so the caller can say so.
public struct TextField: Sendable, Hashable {
    /// The text entered.
    public private(set) var text: String
    /// Cursor position in characters, `0...text.count`.
    public private(set) var cursor: Int
    /// Longest text accepted, in characters (a guard against runaway pastes, not a field
    /// rule); an insertion that would pass it is refused whole, never cut.
    public var maxLength: Int

    /// A field holding `text` (control characters dropped), cursor at its end.
    public init(_ text: String = "", maxLength: Int = 4096) {
        self.maxLength = maxLength
        self.text = String(text.filter(TextField.accepts).prefix(max(maxLength, text.count)))
        self.cursor = self.text.count
    }

    static func accepts(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return !(v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0))
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func set(_ newText: String) {
        text = String(newText.filter(TextField.accepts))
        cursor = text.count
    }

    /// Inserts `s` at the cursor (typed or pasted), dropping control characters. Returns
    /// `false` (and changes nothing) when the result would be longer than `maxLength`.
    @discardableResult
    public mutating func insert(_ s: String) -> Bool {
        let add = s.filter(TextField.accepts)
        guard text.count + add.count <= maxLength else { return false }
        guard !add.isEmpty else { return true }
        let i = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: add, at: i)
        cursor += add.count
        return true
    }

    /// Handles an editing key. Returns `true` when the key was used (so the caller does
    /// not treat it as navigation).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(String(c)); return true
        case .backspace:
            guard cursor > 0 else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i); cursor -= 1; return true
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor)); return true
        case .left: cursor = max(0, cursor - 1); return true
        case .right: cursor = min(text.count, cursor + 1); return true
        case .home, .ctrl("a"): cursor = 0; return true
        case .end, .ctrl("e"): cursor = text.count; return true
        case .ctrl("u"): text = ""; cursor = 0; return true
        default: return false
        }
    }

    /// How a field being edited is drawn: bold and underlined in the accent colour. Never
    /// reverse video: that means "selected" (`selectedStyle`), so the drawing tells typing
    /// that replaces the value from typing that adds to it.
    public static let editingStyle = Style(bold: true, underline: true, color: .accent)
    /// A selected value (typing replaces it): reverse video, bold, underlined, in the accent colour;
    /// visible in monochrome.
    public static let selectedStyle = Style(bold: true, reverse: true, underline: true, color: .accent)

    /// Draws the field as `[text   ]` in `width` cells at (`x`, `y`), scrolled so the
    /// cursor stays visible. Unfocused: underlined. `focused`: `editingStyle` and the
    /// buffer's cursor is placed; `selected` (with `focused`): the text in `selectedStyle`.
    public func render(into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int, focused: Bool, selected: Bool = false) {
        TextField.draw(Array(text), cursor: cursor, into: &buffer, x: x, y: y, width: width, focused: focused,
                       selected: selected)
    }

    static func draw(_ chars: [Character], cursor: Int, into buffer: inout ScreenBuffer,
                     x: Int, y: Int, width: Int, focused: Bool, selected: Bool = false) {
        guard width >= 3 else { return }
        let inner = width - 2
        // First visible character: keep the cursor inside the field.
        var start = 0
        if focused {
            var used = 0, i = cursor
            while i > 0 && used + CharWidth.of(chars[i - 1]) < inner { used += CharWidth.of(chars[i - 1]); i -= 1 }
            start = i
        }
        let style: Style = focused ? TextField.editingStyle : Style(underline: true)
        let textStyle: Style = focused && selected ? TextField.selectedStyle : style
        buffer.write("[", x: x, y: y, style: .muted)
        buffer.fill(Rect(x: x + 1, y: y, width: inner, height: 1), style: style)
        var col = x + 1
        var cursorCol = x + 1
        for (i, c) in chars.enumerated() where i >= start {
            if i == cursor { cursorCol = col }
            let w = CharWidth.of(c)
            if col + w > x + 1 + inner { break }
            buffer.write(String(c), x: col, y: y, style: textStyle)
            col += w
        }
        if cursor >= chars.count { cursorCol = min(col, x + inner) }
        buffer.write("]", x: x + width - 1, y: y, style: .muted)
        if focused { buffer.cursor = (cursorCol, y) }
    }
}

/// A masked input for a secret. Only the number of characters is ever drawn (as `•`); the
/// value is readable only through `revealForUse()`, and every textual form of the field is
/// redacted, so it cannot reach a screen, a log line or a test failure by accident.
public struct SecretField: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private var storage: [Character] = []
    /// Longest value accepted, in characters.
    public var maxLength: Int

    /// An empty secret field.
    public init(maxLength: Int = 4096) { self.maxLength = maxLength }

    /// Number of characters entered (what the mask shows).
    public var count: Int { storage.count }
    /// True when nothing was entered.
    public var isEmpty: Bool { storage.isEmpty }

    /// The value, for handing to the engine as a secret. Never draw or log it.
    public func revealForUse() -> String { String(storage) }

    /// Whether two fields hold the same value (for the confirmation field).
    public func matches(_ other: SecretField) -> Bool { storage == other.storage }

    /// Why `insert` refused a text.
    public enum Refusal: Sendable, Hashable {
        /// It holds a control character (tab, line break, ...): the stored value would
        /// differ from what was pasted, so nothing is taken.
        case controlCharacter
        /// The value would pass `maxLength`.
        case tooLong
    }

    /// Appends typed or pasted text, or refuses it whole (changing nothing): a secret is
    /// never stored different from what was given.
    @discardableResult
    public mutating func insert(_ s: String) -> Refusal? {
        guard s.allSatisfy(TextField.accepts) else { return .controlCharacter }
        guard storage.count + s.count <= maxLength else { return .tooLong }
        storage.append(contentsOf: s)
        return nil
    }

    /// Backspace removes the last character, Ctrl-U clears; other keys are not used.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(String(c)); return true
        case .backspace: if !storage.isEmpty { storage.removeLast() }; return true
        case .ctrl("u"): storage.removeAll(); return true
        default: return false
        }
    }

    /// Draws `[•••••   ]`: one mask character per entered character, nothing else; styles
    /// as `TextField.render` (`selected`: the dots in reverse video).
    public func render(into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int, focused: Bool, selected: Bool = false) {
        let mask = Array(repeating: Character("•"), count: storage.count)
        TextField.draw(mask, cursor: mask.count, into: &buffer, x: x, y: y, width: width, focused: focused,
                       selected: selected)
    }

    /// Redacted: only the length.
    public var description: String { "SecretField(‹redacted›, \(storage.count) chars)" }
    /// Redacted: only the length.
    public var debugDescription: String { description }
    /// Redacted: `dump` shows only the length.
    public var customMirror: Mirror { Mirror(self, children: ["count": storage.count]) }
}

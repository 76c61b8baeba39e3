import TerminalUI

/// One input row of a form.
public struct FormField: Sendable, Hashable {
    /// What the field edits.
    public enum Kind: Sendable, Hashable {
        case text(TextField)
        /// One of `options`, changed with Left/Right.
        case choice(options: [String], index: Int)
        case secret(SecretField)
    }

    /// Stable identifier, e.g. `needs.users` (the answers-file path where there is one).
    public var id: String
    /// Text left of the input.
    public var label: String
    /// One line shown while the field has focus.
    public var help: String
    /// The input and its value.
    public var kind: Kind
    /// Shown only while the choice field `id` has option index `index`.
    public var visibleIf: (id: String, index: Int)? {
        get { visibleID.map { ($0, visibleIndex) } }
        set { visibleID = newValue?.id; visibleIndex = newValue?.index ?? 0 }
    }
    private var visibleID: String?
    private var visibleIndex = 0
    /// What messages call the field when its label alone is ambiguous (e.g.
    /// `jwt_secret file path` for a `  file path` row under the `jwt_secret` choice);
    /// `nil`: the trimmed label.
    public var messageName: String?

    /// The field's name in messages: `messageName`, else the label without its indent.
    public var nameInMessages: String { messageName ?? label.trimmingCharacters(in: " ") }

    /// A field; see the properties.
    public init(id: String, label: String, help: String, kind: Kind, visibleIf: (id: String, index: Int)? = nil) {
        self.id = id
        self.label = label
        self.help = help
        self.kind = kind
        self.visibleIf = visibleIf
    }

    /// A text field holding `value`.
    public static func text(_ id: String, _ label: String, _ value: String, help: String, maxLength: Int = 4096) -> FormField {
        FormField(id: id, label: label, help: help, kind: .text(TextField(value, maxLength: maxLength)))
    }

    /// A choice of `options` with `index` chosen.
    public static func choice(_ id: String, _ label: String, _ options: [String], index: Int = 0, help: String) -> FormField {
        FormField(id: id, label: label, help: help, kind: .choice(options: options, index: max(0, min(index, options.count - 1))))
    }

    /// True for text and secret fields (typed characters go into them).
    public var isTextInput: Bool {
        switch kind { case .text, .secret: return true; case .choice: return false }
    }
}

/// What a key did to a form.
public enum FormOutcome: Sendable, Hashable {
    case handled
    /// Enter was pressed: the screen validates and moves on.
    case submit
    case ignored
}

/// A list of fields with one focused; Tab/Shift-Tab/Up/Down move, Left/Right change a
/// choice, typing edits the focused text field. Hidden fields are skipped.
public struct Form: Sendable, Hashable {
    /// Every field, shown or hidden, in order.
    public var fields: [FormField]
    /// Index in `fields` of the focused field.
    public var focus: Int = 0
    /// Fields the operator has edited (their errors show at once).
    public var touched: Set<String> = []
    /// Set when Enter was pressed: every error shows.
    public var submitted = false
    /// Why the last key or paste changed nothing (e.g. too long, a control character in a
    /// secret); shown above the status line until the next key.
    public var refusal: String?
    /// True while the focused text or secret field's whole value is selected, as in
    /// dialog/whiptail forms and browsers: typing or pasting replaces it, Backspace, Delete
    /// and Ctrl-U clear it, and Right/End (or Left/Home) keep it for editing (in a secret,
    /// which has no cursor, typing then adds at the end). Set each time focus lands on a
    /// text or secret field holding a value; drawn in reverse video exactly while set.
    public var selected = false

    /// A form focused on its first field.
    public init(fields: [FormField]) {
        self.fields = fields
        self.focus = fields.firstIndex { _ in true } ?? 0
        focusChanged()
    }

    /// Selects the focused text or secret field's value when it has one (see `selected`).
    mutating func focusChanged() {
        switch focusedField?.kind {
        case .text(let t)?: selected = !t.text.isEmpty
        case .secret(let s)?: selected = !s.isEmpty
        default: selected = false
        }
    }

    /// Whether field `i` is shown (its `visibleIf` holds).
    public func isVisible(_ i: Int) -> Bool {
        guard let cond = fields[i].visibleIf else { return true }
        return choiceIndex(cond.id) == cond.index
    }

    /// Indices of the shown fields.
    public var visibleIndices: [Int] { fields.indices.filter(isVisible) }

    /// The focused field, if any.
    public var focusedField: FormField? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// Index of the field `id`.
    public func index(of id: String) -> Int? { fields.firstIndex { $0.id == id } }

    /// Text of a text field (`""` if absent or not text).
    public func text(_ id: String) -> String {
        guard let i = index(of: id), case .text(let t) = fields[i].kind else { return "" }
        return t.text
    }

    /// Option index of a choice field (0 if absent).
    public func choiceIndex(_ id: String) -> Int {
        guard let i = index(of: id), case .choice(_, let idx) = fields[i].kind else { return 0 }
        return idx
    }

    /// The chosen option's text of a choice field.
    public func choice(_ id: String) -> String {
        guard let i = index(of: id), case .choice(let opts, let idx) = fields[i].kind else { return "" }
        return opts[idx]
    }

    /// The secret field `id`.
    public func secret(_ id: String) -> SecretField? {
        guard let i = index(of: id), case .secret(let s) = fields[i].kind else { return nil }
        return s
    }

    /// Replaces the text of field `id`.
    public mutating func setText(_ id: String, _ value: String) {
        guard let i = index(of: id), case .text(var t) = fields[i].kind else { return }
        t.set(value)
        fields[i].kind = .text(t)
    }

    /// Chooses option `index` of field `id` (clamped).
    public mutating func setChoice(_ id: String, _ index: Int) {
        guard let i = self.index(of: id), case .choice(let opts, _) = fields[i].kind else { return }
        fields[i].kind = .choice(options: opts, index: max(0, min(index, opts.count - 1)))
    }

    /// Copies values from `old` into fields with the same id and the same shape (choices
    /// only when their options are equal), keeping focus on the same id when present.
    public mutating func keepValues(from old: Form) {
        for i in fields.indices {
            guard let j = old.index(of: fields[i].id) else { continue }
            switch (fields[i].kind, old.fields[j].kind) {
            case (.text, .text), (.secret, .secret): fields[i].kind = old.fields[j].kind
            case (.choice(let a, _), .choice(let b, _)) where a == b: fields[i].kind = old.fields[j].kind
            default: break
            }
        }
        touched = old.touched
        submitted = old.submitted
        if let f = old.focusedField, let i = index(of: f.id) { focus = i; selected = old.selected } else { focusChanged() }
        if !fields.indices.contains(focus) || !isVisible(focus) { focus = visibleIndices.first ?? 0; focusChanged() }
    }

    mutating func moveFocus(_ delta: Int) {
        let vis = visibleIndices
        guard let pos = vis.firstIndex(of: focus) ?? vis.indices.first else { return }
        focus = vis[max(0, min(vis.count - 1, pos + delta))]
        focusChanged()
    }

    /// Handles a key. Text editing keys go to a focused text field first.
    public mutating func handle(_ key: Key) -> FormOutcome {
        refusal = nil
        guard fields.indices.contains(focus) else { return key == .enter ? .submit : .ignored }
        switch key {
        case .tab, .down: moveFocus(1); return .handled
        case .backTab, .up: moveFocus(-1); return .handled
        case .enter: submitted = true; return .submit
        default: break
        }
        switch fields[focus].kind {
        case .text(let t): return handleText(key, t)
        case .secret(let s): return handleSecret(key, s)
        case .choice(let opts, let idx): return handleChoice(key, opts, idx)
        }
    }

    /// Applies `key` to the focused text field, whose value is `t`: over a selected value,
    /// typing replaces it, erasing clears it and Right/End keep it; otherwise the field edits.
    private mutating func handleText(_ key: Key, _ t: TextField) -> FormOutcome {
        var t = t
        let id = fields[focus].id
        if selected {
            // The whole pre-filled value is selected.
            selected = false
            switch key {
            case .char(let c):
                var n = t
                n.set("")
                if n.insert(String(c)) { t = n } else { refusal = tooLong(fields[focus], t) }
                fields[focus].kind = .text(t)
                touched.insert(id)
                return .handled
            case .backspace, .delete, .ctrl("u"):
                t.set("")
                fields[focus].kind = .text(t)
                touched.insert(id)
                return .handled
            case .right, .end, .ctrl("e"):
                return .handled  // keep the value; the cursor is already at its end
            default: break  // Left, Home, Ctrl-A: edit from there
            }
        }
        if case .char(let c) = key {
            if !t.insert(String(c)) { refusal = tooLong(fields[focus], t) }
            fields[focus].kind = .text(t)
            touched.insert(id)
            return .handled
        }
        guard t.handle(key) else { return .ignored }
        fields[focus].kind = .text(t)
        touched.insert(id)
        return .handled
    }

    /// Applies `key` to the focused secret field, whose value is `s`: the same keys as a
    /// text field's, except that over a selected value every cursor key keeps it.
    private mutating func handleSecret(_ key: Key, _ s: SecretField) -> FormOutcome {
        var s = s
        let id = fields[focus].id
        if selected {
            // The whole value is selected (the same keys as a text field's).
            selected = false
            switch key {
            case .char(let c):
                var n = s
                _ = n.handle(.ctrl("u"))
                if let r = n.insert(String(c)) { refusal = secretRefusal(fields[focus], r) } else { s = n }
                fields[focus].kind = .secret(s)
                touched.insert(id)
                return .handled
            case .backspace, .delete, .ctrl("u"):
                _ = s.handle(.ctrl("u"))
                fields[focus].kind = .secret(s)
                touched.insert(id)
                return .handled
            case .right, .end, .ctrl("e"), .left, .home, .ctrl("a"):
                return .handled  // keep the value; typing adds at its end
            default: break
            }
        }
        if case .char(let c) = key {
            if let r = s.insert(String(c)) { refusal = secretRefusal(fields[focus], r) }
            fields[focus].kind = .secret(s)
            touched.insert(id)
            return .handled
        }
        guard s.handle(key) else { return .ignored }
        fields[focus].kind = .secret(s)
        touched.insert(id)
        return .handled
    }

    /// Applies `key` to the focused choice field (options `opts`, chosen `idx`): Left and
    /// Right move the choice (clamped), Space cycles it.
    private mutating func handleChoice(_ key: Key, _ opts: [String], _ idx: Int) -> FormOutcome {
        let id = fields[focus].id
        switch key {
        case .left: fields[focus].kind = .choice(options: opts, index: max(0, idx - 1))
        case .right, .char(" "): fields[focus].kind = .choice(options: opts, index: key == .char(" ") ? (idx + 1) % opts.count : min(opts.count - 1, idx + 1))
        default: return .ignored
        }
        touched.insert(id)
        return .handled
    }

    /// Inserts pasted text into the focused text or secret field.
    public mutating func paste(_ text: String) {
        refusal = nil
        guard fields.indices.contains(focus) else { return }
        switch fields[focus].kind {
        case .text(var t):
            var n = t
            if selected { n.set("") }  // a paste replaces a selected value, as typing does
            if n.insert(text) { t = n; selected = false } else { refusal = tooLong(fields[focus], t) }
            fields[focus].kind = .text(t)
        case .secret(var s):
            var n = s
            if selected { _ = n.handle(.ctrl("u")) }  // a paste replaces a selected value
            if let r = n.insert(text) { refusal = secretRefusal(fields[focus], r) } else { s = n; selected = false }
            fields[focus].kind = .secret(s)
        case .choice: return
        }
        touched.insert(fields[focus].id)
    }

    func tooLong(_ f: FormField, _ t: TextField) -> String {
        "\(f.nameInMessages): not typed, longer than \(t.maxLength) characters."
    }

    func secretRefusal(_ f: FormField, _ r: SecretField.Refusal) -> String {
        let name = f.nameInMessages
        switch r {
        case .controlCharacter:
            return "\(name): not taken: it holds a tab, line break or other control character (not allowed in a secret)."
        case .tooLong: return "\(name): not taken: a secret is at most 4096 characters."
        }
    }

    /// Draws the visible fields, one per row: label, input, and the field's error beside
    /// it (only once touched or submitted). Under the fields, wrapped to the rect's width:
    /// the focused field's full error or warning, then the full error or warning of every
    /// other shown field whose message did not fit beside it, then (when the focused field
    /// has no problem) its help. Scrolls so the focused field is visible.
    public func render(into buffer: inout ScreenBuffer, rect: Rect, labelWidth: Int = 24,
                       inputWidth: Int = 32, warning: (String) -> String? = { _ in nil }, error: (String) -> String?) {
        let vis = visibleIndices
        let rows = fieldRows(vis, rect: rect, warning: warning, error: error)
        let pos = vis.firstIndex(of: focus) ?? 0
        let first = max(0, pos - rows + 1)
        // Messages cut short beside their field (other than the focused one's): shown whole below.
        var cut: [(text: String, style: Style)] = []
        for (row, i) in vis.dropFirst(first).prefix(rows).enumerated() {
            if let c = renderRow(i, into: &buffer, rect: rect, y: rect.y + row, labelWidth: labelWidth,
                                 inputWidth: inputWidth, warning: warning, error: error) {
                cut.append(c)
            }
        }
        if vis.count > rows {
            let more = "(\(vis.count - min(vis.count, first + rows)) more below, \(first) above)"
            buffer.write(more, x: rect.x, y: rect.y + rows, style: .muted, maxWidth: rect.width)
        }
        if let f = focusedField {
            let y = min(rect.maxY - 1, rect.y + min(rows, vis.count) + (vis.count > rows ? 2 : 1))
            renderMessages(of: f, cut: cut, into: &buffer, rect: rect, y: y, warning: warning, error: error)
        }
    }

    /// How many field rows `render` shows of the visible fields `vis`: the rect's height
    /// less 4, fewer (down to 3) so the refusal and the focused field's whole message fit
    /// under the list, with one more line when other fields have messages.
    private func fieldRows(_ vis: [Int], rect: Rect, warning: (String) -> String?, error: (String) -> String?) -> Int {
        // The refusal and the focused field's message are always shown whole: fewer field
        // rows (the list scrolls) when they need the room.
        var focusLines = refusal.map { CharWidth.wrap($0, width: rect.width - 2).count } ?? 0
        if let f = focusedField, touched.contains(f.id) || submitted {
            let m = error(f.id).map { "✗ \(f.nameInMessages): \($0)" } ?? warning(f.id).map { "⚠ \(f.nameInMessages): \($0)" }
            focusLines += m.map { CharWidth.wrap($0, width: rect.width - 2).count } ?? 0
        }
        var rows = max(1, rect.height - 4)
        func room(_ r: Int) -> Int { rect.height - min(r, vis.count) - (vis.count > r ? 2 : 1) }
        // One more line when other fields have messages (for the "more messages" line).
        let others = vis.contains { i in
            i != focus && (touched.contains(fields[i].id) || submitted) && (error(fields[i].id) ?? warning(fields[i].id)) != nil
        }
        while focusLines > 0, rows > 3, room(rows) < focusLines + (others ? 1 : 0) { rows -= 1 }
        return rows
    }

    /// Draws field `i` on row `y`: its label, its input, and (once touched or submitted)
    /// its error or warning on one line beside it. Returns that message whole, labelled,
    /// when it was cut short beside a field other than the focused one.
    private func renderRow(_ i: Int, into buffer: inout ScreenBuffer, rect: Rect, y: Int, labelWidth: Int, inputWidth: Int,
                           warning: (String) -> String?, error: (String) -> String?) -> (text: String, style: Style)? {
        let f = fields[i]
        let focused = i == focus
        let labelStyle: Style = focused ? Style(bold: true, color: .accent) : .plain
        buffer.write((focused ? "▸ " : "  ") + CharWidth.pad(f.label, to: labelWidth - 2), x: rect.x, y: y,
                     style: labelStyle, maxWidth: labelWidth - 1)
        let end = renderInput(f, into: &buffer, rect: rect, x: rect.x + labelWidth, y: y, width: inputWidth, focused: focused)
        let shown = touched.contains(f.id) || submitted
        let room = max(0, rect.maxX - end - 1)
        let label = f.nameInMessages
        if shown, let e = error(f.id) {
            buffer.write(WizardWording.oneLine("✗ " + e, width: room), x: end + 1, y: y, style: .error, maxWidth: room)
            if !focused && CharWidth.of("✗ " + e) > room { return ("✗ \(label): \(e)", .error) }
        } else if shown, let w = warning(f.id) {
            buffer.write(WizardWording.oneLine("⚠ " + w, width: room), x: end + 1, y: y, style: .warning, maxWidth: room)
            if !focused && CharWidth.of("⚠ " + w) > room { return ("⚠ \(label): \(w)", .warning) }
        }
        return nil
    }

    /// Draws field `f`'s input at `x`, `y`: a text or secret box `width` wide, or a
    /// choice's options side by side (clipped to `rect`). Returns the column after it.
    private func renderInput(_ f: FormField, into buffer: inout ScreenBuffer, rect: Rect, x ix: Int, y: Int, width inputWidth: Int,
                             focused: Bool) -> Int {
        switch f.kind {
        case .text(let t):
            // Reverse video only for a selected value (typing replaces it).
            t.render(into: &buffer, x: ix, y: y, width: inputWidth, focused: focused, selected: focused && selected)
            return ix + inputWidth
        case .secret(let s):
            s.render(into: &buffer, x: ix, y: y, width: inputWidth, focused: focused, selected: focused && selected)
            return ix + inputWidth
        case .choice(let opts, let idx):
            var x = ix
            for (k, o) in opts.enumerated() {
                let mark = k == idx ? "(•) " : "( ) "
                let style: Style = k == idx ? (focused ? .focus : .bold) : .plain
                x = buffer.write(mark + o, x: x, y: y, style: style, clip: rect)
                x += 2
            }
            return x - 2
        }
    }

    /// Draws, from row `y` to the rect's bottom, the whole messages of the focused field
    /// `f`: the refusal of the last key, then its own error or warning, then those in `cut`
    /// (or as many as fit and a line saying how many are left), then (when `f` has no
    /// problem, or nothing else is shown) its help.
    private func renderMessages(of f: FormField, cut: [(text: String, style: Style)], into buffer: inout ScreenBuffer,
                                rect: Rect, y: Int, warning: (String) -> String?, error: (String) -> String?) {
        // Wrapped 2 narrower than the rect: continuation lines are indented by 2.
        func wrapped(_ text: String, _ style: Style) -> [(String, Style)] {
            CharWidth.wrap(text, width: rect.width - 2).enumerated().map { ($0.offset == 0 ? $0.element : "  " + $0.element, style) }
        }
        // Whole messages only: each is wrapped in full or left out, never cut. The
        // refusal of the last key first, then the focused field's, then those cut
        // beside their field; when they do not all fit, a last line says how many
        // are left and how to read them (Tab to the field: its message comes first).
        var groups: [[(String, Style)]] = []
        if let r = refusal { groups.append(wrapped(r, .warning)) }
        let shown = touched.contains(f.id) || submitted
        let label = f.nameInMessages
        if shown, let e = error(f.id) {
            groups.append(wrapped("✗ \(label): \(e)", .error))
        } else if shown, let w = warning(f.id) {
            groups.append(wrapped("⚠ \(label): \(w)", .warning))
        }
        for c in cut { groups.append(wrapped(c.text, c.style)) }
        let room = max(1, rect.maxY - y)
        var lines: [(String, Style)] = []
        if groups.map(\.count).reduce(0, +) <= room {
            lines = groups.flatMap { $0 }
        } else {
            var left = 0
            for g in groups {
                if left == 0 && lines.count + g.count <= room - 1 { lines += g } else { left += 1 }
            }
            lines.append(("(\(left) more message\(left == 1 ? "" : "s"): Tab to a field marked ✗ or ⚠ to read its own)", .muted))
        }
        let helpLines = CharWidth.wrap(f.help, width: rect.width).map { ($0, Style.muted) }
        if lines.isEmpty {
            lines = helpLines
        } else if !(shown && (error(f.id) != nil || warning(f.id) != nil)), lines.count + 1 + helpLines.count <= room {
            lines += [("", .plain)] + helpLines
        }
        for (k, l) in lines.prefix(room).enumerated() {
            buffer.write(l.0, x: rect.x, y: y + k, style: l.1, maxWidth: rect.width)
        }
    }

    /// Ids of visible fields for which `error` reports a problem.
    public func invalidFields(_ error: (String) -> String?) -> [String] {
        visibleIndices.map { fields[$0].id }.filter { error($0) != nil }
    }

    /// Focuses the first field with an error.
    public mutating func focusFirstError(_ error: (String) -> String?) {
        if let id = invalidFields(error).first, let i = index(of: id) { focus = i; focusChanged() }
    }
}

/// A vertical list with one selected item, moved with Up/Down/Home/End/PageUp/PageDown.
public struct Menu: Sendable, Hashable {
    /// The items' text, top to bottom.
    public var items: [String]
    /// Index of the selected item (0 when empty).
    public private(set) var selected: Int

    /// A menu with `selected` clamped to the items.
    public init(items: [String], selected: Int = 0) {
        self.items = items
        self.selected = items.isEmpty ? 0 : min(max(0, selected), items.count - 1)
    }

    /// Selects `index`, clamped to the items.
    public mutating func select(_ index: Int) {
        selected = items.isEmpty ? 0 : min(max(0, index), items.count - 1)
    }

    /// Handles a navigation key; returns `true` when used.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .up: select(selected - 1); return true
        case .down: select(selected + 1); return true
        case .home: select(0); return true
        case .end: select(items.count - 1); return true
        case .pageUp: select(selected - 10); return true
        case .pageDown: select(selected + 10); return true
        default: return false
        }
    }

    /// Draws the items in `rect`, one per row, the selected one reverse video with `▸`;
    /// scrolls so the selection is visible.
    public func render(into buffer: inout ScreenBuffer, rect: Rect, focused: Bool = true) {
        guard rect.height > 0 else { return }
        let first = max(0, selected - rect.height + 1)
        for (row, i) in (first..<min(items.count, first + rect.height)).enumerated() {
            let isSel = i == selected
            let marker = isSel ? "▸ " : "  "
            let style: Style = isSel ? (focused ? .focus : .bold) : .plain
            buffer.write(marker + CharWidth.pad(items[i], to: rect.width - 2), x: rect.x, y: rect.y + row,
                         style: style, maxWidth: rect.width)
        }
    }
}

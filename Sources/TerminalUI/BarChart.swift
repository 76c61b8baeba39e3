/// A horizontal bar chart: one row per bar, `label │████████░░░ value`. The solid part is
/// the value; a lighter tail (`░`) reaches the high end of the range when one is given.
/// Bars are scaled to the largest high end.
public struct BarChart: Sendable, Hashable {
    /// One bar: a label, a value and optionally the high end of its range.
    public struct Bar: Sendable, Hashable {
        /// Text left of the bar (cut at 24 cells).
        public var label: String
        /// The bar's value, in the caller's unit (the wizard: USD per month).
        public var value: Double
        /// High end of the range, same unit; drawn as a lighter tail.
        public var high: Double?
        /// Text printed after the bar, e.g. `$68/mo ($45–$90)`.
        public var caption: String
        /// Drawn bold (the chosen target).
        public var highlighted: Bool

        /// A bar; see the properties.
        public init(label: String, value: Double, high: Double? = nil, caption: String, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.high = high
            self.caption = caption
            self.highlighted = highlighted
        }
    }

    /// Bars, top to bottom.
    public var bars: [Bar]

    /// A chart of `bars`.
    public init(bars: [Bar]) { self.bars = bars }

    /// Draws one bar per row in `rect`.
    public func render(into buffer: inout ScreenBuffer, rect: Rect) {
        let labelW = min(24, bars.map { CharWidth.of($0.label) }.max() ?? 0)
        let captionW = bars.map { CharWidth.of($0.caption) }.max() ?? 0
        let barW = max(4, rect.width - labelW - captionW - 4)
        let top = bars.map { max($0.value, $0.high ?? 0) }.max() ?? 0
        for (i, bar) in bars.enumerated() where i < rect.height {
            let y = rect.y + i
            let style: Style = bar.highlighted ? .bold : .plain
            buffer.write(CharWidth.pad(bar.label, to: labelW) + " │", x: rect.x, y: y, style: style, maxWidth: rect.width)
            let solid = top > 0 ? Int((bar.value / top * Double(barW)).rounded()) : 0
            let tail = top > 0 ? Int(((bar.high ?? bar.value) / top * Double(barW)).rounded()) - solid : 0
            var x = rect.x + labelW + 2
            x = buffer.write(String(repeating: "█", count: max(0, solid)), x: x, y: y,
                             style: Style(color: .bar), maxWidth: rect.maxX - x)
            x = buffer.write(String(repeating: "░", count: max(0, tail)), x: x, y: y,
                             style: .muted, maxWidth: rect.maxX - x)
            buffer.write(" " + bar.caption, x: x, y: y, style: style, maxWidth: rect.maxX - x)
        }
    }
}

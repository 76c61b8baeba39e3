/// A semantic colour. The backend maps roles to colour pairs, or to nothing when colours
/// are unavailable or `NO_COLOR` is set; screens must therefore never rely on colour alone
/// (every highlight also carries bold, reverse or a marker character).
public enum ColorRole: Int, Sendable, Hashable, CaseIterable {
    /// Titles, the recommended target, focused field labels.
    case accent = 1
    /// Validation errors, failures.
    case error
    /// Success, "create" actions.
    case success
    /// Warnings, "update" actions.
    case warning
    /// Secondary text: help lines, hints.
    case muted
    /// Bars of the bar chart.
    case bar
}

/// Display attributes of a cell.
public struct Style: Sendable, Hashable {
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool
    /// Foreground colour role; `nil` is the terminal's default colour.
    public var color: ColorRole?

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false,
                dim: Bool = false, color: ColorRole? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.color = color
    }

    /// No attributes, default colour.
    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let title = Style(bold: true, color: .accent)
    public static let error = Style(bold: true, color: .error)
    public static let muted = Style(dim: true, color: .muted)
    public static let success = Style(color: .success)
    public static let warning = Style(bold: true, color: .warning)
    /// A focused input or selected row: reverse video, visible in monochrome.
    public static let focus = Style(reverse: true)

    /// A copy with `color` set.
    public func with(color: ColorRole?) -> Style { var s = self; s.color = color; return s }
    /// A copy with reverse video switched on.
    public var reversed: Style { var s = self; s.reverse = true; return s }
    /// A copy with bold switched on.
    public var bolded: Style { var s = self; s.bold = true; return s }
}

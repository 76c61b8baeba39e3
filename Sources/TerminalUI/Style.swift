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
    /// Bold (A_BOLD).
    public var bold: Bool
    /// Reverse video (A_REVERSE); visible without colours.
    public var reverse: Bool
    /// Underlined (A_UNDERLINE).
    public var underline: Bool
    /// Dim (A_DIM); only used when colours are on.
    public var dim: Bool
    /// Foreground colour role; `nil` is the terminal's default colour.
    public var color: ColorRole?

    /// A style; plain by default.
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
    /// Bold, default colour.
    public static let bold = Style(bold: true)
    /// Reverse video (bars).
    public static let reverse = Style(reverse: true)
    /// Screen titles.
    public static let title = Style(bold: true, color: .accent)
    /// Validation errors.
    public static let error = Style(bold: true, color: .error)
    /// Help lines and hints.
    public static let muted = Style(dim: true, color: .muted)
    /// Success, `create`.
    public static let success = Style(color: .success)
    /// Warnings, `update`.
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

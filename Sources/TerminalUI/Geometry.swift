/// A terminal size in character cells.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    /// Columns (cells per row).
    public var width: Int
    /// Rows.
    public var height: Int

    /// A size; negative values become 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// `COLSxROWS`, e.g. `80x24`.
    public var description: String { "\(width)x\(height)" }
}

/// A rectangle of cells: origin (`x` column, `y` row, both from 0 at the top left) and size.
public struct Rect: Sendable, Hashable {
    /// Left column, 0-based.
    public var x: Int
    /// Top row, 0-based.
    public var y: Int
    /// Columns, >= 0.
    public var width: Int
    /// Rows, >= 0.
    public var height: Int

    /// A rectangle; a negative width or height becomes 0.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Last column + 1.
    public var maxX: Int { x + width }
    /// Last row + 1.
    public var maxY: Int { y + height }

    /// The rectangle shrunk by `dx` columns on both sides and `dy` rows top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// The first `rows` rows of this rectangle (clamped).
    public func top(_ rows: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(rows, height)) }

    /// This rectangle without its first `rows` rows.
    public func dropTop(_ rows: Int) -> Rect {
        let r = min(rows, height)
        return Rect(x: x, y: y + r, width: width, height: height - r)
    }

    /// A `width` x `height` rectangle centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let w2 = min(w, width), h2 = min(h, height)
        return Rect(x: x + (width - w2) / 2, y: y + (height - h2) / 2, width: w2, height: h2)
    }
}

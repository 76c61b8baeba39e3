#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Naming and pruning of `<name>.bak.<UTC timestamp>` backup copies.
public enum Backups {
    /// How many backups per file are kept by default (the newest).
    public static let defaultKeep = 5

    /// `20261129T101500Z` for `date`: the UTC second (rounded down), ISO 8601's basic
    /// format. (FoundationEssentials' ISO 8601 style: no calendar or time-zone data to load.)
    public static func timestamp(_ date: Date) -> String {
        date.formatted(stampStyle)
    }

    private static let stampStyle = Date.ISO8601FormatStyle(
        dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt)

    /// The sort key of a backup name of `file` (`file.bak.<ts>` or `file.bak.<ts>-<n>`),
    /// or nil when `name` is not one.
    static func key(of name: String, for file: String) -> (String, Int)? {
        let prefix = file + ".bak."
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        let parts = rest.split(separator: "-", maxSplits: 1)
        let ts = String(parts[0])
        guard ts.count == 16, ts.hasSuffix("Z"), ts.dropFirst(8).first == "T",
              ts.filter({ $0.isNumber }).count == 14 else { return nil }
        var n = 0
        if parts.count == 2 {
            guard let v = Int(parts[1]) else { return nil }
            n = v
        }
        return (ts, n)
    }

    /// The existing backups of `file` among `names`, oldest first.
    static func backups(of file: String, among names: [String]) -> [String] {
        names.compactMap { n in key(of: n, for: file).map { (n, $0) } }
            .sorted { a, b in a.1.0 != b.1.0 ? a.1.0 < b.1.0 : a.1.1 < b.1.1 }
            .map(\.0)
    }

    /// A backup name for `file` at `stamp` that is not in `taken`.
    static func freshName(for file: String, stamp: String, taken: Set<String>) -> String {
        var name = "\(file).bak.\(stamp)"
        var n = 1
        while taken.contains(name) {
            name = "\(file).bak.\(stamp)-\(n)"
            n += 1
        }
        return name
    }
}

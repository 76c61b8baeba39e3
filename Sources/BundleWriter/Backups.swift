import Foundation

/// Naming and pruning of `<name>.bak.<UTC timestamp>` backup copies.
public enum Backups {
    /// How many backups per file are kept by default (the newest).
    public static let defaultKeep = 5

    /// `20261129T101500Z` for `date` (UTC, seconds).
    ///
    /// Plain arithmetic on the seconds since 1970 (UTC has no offset to look up) for dates
    /// from 1600 to 9999; a `Calendar` (which loads calendar and time-zone data, a
    /// noticeable part of `apply`'s run time) only outside that range.
    public static func timestamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        // 1600-01-01 ... 9999-12-31 UTC
        if t >= -11_676_096_000, t < 253_402_300_800 {
            let seconds = Int(t.rounded(.down))
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let secondOfDay = seconds - days * 86_400
            let (y, m, d) = civilDate(daysSince1970: days)
            return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(secondOfDay / 3600, 2)
                + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2) + "Z"
        }
        return calendarTimestamp(date)
    }

    /// Year, month (1-12) and day (1-31) of the proleptic Gregorian calendar for a day count
    /// from 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }

    /// `timestamp` through Foundation's Gregorian `Calendar` in UTC.
    static func calendarTimestamp(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func p(_ v: Int?, _ w: Int) -> String {
            let s = String(v ?? 0)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(p(c.year, 4))\(p(c.month, 2))\(p(c.day, 2))T\(p(c.hour, 2))\(p(c.minute, 2))\(p(c.second, 2))Z"
    }

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

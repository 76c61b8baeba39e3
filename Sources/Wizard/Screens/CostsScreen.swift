import DeployKit
import TerminalUI

/// Step 5: itemised monthly costs side by side, totals, ranges and a bar chart; Left/Right
/// change the users figure and everything recomputes. Also used alone by `costs` on a terminal.
public enum CostsScreen {
    static let help = """
    Monthly costs of every option at the users figure shown, itemised, with totals and the \
    range each can reach. Left/Right try a smaller or larger users figure (your answer is not \
    changed; r goes back to it). Prices are data with their source and date (pricing.yaml).
    """

    /// The users figures Left/Right step through.
    public static let ladder = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000]

    /// The next users figure below (`direction` -1) or above (+1) `users` on the ladder.
    public static func step(_ users: Int, _ direction: Int) -> Int {
        direction < 0 ? (ladder.last { $0 < users } ?? users) : (ladder.first { $0 > users } ?? users)
    }

    static func enter(_ s: inout WizardState) {
        s.costUsers = NeedsScreen.needs(s.needs)?.users ?? 500
        s.costScroll = 0
    }

    /// The item rows (name and one cell per option, quantities shown) for `cmp`.
    static func itemRows(_ cmp: CostComparison, nameWidth: Int = 30) -> [[String]] {
        var names: [String] = []
        for o in cmp.options { for i in o.items where !names.contains(i.name) { names.append(i.name) } }
        return names.map { name in
            let items = cmp.options.map { o in o.items.first { $0.name == name } }
            let qtys = Set(items.compactMap { $0.map { quantityLabel($0.quantity) } })
            var label = name
            if qtys.count == 1, let q = qtys.first, !q.isEmpty {
                label = CharWidth.truncate(name, to: max(8, nameWidth - q.count - 1)) + " " + q
            }
            return [label] + items.map { item in
                guard let item else { return "—" }
                let q = quantityLabel(item.quantity)
                return qtys.count > 1 && !q.isEmpty ? "\(q) \(usd(item.monthlyUSD))" : usd(item.monthlyUSD)
            }
        }
    }

    /// The sizing of an item, short: `x4` for `size x4`, `2 of x8` for `2 x size x8`,
    /// `x10` for a count of 10; nothing for the base size or a count of 1 (as `costs`
    /// prints in its Qty column).
    static func quantityLabel(_ q: String) -> String {
        if q == "base size" || q == "1" || q.isEmpty { return "" }
        if q.hasPrefix("size ") { return String(q.dropFirst(5)) }
        if let r = q.range(of: " x size ") { return "\(q[..<r.lowerBound]) of \(q[r.upperBound...])" }
        if Int(q) != nil { return "x" + q }
        return q
    }

    /// Item rows that fit a cost view of `height` rows (header, rule, the "more" line,
    /// Total, Range and the chart are kept), and how many items there are.
    static func itemRoom(_ cmp: CostComparison, height: Int) -> (items: Int, room: Int) {
        let items = itemRows(cmp).count
        let tableRoom = height - 2 - cmp.options.count - 1
        if items + 2 + 2 <= tableRoom { return (items, items) }
        return (items, max(1, tableRoom - 2 - 3))
    }

    /// `scroll` kept within the items that can scroll into view.
    static func clampScroll(_ scroll: Int, needs: Needs, environment: DeployEnvironment, users: Int, height: Int) -> Int {
        var n = needs
        n.users = users
        let (items, room) = itemRoom(CostModel.compare(needs: n, environment: environment), height: height)
        return max(0, min(scroll, items - room))
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        switch key {
        case .left: s.costUsers = step(s.costUsers, -1)
        case .right: s.costUsers = step(s.costUsers, 1)
        case .up: s.costScroll = max(0, s.costScroll - 1)
        case .down:
            if let needs = NeedsScreen.needs(s.needs) {
                s.costScroll = clampScroll(s.costScroll + 1, needs: needs, environment: s.environment, users: s.costUsers,
                                           height: s.size.height - 4)
            }
        case .char("r"): enter(&s)
        case .enter:
            DetailsScreen.enter(&s)
            Wizard.push(&s, .details)
        default: break
        }
        return []
    }

    /// Short column names for the options.
    public static func shortName(_ o: CostOption) -> String {
        switch o {
        case .selfhosted: return "Self-hosted"
        case .digitalocean: return "DO hybrid"
        case .digitaloceanAppPlatform: return "DO App Pl."
        case .aws: return "AWS"
        }
    }

    /// Whole US dollars with thousands separators, e.g. `$1,234`.
    public static func usd(_ v: Double) -> String {
        let n = Int(v.rounded())
        var digits = String(abs(n)), out = ""
        while digits.count > 3 { out = "," + digits.suffix(3) + out; digits = String(digits.dropLast(3)) }
        return (n < 0 ? "-$" : "$") + digits + out
    }

    static func option(for t: Target) -> CostOption {
        switch t {
        case .selfhosted: return .selfhosted
        case .digitalocean: return .digitalocean
        case .aws: return .aws
        }
    }

    /// Renders the cost view for `needs` at `users` into `rect`; `chosen` is drawn bold.
    /// `answeredUsers` is the operator's figure (the heading says "your answer");
    /// `referenceUsers` the seed's reference sizing when nothing was answered.
    public static func renderCosts(needs: Needs, environment: DeployEnvironment, users: Int, answeredUsers: Int?,
                                   referenceUsers: Int? = nil,
                                   chosen: Target?, scroll: Int = 0, into b: inout ScreenBuffer, rect: Rect) {
        var n = needs
        n.users = users
        let cmp = CostModel.compare(needs: n, environment: environment)
        var y = rect.y
        var head = "Monthly cost at \(users) users"
        if let a = answeredUsers { head += a == users ? " (your answer)" : " (your answer: \(a); r resets)" }
        if let r = referenceUsers { head += r == users ? " (the seed's reference sizing)" : " (reference: \(r); r resets)" }
        b.write(head, x: rect.x, y: y, style: .title, maxWidth: rect.width)
        b.write("←/→ users", x: rect.maxX - 9, y: y, style: .muted)
        y += 2
        guard !cmp.options.isEmpty else {
            b.write("No cost data available (pricing.yaml is empty).", x: rect.x, y: y, style: .warning)
            return
        }
        // The name column gets what the option columns (about 11 cells each) leave.
        let items = itemRows(cmp, nameWidth: max(30, rect.width - 2 - 11 * cmp.options.count))
        var rows = items
        rows.append(["Total"] + cmp.options.map { usd($0.monthlyUSD) })
        rows.append(["Range"] + cmp.options.map { "\(usd($0.lowUSD))–\(usd($0.highUSD))" })
        let chart = BarChart(bars: cmp.options.map { o in
            .init(label: shortName(o.option), value: o.monthlyUSD, high: o.highUSD,
                  caption: "\(usd(o.monthlyUSD)) (\(usd(o.lowUSD))–\(usd(o.highUSD)))",
                  highlighted: chosen.map(option(for:)) == o.option)
        })
        let tableRoom = rect.maxY - y - chart.bars.count - 1
        let (count, room) = itemRoom(cmp, height: rect.height)
        if room < count {
            // Too many items for the window: the totals stay, the items scroll (Up/Down).
            let first = max(0, min(scroll, count - room))
            let below = count - first - room
            let more = "↑↓ \(first) above, \(below) below (\(count) items)"
            rows = Array(items[first..<(first + room)]) + [[more] + cmp.options.map { _ in "" }] + rows.suffix(2)
        }
        let table = Table(headers: ["Monthly, USD"] + cmp.options.map { shortName($0.option) }, rows: rows,
                          alignments: [.left] + cmp.options.map { _ in .right },
                          emphasised: [rows.count - 2, rows.count - 1])
        table.render(into: &b, rect: Rect(x: rect.x, y: y, width: rect.width, height: min(table.height, tableRoom)))
        y += min(table.height, tableRoom) + 1
        chart.render(into: &b, rect: Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y))
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        guard let needs = NeedsScreen.needs(s.needs) else { return }
        renderCosts(needs: needs, environment: s.environment, users: s.costUsers, answeredUsers: needs.users,
                    chosen: s.chosenTarget, scroll: s.costScroll, into: &b, rect: rect)
    }
}

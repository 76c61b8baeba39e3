import Foundation

/// Renders a `CostComparison` for the `costs` command (and for the wizard's cost screen).
/// Pure: strings in, strings out.
public enum CostReport {
    /// A short label for an option, for tables, e.g. `DO App Platform`.
    public static func shortName(_ option: CostOption) -> String {
        switch option {
        case .selfhosted: return "Self-hosted VM"
        case .digitalocean: return "DigitalOcean hybrid"
        case .digitaloceanAppPlatform: return "DO App Platform"
        case .aws: return "AWS ECS + managed"
        }
    }

    /// The table's heading: `Monthly cost in USD, production, 1,000 users, steady
    /// traffic`; for dev, what its figures are (each option's smallest cloud deployment for
    /// one user) and that dev on a laptop costs nothing, as the assumptions say (a second
    /// line).
    public static func heading(_ c: CostComparison) -> String {
        let users = "\(Recommender.grouped(c.users)) user\(c.users == 1 ? "" : "s")"
        if c.environment == .dev {
            return "Monthly cost in USD, dev (\(users), single instances, \(c.traffic.rawValue) traffic)\n"
                + "Dev on a laptop (docker compose) costs nothing; these figures are each option's smallest cloud deployment, for a dev environment run there."
        }
        return "Monthly cost in USD, \(c.environment.rawValue), \(users), \(c.traffic.rawValue) traffic"
    }

    /// The plain-text comparison: a side-by-side summary (computed total, the seed's total,
    /// low-high range, and within/over `budgetUSD` when given), then every option's line
    /// items with quantity, USD per month, the seed's figure where it differs, and a
    /// numbered source; then the sources and the assumptions. Amounts in USD per month.
    public static func table(_ c: CostComparison, budgetUSD: Int? = nil) -> String {
        var out: [String] = []
        out.append(heading(c))
        out.append("")
        var header = [pad("Option", 22), lpad("Computed", 10), lpad("Seed", 9), lpad("Range (low-high)", 20), "  " + pad("Seed's range", 14)]
        if let b = budgetUSD { header.append("  Budget $\(b)") }
        out.append(header.joined().trimmingTrailing())
        out.append(String(repeating: "-", count: budgetUSD == nil ? 75 : 90))
        for o in c.options {
            var row = [pad(shortName(o.option), 22), lpad(money(o.monthlyUSD), 10), lpad(money(o.seedTotalUSD), 9),
                       lpad("\(money(o.lowUSD))-\(money(o.highUSD))", 20), "  " + pad(o.seedRange ?? "-", 14)]
            if let b = budgetUSD { row.append("  " + (o.monthlyUSD <= Double(b) ? "within" : "over")) }
            out.append(row.joined().trimmingTrailing())
        }

        var sources: [String] = []
        func note(_ s: String) -> Int {
            if let i = sources.firstIndex(of: s) { return i + 1 }
            sources.append(s)
            return sources.count
        }
        let nameWidth = max(10, c.options.flatMap(\.items).map(\.name.count).max() ?? 0) + 2
        let qtyWidth = max(5, c.options.flatMap(\.items).map(\.quantity.count).max() ?? 0) + 2
        var anyDiffers = false
        var anyOmitted = false
        for o in c.options {
            out.append("")
            out.append("\(o.name)")
            out.append(("  " + pad("Line item", nameWidth) + pad("Qty", qtyWidth) + lpad("USD/mo", 9) + lpad("Seed", 10)
                        + "  Src").trimmingTrailing())
            for item in o.items {
                let differs = item.inSeed && item.seedUSD != nil && item.seedUSD != item.monthlyUSD
                anyDiffers = anyDiffers || differs
                anyOmitted = anyOmitted || !item.inSeed
                let seed = item.inSeed ? money(item.seedUSD ?? item.monthlyUSD) + (differs ? "*" : " ") : "- " 
                out.append(("  " + pad(item.name, nameWidth) + pad(item.quantity, qtyWidth) + lpad(money(item.monthlyUSD), 9)
                            + lpad(seed, 11) + " [\(note(item.source))]").trimmingTrailing())
            }
            // `*` only when a public price differs from the seed's; a line the seed leaves
            // out is marked `-` on its own row.
            let totalDiffers = o.items.contains { $0.inSeed && $0.seedUSD != nil && $0.seedUSD != $0.monthlyUSD }
            out.append("  " + pad("Total", nameWidth + qtyWidth) + lpad(money(o.monthlyUSD), 9)
                       + lpad(money(o.seedTotalUSD) + (totalDiffers ? "*" : " "), 11)
                       + " range \(money(o.lowUSD))-\(money(o.highUSD))")
        }
        out.append("")
        out.append("USD/mo is computed from the unit prices in assets/pricing.yaml; Seed is the same sizing at the seed document's own figures.")
        if anyDiffers {
            out.append("* The seed's figure differs from the public price; both are shown, the computed one is used.")
        }
        if anyOmitted {
            out.append("- The seed's estimate has no such line (it leaves out the worker the bundle deploys): counted in USD/mo, not in Seed.")
        }
        out.append("")
        out.append("Sources:")
        for (i, s) in sources.enumerated() { out.append(" [\(i + 1)] \(s)") }
        out.append("")
        out.append("Assumptions:")
        for a in c.assumptions { out.append(" - \(a)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// JSON object, keys sorted:
    /// `{"targets":[{"target","monthly_usd","low_usd","high_usd","items":[{"name","monthly_usd","source","seed_usd"?}]}]}`;
    /// `target` is a `CostOption` raw value, amounts USD per month; `seed_usd` only on items
    /// whose seed figure differs from the computed one (`0` on a line the seed's estimate
    /// leaves out, such as the App Platform and ECS worker).
    public static func json(_ c: CostComparison) -> String {
        struct Item: Encodable {
            var name: String
            var monthly_usd: Double
            var source: String
            var seed_usd: Double?
        }
        struct Option: Encodable {
            var target: String
            var monthly_usd: Double
            var low_usd: Double
            var high_usd: Double
            var items: [Item]
        }
        struct Root: Encodable { var targets: [Option] }
        let root = Root(targets: c.options.map { o in
            Option(target: o.option.rawValue, monthly_usd: o.monthlyUSD, low_usd: o.lowUSD, high_usd: o.highUSD,
                   items: o.items.map { Item(name: $0.name, monthly_usd: $0.monthlyUSD, source: $0.source, seed_usd: $0.seedUSD) })
        })
        return encodeSorted(root)
    }

    /// `12.5` as `12.50`.
    static func money(_ v: Double) -> String { String(format: "%.2f", v) }
}

/// Renders a `Recommendation` for the `recommend` command. Pure.
public enum RecommendationReport {
    /// Plain text: the pick, the ranking with every reason (points, criterion, answer), the
    /// conflicts with their alternatives, the deciding criteria and the tier rule.
    public static func text(_ r: Recommendation, needs: Needs, matrix: DecisionMatrix = .embedded) -> String {
        var out: [String] = []
        out.append("Answers: \(Recommender.grouped(needs.users)) users, budget $\(needs.budgetUSDPerMonth)/month, compliance \(needs.compliance.rawValue), traffic \(needs.traffic.rawValue), multi-region \(needs.multiRegion ? "yes" : "no")")
        out.append("")
        out.append("Recommended: \(r.recommended.displayName) (target: \(r.recommended.rawValue))")
        out.append("")
        for (i, ranked) in r.ranking.enumerated() {
            out.append("\(i + 1). \(ranked.target.displayName)  score \(ranked.score)  about $\(Recommender.usd(ranked.monthlyUSD))/month")
            for reason in ranked.reasons {
                let pts = reason.points > 0 ? "+\(reason.points)" : "\(reason.points)"
                out.append("   \(lpad(pts, 3))  \(reason.criterion) [\(reason.answer)]: \(reason.text)")
            }
        }
        if !r.conflicts.isEmpty {
            out.append("")
            out.append("Conflicts:")
            for c in r.conflicts {
                out.append(" ! \(c.text)")
                for a in c.alternatives { out.append("     - \(a)") }
            }
        }
        out.append("")
        if !r.decidingCriteria.isEmpty {
            out.append("Decided by these rows of the seed's decision matrix:")
            let rows = r.decidingCriteria.compactMap { matrix.row($0) }
            let first = max(matrix.criteriaHeader.count, rows.map(\.criterion.count).max() ?? 0) + 2
            let widths = matrix.columns.map { col in
                max(col.header.count, rows.map { $0.cell(for: col.target).count }.max() ?? 0) + 2
            }
            out.append(("  " + pad(matrix.criteriaHeader, first)
                        + zip(matrix.columns, widths).map { pad($0.header, $1) }.joined()).trimmingTrailing())
            for row in rows {
                out.append(("  " + pad(row.criterion, first)
                            + zip(matrix.columns, widths).map { pad(row.cell(for: $0.target), $1) }.joined()).trimmingTrailing())
            }
        }
        out.append("Ties: \(matrix.tieBreak)")
        out.append("Costs: production at these users and traffic; see `freshtrack-deploy costs`.")
        return out.joined(separator: "\n") + "\n"
    }

    /// JSON object, keys sorted:
    /// `{"recommended": "...", "ranking": [{"target","score","reasons":[{"criterion","answer","points","text"}]}],
    /// "conflicts": [{"id","text","alternatives":[...]}]}`; ranking best first.
    public static func json(_ r: Recommendation) -> String {
        struct ReasonJSON: Encodable { var criterion: String; var answer: String; var points: Int; var text: String }
        struct Ranked: Encodable { var target: String; var score: Int; var reasons: [ReasonJSON] }
        struct ConflictJSON: Encodable { var id: String; var text: String; var alternatives: [String] }
        struct Root: Encodable { var recommended: String; var ranking: [Ranked]; var conflicts: [ConflictJSON] }
        let root = Root(
            recommended: r.recommended.rawValue,
            ranking: r.ranking.map { t in
                Ranked(target: t.target.rawValue, score: t.score, reasons: t.reasons.map {
                    ReasonJSON(criterion: $0.criterion, answer: $0.answer, points: $0.points, text: $0.text)
                })
            },
            conflicts: r.conflicts.map { ConflictJSON(id: $0.id, text: $0.text, alternatives: $0.alternatives) })
        return encodeSorted(root)
    }
}

/// Pretty JSON with sorted keys and a trailing newline.
func encodeSorted<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and numbers cannot fail.
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
}

/// Left-aligns `s` in `width` columns (never truncates: a longer text pushes the row).
private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}

private func lpad(_ s: String, _ width: Int) -> String {
    s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
}

extension String {
    fileprivate func trimmingTrailing() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

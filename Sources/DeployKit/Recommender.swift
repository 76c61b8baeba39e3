import Foundation

/// Why a target gained or lost score: names the criterion and the operator's answer.
public struct Reason: Sendable, Hashable {
    /// Decision-matrix criterion, e.g. `Compliance (BAA)`.
    public var criterion: String
    /// The operator's answer that triggered it, e.g. `hipaa`.
    public var answer: String
    /// Points added (positive) or removed (negative).
    public var points: Int
    /// One sentence, e.g. `HIPAA: AWS offers signed BAAs`.
    public var text: String

    public init(criterion: String, answer: String, points: Int, text: String) {
        self.criterion = criterion
        self.answer = answer
        self.points = points
        self.text = text
    }
}

/// One target's place in the ranking.
public struct RankedTarget: Sendable, Hashable {
    public var target: Target
    /// Sum of the reasons' points.
    public var score: Int
    public var reasons: [Reason]
    /// The target's monthly cost at the answers' sizing (CostModel, production), USD per
    /// month; the first tie-breaker.
    public var monthlyUSD: Double

    public init(target: Target, score: Int, reasons: [Reason]) {
        self.init(target: target, score: score, reasons: reasons, monthlyUSD: 0)
    }

    public init(target: Target, score: Int, reasons: [Reason], monthlyUSD: Double) {
        self.target = target
        self.score = score
        self.reasons = reasons
        self.monthlyUSD = monthlyUSD
    }
}

/// A conflict between the operator's answers, with the seed's alternatives.
public struct Conflict: Sendable, Hashable {
    public var text: String
    public var alternatives: [String]
    /// Stable identifier from `assets/decision-matrix.yaml`, e.g. `compliance-budget`.
    public var id: String

    public init(text: String, alternatives: [String]) {
        self.init(id: "", text: text, alternatives: alternatives)
    }

    public init(id: String, text: String, alternatives: [String]) {
        self.id = id
        self.text = text
        self.alternatives = alternatives
    }
}

/// The recommender's output.
public struct Recommendation: Sendable, Hashable {
    public var recommended: Target
    /// All three targets, best first.
    public var ranking: [RankedTarget]
    public var conflicts: [Conflict]
    /// Decision-matrix criteria that decided the ranking (for highlighting rows): those on
    /// which the recommended target scored more than the runner-up, in the matrix's order.
    public var decidingCriteria: [String]

    public init(recommended: Target, ranking: [RankedTarget], conflicts: [Conflict], decidingCriteria: [String]) {
        self.recommended = recommended
        self.ranking = ranking
        self.conflicts = conflicts
        self.decidingCriteria = decidingCriteria
    }
}

/// Deterministic recommender over `assets/decision-matrix.yaml`.
///
/// The score of a target is the sum of the points of every matrix rule that holds for the
/// needs (user tier, traffic, compliance, multi-region), plus the budget rule: the target's
/// monthly cost from `CostModel` (production, the needs' users and traffic) within or over
/// `budgetUSDPerMonth`. Ties: lower monthly cost, then `tie_order`. Conflicts between the
/// answers are listed with the seed's alternatives, never resolved silently.
public enum Recommender {
    /// Ranks all three targets for `needs`. Pure and deterministic.
    ///
    /// Over the embedded (immutable) matrix and price list the result depends on `needs`
    /// only, so the last result is remembered: `apply` resolves `target: recommended` several
    /// times per run (decode, plan, secret paths) and pays for the ranking once.
    public static func recommend(_ needs: Needs) -> Recommendation {
        RecommendationMemo.shared.value(for: needs) { recommend($0, matrix: .embedded, prices: .embedded) }
    }

    /// As `recommend(_:)`, over an explicit matrix and price list (tests, edited files).
    public static func recommend(_ needs: Needs, matrix: DecisionMatrix, prices: PriceList) -> Recommendation {
        let costs = CostModel.compare(needs: needs, environment: .production, prices: prices)
        func monthly(_ t: Target) -> Double { costs.cost(of: CostOption(t))?.monthlyUSD ?? 0 }

        var reasons: [Target: [Reason]] = [:]
        for rule in matrix.rules where rule.when.matches(needs) {
            let answer = rule.when.answer(for: needs)
            for effect in rule.effects {
                reasons[effect.target, default: []].append(
                    Reason(criterion: rule.criterion, answer: answer, points: effect.points, text: effect.text))
            }
        }
        let budgetAnswer = "$\(needs.budgetUSDPerMonth)/month"
        for target in Target.allCases {
            let cost = monthly(target)
            let within = cost <= Double(needs.budgetUSDPerMonth)
            let template = within ? matrix.budget.withinText : matrix.budget.overText
            let text = fill(template, ["cost": usd(cost), "budget": "\(needs.budgetUSDPerMonth)"])
            reasons[target, default: []].append(Reason(
                criterion: matrix.budget.criterion, answer: budgetAnswer,
                points: within ? matrix.budget.withinPoints : matrix.budget.overPoints, text: text))
        }

        let order = matrix.tieOrder
        let ranking = Target.allCases.map { t -> RankedTarget in
            let r = reasons[t] ?? []
            return RankedTarget(target: t, score: r.reduce(0) { $0 + $1.points }, reasons: r, monthlyUSD: monthly(t))
        }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.monthlyUSD != b.monthlyUSD { return a.monthlyUSD < b.monthlyUSD }
            return (order.firstIndex(of: a.target) ?? 0) < (order.firstIndex(of: b.target) ?? 0)
        }
        let best = ranking[0]
        let runnerUp = ranking[1]

        var deciding: [String] = []
        for row in matrix.rows {
            let mine = best.reasons.filter { $0.criterion == row.criterion }.reduce(0) { $0 + $1.points }
            let theirs = runnerUp.reasons.filter { $0.criterion == row.criterion }.reduce(0) { $0 + $1.points }
            if mine > theirs { deciding.append(row.criterion) }
        }

        let conflicts = findConflicts(needs: needs, best: best.target, costs: costs, matrix: matrix, prices: prices)
        return Recommendation(recommended: best.target, ranking: ranking, conflicts: conflicts,
                              decidingCriteria: deciding)
    }

    /// The conflicts of `needs` given the recommended target, worded from the matrix file.
    /// Budget comparisons run over every option `costs` prices (`costs.options`: the three
    /// bundle targets and App Platform), with the figures `costs` prints for the same needs;
    /// the start-smaller alternative is priced at `prices.referenceUsers` (same traffic) and
    /// offered only when `needs.users` is above that.
    static func findConflicts(needs: Needs, best: Target, costs: CostComparison, matrix: DecisionMatrix,
                              prices: PriceList = .embedded) -> [Conflict] {
        func monthly(_ t: Target) -> Double { costs.cost(of: CostOption(t))?.monthlyUSD ?? 0 }
        let budget = Double(needs.budgetUSDPerMonth)
        let aws = costs.cost(of: .aws)
        let priced = costs.options
        let cheapest = priced.min { $0.monthlyUSD < $1.monthlyUSD }
        let fits = priced.filter { $0.monthlyUSD <= budget }.min { $0.monthlyUSD < $1.monthlyUSD }
        var values: [String: String] = [
            "budget": "\(needs.budgetUSDPerMonth)",
            "users": grouped(needs.users),
            "compliance": needs.compliance == .hipaa ? "HIPAA" : needs.compliance == .soc2 ? "SOC 2" : "none",
            "target": best.displayName,
            "aws": usd(aws?.monthlyUSD ?? 0),
            "aws_seed": usd(aws?.seedTotalUSD ?? 0),
            "cheapest": cheapest.map { optionName($0.option) } ?? "",
            "cheapest_low": usd(cheapest?.monthlyUSD ?? 0),
            "options": "\(priced.count)",
            "cost": usd(monthly(best)),
            "fits": fits.map { optionName($0.option) } ?? "",
        ]
        if needs.users > prices.referenceUsers {
            var small = needs
            small.users = prices.referenceUsers
            let smallCosts = CostModel.compare(needs: small, environment: .production, prices: prices)
            if let start = smallCosts.options.min(by: { $0.monthlyUSD < $1.monthlyUSD }) {
                values["start_users"] = grouped(prices.referenceUsers)
                values["start_option"] = optionName(start.option)
                values["start_cost"] = usd(start.monthlyUSD)
            }
        }

        var ids: [String] = []
        if needs.compliance != .none, budget < (aws?.monthlyUSD ?? 0) { ids.append("compliance-budget") }
        if needs.multiRegion, best != .aws { ids.append("multi-region-single-vm") }
        let belowAll = priced.allSatisfy { $0.monthlyUSD > budget }
        if belowAll { ids.append("budget-below-every-option") }
        if needs.users > 5000, best != .aws { ids.append("users-beyond-single-vm") }
        if needs.traffic == .spiky, best == .selfhosted { ids.append("spiky-single-vm") }
        if !belowAll, monthly(best) > budget, fits != nil, !ids.contains("compliance-budget") {
            ids.append("recommended-over-budget")
        }

        return ids.compactMap { id in
            guard let wording = matrix.conflictText(id) else { return nil }
            // An alternative whose figures do not apply here (a placeholder left) is left out.
            return Conflict(id: id, text: fill(wording.text, values),
                            alternatives: wording.alternatives.map { fill($0, values) }.filter { !$0.contains("{") })
        }
    }

    /// The name conflicts use for a priced option: the target's display name for the three
    /// bundle targets (e.g. `Self-hosted VM`), `DigitalOcean App Platform` for App Platform.
    static func optionName(_ option: CostOption) -> String {
        Target.allCases.first { CostOption($0) == option }?.displayName ?? "DigitalOcean App Platform"
    }

    /// Replaces `{key}` placeholders.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = template
        for (key, value) in values { out = out.replacingOccurrences(of: "{\(key)}", with: value) }
        return out
    }

    /// An integer with thousands separators, e.g. `12,000`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// USD without cents when whole, e.g. `44` or `142.08`.
    static func usd(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// One-entry memo of `Recommender.recommend(_:)` over the embedded data.
private final class RecommendationMemo: @unchecked Sendable {
    static let shared = RecommendationMemo()
    private let lock = NSLock()
    private var last: (needs: Needs, recommendation: Recommendation)?

    func value(for needs: Needs, compute: (Needs) -> Recommendation) -> Recommendation {
        lock.lock()
        defer { lock.unlock() }
        if let last, last.needs == needs { return last.recommendation }
        let r = compute(needs)
        last = (needs, r)
        return r
    }
}

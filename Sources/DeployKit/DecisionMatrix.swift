import Foundation

/// The seed's trade-off decision matrix, its use-case recommendations and the scoring rules
/// the recommender applies, parsed from `assets/decision-matrix.yaml`.
///
/// Public so the wizard can show the table (`criteriaHeader`, `columns`, `rows`) and
/// highlight the rows that decided a recommendation (`Recommendation.decidingCriteria`
/// holds `Row.criterion` values).
public struct DecisionMatrix: Sendable, Hashable {
    /// One target column, with the seed's header, e.g. `AWS ECS + Managed`.
    public struct Column: Sendable, Hashable {
        public var target: Target
        public var header: String
    }

    /// One criterion row; `cells` maps a target's raw value to the seed's cell text.
    public struct Row: Sendable, Hashable {
        /// e.g. `Compliance (BAA)`.
        public var criterion: String
        public var cells: [String: String]
        /// The seed's cell for `target`, verbatim (empty if the file lacks it).
        public func cell(for target: Target) -> String { cells[target.rawValue] ?? "" }
    }

    /// One of the seed's "Recommendations by Use Case".
    public struct UseCase: Sendable, Hashable {
        /// The seed's heading, e.g. `Early Stage Startup (< 500 users)`.
        public var name: String
        /// The heading's user range as numbers, inclusive; `nil` means unbounded.
        public var usersMin: Int?
        public var usersMax: Int?
        /// Compliance regimes the use case is about (`nil`: any).
        public var compliance: [Compliance]?
        /// The target the seed recommends.
        public var target: Target
        /// The seed's recommendation line and bullet points, verbatim.
        public var recommendation: String
        public var points: [String]
        /// Seed line numbers.
        public var seed: String
    }

    /// When a scoring rule applies; every given key must hold (lists: any of).
    public struct Condition: Sendable, Hashable {
        /// Inclusive bounds on `needs.users`.
        public var usersMin: Int?
        public var usersMax: Int?
        public var traffic: [Traffic]?
        public var compliance: [Compliance]?
        public var multiRegion: Bool?

        /// Whether `needs` satisfies every given key.
        public func matches(_ needs: Needs) -> Bool {
            if let m = usersMin, needs.users < m { return false }
            if let m = usersMax, needs.users > m { return false }
            if let t = traffic, !t.contains(needs.traffic) { return false }
            if let c = compliance, !c.contains(needs.compliance) { return false }
            if let r = multiRegion, r != needs.multiRegion { return false }
            return true
        }

        /// The operator's answers this condition looks at, e.g. `750 users, steady`; a lone
        /// compliance condition gives just the value, e.g. `hipaa`.
        public func answer(for needs: Needs) -> String {
            var parts: [String] = []
            if usersMin != nil || usersMax != nil { parts.append("\(needs.users) users") }
            if traffic != nil { parts.append(needs.traffic.rawValue) }
            if compliance != nil { parts.append(needs.compliance.rawValue) }
            if multiRegion != nil { parts.append(needs.multiRegion ? "multi-region" : "single region") }
            return parts.joined(separator: ", ")
        }
    }

    /// Points a rule gives one target, with the reason's sentence.
    public struct Effect: Sendable, Hashable {
        public var target: Target
        public var points: Int
        public var text: String
    }

    /// A scoring rule: when `when` holds, each effect's points go to its target.
    public struct Rule: Sendable, Hashable {
        public var id: String
        /// A `Row.criterion` of the matrix.
        public var criterion: String
        public var when: Condition
        /// The seed lines the rule comes from.
        public var seed: String
        public var effects: [Effect]
    }

    /// The budget rule: each target's monthly cost (CostModel) against the budget.
    public struct BudgetRule: Sendable, Hashable {
        public var criterion: String
        public var seed: String
        public var withinPoints: Int
        /// Template with `{cost}` and `{budget}` (USD per month).
        public var withinText: String
        public var overPoints: Int
        public var overText: String
    }

    /// The wording of one conflict; its condition is in `Recommender`.
    public struct ConflictText: Sendable, Hashable {
        public var id: String
        /// The condition in words (documentation).
        public var when: String
        public var seed: String
        /// Template; placeholders `{budget}` `{users}` `{compliance}` `{target}` `{aws}`
        /// `{aws_seed}` `{cheapest}` `{cheapest_low}` `{cost}` `{fits}`.
        public var text: String
        public var alternatives: [String]
    }

    public var version: Int
    /// The first header cell, `Criteria`.
    public var criteriaHeader: String
    /// In the seed's order: Self-Hosted VM, AWS ECS + Managed, DigitalOcean Hybrid.
    public var columns: [Column]
    /// In the seed's order, `Cost (monthly)` to `Best For`.
    public var rows: [Row]
    public var useCases: [UseCase]
    /// How the seed's user-tier contradiction is resolved, in words.
    public var tierResolution: String
    public var rules: [Rule]
    public var budget: BudgetRule
    /// The tie-break rule in words, and the final order it falls back to.
    public var tieBreak: String
    public var tieOrder: [Target]
    public var conflicts: [ConflictText]

    /// The row for a criterion, if the matrix has it.
    public func row(_ criterion: String) -> Row? { rows.first { $0.criterion == criterion } }

    /// The wording of a conflict by id.
    public func conflictText(_ id: String) -> ConflictText? { conflicts.first { $0.id == id } }

    /// Parses a matrix in the `assets/decision-matrix.yaml` format.
    /// - Throws: `DecisionMatrixError` naming the file, the key's path, the value and what
    ///   is allowed when the YAML does not parse or a key is missing, mistyped or unknown;
    ///   or when a rule names a criterion the table lacks, a column or cell is missing, or
    ///   the tie order is not every target once.
    public static func parse(_ yaml: String) throws -> DecisionMatrix {
        let m = try decodeFields(yaml)
        let criteria = Set(m.rows.map(\.criterion))
        if Set(m.columns.map(\.target)) != Set(Target.allCases) || m.columns.count != Target.allCases.count {
            throw DecisionMatrixError(message: "decision-matrix.yaml: columns must be each target once")
        }
        for row in m.rows where Set(row.cells.keys) != Set(Target.allCases.map(\.rawValue)) {
            throw DecisionMatrixError(message: "decision-matrix.yaml: row \(row.criterion) needs a cell per target")
        }
        for rule in m.rules where !criteria.contains(rule.criterion) {
            throw DecisionMatrixError(message: "decision-matrix.yaml: rule \(rule.id) names criterion \(rule.criterion), not a row")
        }
        if !criteria.contains(m.budget.criterion) {
            throw DecisionMatrixError(message: "decision-matrix.yaml: budget criterion \(m.budget.criterion) is not a row")
        }
        if m.tieOrder.count != Target.allCases.count || Set(m.tieOrder) != Set(Target.allCases) {
            throw DecisionMatrixError(message: "decision-matrix.yaml: tie_order must list each target once")
        }
        return m
    }

    /// The file's fields, typed (see `YAMLFields`); consistency is checked by `parse`.
    private static func decodeFields(_ yaml: String) throws -> DecisionMatrix {
        let top = try YAMLFields.document(yaml, file: "decision-matrix.yaml", keys: [
            "version", "criteria_header", "columns", "rows", "use_cases", "tier_resolution", "rules", "budget",
            "tie_break", "tie_order", "conflicts",
        ], fail: { DecisionMatrixError(message: $0) })
        let budget = try top.fields("budget", keys: ["criterion", "seed", "within_points", "within_text", "over_points", "over_text"])
        return DecisionMatrix(
            version: try top.int("version"),
            criteriaHeader: try top.string("criteria_header"),
            columns: try top.list("columns", keys: ["target", "header"]).map {
                Column(target: try $0.value("target"), header: try $0.string("header"))
            },
            rows: try top.list("rows", keys: ["criterion", "cells"]).map {
                Row(criterion: try $0.string("criterion"), cells: try $0.stringMap("cells"))
            },
            useCases: try top.list("use_cases", keys: ["name", "users_min", "users_max", "compliance", "target",
                                                       "recommendation", "points", "seed"]).map {
                UseCase(name: try $0.string("name"), usersMin: try $0.optionalInt("users_min"),
                        usersMax: try $0.optionalInt("users_max"), compliance: try $0.optionalValues("compliance"),
                        target: try $0.value("target"), recommendation: try $0.string("recommendation"),
                        points: try $0.strings("points"), seed: try $0.string("seed"))
            },
            tierResolution: try top.string("tier_resolution"),
            rules: try top.list("rules", keys: ["id", "criterion", "when", "seed", "effects"]).map { r in
                let w = try r.fields("when", keys: ["users_min", "users_max", "traffic", "compliance", "multi_region"])
                return Rule(
                    id: try r.string("id"), criterion: try r.string("criterion"),
                    when: Condition(usersMin: try w.optionalInt("users_min"), usersMax: try w.optionalInt("users_max"),
                                    traffic: try w.optionalValues("traffic"), compliance: try w.optionalValues("compliance"),
                                    multiRegion: try w.optionalBool("multi_region")),
                    seed: try r.string("seed"),
                    effects: try r.list("effects", keys: ["target", "points", "text"]).map {
                        Effect(target: try $0.value("target"), points: try $0.int("points"), text: try $0.string("text"))
                    })
            },
            budget: BudgetRule(criterion: try budget.string("criterion"), seed: try budget.string("seed"),
                               withinPoints: try budget.int("within_points"), withinText: try budget.string("within_text"),
                               overPoints: try budget.int("over_points"), overText: try budget.string("over_text")),
            tieBreak: try top.string("tie_break"),
            tieOrder: try top.values("tie_order"),
            conflicts: try top.list("conflicts", keys: ["id", "when", "seed", "text", "alternatives"]).map {
                ConflictText(id: try $0.string("id"), when: try $0.string("when"), seed: try $0.string("seed"),
                             text: try $0.string("text"), alternatives: try $0.strings("alternatives"))
            })
    }

    /// The embedded `assets/decision-matrix.yaml` (`Assets.load`: a file that does not
    /// read traps).
    public static let embedded: DecisionMatrix = Assets.load("decision-matrix.yaml", parse)
}

/// An inconsistent decision matrix file.
public struct DecisionMatrixError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

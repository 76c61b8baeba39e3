// OWNER: recommend/costs helper. Stub signatures; bodies to be replaced.

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
    public var score: Int
    public var reasons: [Reason]

    public init(target: Target, score: Int, reasons: [Reason]) {
        self.target = target
        self.score = score
        self.reasons = reasons
    }
}

/// A conflict between the operator's answers, with the seed's alternatives.
public struct Conflict: Sendable, Hashable {
    public var text: String
    public var alternatives: [String]

    public init(text: String, alternatives: [String]) {
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
    /// Decision-matrix criteria that decided the ranking (for highlighting rows).
    public var decidingCriteria: [String]

    public init(recommended: Target, ranking: [RankedTarget], conflicts: [Conflict], decidingCriteria: [String]) {
        self.recommended = recommended
        self.ranking = ranking
        self.conflicts = conflicts
        self.decidingCriteria = decidingCriteria
    }
}

/// Deterministic recommender over `assets/decision-matrix.yaml`.
public enum Recommender {
    /// Ranks all three targets for `needs`. Pure and deterministic.
    public static func recommend(_ needs: Needs) -> Recommendation {
        Recommendation(recommended: .selfhosted, ranking: [], conflicts: [], decidingCriteria: [])
    }
}

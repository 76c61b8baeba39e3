import Foundation
import Testing
@testable import DeployKit

/// The seed's "Recommendations by Use Case" (seed 928-951) as a table: the answers of an
/// operator in that situation and the target the seed recommends.
struct RecommenderUseCaseRow: Sendable, CustomStringConvertible {
    var name: String
    var needs: Needs
    var expected: Target
    var description: String { name }
}

let recommenderSeedUseCases: [RecommenderUseCaseRow] = [
    RecommenderUseCaseRow(name: "Early stage, 50 users", needs: Needs(users: 50, budgetUSDPerMonth: 50), expected: .selfhosted),
    RecommenderUseCaseRow(name: "Early stage, 499 users, growing", needs: Needs(users: 499, budgetUSDPerMonth: 100, traffic: .growing), expected: .selfhosted),
    RecommenderUseCaseRow(name: "Growing SaaS, 500 users, growing", needs: Needs(users: 500, budgetUSDPerMonth: 100, traffic: .growing), expected: .digitalocean),
    RecommenderUseCaseRow(name: "Growing SaaS, 1,200 users", needs: Needs(users: 1200, budgetUSDPerMonth: 120), expected: .digitalocean),
    RecommenderUseCaseRow(name: "Growing SaaS, 3,000 users, growing", needs: Needs(users: 3000, budgetUSDPerMonth: 200, traffic: .growing), expected: .digitalocean),
    RecommenderUseCaseRow(name: "Growing SaaS, 5,000 users", needs: Needs(users: 5000, budgetUSDPerMonth: 250), expected: .digitalocean),
    RecommenderUseCaseRow(name: "Enterprise, 5,001 users, growing", needs: Needs(users: 5001, budgetUSDPerMonth: 500, traffic: .growing), expected: .aws),
    RecommenderUseCaseRow(name: "Enterprise, 20,000 users, spiky", needs: Needs(users: 20_000, budgetUSDPerMonth: 2000, traffic: .spiky), expected: .aws),
    RecommenderUseCaseRow(name: "Enterprise, 8,000 users, steady", needs: Needs(users: 8000, budgetUSDPerMonth: 1000), expected: .aws),
    RecommenderUseCaseRow(name: "Regulated HIPAA, 200 users", needs: Needs(users: 200, budgetUSDPerMonth: 300, compliance: .hipaa), expected: .aws),
    RecommenderUseCaseRow(name: "Regulated HIPAA, 2,000 users", needs: Needs(users: 2000, budgetUSDPerMonth: 400, compliance: .hipaa), expected: .aws),
    RecommenderUseCaseRow(name: "Regulated SOC2, 800 users", needs: Needs(users: 800, budgetUSDPerMonth: 300, compliance: .soc2), expected: .aws),
]

@Test(arguments: recommenderSeedUseCases)
func reproducesTheSeedsUseCaseRecommendations(row: RecommenderUseCaseRow) {
    let r = Recommender.recommend(row.needs)
    #expect(r.recommended == row.expected, "\(row.name): got \(r.recommended), ranking \(r.ranking.map { "\($0.target):\($0.score)" })")
    #expect(Set(r.ranking.map(\.target)) == Set(Target.allCases))
    #expect(r.ranking.first?.target == r.recommended)
    for ranked in r.ranking {
        #expect(ranked.score == ranked.reasons.reduce(0) { $0 + $1.points })
    }
}

@Test(arguments: recommenderSeedUseCases)
func theUseCaseTableAgreesWithTheMatrixFile(row: RecommenderUseCaseRow) {
    // The use cases of decision-matrix.yaml that apply to these needs name the same target
    // (the regulated use case takes precedence when compliance is asked).
    let cases = DecisionMatrix.embedded.useCases.filter { uc in
        if let c = uc.compliance { return c.contains(row.needs.compliance) }
        return row.needs.compliance == .none
            && row.needs.users >= (uc.usersMin ?? 1) && row.needs.users <= (uc.usersMax ?? Int.max)
    }
    #expect(cases.count == 1, "\(row.name)")
    #expect(cases.first?.target == row.expected, "\(row.name)")
}

@Test func regulatedReasonNamesTheCriterionTheAnswerAndTheSelfHostedAlternative() throws {
    let r = Recommender.recommend(Needs(users: 1000, budgetUSDPerMonth: 300, compliance: .hipaa))
    #expect(r.recommended == .aws)
    let aws = try #require(r.ranking.first { $0.target == .aws })
    #expect(aws.reasons.contains(Reason(criterion: "Compliance (BAA)", answer: "hipaa", points: 8,
                                        text: "HIPAA: AWS offers signed BAAs")))
    let selfhosted = try #require(r.ranking.first { $0.target == .selfhosted })
    #expect(selfhosted.reasons.contains { $0.criterion == "Compliance (BAA)" && $0.text.contains("compliance framework") })
    #expect(r.decidingCriteria.contains("Compliance (BAA)"))
    #expect(r.conflicts.isEmpty)
}

@Test func hipaaBelowTheAWSFloorIsAConflictWithTheSeedsAlternatives() throws {
    let needs = Needs(users: 300, budgetUSDPerMonth: 100, compliance: .hipaa)
    let floor = try #require(CostModel.compare(needs: needs).cost(of: .aws)).monthlyUSD
    #expect(Double(needs.budgetUSDPerMonth) < floor)
    let r = Recommender.recommend(needs)
    let conflict = try #require(r.conflicts.first { $0.id == "compliance-budget" })
    #expect(conflict.text.contains("HIPAA") && conflict.text.contains("$100/month"))
    #expect(conflict.text.contains(Recommender.usd(floor)))
    #expect(conflict.alternatives.contains { $0.hasPrefix("AWS with BAAs") })
    #expect(conflict.alternatives.contains { $0.hasPrefix("Self-Hosted with Compliance Framework") })
    // Within budget the self-hosted alternative wins; the conflict says why AWS did not.
    #expect(r.recommended == .selfhosted)
    // At exactly the floor the conflict disappears and AWS is recommended.
    let enough = Recommender.recommend(Needs(users: 300, budgetUSDPerMonth: Int(floor.rounded(.up)), compliance: .hipaa))
    #expect(enough.recommended == .aws)
    #expect(!enough.conflicts.contains { $0.id == "compliance-budget" })
}

@Test func multiRegionOnASingleVMIsAConflict() throws {
    let r = Recommender.recommend(Needs(users: 200, budgetUSDPerMonth: 60, multiRegion: true))
    #expect(r.recommended == .selfhosted)
    let c = try #require(r.conflicts.first { $0.id == "multi-region-single-vm" })
    #expect(c.alternatives.contains { $0.contains("AWS ECS + Managed") })
    // With the budget for it, multi-region tips to AWS and the conflict is gone.
    let rich = Recommender.recommend(Needs(users: 200, budgetUSDPerMonth: 500, multiRegion: true))
    #expect(rich.recommended == .aws)
    #expect(rich.conflicts.isEmpty)
}

@Test func aBudgetBelowEveryOptionIsAConflict() throws {
    let r = Recommender.recommend(Needs(users: 100, budgetUSDPerMonth: 10))
    let c = try #require(r.conflicts.first { $0.id == "budget-below-every-option" })
    #expect(c.text.contains("$10/month") && c.text.contains("Self-hosted VM") && c.text.contains("$40/month"))
    #expect(!r.conflicts.contains { $0.id == "recommended-over-budget" })
}

@Test func manyUsersOnASingleVMIsAConflict() throws {
    // 6,000 steady users on a budget that only a Droplet fits: the hybrid wins, said loudly.
    let r = Recommender.recommend(Needs(users: 6000, budgetUSDPerMonth: 170))
    #expect(r.recommended != .aws)
    let c = try #require(r.conflicts.first { $0.id == "users-beyond-single-vm" })
    #expect(c.text.contains("6,000 users"))
    #expect(c.alternatives.contains { $0.contains("multi-VM") })
}

@Test func spikyTrafficOnTheSelfHostedVMIsAConflict() {
    let r = Recommender.recommend(Needs(users: 100, budgetUSDPerMonth: 90, traffic: .spiky))
    #expect(r.recommended == .selfhosted)
    #expect(r.conflicts.contains { $0.id == "spiky-single-vm" })
}

@Test func theRecommendedTargetOverBudgetIsAConflictNamingWhatFits() throws {
    // A matrix whose only rule strongly favours AWS: AWS wins over its budget penalty, and
    // the conflict names the cheapest target that fits the budget.
    var m = DecisionMatrix.embedded
    m.rules = [DecisionMatrix.Rule(
        id: "test", criterion: "Best For", when: DecisionMatrix.Condition(), seed: "seed 0",
        effects: [DecisionMatrix.Effect(target: .aws, points: 20, text: "test")])]
    let r = Recommender.recommend(Needs(users: 1000, budgetUSDPerMonth: 50), matrix: m, prices: .embedded)
    #expect(r.recommended == .aws)
    let c = try #require(r.conflicts.first { $0.id == "recommended-over-budget" })
    #expect(c.text.contains("$50/month"))
    #expect(c.alternatives.contains("Self-hosted VM fits the budget, at the trade-offs the matrix lists"))
    #expect(!r.conflicts.contains { $0.id == "budget-below-every-option" })
}

@Test func tiesGoToTheLowerMonthlyCost() {
    // Score a matrix with every rule removed: only the budget rule remains, each target
    // within budget scores the same, and the cheaper option must win.
    var m = DecisionMatrix.embedded
    m.rules = []
    let r = Recommender.recommend(Needs(users: 1000, budgetUSDPerMonth: 10_000), matrix: m, prices: .embedded)
    #expect(Set(r.ranking.map(\.score)).count == 1)
    #expect(r.ranking.map(\.target) == [.selfhosted, .digitalocean, .aws])
    #expect(r.ranking.map(\.monthlyUSD) == r.ranking.map(\.monthlyUSD).sorted())
}

@Test func overlapBandFollowsTrafficShape() {
    let steady = Recommender.recommend(Needs(users: 750, budgetUSDPerMonth: 100, traffic: .steady))
    let growing = Recommender.recommend(Needs(users: 750, budgetUSDPerMonth: 100, traffic: .growing))
    let spiky = Recommender.recommend(Needs(users: 750, budgetUSDPerMonth: 100, traffic: .spiky))
    #expect(steady.recommended == .selfhosted)
    #expect(growing.recommended == .digitalocean)
    #expect(spiky.recommended == .digitalocean)
    #expect(steady.ranking[0].reasons.contains { $0.criterion == "Best For" && $0.answer == "750 users, steady, none" })
}

@Test func textReportShowsReasonsConflictsAndTheDecidingMatrixRows() {
    let needs = Needs(users: 300, budgetUSDPerMonth: 100, compliance: .hipaa, multiRegion: true)
    let r = Recommender.recommend(needs)
    let text = RecommendationReport.text(r, needs: needs)
    #expect(text.contains("Recommended: \(r.recommended.displayName)"))
    #expect(text.contains("+8  Compliance (BAA) [hipaa]: HIPAA: AWS offers signed BAAs"))
    for c in r.conflicts { #expect(text.contains(c.text)) }
    #expect(text.contains("Compliance (BAA)  DIY             Available          Limited"))
}

import ArgumentParser
import DeployCommands
import DeployKit

/// `freshtrack-deploy recommend`: ranks the three targets for the answers' `needs:` or for
/// quick flags, with reasons and conflicts.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank the deployment targets for your needs, with the reasons and any conflicts.",
        discussion: """
            Reads the needs: section of an answers file (--answers), or takes them from the \
            flags; a flag given with --answers overrides that answer. The rule is the seed's \
            decision matrix (assets/decision-matrix.yaml): below 500 users self-hosted; \
            500-999 self-hosted when traffic is steady and there is no compliance regime, else \
            the DigitalOcean hybrid; 1,000-5,000 the DigitalOcean hybrid; above 5,000 AWS; \
            HIPAA/SOC2 favour AWS when the budget covers it.
            """)

    @OptionGroup var needs: NeedsOptions

    @Option(name: .long, help: ArgumentHelp("Compliance regime (default none).", valueName: "regime"))
    var compliance: Compliance?

    @Flag(name: .long, help: "Deploy to more than one region.")
    var multiRegion = false

    @Option(name: .long, help: ArgumentHelp("Output format.", valueName: "format"))
    var format: ReportFormat = .text

    func validate() throws {
        guard needs.answers == nil else { return }
        guard needs.users != nil else {
            throw ValidationError("give --answers FILE, or --users N and --budget USD for a quick question")
        }
        guard needs.budget != nil else {
            throw ValidationError("--budget is required with --users: the monthly budget in USD, an integer >= 0")
        }
    }

    func run() throws {
        // Without --answers, validate() made sure --users and --budget are given.
        var needs = self.needs.overriding(try self.needs.answersNeeds() ?? Needs(users: 1, budgetUSDPerMonth: 0))
        if let compliance { needs.compliance = compliance }
        if multiRegion { needs.multiRegion = true }
        let recommendation = Recommender.recommend(needs)
        switch format {
        case .json: print(RecommendationReport.json(recommendation), terminator: "")
        case .text: print(RecommendationReport.text(recommendation, needs: needs), terminator: "")
        }
    }
}

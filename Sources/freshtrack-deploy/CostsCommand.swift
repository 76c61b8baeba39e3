import ArgumentParser
import CursesTerminal
import DeployKit
import Foundation
import Wizard

/// `freshtrack-deploy costs`: the side-by-side monthly cost of every option.
struct Costs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Compare the monthly cost of every deployment option, item by item.",
        discussion: """
            With no options: the seed's reference sizing (1,000 users, steady traffic, \
            production). Prices come from assets/pricing.yaml, each with its source and date; \
            where a public price differs from the seed's figure both are shown.
            """)

    @Option(name: .long, help: ArgumentHelp("Answers file (YAML); its needs: are priced (flags override them).", valueName: "file"))
    var answers: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Expected active users, integer >= 1.", valueName: "n"))
    var users: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Monthly budget in USD, integer >= 0: marks each option within/over.", valueName: "usd"))
    var budget: Int?

    @Option(name: .long, help: ArgumentHelp("Traffic shape: steady, growing or spiky (default steady).", valueName: "shape"))
    var traffic: String?

    @Option(name: .long, help: ArgumentHelp("Environment: production, staging or dev.", valueName: "env"))
    var environment: String = "production"

    @Option(name: .long, help: ArgumentHelp("Output: table or json.", valueName: "format"))
    var format: String = "table"

    func validate() throws {
        _ = try QuickNeeds.choice("--format", format, ["table", "json"])
        _ = try QuickNeeds.environment(environment)
        _ = try traffic.map { try QuickNeeds.traffic($0) }
        try QuickNeeds.check(users: users, budget: budget)
    }

    func run() throws {
        let env = try QuickNeeds.environment(environment)
        var needs: Needs? = try answers.map { try QuickNeeds.fromAnswersFile($0) }
        if users != nil || traffic != nil || budget != nil {
            var n = needs ?? Needs(users: PriceList.embedded.referenceUsers, budgetUSDPerMonth: 0)
            if let users { n.users = users }
            if let budget { n.budgetUSDPerMonth = budget }
            if let traffic { n.traffic = try QuickNeeds.traffic(traffic) }
            needs = n
        }
        // A budget column only when a budget was given: --budget, or the answers file's
        // needs.budget (the placeholder budget of flag-only needs is not one).
        let budget = budget ?? (answers != nil ? needs?.budgetUSDPerMonth : nil)
        if format == "table" && CursesTerminal.isInteractive {
            // On a terminal: the wizard's interactive cost view (Left/Right change users).
            let terminal = try CursesTerminal(environment: ProcessInfo.processInfo.environment)
            let base = needs ?? Needs(users: PriceList.embedded.referenceUsers, budgetUSDPerMonth: budget ?? 0)
            let status = CostView.run(terminal: terminal, needs: base, environment: env, usersAnswered: needs != nil)
            terminal.end()
            if status != 0 { throw ExitCode(status) }
            return
        }
        let comparison = CostModel.compare(needs: needs, environment: env)
        print(format == "json" ? CostReport.json(comparison) : Self.table(comparison, budget: budget), terminator: "")
    }

    /// The printed table; the wizard's interactive cost view can call this for its text.
    static func table(_ comparison: CostComparison, budget: Int?) -> String {
        CostReport.table(comparison, budgetUSD: budget)
    }
}

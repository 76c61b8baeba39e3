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
            where a public price differs from the seed's figure both are shown. A budget \
            (--budget, or the answers file's) marks each option within or over it.
            """)

    @OptionGroup var needs: NeedsOptions

    @Option(name: .long, help: ArgumentHelp("Environment priced.", valueName: "env"))
    var environment: DeployEnvironment = .production

    @Option(name: .long, help: ArgumentHelp("Output format.", valueName: "format"))
    var format: CostsFormat = .table

    func run() throws {
        let fromFile = try needs.answersNeeds()
        let needs = fromFile.map(self.needs.overriding)
            ?? (self.needs.anyFlag ? self.needs.overriding(Needs(users: PriceList.embedded.referenceUsers, budgetUSDPerMonth: 0)) : nil)
        // A budget column only when a budget was given: --budget, or the answers file's
        // needs.budget (the placeholder budget of flag-only needs is not one).
        let budget = self.needs.budget ?? fromFile?.budgetUSDPerMonth
        if format == .table && CursesTerminal.isInteractive {
            // On a terminal: the wizard's interactive cost view (Left/Right change users).
            let terminal = try CursesTerminal(environment: ProcessInfo.processInfo.environment)
            let base = needs ?? Needs(users: PriceList.embedded.referenceUsers, budgetUSDPerMonth: budget ?? 0)
            let status = CostView.run(terminal: terminal, needs: base, environment: environment, usersAnswered: needs != nil)
            terminal.end()
            if status != 0 { throw ExitCode(status) }
            return
        }
        let comparison = CostModel.compare(needs: needs, environment: environment)
        print(format == .json ? CostReport.json(comparison) : Self.table(comparison, budget: budget), terminator: "")
    }

    /// The printed table; the wizard's interactive cost view can call this for its text.
    static func table(_ comparison: CostComparison, budget: Int?) -> String {
        CostReport.table(comparison, budgetUSD: budget)
    }
}

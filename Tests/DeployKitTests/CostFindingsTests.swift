import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// Findings of a fresh-user test of `costs` and `recommend` (the model, and the real binary).
@Suite struct CostFindingsTests {
    /// Finding 6: auto-scaled items pay for the peak a quarter of the time, in whole units.
    /// Hand computation from the public Fargate rates (assets/pricing.yaml, us-east-1):
    /// one task (1 vCPU, 2 GB) = 0.04048 + 2 x 0.004445 = $0.04937 per hour, x 730 h =
    /// $36.0401 per month. 6,000 users steady: ceil(6000/2500) = 3 tasks = $108.12. Spiky
    /// (peak 12,000 users: ceil(12000/2500) = 5 tasks for a quarter of the month):
    /// 0.75 x 3 + 0.25 x 5 = 3.5 tasks = $126.14. App Platform ($12 per container, one per
    /// 1,000 users): steady 6 = $72; spiky 0.75 x 6 + 0.25 x 12 = 7.5 = $90.
    @Test func elasticItemsPayForThePeakAQuarterOfTheTime() throws {
        func item(_ option: CostOption, _ traffic: Traffic, _ prefix: String) throws -> CostItem {
            let c = CostModel.compare(needs: Needs(users: 6000, budgetUSDPerMonth: 0, traffic: traffic))
            return try #require(c.cost(of: option)?.items.first { $0.name.hasPrefix(prefix) })
        }
        let taskMonth = (0.04048 * 1 + 0.004445 * 2) * 730
        let steadyTasks = try item(.aws, .steady, "ECS Fargate tasks")
        let spikyTasks = try item(.aws, .spiky, "ECS Fargate tasks")
        #expect(abs(steadyTasks.monthlyUSD - 3 * taskMonth) < 0.006, "\(steadyTasks.monthlyUSD)")
        #expect(abs(spikyTasks.monthlyUSD - (0.75 * 3 + 0.25 * 5) * taskMonth) < 0.006, "\(spikyTasks.monthlyUSD)")
        #expect(abs(spikyTasks.monthlyUSD - 126.14) < 0.006)
        #expect(steadyTasks.quantity == "3")
        #expect(spikyTasks.quantity == "3-5, avg 3.5")
        let steadyApp = try item(.digitaloceanAppPlatform, .steady, "App Platform backend")
        let spikyApp = try item(.digitaloceanAppPlatform, .spiky, "App Platform backend")
        #expect(steadyApp.monthlyUSD == 6 * 12)
        #expect(spikyApp.monthlyUSD == (0.75 * 6 + 0.25 * 12) * 12)
        // A fixed machine is still sized for the whole peak.
        let vmSteady = try #require(CostModel.compare(needs: Needs(users: 900, budgetUSDPerMonth: 0)).cost(of: .selfhosted))
        let vmSpiky = try #require(CostModel.compare(needs: Needs(users: 900, budgetUSDPerMonth: 0, traffic: .spiky)).cost(of: .selfhosted))
        #expect(vmSpiky.monthlyUSD == 2 * vmSteady.monthlyUSD)
    }

    /// Finding 5: no Budget column unless a budget was given (--budget or the answers file).
    @Test(arguments: [(["--users", "1000"], false), (["--traffic", "spiky"], false), (["--environment", "staging"], false),
                      (["--users", "1000", "--budget", "50"], true), (["--budget", "0"], true)])
    func budgetColumnOnlyWithABudget(_ args: [String], _ shown: Bool) throws {
        let r = try runPricingCLI(["costs"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Budget $") == shown, "\(r.stdout)")
        let verdicts = r.stdout.split(separator: "\n").filter { $0.hasSuffix(" over") || $0.hasSuffix(" within") }
        #expect(verdicts.count == (shown ? CostOption.allCases.count : 0), "\(r.stdout)")
    }

    @Test func answersFileBudgetStillGivesTheColumn() throws {
        let dir = TempDirectory.makeURL("ftd-costs-budget")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.yaml").path
        try Assets.required("examples/selfhosted.yaml").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runPricingCLI(["costs", "--answers", file, "--users", "2000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Budget $"), "\(r.stdout)")
    }

    /// Finding 8: dev says what its figures are, with the singular "user".
    @Test func devSaysWhatItsFiguresMean() throws {
        let r = try runPricingCLI(["costs", "--environment", "dev"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("1 users"), "\(r.stdout)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Monthly cost in USD, dev (1 user, single instances, steady traffic)")
        #expect(lines.dropFirst().first?.hasPrefix("Dev on a laptop (docker compose) costs nothing;") == true, "\(r.stdout)")
        let prod = try runPricingCLI(["costs", "--users", "1"])
        #expect(prod.stdout.hasPrefix("Monthly cost in USD, production, 1 user, steady traffic\n"), "\(prod.stdout)")
    }

    /// Finding 9: the conflict texts use the same figures `costs` prints for the same needs,
    /// over every option it prices, and never the seed's fixed "$40-50".
    @Test func conflictFiguresMatchCosts() throws {
        let flags = ["--users", "6000", "--budget", "30", "--traffic", "spiky"]
        let rec = try runPricingCLI(["recommend"] + flags + ["--compliance", "hipaa", "--multi-region"])
        #expect(rec.status == 0, "\(rec.stderr)")
        /// The cheapest option in a `costs --format json` output: its name and its figure.
        func cheapestOf(_ json: String) throws -> (count: Int, name: String, usd: String) {
            let targets = try #require(try pricingJSONObject(json)["targets"] as? [[String: Any]])
            let priced = targets.compactMap { t -> (CostOption, Double)? in
                guard let raw = t["target"] as? String, let o = CostOption(rawValue: raw), let m = t["monthly_usd"] as? Double else { return nil }
                return (o, m)
            }
            #expect(priced.count == targets.count)
            let best = try #require(priced.min { $0.1 < $1.1 })
            return (targets.count, Recommender.optionName(best.0), Recommender.usd(best.1))
        }
        let costs = try runPricingCLI(["costs", "--format", "json"] + flags)
        let now = try cheapestOf(costs.stdout)
        #expect(now.count == 4)
        #expect(rec.stdout.contains("below every option `costs` prices (all \(now.count)): the cheapest at this sizing, \(now.name), costs about $\(now.usd)/month"), "\(rec.stdout)")
        #expect(!rec.stdout.contains("$40-50"), "\(rec.stdout)")
        // The start-smaller alternative is priced by costs at the reference 1,000 users.
        let small = try cheapestOf(try runPricingCLI(["costs", "--format", "json", "--users", "1000", "--traffic", "spiky"]).stdout)
        #expect(rec.stdout.contains("at 1,000 users the cheapest option, \(small.name), costs about $\(small.usd)/month"), "\(rec.stdout)")
        // At or below the reference users there is nothing smaller to start with.
        let tiny = Recommender.recommend(Needs(users: 100, budgetUSDPerMonth: 10))
        let c = try #require(tiny.conflicts.first { $0.id == "budget-below-every-option" })
        #expect(!c.alternatives.contains { $0.contains("Start smaller") || $0.contains("{") })
    }
}

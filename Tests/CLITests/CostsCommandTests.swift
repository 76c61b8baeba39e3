import Foundation
import Testing
import TestSupport
@testable import DeployKit

@Test func costsHelpListsTheOptions() throws {
    let r = try runFreshtrackDeploy(["costs", "--help"])
    #expect(r.status == 0)
    for flag in ["--users", "--budget", "--traffic", "--environment", "--format"] { #expect(r.stdout.contains(flag)) }
    // The allowed values, listed by ArgumentParser from the option's type (help wraps lines).
    let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for values in ["(values: steady, growing, spiky)", "(values: production, staging, dev; default: production)",
                   "(values: table, json; default: table)"] {
        #expect(help.contains(values), "help lacks \(values)")
    }
}

@Test func costsJSONHasExactlyTheDocumentedShapeAndTheSeedsReferenceTotals() throws {
    let r = try runFreshtrackDeploy(["costs", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let root = try jsonObject(r.stdout)
    #expect(Set(root.keys) == ["targets"])
    let targets = try #require(root["targets"] as? [[String: Any]])
    #expect(targets.compactMap { $0["target"] as? String } == CostOption.allCases.map(\.rawValue))
    var seedTotals: [String: Double] = [:]
    for t in targets {
        #expect(Set(t.keys) == ["target", "monthly_usd", "low_usd", "high_usd", "items"])
        let items = try #require(t["items"] as? [[String: Any]])
        var seedSum = 0.0
        for item in items {
            #expect(Set(item.keys).isSubset(of: ["name", "monthly_usd", "source", "seed_usd"]))
            #expect(Set(item.keys).isSuperset(of: ["name", "monthly_usd", "source"]))
            seedSum += (item["seed_usd"] as? Double) ?? (item["monthly_usd"] as? Double) ?? .nan
        }
        seedTotals[t["target"] as? String ?? ""] = seedSum
    }
    // The seed's figures (README, "Costs"): AWS ~$110, DO hybrid ~$44, App Platform ~$47, VM $40-80.
    #expect(seedTotals == ["aws": 110, "digitalocean": 44, "digitalocean-app-platform": 47, "selfhosted": 40])
    let aws = try #require(targets.first { $0["target"] as? String == "aws" })
    // $142.08 (the seed's lines, Fargate at public rates) + $18.02 for the worker task the
    // bundle deploys (0.5 vCPU x $0.04048 + 1 GB x $0.004445, x 730 h), which the seed omits.
    #expect(abs((aws["monthly_usd"] as? Double ?? 0) - 160.10) < 0.01)
    let awsItems = try #require(aws["items"] as? [[String: Any]])
    let worker = try #require(awsItems.first { ($0["name"] as? String ?? "").contains("worker") })
    #expect(abs((worker["monthly_usd"] as? Double ?? 0) - 18.02) < 0.01 && worker["seed_usd"] as? Double == 0)
    let app = try #require(targets.first { $0["target"] as? String == "digitalocean-app-platform" })
    #expect(app["monthly_usd"] as? Double == 59)
}

@Test func costsTableShowsEveryItemTheSeedFigureAndTheSources() throws {
    let r = try runFreshtrackDeploy(["costs"])
    #expect(r.status == 0)
    let expectedLines = CostReport.table(CostModel.compare(needs: nil)).split(separator: "\n")
    #expect(r.stdout.split(separator: "\n") == expectedLines)
    for option in CostModel.compare(needs: nil).options {
        for item in option.items { #expect(r.stdout.contains(item.name), "\(item.name) not shown") }
    }
    #expect(r.stdout.contains("72.08") && r.stdout.contains("40.00*"))
    #expect(r.stdout.contains("The seed's estimate has no such line (it leaves out the worker"))
    #expect(r.stdout.contains("$0.04048 per vCPU-hour"))
    #expect(r.stdout.contains("Assumptions:"))
}

@Test func costsFollowUsersAndEnvironment() throws {
    func awsTotal(_ args: [String]) throws -> Double {
        let r = try runFreshtrackDeploy(["costs", "--format", "json"] + args)
        let targets = try #require(try jsonObject(r.stdout)["targets"] as? [[String: Any]])
        return try #require(targets.first { $0["target"] as? String == "aws" }?["monthly_usd"] as? Double)
    }
    #expect(try awsTotal(["--users", "20000"]) > awsTotal([]))
    #expect(try awsTotal(["--environment", "staging"]) < awsTotal([]))
    // An answers file's needs are priced like the same flags, and a flag overrides the file.
    let dir = TempDirectory.makeURL("ftd-costs")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("answers.yaml")
    try "needs:\n  users: 20000\n  budget_usd_per_month: 500\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(try awsTotal(["--answers", file.path]) == awsTotal(["--users", "20000"]))
    #expect(try awsTotal(["--answers", file.path, "--users", "1000"]) == awsTotal(["--users", "1000"]))
}

@Test(arguments: [
    (["costs", "--environment", "prod"], "The value 'prod' is invalid for '--environment <env>'. Please provide one of 'production', 'staging' or 'dev'."),
    (["costs", "--format", "csv"], "The value 'csv' is invalid for '--format <format>'. Please provide one of 'table' and 'json'."),
    (["costs", "--budget=-5"], "--budget: '-5' is out of range; use an integer >= 0"),
    (["costs", "--budget", "-5"], "--budget: '-5' is out of range; use an integer >= 0"),
    (["recommend", "--users", "1200", "--budget", "-5"], "--budget: '-5' is out of range; use an integer >= 0"),
])
func badCostsFlagsNameTheFlagTheValueAndWhatIsAllowed(arguments: [String], message: String) throws {
    let r = try runFreshtrackDeploy(arguments)
    #expect(r.status == 64)
    #expect(r.stderr.contains(message), "\(r.stderr)")
}

/// No Budget column unless a budget was given (--budget or the answers file).
@Test(arguments: [(["--users", "1000"], false), (["--traffic", "spiky"], false), (["--environment", "staging"], false),
                  (["--users", "1000", "--budget", "50"], true), (["--budget", "0"], true)])
func budgetColumnOnlyWithABudget(_ args: [String], _ shown: Bool) throws {
    let r = try runFreshtrackDeploy(["costs"] + args)
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
    let r = try runFreshtrackDeploy(["costs", "--answers", file, "--users", "2000"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Budget $"), "\(r.stdout)")
}

/// Dev says what its figures are, with the singular "user".
@Test func devSaysWhatItsFiguresMean() throws {
    let r = try runFreshtrackDeploy(["costs", "--environment", "dev"])
    #expect(r.status == 0)
    #expect(!r.stdout.contains("1 users"), "\(r.stdout)")
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "Monthly cost in USD, dev (1 user, single instances, steady traffic)")
    #expect(lines.dropFirst().first?.hasPrefix("Dev on a laptop (docker compose) costs nothing;") == true, "\(r.stdout)")
    let prod = try runFreshtrackDeploy(["costs", "--users", "1"])
    #expect(prod.stdout.hasPrefix("Monthly cost in USD, production, 1 user, steady traffic\n"), "\(prod.stdout)")
}

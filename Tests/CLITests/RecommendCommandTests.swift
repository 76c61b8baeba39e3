import Foundation
import Testing
import TestSupport
@testable import DeployKit

@Test func recommendHelpListsTheFlags() throws {
    let r = try runFreshtrackDeploy(["recommend", "--help"])
    #expect(r.status == 0)
    for flag in ["--answers", "--users", "--budget", "--compliance", "--traffic", "--multi-region", "--format"] {
        #expect(r.stdout.contains(flag), "help lacks \(flag)")
    }
    // The allowed values, listed by ArgumentParser from the option's type (help wraps lines).
    let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for values in ["(values: steady, growing, spiky)", "(values: none, hipaa, soc2)", "(values: text, json; default: text)"] {
        #expect(help.contains(values), "help lacks \(values)")
    }
}

@Test func recommendJSONHasExactlyTheDocumentedShape() throws {
    let r = try runFreshtrackDeploy(["recommend", "--users", "300", "--budget", "100", "--compliance", "hipaa",
                        "--multi-region", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let root = try jsonObject(r.stdout)
    #expect(Set(root.keys) == ["recommended", "ranking", "conflicts"])
    let ranking = try #require(root["ranking"] as? [[String: Any]])
    #expect(ranking.count == 3)
    #expect(Set(ranking.compactMap { $0["target"] as? String }) == ["selfhosted", "digitalocean", "aws"])
    #expect(ranking.first?["target"] as? String == root["recommended"] as? String)
    for entry in ranking {
        #expect(Set(entry.keys) == ["target", "score", "reasons"])
        let reasons = try #require(entry["reasons"] as? [[String: Any]])
        for reason in reasons { #expect(Set(reason.keys) == ["criterion", "answer", "points", "text"]) }
    }
    // The same needs through the library: the binary prints the library's decision.
    let lib = Recommender.recommend(Needs(users: 300, budgetUSDPerMonth: 100, compliance: .hipaa, multiRegion: true))
    #expect(root["recommended"] as? String == lib.recommended.rawValue)
    let conflicts = try #require(root["conflicts"] as? [[String: Any]])
    #expect(conflicts.compactMap { $0["id"] as? String } == lib.conflicts.map(\.id))
    #expect(conflicts.contains { ($0["id"] as? String) == "compliance-budget" })
    // Keys are sorted: "conflicts" < "ranking" < "recommended" in the text itself.
    let c = try #require(r.stdout.range(of: "\"conflicts\""))
    let rk = try #require(r.stdout.range(of: "\"ranking\""))
    #expect(c.lowerBound < rk.lowerBound)
}

@Test func recommendReadsTheNeedsOfAnAnswersFileAndFlagsOverrideThem() throws {
    let dir = TempDirectory.makeURL("ftd-rec")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("answers.yaml")
    try """
    version: 1
    environment: production
    needs:
      users: 8000
      budget_usd_per_month: 1000
      compliance: none
      traffic: growing
      multi_region: false
    target: recommended
    """.write(to: file, atomically: true, encoding: .utf8)
    let fromFile = try runFreshtrackDeploy(["recommend", "--answers", file.path, "--format", "json"])
    #expect(fromFile.status == 0, "\(fromFile.stderr)")
    #expect(try jsonObject(fromFile.stdout)["recommended"] as? String == "aws")
    let overridden = try runFreshtrackDeploy(["recommend", "--answers", file.path, "--users", "200", "--budget", "60", "--format", "json"])
    #expect(try jsonObject(overridden.stdout)["recommended"] as? String == "selfhosted")
    let text = try runFreshtrackDeploy(["recommend", "--answers", file.path])
    #expect(text.stdout.contains("Recommended: AWS"))
    #expect(text.stdout.contains("Best For [8000 users]"))
}

@Test func aBadNeedsSectionReportsEveryProblemWithItsPath() throws {
    let dir = TempDirectory.makeURL("ftd-rec")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("answers.yaml")
    try "needs:\n  users: 0\n  budget_usd_per_month: lots\n  compliance: gdpr\n  trafic: steady\n"
        .write(to: file, atomically: true, encoding: .utf8)
    let r = try runFreshtrackDeploy(["recommend", "--answers", file.path])
    #expect(r.status != 0)
    #expect(r.stdout.isEmpty)
    for expected in ["needs.users (line 2): \"0\" must be a whole number >= 1",
                     "needs.budget_usd_per_month (line 3): \"lots\" must be a whole number >= 0",
                     "needs.compliance (line 4): \"gdpr\" must be one of: none, hipaa, soc2",
                     "needs.trafic (line 5): is not a known key; did you mean `traffic`?"] {
        #expect(r.stderr.contains(expected), "missing: \(expected)\n\(r.stderr)")
    }
}

@Test(arguments: [
    (["recommend", "--users", "100", "--budget", "50", "--compliance", "gdpr"], "The value 'gdpr' is invalid for '--compliance <regime>'. Please provide one of 'none', 'hipaa' or 'soc2'."),
    (["recommend", "--users", "100", "--budget", "50", "--traffic", "bursty"], "The value 'bursty' is invalid for '--traffic <shape>'. Please provide one of 'steady', 'growing' or 'spiky'."),
    (["recommend", "--users", "100", "--budget", "50", "--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'."),
    (["recommend", "--users", "0", "--budget", "50"], "--users: '0' is out of range; use an integer >= 1"),
    (["recommend", "--users", "10"], "--budget is required with --users"),
])
func badRecommendFlagsNameTheFlagTheValueAndWhatIsAllowed(arguments: [String], message: String) throws {
    let r = try runFreshtrackDeploy(arguments)
    #expect(r.status == 64)   // EX_USAGE, swift-argument-parser's validation exit code
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
}

/// The conflict texts use the same figures `costs` prints for the same needs,
/// over every option it prices, and never the seed's fixed "$40-50".
@Test func conflictFiguresMatchCosts() throws {
    let flags = ["--users", "6000", "--budget", "30", "--traffic", "spiky"]
    let rec = try runFreshtrackDeploy(["recommend"] + flags + ["--compliance", "hipaa", "--multi-region"])
    #expect(rec.status == 0, "\(rec.stderr)")
    /// The cheapest option in a `costs --format json` output: its name and its figure.
    func cheapestOf(_ json: String) throws -> (count: Int, name: String, usd: String) {
        let targets = try #require(try jsonObject(json)["targets"] as? [[String: Any]])
        let priced = targets.compactMap { t -> (CostOption, Double)? in
            guard let raw = t["target"] as? String, let o = CostOption(rawValue: raw), let m = t["monthly_usd"] as? Double else { return nil }
            return (o, m)
        }
        #expect(priced.count == targets.count)
        let best = try #require(priced.min { $0.1 < $1.1 })
        return (targets.count, Recommender.optionName(best.0), Recommender.usd(best.1))
    }
    let costs = try runFreshtrackDeploy(["costs", "--format", "json"] + flags)
    let now = try cheapestOf(costs.stdout)
    #expect(now.count == 4)
    #expect(rec.stdout.contains("below every option `costs` prices (all \(now.count)): the cheapest at this sizing, \(now.name), costs about $\(now.usd)/month"), "\(rec.stdout)")
    #expect(!rec.stdout.contains("$40-50"), "\(rec.stdout)")
    // The start-smaller alternative is priced by costs at the reference 1,000 users.
    let small = try cheapestOf(try runFreshtrackDeploy(["costs", "--format", "json", "--users", "1000", "--traffic", "spiky"]).stdout)
    #expect(rec.stdout.contains("at 1,000 users the cheapest option, \(small.name), costs about $\(small.usd)/month"), "\(rec.stdout)")
    // At or below the reference users there is nothing smaller to start with.
    let tiny = Recommender.recommend(Needs(users: 100, budgetUSDPerMonth: 10))
    let c = try #require(tiny.conflicts.first { $0.id == "budget-below-every-option" })
    #expect(!c.alternatives.contains { $0.contains("Start smaller") || $0.contains("{") })
}

/// The same needs give the same recommendation, byte for byte, in every process: Swift seeds
/// its hashing per process, so any Set or Dictionary order leaking into the ranking, the
/// reasons or the conflicts shows up between runs (two calls in one process cannot see it).
@Test func theRecommendationIsTheSameInEveryProcess() throws {
    // Needs that give conflicts and reasons from every criterion.
    let needs = ["--users", "6000", "--budget", "30", "--compliance", "hipaa", "--traffic", "spiky", "--multi-region"]
    for format in ["json", "text"] {
        let runs = try (0..<4).map { _ in try runFreshtrackDeploy(["recommend"] + needs + ["--format", format]) }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        #expect(Set(runs.map(\.stdout)).count == 1, "\(format) output differs between runs:\n\(runs.map(\.stdout).joined(separator: "\n---\n"))")
        #expect(runs[0].stdout.lowercased().contains("conflict"), "\(runs[0].stdout)")
    }
}

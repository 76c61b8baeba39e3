import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// The seed's own totals (the research's "Cost Estimate" blocks and the matrix's
/// self-hosted "$40-80"; README, "Costs"), typed here from the research, not from
/// pricing.yaml.
private let seedTotals: [CostOption: Double] = [
    .aws: 110, .digitalocean: 44, .digitaloceanAppPlatform: 47, .selfhosted: 40,
]

@Test func priceListParsesAndCoversEveryOptionAndEnvironment() throws {
    let list = try PriceList.parse(Assets.required("pricing.yaml"))
    #expect(Set(list.options.map(\.option)) == Set(CostOption.allCases))
    for option in list.options {
        #expect(!option.items.isEmpty, "\(option.option) has no items")
        for item in option.items {
            #expect(!item.source.isEmpty && !item.growth.isEmpty, "\(item.name) lacks source or growth")
            #expect(item.date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
                    "\(item.name): date \(item.date) is not YYYY-MM-DD")
        }
    }
}

@Test func priceListWithAMissingOptionIsRejected() throws {
    let yaml = Assets.required("pricing.yaml")
    let cut = yaml.components(separatedBy: "  - option: aws")[0]
    #expect(throws: PriceListError.optionMissing(.aws)) { try PriceList.parse(cut) }
}

@Test(arguments: CostOption.allCases)
func referenceSizingReproducesTheSeedTotals(option: CostOption) throws {
    let comparison = CostModel.compare(needs: nil)
    let cost = try #require(comparison.cost(of: option))
    #expect(cost.seedTotalUSD == seedTotals[option], "\(option): seed total \(cost.seedTotalUSD)")
    // Every item's seed figure (or its computed figure when it has none) sums to the total.
    let sum = cost.items.reduce(0) { $0 + ($1.seedUSD ?? $1.monthlyUSD) }
    #expect(abs(sum - cost.seedTotalUSD) < 0.005)
    #expect(cost.lowUSD <= cost.monthlyUSD && cost.monthlyUSD <= cost.highUSD)
}

/// The lines the seed's estimates list, at the seed's figures (the seed has no worker line
/// on App Platform or AWS: those lines are `inSeed == false`, seed figure 0, and are the
/// only lines left out here; CostWorkerTests prices them).
@Test func referenceItemsAreTheSeedsLineItems() throws {
    let c = CostModel.compare(needs: nil)
    let aws = try #require(c.cost(of: .aws))
    #expect(aws.items.filter(\.inSeed).map { $0.seedUSD ?? $0.monthlyUSD } == [40, 30, 15, 5, 20])
    #expect(aws.items.filter { !$0.inSeed }.map(\.name) == ["ECS Fargate worker task (0.5 vCPU, 1 GB, Linux/x86)"])
    #expect(aws.items.filter { !$0.inSeed }.allSatisfy { $0.seedUSD == 0 })
    let droplet = try #require(c.cost(of: .digitalocean))
    #expect(droplet.items.map(\.monthlyUSD) == [24, 15, 5])
    #expect(droplet.items.allSatisfy { $0.inSeed })
    let app = try #require(c.cost(of: .digitaloceanAppPlatform))
    #expect(app.items.filter(\.inSeed).map(\.monthlyUSD) == [12, 15, 15, 5])
    #expect(app.items.filter(\.inSeed).map { $0.seedUSD ?? $0.monthlyUSD } == [12, 15, 15, 5])
    #expect(app.items.filter { !$0.inSeed }.map(\.name) == ["App Platform worker container (apps-s-1vcpu-1gb, 1 instance)"])
    #expect(app.items.filter { !$0.inSeed }.allSatisfy { $0.seedUSD == 0 })
    let vm = try #require(c.cost(of: .selfhosted))
    #expect(vm.lowUSD == 40 && vm.highUSD == 80)   // the matrix's "$40-80"
}

/// The seed's Fargate figure is low: at the public rates (https://aws.amazon.com/fargate/pricing/,
/// us-east-1, in assets/pricing.yaml) 2 tasks x (1 vCPU x $0.04048 + 2 GB x $0.004445) x
/// 730 h = $72.08, shown beside the seed's ~$40.
@Test func fargateIsPricedFromPublicRatesWithTheSeedFigureBeside() throws {
    let aws = try #require(CostModel.compare(needs: nil).cost(of: .aws))
    let fargate = try #require(aws.items.first { $0.name.contains("Fargate") })
    let expected = 2 * (1 * 0.04048 + 2 * 0.004445) * 730
    #expect(abs(fargate.monthlyUSD - expected) < 0.01, "computed \(fargate.monthlyUSD)")
    #expect(fargate.seedUSD == 40)
    #expect(fargate.lowUSD == 40)
    // Plus the seed's other $70 and the worker task the seed leaves out (0.5 vCPU, 1 GB).
    let worker = (0.5 * 0.04048 + 1 * 0.004445) * 730
    #expect(abs(aws.monthlyUSD - (expected + worker + 70)) < 0.01)
    #expect(fargate.source.contains("0.04048") && fargate.source.contains("seed"))
}

@Test func usersOfTheReferenceSizingGiveTheReferenceTotals() {
    let ref = CostModel.compare(needs: nil)
    let same = CostModel.compare(needs: Needs(users: 1000, budgetUSDPerMonth: 0))
    #expect(ref.options.map(\.monthlyUSD) == same.options.map(\.monthlyUSD))
}

@Test(arguments: CostOption.allCases, Traffic.allCases)
func costsNeverFallAsUsersGrow(option: CostOption, traffic: Traffic) throws {
    var previous: OptionCost?
    for users in [1, 100, 499, 500, 999, 1000, 1001, 2500, 2501, 5000, 5001, 10_000, 25_000, 100_000, 1_000_000] {
        let cost = try #require(CostModel.compare(needs: Needs(users: users, budgetUSDPerMonth: 0, traffic: traffic))
            .cost(of: option))
        if let p = previous {
            #expect(cost.monthlyUSD >= p.monthlyUSD, "\(option) \(traffic): \(users) users cost less than fewer")
            #expect(cost.highUSD >= p.highUSD)
            #expect(cost.lowUSD >= p.lowUSD)
        }
        #expect(cost.lowUSD <= cost.monthlyUSD && cost.monthlyUSD <= cost.highUSD)
        previous = cost
    }
    let small = try #require(CostModel.compare(needs: Needs(users: 100, budgetUSDPerMonth: 0)).cost(of: option))
    let large = try #require(CostModel.compare(needs: Needs(users: 50_000, budgetUSDPerMonth: 0)).cost(of: option))
    #expect(large.monthlyUSD > small.monthlyUSD, "\(option) does not grow with users at all")
}

@Test func spikyTrafficCostsMoreThanSteadyForFixedMachines() throws {
    let steady = CostModel.compare(needs: Needs(users: 900, budgetUSDPerMonth: 0, traffic: .steady))
    let spiky = CostModel.compare(needs: Needs(users: 900, budgetUSDPerMonth: 0, traffic: .spiky))
    // A 900-user VM at 2x peak needs the next size; the range widens too.
    #expect(try #require(spiky.cost(of: .selfhosted)).monthlyUSD > #require(steady.cost(of: .selfhosted)).monthlyUSD)
    // 3,000 users: two Fargate tasks on average; the spiky high end prices more tasks.
    let steady3k = CostModel.compare(needs: Needs(users: 3000, budgetUSDPerMonth: 0, traffic: .steady))
    let spiky3k = CostModel.compare(needs: Needs(users: 3000, budgetUSDPerMonth: 0, traffic: .spiky))
    #expect(try #require(spiky3k.cost(of: .aws)).highUSD > #require(steady3k.cost(of: .aws)).highUSD)
}

@Test func stagingAndDevAreSmallerThanProduction() throws {
    let needs = Needs(users: 8000, budgetUSDPerMonth: 0)
    let prod = CostModel.compare(needs: needs, environment: .production)
    let staging = CostModel.compare(needs: needs, environment: .staging)
    let dev = CostModel.compare(needs: needs, environment: .dev)
    for option in CostOption.allCases {
        let p = try #require(prod.cost(of: option)).monthlyUSD
        let s = try #require(staging.cost(of: option)).monthlyUSD
        let d = try #require(dev.cost(of: option)).monthlyUSD
        #expect(s <= p && d <= s, "\(option): prod \(p) staging \(s) dev \(d)")
    }
    // Staging needs no second Fargate task: one task, below the production minimum of two.
    let fargate = try #require(staging.cost(of: .aws)?.items.first { $0.name.contains("Fargate") })
    #expect(fargate.quantity == "1")
    #expect(staging.users == 800 && dev.users == 1)
}

@Test func assumptionsAreStated() {
    let c = CostModel.compare(needs: nil)
    #expect(c.assumptions.count >= 5)
    #expect(c.assumptions.contains { $0.contains("730 hours") })
}

@Test func absurdUserCountsPriceWithoutTrapping() throws {
    let c = CostModel.compare(needs: Needs(users: Int.max, budgetUSDPerMonth: Int.max, traffic: .spiky))
    for o in c.options { #expect(o.monthlyUSD.isFinite && o.highUSD >= o.monthlyUSD) }
    let r = Recommender.recommend(Needs(users: Int.max, budgetUSDPerMonth: 0))
    #expect(r.ranking.count == 3)
}

/// A mistyped, misspelt or missing key in the price list is refused with the file, the
/// key's path, the value and what is allowed (never silently defaulted).
@Test func priceListFieldErrorsNameThePathTheValueAndWhatIsAllowed() throws {
    let yaml = Assets.required("pricing.yaml")
    func error(_ edited: String) -> String {
        #expect(edited != yaml, "the edit did not apply")
        do { _ = try PriceList.parse(edited); return "parsed" } catch {
            guard case .field? = error as? PriceListError else { return "not a field error: \(error)" }
            return "\(error)"
        }
    }
    #expect(error(yaml.replacingOccurrences(of: "hours_per_month: 730", with: "hours_per_month: lots"))
        == "pricing.yaml: hours_per_month is \"lots\"; expected a number")
    let misspelt = error(yaml.replacingOccurrences(of: "elastic_peak_share:", with: "elastic_peak_shar:"))
    #expect(misspelt.hasPrefix("pricing.yaml: traffic.elastic_peak_shar: unknown key; allowed here: elastic_peak_share, headroom, peak_factor"))
    let kind = error(yaml.replacingOccurrences(of: "kind: fixed", with: "kind: fixd"))
    #expect(kind.hasPrefix("pricing.yaml: options[") && kind.contains("].items[") && kind.hasSuffix(".scale.kind is \"fixd\"; expected one of fixed, count, size"))
    #expect(error(yaml.replacingOccurrences(of: "reference_users: 1000\n", with: "")) == "pricing.yaml: reference_users is missing; expected a whole number")
    #expect(error("options: [") .hasPrefix("pricing.yaml: not valid YAML"))
}

/// Every figure of the embedded price list reads as the YAML says (PyYAML is the oracle:
/// its load of assets/pricing.yaml, flattened, equals ours).
@Test func priceListValuesEqualPyYAMLsReading() throws {
    let script = """
    import json, sys, yaml
    d = yaml.safe_load(open(sys.argv[1]))
    for o in d["options"]:
        for i in o["items"]:
            p = i["price"]
            print(o["option"], i["name"], p.get("usd_per_month"), p.get("usd_per_month_high"),
                  sum(c["usd"] * c["amount"] for c in p.get("per_hour") or []), i.get("seed_usd_per_unit"),
                  i["scale"]["kind"], i["scale"].get("users_per_unit"), i["scale"].get("min_units"),
                  i["scale"].get("users_per_step"), i["scale"].get("max_doublings"), i.get("elastic"), sep="|")
    """
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../assets/pricing.yaml").standardized.path
    let python = try Subprocess.python3(["-c", script, path])
    try #require(python.status == 0, "python3 with PyYAML is needed (scripts/test installs it)")
    func py(_ v: Double?) -> String { v.map { "\($0)" } ?? "None" }
    /// Numbers compared as numbers (PyYAML prints `24` where Swift prints `24.0`).
    func normalise(_ line: String) -> String {
        line.split(separator: "|", omittingEmptySubsequences: false)
            .map { Double($0).map { String(format: "%.10g", $0) } ?? String($0) }.joined(separator: "|")
    }
    func py(_ v: Int?) -> String { v.map(String.init) ?? "None" }
    func py(_ v: Bool?) -> String { v.map { $0 ? "True" : "False" } ?? "None" }
    let list = PriceList.embedded
    var ours: [String] = []
    for o in list.options {
        for i in o.items {
            let hourly = (i.price.perHour ?? []).reduce(0.0) { $0 + $1.usd * $1.amount }
            ours.append([o.option.rawValue, i.name, py(i.price.usdPerMonth), py(i.price.usdPerMonthHigh),
                         hourly == 0 ? "0" : "\(hourly)", py(i.seedUsdPerUnit), i.scale.kind.rawValue,
                         py(i.scale.usersPerUnit), py(i.scale.minUnits), py(i.scale.usersPerStep),
                         py(i.scale.maxDoublings), py(i.elastic)].joined(separator: "|"))
        }
    }
    let theirs = python.stdout.split(separator: "\n").map(String.init)
    #expect(ours.count == theirs.count && ours.count > 10)
    for (a, b) in zip(ours, theirs) { #expect(normalise(a) == normalise(b)) }
}

/// Auto-scaled items pay for the peak a quarter of the time, in whole units.
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

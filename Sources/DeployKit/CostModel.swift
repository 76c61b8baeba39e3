import Foundation

/// A priced deployment option (DigitalOcean has two: the Droplet hybrid and App Platform).
public enum CostOption: String, CaseIterable, Sendable, Hashable, Codable {
    case selfhosted
    case digitalocean
    case digitaloceanAppPlatform = "digitalocean-app-platform"
    case aws

    /// The option a bundle target is priced as (DigitalOcean is written as the hybrid).
    public init(_ target: Target) {
        switch target {
        case .selfhosted: self = .selfhosted
        case .digitalocean: self = .digitalocean
        case .aws: self = .aws
        }
    }

    /// The bundle target this option deploys as; `nil` for App Platform (no Compose bundle).
    public var target: Target? {
        switch self {
        case .selfhosted: return .selfhosted
        case .digitalocean: return .digitalocean
        case .digitaloceanAppPlatform: return nil
        case .aws: return .aws
        }
    }
}

/// One line item of a monthly bill.
public struct CostItem: Sendable, Hashable {
    public var name: String
    /// USD per month at the sizing computed from the answers.
    public var monthlyUSD: Double
    /// Where the unit price comes from (the seed, or a price page with its date).
    public var source: String
    /// The seed's own figure for this item at the same sizing, when the computed figure
    /// comes from a public price that differs from the seed (Fargate: the rates of
    /// https://aws.amazon.com/fargate/pricing/ give more than the seed's figure; README, "Costs").
    public var seedUSD: Double?
    /// Low and high end for this item, USD per month (see `CostComparison.assumptions`).
    public var lowUSD: Double
    public var highUSD: Double
    /// The sizing behind `monthlyUSD`, e.g. `2 x task` or `size x2`.
    public var quantity: String
    /// How the quantity grows with users (from `assets/pricing.yaml`).
    public var growth: String
    /// Date the price was read (ISO 8601 day).
    public var date: String
    /// False for a line the seed's estimate leaves out (the App Platform and ECS worker):
    /// its `seedUSD` is then 0, so the seed's total stays the seed's own figure.
    public var inSeed: Bool = true

    public init(name: String, monthlyUSD: Double, source: String, seedUSD: Double? = nil) {
        self.init(name: name, monthlyUSD: monthlyUSD, source: source, seedUSD: seedUSD,
                  lowUSD: monthlyUSD, highUSD: monthlyUSD, quantity: "1", growth: "", date: "")
    }

    public init(name: String, monthlyUSD: Double, source: String, seedUSD: Double?,
                lowUSD: Double, highUSD: Double, quantity: String, growth: String, date: String) {
        self.name = name
        self.monthlyUSD = monthlyUSD
        self.source = source
        self.seedUSD = seedUSD
        self.lowUSD = lowUSD
        self.highUSD = highUSD
        self.quantity = quantity
        self.growth = growth
        self.date = date
    }
}

/// One option's monthly cost.
public struct OptionCost: Sendable, Hashable {
    public var option: CostOption
    /// Total USD per month.
    public var monthlyUSD: Double
    /// Low and high end of the range, USD per month.
    public var lowUSD: Double
    public var highUSD: Double
    public var items: [CostItem]
    /// Display name, e.g. `DigitalOcean hybrid (Droplet + managed PostgreSQL + Spaces)`.
    public var name: String
    /// The seed's total for this option at the same sizing (items' `seedUSD`, else their
    /// computed figure), USD per month.
    public var seedTotalUSD: Double
    /// The seed's own range for the option, verbatim (e.g. `$110-200+`), when it gives one.
    public var seedRange: String?

    public init(option: CostOption, monthlyUSD: Double, lowUSD: Double, highUSD: Double, items: [CostItem]) {
        self.init(option: option, monthlyUSD: monthlyUSD, lowUSD: lowUSD, highUSD: highUSD, items: items,
                  name: option.rawValue, seedTotalUSD: items.reduce(0) { $0 + ($1.seedUSD ?? $1.monthlyUSD) },
                  seedRange: nil)
    }

    public init(option: CostOption, monthlyUSD: Double, lowUSD: Double, highUSD: Double, items: [CostItem],
                name: String, seedTotalUSD: Double, seedRange: String?) {
        self.option = option
        self.monthlyUSD = monthlyUSD
        self.lowUSD = lowUSD
        self.highUSD = highUSD
        self.items = items
        self.name = name
        self.seedTotalUSD = seedTotalUSD
        self.seedRange = seedRange
    }
}

/// Side-by-side costs of every option.
public struct CostComparison: Sendable, Hashable {
    /// One entry per `CostOption`, in `CostOption.allCases` order.
    public var options: [OptionCost]
    /// The stated assumptions the scaling rests on.
    public var assumptions: [String]
    /// The sizing priced: users after the environment's scaling, traffic, environment.
    public var users: Int
    public var traffic: Traffic
    public var environment: DeployEnvironment

    public init(options: [OptionCost], assumptions: [String]) {
        self.init(options: options, assumptions: assumptions, users: 0, traffic: .steady, environment: .production)
    }

    public init(options: [OptionCost], assumptions: [String], users: Int, traffic: Traffic,
                environment: DeployEnvironment) {
        self.options = options
        self.assumptions = assumptions
        self.users = users
        self.traffic = traffic
        self.environment = environment
    }

    /// The cost of one option; `nil` only if the price list lacks it (a test forbids that).
    public func cost(of option: CostOption) -> OptionCost? {
        options.first { $0.option == option }
    }
}

// MARK: - The price list (assets/pricing.yaml)

/// The parsed `assets/pricing.yaml`. Field meanings are documented in that file.
public struct PriceList: Sendable, Hashable {
    public struct TrafficFactors: Sendable, Hashable {
        public var steady: Double
        public var growing: Double
        public var spiky: Double
        public subscript(_ t: Traffic) -> Double {
            switch t {
            case .steady: return steady
            case .growing: return growing
            case .spiky: return spiky
            }
        }
    }

    public struct TrafficRules: Sendable, Hashable {
        /// Peak load as a multiple of the average.
        public var peakFactor: TrafficFactors
        /// Share of the month (0...1) an elastic item runs at peak capacity.
        public var elasticPeakShare: Double
        /// Users multiplier for the high end of the range.
        public var headroom: TrafficFactors
    }

    public struct EnvironmentRule: Sendable, Hashable {
        /// Fraction of `needs.users` the environment is sized for (at least 1 user).
        public var userFraction: Double
        /// Replaces every count item's `min_units` when set.
        public var minUnits: Int?
    }

    public struct HourlyComponent: Sendable, Hashable {
        /// e.g. `vCPU-hour`.
        public var unit: String
        /// USD per `unit`.
        public var usd: Double
        /// How many units one item unit uses per hour (e.g. 2 GB).
        public var amount: Double
    }

    public struct Price: Sendable, Hashable {
        /// Flat USD per month per unit.
        public var usdPerMonth: Double?
        /// High end when the price is a range (self-hosted VM: $40-80).
        public var usdPerMonthHigh: Double?
        /// Hourly components; USD per month = sum(usd x amount) x hours_per_month.
        public var perHour: [HourlyComponent]?
    }

    public enum ScaleKind: String, CaseIterable, Sendable, Hashable {
        case fixed, count, size
    }

    public struct Scale: Sendable, Hashable {
        public var kind: ScaleKind
        public var usersPerUnit: Int?
        public var minUnits: Int?
        public var usersPerStep: Int?
        public var maxDoublings: Int?
    }

    /// What the bundle deploys for a line item (the `deploys` key): the Compose service it
    /// prices and, where the bundle sizes it, the Fargate task size (ECS CPU units, MiB), the
    /// App Platform instance size slug and the instance/task count. Tests hold these to
    /// the rendered bundle (`aws/task-definition-*.json`, `do/app.yaml`).
    public struct Deploys: Sendable, Hashable {
        /// Compose service name, e.g. `worker`.
        public var service: String
        /// Task-level CPU in ECS CPU units (1024 = 1 vCPU).
        public var fargateCPU: Int?
        /// Task-level memory, MiB.
        public var fargateMemoryMiB: Int?
        /// App Platform `instance_size_slug`, e.g. `apps-s-1vcpu-1gb`.
        public var appPlatformInstanceSize: String?
        /// Instances or tasks the bundle runs, for a fixed-count item.
        public var count: Int?
    }

    public struct Item: Sendable, Hashable {
        public var name: String
        /// `compute`, `database`, `cache`, `storage`, `network`, `worker`: only compute
        /// follows traffic.
        public var role: String
        public var elastic: Bool?
        public var price: Price
        /// The seed's USD per month per unit, when the price above is from a public page.
        public var seedUsdPerUnit: Double?
        public var scale: Scale
        public var growth: String
        public var source: String
        public var seedSource: String?
        public var date: String
        /// False (`in_seed: false`) when the seed's estimate has no such line; default true.
        public var inSeed: Bool
        /// What the bundle deploys for this item, when the file says (`deploys`).
        public var deploys: Deploys?
    }

    public struct Option: Sendable, Hashable {
        public var option: CostOption
        public var name: String
        public var seedTotalUsd: Double
        public var seedRange: String?
        public var seedSource: String
        public var items: [Item]
    }

    public var version: Int
    public var hoursPerMonth: Double
    public var referenceUsers: Int
    public var traffic: TrafficRules
    public var environments: [String: EnvironmentRule]
    public var assumptions: [String]
    public var options: [Option]

    /// Parses a price list in the `assets/pricing.yaml` format.
    /// - Throws: `PriceListError` naming the file, the key's path, the value and what is
    ///   allowed when the YAML does not parse or a key is missing, mistyped or unknown; or
    ///   when the list is incomplete (an option or environment missing).
    public static func parse(_ yaml: String) throws -> PriceList {
        let list = try decodeFields(yaml)
        for option in CostOption.allCases where !list.options.contains(where: { $0.option == option }) {
            throw PriceListError.optionMissing(option)
        }
        for env in DeployEnvironment.allCases where list.environments[env.rawValue] == nil {
            throw PriceListError.environmentMissing(env)
        }
        for option in list.options {
            for item in option.items {
                if item.price.usdPerMonth == nil && item.price.perHour == nil {
                    throw PriceListError.priceMissing(option: option.option, item: item.name)
                }
                switch item.scale.kind {
                case .fixed: break
                case .count where (item.scale.usersPerUnit ?? 0) < 1:
                    throw PriceListError.scaleStepBelowOne(item: item.name, scale: .count)
                case .size where (item.scale.usersPerStep ?? 0) < 1:
                    throw PriceListError.scaleStepBelowOne(item: item.name, scale: .size)
                default: break
                }
            }
        }
        return list
    }

    /// The file's fields, typed (see `YAMLFields`); consistency is checked by `parse`.
    private static func decodeFields(_ yaml: String) throws -> PriceList {
        let fail: (String) -> any Error = { PriceListError.field($0) }
        let top = try YAMLFields.document(yaml, file: "pricing.yaml", keys: [
            "version", "hours_per_month", "reference_users", "traffic", "environments", "assumptions", "options",
        ], fail: fail)
        let factorKeys: Set<String> = ["steady", "growing", "spiky"]
        func factors(_ f: YAMLFields) throws -> TrafficFactors {
            TrafficFactors(steady: try f.double("steady"), growing: try f.double("growing"), spiky: try f.double("spiky"))
        }
        let traffic = try top.fields("traffic", keys: ["peak_factor", "elastic_peak_share", "headroom"])
        let environments = try top.fieldsByKey("environments", keys: ["user_fraction", "min_units"]).mapValues {
            EnvironmentRule(userFraction: try $0.double("user_fraction"), minUnits: try $0.optionalInt("min_units"))
        }
        let options = try top.list("options", keys: ["option", "name", "seed_total_usd", "seed_range", "seed_source", "items"]).map { o in
            Option(
                option: try o.value("option"), name: try o.string("name"),
                seedTotalUsd: try o.double("seed_total_usd"), seedRange: try o.optionalString("seed_range"),
                seedSource: try o.string("seed_source"),
                items: try o.list("items", keys: ["name", "role", "elastic", "price", "seed_usd_per_unit", "scale",
                                                  "growth", "source", "seed_source", "date", "in_seed", "deploys"]).map { i in
                    let p = try i.fields("price", keys: ["usd_per_month", "usd_per_month_high", "per_hour"])
                    let s = try i.fields("scale", keys: ["kind", "users_per_unit", "min_units", "users_per_step", "max_doublings"])
                    let d = try i.optionalFields("deploys", keys: ["service", "fargate_cpu", "fargate_memory_mib",
                                                                   "app_platform_instance_size", "count"])
                    return Item(
                        name: try i.string("name"), role: try i.string("role"), elastic: try i.optionalBool("elastic"),
                        price: Price(
                            usdPerMonth: try p.optionalDouble("usd_per_month"),
                            usdPerMonthHigh: try p.optionalDouble("usd_per_month_high"),
                            perHour: try p.optionalList("per_hour", keys: ["unit", "usd", "amount"])?.map {
                                HourlyComponent(unit: try $0.string("unit"), usd: try $0.double("usd"), amount: try $0.double("amount"))
                            }),
                        seedUsdPerUnit: try i.optionalDouble("seed_usd_per_unit"),
                        scale: Scale(kind: try s.value("kind"), usersPerUnit: try s.optionalInt("users_per_unit"),
                                     minUnits: try s.optionalInt("min_units"), usersPerStep: try s.optionalInt("users_per_step"),
                                     maxDoublings: try s.optionalInt("max_doublings")),
                        growth: try i.string("growth"), source: try i.string("source"),
                        seedSource: try i.optionalString("seed_source"), date: try i.string("date"),
                        inSeed: try i.optionalBool("in_seed") ?? true,
                        deploys: try d.map {
                            Deploys(service: try $0.string("service"), fargateCPU: try $0.optionalInt("fargate_cpu"),
                                    fargateMemoryMiB: try $0.optionalInt("fargate_memory_mib"),
                                    appPlatformInstanceSize: try $0.optionalString("app_platform_instance_size"),
                                    count: try $0.optionalInt("count"))
                        })
                })
        }
        return PriceList(
            version: try top.int("version"), hoursPerMonth: try top.double("hours_per_month"),
            referenceUsers: try top.int("reference_users"),
            traffic: TrafficRules(peakFactor: try factors(try traffic.fields("peak_factor", keys: factorKeys)),
                                  elasticPeakShare: try traffic.double("elastic_peak_share"),
                                  headroom: try factors(try traffic.fields("headroom", keys: factorKeys))),
            environments: environments, assumptions: try top.strings("assumptions"), options: options)
    }

    /// The embedded `assets/pricing.yaml` (`Assets.load`: a file that does not read traps).
    public static let embedded: PriceList = Assets.load("pricing.yaml", parse)
}

/// Why a price list (the `assets/pricing.yaml` format) was refused. `description` names
/// the file and the key's path.
public enum PriceListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The YAML does not parse, or a key is missing, mistyped or unknown: `message` (made
    /// by `YAMLFields`) names the file, the key's path, the value and what is allowed.
    case field(String)
    /// The list has no entry for the cost option `option`.
    case optionMissing(CostOption)
    /// The list has no `environments.<environment>` rule.
    case environmentMissing(DeployEnvironment)
    /// The item `item` of `option` has neither `usd_per_month` nor `per_hour`.
    case priceMissing(option: CostOption, item: String)
    /// A scaled item's step is below 1: `scale` is `count` (key `users_per_unit`) or
    /// `size` (key `users_per_step`).
    case scaleStepBelowOne(item: String, scale: PriceList.ScaleKind)

    public var description: String {
        switch self {
        case .field(let message): return message
        case .optionMissing(let option): return "pricing.yaml: option \(option.rawValue) is missing"
        case .environmentMissing(let environment): return "pricing.yaml: environments.\(environment.rawValue) is missing"
        case .priceMissing(let option, let item):
            return "pricing.yaml: \(option.rawValue) item \(item): price needs usd_per_month or per_hour"
        case .scaleStepBelowOne(let item, let scale):
            let key = scale == .size ? "users_per_step" : "users_per_unit"
            return "pricing.yaml: \(item): \(scale.rawValue) scale needs \(key) >= 1"
        }
    }
}

extension PriceList.Item {
    /// USD per month for one unit at list price (hourly components x hours per month).
    func unitUSD(hoursPerMonth: Double) -> Double {
        if let hourly = price.perHour {
            return hourly.reduce(0) { $0 + $1.usd * $1.amount } * hoursPerMonth
        }
        return price.usdPerMonth ?? 0
    }

    /// Cost multiplier and a display quantity for `users` (already scaled).
    func units(users: Double, minUnitsOverride: Int?) -> (multiplier: Double, label: String) {
        switch scale.kind {
        case .fixed:
            return (1, "1")
        case .count:
            let per = Double(scale.usersPerUnit ?? 1)
            let minimum = minUnitsOverride ?? scale.minUnits ?? 1
            let n = max(minimum, Int((users / per).rounded(.up)))
            return (Double(n), "\(n)")
        case .size:
            let per = Double(scale.usersPerStep ?? 1)
            let needed = max(1, Int((users / per).rounded(.up)))
            let largest = 1 << max(0, scale.maxDoublings ?? 0)
            if needed <= largest {
                var size = 1
                while size < needed { size <<= 1 }
                return (Double(size), size == 1 ? "base size" : "size x\(size)")
            }
            let instances = (needed + largest - 1) / largest
            return (Double(largest * instances), "\(instances) x size x\(largest)")
        }
    }
}

/// Prices the options from `assets/pricing.yaml`.
public enum CostModel {
    /// Costs for `needs` in `environment`; `nil` needs means the seed's reference sizing
    /// (`reference_users` of `assets/pricing.yaml`, steady traffic).
    ///
    /// Every option of `CostOption.allCases` is returned, in that order, each with its line
    /// items (USD per month), total, and low-high range; `assumptions` states the rules.
    public static func compare(needs: Needs?, environment: DeployEnvironment = .production) -> CostComparison {
        compare(needs: needs, environment: environment, prices: .embedded)
    }

    /// As `compare(needs:environment:)`, over an explicit price list (tests, edited lists).
    public static func compare(needs: Needs?, environment: DeployEnvironment, prices: PriceList) -> CostComparison {
        let requestedUsers = needs?.users ?? prices.referenceUsers
        let traffic = needs?.traffic ?? .steady
        let env = prices.environments[environment.rawValue]
            ?? PriceList.EnvironmentRule(userFraction: 1, minUnits: nil)
        // Clamped to 10^12 users so that absurd inputs price (absurdly) instead of trapping.
        let users = min(1e12, max(1.0, (Double(max(1, requestedUsers)) * env.userFraction).rounded(.up)))
        let sizing = Sizing(users: users, env: env,
                            peak: prices.traffic.peakFactor[traffic],
                            headroom: prices.traffic.headroom[traffic],
                            share: prices.traffic.elasticPeakShare,
                            hoursPerMonth: prices.hoursPerMonth)

        var options: [OptionCost] = []
        for kind in CostOption.allCases {
            guard let option = prices.options.first(where: { $0.option == kind }) else { continue }
            options.append(optionCost(kind, option, sizing))
        }
        return CostComparison(options: options, assumptions: prices.assumptions,
                              users: Int(users), traffic: traffic, environment: environment)
    }

    /// What every line item is priced for: the average users of the month (after the
    /// environment's fraction and the clamp), the environment's rule, the traffic's peak
    /// factor and headroom, the share of the month elastic items run at peak, and the hours
    /// in a month.
    private struct Sizing {
        let users: Double
        let env: PriceList.EnvironmentRule
        let peak: Double
        let headroom: Double
        let share: Double
        let hoursPerMonth: Double
    }

    /// The cost of `option` (of kind `kind`) for `sizing`: its line items in the price list's
    /// order, their total, the low-high range and the seed's total.
    private static func optionCost(_ kind: CostOption, _ option: PriceList.Option, _ sizing: Sizing) -> OptionCost {
        var items: [CostItem] = []
        for item in option.items {
            items.append(lineItem(item, sizing))
        }
        let total = items.reduce(0) { $0 + $1.monthlyUSD }
        return OptionCost(
            option: kind, monthlyUSD: cents(total),
            lowUSD: cents(items.reduce(0) { $0 + $1.lowUSD }),
            highUSD: cents(items.reduce(0) { $0 + $1.highUSD }),
            items: items, name: option.name,
            seedTotalUSD: cents(items.reduce(0) { $0 + ($1.seedUSD ?? $1.monthlyUSD) }),
            seedRange: option.seedRange)
    }

    /// One priced line: the units billed now and at the headroom, the monthly price, the
    /// seed's figure (0 for a line the seed leaves out), and the low-high range.
    private static func lineItem(_ item: PriceList.Item, _ sizing: Sizing) -> CostItem {
        let isCompute = item.role == "compute"
        let elastic = item.elastic ?? false
        let env = sizing.env, peak = sizing.peak, share = sizing.share
        // Units billed over the month for `base` average users. A fixed machine is
        // sized for the peak. An elastic item (auto-scaled tasks, containers) runs
        // the units the average needs for (1 - share) of the month and the units the
        // peak needs for `share` of it: units are whole, so the share is applied to
        // units, not to users (3 tasks at 6,000 users, 5 at a 12,000-user peak:
        // 0.75 x 3 + 0.25 x 5 = 3.5 task-months).
        func billed(_ base: Double) -> (multiplier: Double, label: String) {
            guard isCompute else { return item.units(users: base, minUnitsOverride: env.minUnits) }
            guard elastic else { return item.units(users: base * peak, minUnitsOverride: env.minUnits) }
            let average = item.units(users: base, minUnitsOverride: env.minUnits)
            let atPeak = item.units(users: base * peak, minUnitsOverride: env.minUnits)
            guard atPeak.multiplier != average.multiplier else { return average }
            let mean = (1 - share) * average.multiplier + share * atPeak.multiplier
            return (mean, "\(average.label)-\(atPeak.label), avg \(Self.quantity(mean))")
        }
        let now = billed(sizing.users)
        let high = billed(sizing.users * sizing.headroom)
        let unit = item.unitUSD(hoursPerMonth: sizing.hoursPerMonth)
        let monthly = unit * now.multiplier
        // A line the seed leaves out has a seed figure of 0 (its total stays the
        // seed's), but the range never drops it: low is the computed price.
        let seed = item.inSeed ? item.seedUsdPerUnit.map { $0 * now.multiplier } : 0
        let low = item.inSeed ? min(monthly, seed ?? monthly) : monthly
        let unitHigh = max(item.price.usdPerMonthHigh ?? unit, unit, item.seedUsdPerUnit ?? unit)
        var source = item.source
        if let s = item.seedSource { source += "; seed figure from \(s)" }
        var line = CostItem(
            name: item.name, monthlyUSD: cents(monthly), source: source,
            seedUSD: seed.map(cents), lowUSD: cents(low), highUSD: cents(unitHigh * high.multiplier),
            quantity: now.label, growth: item.growth, date: item.date)
        line.inSeed = item.inSeed
        return line
    }

    /// A unit count for display: `3` when whole, else up to two decimals (`3.5`, `2.25`).
    static func quantity(_ n: Double) -> String {
        if n == n.rounded() { return String(Int(n)) }
        var t = String(format: "%.2f", n)
        while t.hasSuffix("0") { t.removeLast() }
        return t
    }

    /// Rounds to whole cents.
    static func cents(_ usd: Double) -> Double { (usd * 100).rounded() / 100 }
}

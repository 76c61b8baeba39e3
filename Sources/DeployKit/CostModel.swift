// OWNER: recommend/costs helper. Stub signatures; bodies to be replaced.

/// A priced deployment option (DigitalOcean has two: the Droplet hybrid and App Platform).
public enum CostOption: String, CaseIterable, Sendable, Hashable {
    case selfhosted
    case digitalocean
    case digitaloceanAppPlatform = "digitalocean-app-platform"
    case aws
}

/// One line item of a monthly bill.
public struct CostItem: Sendable, Hashable {
    public var name: String
    /// USD per month at the sizing computed from the answers.
    public var monthlyUSD: Double
    /// Where the unit price comes from (the seed, or a price page with its date).
    public var source: String
    /// The seed's own figure for this item at its reference sizing, when it differs.
    public var seedUSD: Double?

    public init(name: String, monthlyUSD: Double, source: String, seedUSD: Double? = nil) {
        self.name = name
        self.monthlyUSD = monthlyUSD
        self.source = source
        self.seedUSD = seedUSD
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

    public init(option: CostOption, monthlyUSD: Double, lowUSD: Double, highUSD: Double, items: [CostItem]) {
        self.option = option
        self.monthlyUSD = monthlyUSD
        self.lowUSD = lowUSD
        self.highUSD = highUSD
        self.items = items
    }
}

/// Side-by-side costs of every option.
public struct CostComparison: Sendable, Hashable {
    public var options: [OptionCost]
    /// The stated assumptions the scaling rests on.
    public var assumptions: [String]

    public init(options: [OptionCost], assumptions: [String]) {
        self.options = options
        self.assumptions = assumptions
    }
}

/// Prices the options from `assets/pricing.yaml`.
public enum CostModel {
    /// Costs for `needs` in `environment`; `nil` needs means the seed's reference sizing.
    public static func compare(needs: Needs?, environment: DeployEnvironment = .production) -> CostComparison {
        CostComparison(options: [], assumptions: [])
    }
}

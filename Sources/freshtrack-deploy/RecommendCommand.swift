import ArgumentParser
import DeployKit
import Foundation

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

    @Option(name: .long, help: ArgumentHelp("Answers file (YAML), checked as apply checks it; its needs: are ranked.", valueName: "file"))
    var answers: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Expected active users, integer >= 1.", valueName: "n"))
    var users: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Monthly budget in USD, integer >= 0.", valueName: "usd"))
    var budget: Int?

    @Option(name: .long, help: ArgumentHelp("Compliance regime: none, hipaa or soc2 (default none).", valueName: "regime"))
    var compliance: String?

    @Option(name: .long, help: ArgumentHelp("Traffic shape: steady, growing or spiky (default steady).", valueName: "shape"))
    var traffic: String?

    @Flag(name: .long, help: "Deploy to more than one region.")
    var multiRegion = false

    @Option(name: .long, help: ArgumentHelp("Output: text or json.", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        _ = try QuickNeeds.choice("--format", format, ["text", "json"])
        if answers == nil {
            guard users != nil else {
                throw ValidationError("give --answers FILE, or --users N and --budget USD for a quick question")
            }
            guard budget != nil else {
                throw ValidationError("--budget is required with --users: the monthly budget in USD, an integer >= 0")
            }
        }
        try QuickNeeds.check(users: users, budget: budget)
        _ = try compliance.map { try QuickNeeds.compliance($0) }
        _ = try traffic.map { try QuickNeeds.traffic($0) }
    }

    func run() throws {
        var needs: Needs
        if let path = answers {
            needs = try QuickNeeds.fromAnswersFile(path)
        } else {
            needs = Needs(users: users ?? 1, budgetUSDPerMonth: budget ?? 0)
        }
        if let u = users { needs.users = u }
        if let b = budget { needs.budgetUSDPerMonth = b }
        if let c = compliance { needs.compliance = try QuickNeeds.compliance(c) }
        if let t = traffic { needs.traffic = try QuickNeeds.traffic(t) }
        if multiRegion { needs.multiRegion = true }

        let recommendation = Recommender.recommend(needs)
        switch format {
        case "json": print(RecommendationReport.json(recommendation), terminator: "")
        default: print(RecommendationReport.text(recommendation, needs: needs), terminator: "")
        }
    }
}

/// Flag parsing shared by `recommend` and `costs`, and reading `needs:` from an answers file.
enum QuickNeeds {
    /// `value` if it is one of `allowed`, else a ValidationError naming flag, value and the
    /// allowed values.
    static func choice(_ flag: String, _ value: String, _ allowed: [String]) throws -> String {
        guard allowed.contains(value) else {
            throw ValidationError("\(flag): '\(value)' is not allowed; use one of: \(allowed.joined(separator: ", "))")
        }
        return value
    }

    static func compliance(_ value: String) throws -> Compliance {
        Compliance(rawValue: try choice("--compliance", value, Compliance.allCases.map(\.rawValue)))!
    }

    static func traffic(_ value: String) throws -> Traffic {
        Traffic(rawValue: try choice("--traffic", value, Traffic.allCases.map(\.rawValue)))!
    }

    static func environment(_ value: String) throws -> DeployEnvironment {
        DeployEnvironment(rawValue: try choice("--environment", value, DeployEnvironment.allCases.map(\.rawValue)))!
    }

    static func check(users: Int?, budget: Int?) throws {
        if let u = users, u < 1 {
            throw ValidationError("--users: '\(u)' is out of range; use an integer >= 1 (expected active users)")
        }
        if let b = budget, b < 0 {
            throw ValidationError("--budget: '\(b)' is out of range; use an integer >= 0 (USD per month)")
        }
    }

    /// Reads the `needs:` of an answers file with the same rules and messages as `apply`
    /// (other sections may be absent: a needs-only file is a fine quick question).
    /// - Throws: `ValidationError` listing every problem of `needs:`, each with its YAML
    ///   path, line, the bad value and what is allowed.
    static func fromAnswersFile(_ path: String) throws -> Needs {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ValidationError("--answers: cannot read '\(path)': \(error.localizedDescription)")
        }
        do {
            return try AnswersCodec.decodeNeeds(text)
        } catch {
            throw ValidationError("\(path):\n  " + error.issues.map(\.description).joined(separator: "\n  "))
        }
    }
}

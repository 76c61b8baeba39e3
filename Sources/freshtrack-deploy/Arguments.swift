import ArgumentParser
import DeployCommands
import DeployKit

// Option values that are one of a fixed set: ArgumentParser parses them, lists the values
// in --help and refuses any other value naming the option, the value and every allowed one.

extension ReportFormat: ExpressibleByArgument {}
extension Target: ExpressibleByArgument {}
extension DeployEnvironment: ExpressibleByArgument {}
extension Compliance: ExpressibleByArgument {}
extension Traffic: ExpressibleByArgument {}

/// `costs --format`: the table for people (the interactive view on a terminal), or JSON.
enum CostsFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

/// The needs flags `recommend` and `costs` share, and reading `needs:` from `--answers`.
struct NeedsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Answers file (YAML); its needs: are read as apply reads them, and a flag given with it overrides that answer.", valueName: "file"))
    var answers: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Expected active users, integer >= 1.", valueName: "n"))
    var users: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Monthly budget in USD, integer >= 0.", valueName: "usd"))
    var budget: Int?

    @Option(name: .long, help: ArgumentHelp("Traffic shape (default steady).", valueName: "shape"))
    var traffic: Traffic?

    func validate() throws {
        if let u = users, u < 1 {
            throw ValidationError("--users: '\(u)' is out of range; use an integer >= 1 (expected active users)")
        }
        if let b = budget, b < 0 {
            throw ValidationError("--budget: '\(b)' is out of range; use an integer >= 0 (USD per month)")
        }
    }

    /// Whether `--users`, `--budget` or `--traffic` was given.
    var anyFlag: Bool { users != nil || budget != nil || traffic != nil }

    /// `needs` with each of `--users`, `--budget` and `--traffic` that was given in place of
    /// its answer.
    func overriding(_ needs: Needs) -> Needs {
        var n = needs
        if let users { n.users = users }
        if let budget { n.budgetUSDPerMonth = budget }
        if let traffic { n.traffic = traffic }
        return n
    }

    /// The `needs:` of the `--answers` file, nil without `--answers`; read with the same
    /// rules and messages as `apply` (other sections may be absent: a needs-only file is a
    /// fine quick question).
    /// - Throws: `ValidationError` when the file cannot be read, or listing every problem of
    ///   `needs:`, each with its YAML path, line, the bad value and what is allowed.
    func answersNeeds() throws -> Needs? {
        guard let path = answers else { return nil }
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

// Stub: replaced by the helper that owns the `costs` command.
import ArgumentParser

struct Costs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "costs", abstract: "(not built yet)")
    func run() throws { throw ExitCode(1) }
}

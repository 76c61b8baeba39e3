// Stub: replaced by the helper that owns the `recommend` command.
import ArgumentParser

struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recommend", abstract: "(not built yet)")
    func run() throws { throw ExitCode(1) }
}

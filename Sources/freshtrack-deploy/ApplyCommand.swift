// Stub: replaced by the helper that owns the `apply` command.
import ArgumentParser

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "(not built yet)")
    func run() throws { throw ExitCode(1) }
}

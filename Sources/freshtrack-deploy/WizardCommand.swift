// Stub: replaced by the helper that owns the `wizard` command.
import ArgumentParser

struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wizard", abstract: "(not built yet)")
    func run() throws { throw ExitCode(1) }
}

import ArgumentParser
import DeployKit

/// The `freshtrack-deploy` command: with no subcommand it runs the wizard.
@main
struct FreshtrackDeploy: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "freshtrack-deploy",
        abstract: "Take a fresh VM to a correct, secure Docker Compose deployment of FreshTrack Pro.",
        version: version,
        subcommands: [WizardCommand.self, Apply.self, Rotate.self, Recommend.self, Costs.self, Check.self, DoctorCommand.self],
        defaultSubcommand: WizardCommand.self
    )
}

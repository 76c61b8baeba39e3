import ArgumentParser
import BundleWriter
import DeployCommands
import DeployKit
import Foundation

/// `freshtrack-deploy rotate NAME`: replaces one secret of an existing bundle.
struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace one secret of an existing bundle (every per-user copy), keeping the old value as a 0600 backup.",
        discussion: """
            The bundle is read from --dir (its \(TargetSwitch.answersFileName) says which \
            secrets it has). The new value is generated (256 bits from the OS's secure random \
            source) unless --from gives it. The output says which services to restart and \
            what must happen first (for postgres_password: ALTER USER inside the running \
            database, because the postgres image ignores a changed password once its data \
            directory exists). Valid names: \(SecretName.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Argument(help: ArgumentHelp("The secret to replace, e.g. postgres_password.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Bundle directory.", valueName: "dir"))
    var dir: String = "."

    @Option(name: .long, help: ArgumentHelp("Take the new value from file:PATH (one trailing line break removed) or env:NAME instead of generating it.", valueName: "source"))
    var from: String?

    func validate() throws {
        guard SecretName(rawValue: name) != nil else {
            let names = SecretName.allCases.map(\.rawValue)
            // The "did you mean" helper apply's answers-file errors use.
            let hint = FieldRules.suggestion(for: name, among: names).map { "; did you mean `\($0)`? Valid names: " } ?? "; valid names: "
            throw ValidationError("unknown secret \"\(name)\"\(hint)\(names.joined(separator: ", "))")
        }
        if let from, SecretRotation.source(fromArgument: from) == nil {
            throw ValidationError("--from \"\(from)\": must be file:PATH or env:NAME")
        }
    }

    func run() throws {
        let secret = SecretName(rawValue: name)!
        // Resolved through symbolic links, as apply prints it (BundleWriter.prepare).
        let directory = BundleWriter.canonicalDirectory(
            BundleWriter.resolve(".", in: try absoluteBundleDirectory(dir, exitStatus: 1)))
        try requireDirectoryPath(dir, absolute: directory, mayCreate: false)
        let answersPath = directory + "/" + TargetSwitch.answersFileName
        guard FileManager.default.fileExists(atPath: answersPath) else {
            printError("error: \(answersPath) not found; rotate works on a bundle written by `freshtrack-deploy apply` (give its --dir)")
            throw ExitCode(1)
        }
        let answers = try loadAnswers(answersPath, bundle: directory)
        let environment = ProcessInfo.processInfo.environment
        let value: SecretValue, keptOnly: Bool
        do {
            (value, keptOnly) = try SecretRotation.newValue(for: secret, from: from, answers: answers, directory: directory,
                                                            environment: environment)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
        // The planner's strength rule, as the next apply would warn (a generated value passes).
        let weak = Planner.weakSecretWarning(secret, value)
        if let r = try reportingBundleErrors({ try BundleWriter.recoverInterruptedRun(directory: directory) }) {
            print(r.summary)
        }
        let prepared = try reportingBundleErrors {
            try BundleWriter.prepare(answers: answers, directory: directory, environment: environment)
        }
        let report = try reportingBundleErrors {
            try BundleWriter.rotate(prepared, secret: secret, newValue: value)
        }
        print(RotateSummary.text(secret: secret, directory: directory, report: report, answers: answers,
                                 weakWarning: weak, keptOnly: keptOnly), terminator: "")
    }
}

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
        if let from, !(from.hasPrefix("file:") && from.count > 5) && !(from.hasPrefix("env:") && from.count > 4) {
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
        // A secret this bundle's target does not have: refused, unless its file is kept from
        // an earlier target (after a switch), which only --from may replace.
        let keptFile = (answers.secrets.dir.hasSuffix("/") ? answers.secrets.dir : answers.secrets.dir + "/") + "\(secret.rawValue).txt"
        let keptOnly = !RotationAdvice.bundleSecrets(answers).contains(secret)
        if keptOnly {
            guard BundleWriter.secretExists(bundleDirectory: directory)(answers.secrets.dir, secret) else {
                printError("error: \(RotationAdvice.notInBundle(secret, answers: answers))")
                throw ExitCode(1)
            }
            if from == nil {
                printError("error: \(RotationAdvice.keptNeedsFrom(secret, file: keptFile, answers: answers))")
                throw ExitCode(1)
            }
        }
        var source: SecretSource?
        if let from {
            source = from.hasPrefix("file:") ? .file(String(from.dropFirst(5))) : .env(String(from.dropFirst(4)))
        } else if !secret.canGenerate {
            printError("error: \(RotationAdvice.providerFirst(for: secret, answers: answers))")
            throw ExitCode(1)
        }
        let value: SecretValue
        if let source, let from {
            // Errors name --from (what the operator typed), never the value.
            do {
                value = try BundleWriter.readSecretSource(source, for: secret, environment: environment)!
            } catch let error as BundleError {
                printError("error: --from \(from): \(RotateSummary.sourceFailure(error)); nothing was written")
                throw ExitCode(1)
            }
            // The planner's own rules, before anything is written: a value it refuses would
            // make every later apply and rotate fail.
            do { try Planner.checkSecretValue(secret, value) } catch {
                printError("error: --from \(from): \(error.description); nothing was written")
                throw ExitCode(1)
            }
        } else {
            value = SystemSecretGenerator().generate(for: secret)
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

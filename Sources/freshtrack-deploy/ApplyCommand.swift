import ArgumentParser
import BundleWriter
import DeployCommands
import DeployKit
import Foundation

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// `CommandInputs.answers`, printing the error (every issue) to stderr and exiting 1 on a
/// problem, having written nothing.
func loadAnswers(_ path: String, bundle dir: String) throws -> Answers {
    do { return try CommandInputs.answers(path, bundle: dir) } catch {
        printError("error: \(error.description)")
        throw ExitCode(1)
    }
}

/// `--dir` made absolute against the current directory (`BundleWriter.absoluteDirectory`).
/// When the current directory no longer exists (deleted or moved under the shell) and `dir`
/// is relative, prints why and what to do to stderr and exits with `status` before the
/// command does anything else (no probe, no read, no write).
func absoluteBundleDirectory(_ dir: String, exitStatus status: Int32) throws -> String {
    do { return try BundleWriter.absoluteDirectory(dir) } catch {
        printError("error: the current directory no longer exists (was it deleted or moved?), so --dir \(dir) has no location; cd to an existing directory, or pass an absolute --dir")
        throw ExitCode(status)
    }
}

/// Exits 1 with `CommandInputs.directoryPathProblem` on stderr when the existing part of
/// `absolute` is not a directory.
func requireDirectoryPath(_ dirArgument: String, absolute: String, mayCreate: Bool = true) throws {
    if let problem = CommandInputs.directoryPathProblem(dirArgument, absolute: absolute, mayCreate: mayCreate) {
        printError("error: \(problem)")
        throw ExitCode(1)
    }
}

/// Runs `body`, turning a `BundleError` into its message on stderr and exit status 1.
func reportingBundleErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as BundleError {
        printError("error: \(error.description)")
        throw ExitCode(1)
    }
}

/// `freshtrack-deploy apply`: answers in, a bundle on disk out.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write (or update) the deployment bundle in --dir from an answers file.",
        discussion: """
            Every file is rendered and checked before the first one is written; each is then \
            written atomically (temporary file, fsync, rename). Existing secret files are \
            never overwritten (use `rotate`). A changed non-secret file is first copied to \
            <name>.bak.<UTC timestamp> (the newest 5 are kept). The same answers twice write \
            nothing. A run killed half-way is finished or rolled back by the next run, and a \
            lock stops two runs on one directory at once.
            """)

    @Option(name: .long, help: ArgumentHelp("Answers file (YAML, schema version 1).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Bundle directory (created if missing).", valueName: "dir"))
    var dir: String = "."

    @Flag(name: .long, help: "Print the plan (create/update/unchanged/keep, mode, owner, a diff of each non-secret file) and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Move files of ours that the plan no longer uses (another target's overlay, an unused Caddyfile, a left-over aws/ or do/) aside to <name>.bak.<UTC timestamp> instead of leaving them; also after an earlier switch.")
    var prune = false

    func run() throws {
        let directory = BundleWriter.resolve(".", in: try absoluteBundleDirectory(dir, exitStatus: 1))
        try requireDirectoryPath(dir, absolute: directory)
        let previous = TargetSwitch.detectPrevious(directory: directory)
        let answers = try loadAnswers(self.answers, bundle: directory)
        let environment = ProcessInfo.processInfo.environment

        if dryRun {
            if BundleWriter.hasInterruptedRun(directory: directory) {
                print("Note: an interrupted run's journal is in \(directory); a real apply finishes or rolls it back first.\n")
            }
            let prepared = try reportingBundleErrors {
                try BundleWriter.prepare(answers: answers, directory: directory, environment: environment)
            }
            let statuses = try reportingBundleErrors { try BundleWriter.status(prepared) }
            print(DryRunReport.text(prepared: prepared, statuses: statuses, previous: previous, pruneRequested: prune,
                                    dirArgument: dir), terminator: "")
            return
        }

        let recovery = try reportingBundleErrors { try BundleWriter.recoverInterruptedRun(directory: directory) }
        if let recovery { print(recovery.summary + "\n") }
        let prepared = try reportingBundleErrors {
            try BundleWriter.prepare(answers: answers, directory: directory, environment: environment)
        }
        // Stale files of ours, whether this run switches target or an earlier one did.
        let retire = prune ? TargetSwitch.staleFiles(directory: directory, plan: prepared.plan) : []
        let report = try reportingBundleErrors {
            try BundleWriter.write(prepared, options: WriteOptions(retire: retire))
        }
        print(ApplySummary.text(prepared: prepared, report: report, previous: previous, pruneRequested: prune, dirArgument: dir),
              terminator: "")
    }
}


import ArgumentParser
import DeployCommands
import DeployKit
import Foundation
import HostProbe

/// `freshtrack-deploy check`: lints a Compose bundle (ours or hand-edited).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find the mistakes the seed warns about in a Compose bundle.",
        discussion: """
            Reads a base file and overlays, merges them by Docker Compose's rules and reports \
            findings (rule, severity, file:line, service, explanation, fix).
            Inputs: the -f files in order; else COMPOSE_FILE from DIR/.env; else \
            docker-compose.yml with each compose.*.yaml in DIR, one at a time.
            Like Docker Compose, .env and relative secret files are read from the project \
            directory: the directory of the first file (not the current directory).
            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 input could not be read.
            Rules: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(name: .long, help: "Bundle directory.")
    var dir: String = "."

    @Option(name: [.customShort("f"), .customLong("file")], help: "Compose file, relative to --dir; repeat for overlays, in order.")
    var files: [String] = []

    @Option(name: .long, help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        let directory = URL(fileURLWithPath: try absoluteBundleDirectory(dir, exitStatus: 2)).standardizedFileURL.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            FileHandle.standardError.write(Data("check: --dir \(dir): no such directory\n".utf8))
            throw ExitCode(2)
        }
        let report: CheckReport
        do {
            report = try BundleInputs.check(directory: directory, files: files)
        } catch {
            FileHandle.standardError.write(Data("check: could not read the bundle: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(CheckRun.output(report, format: format, directory: directory, files: files), terminator: "")
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

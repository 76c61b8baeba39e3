import ArgumentParser
import DeployCommands
import DeployKit
import Foundation
import HostProbe

/// `freshtrack-deploy doctor`: preflight of the host the bundle will run on.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check this host can run the bundle: Docker, Compose, sizing, ports, DNS, endpoints, secrets, clock.",
        discussion: """
            Every check passes, warns or fails with the reason and the fix; each has a timeout, \
            and nothing is sent to other hosts beyond a TCP or TLS handshake.
            The target comes from --target, else freshtrack-answers.yaml in --dir, else selfhosted.
            Exit status: 0 when nothing failed, 1 when a check failed, 2 when it could not \
            start (e.g. the current directory was deleted and --dir is relative).
            """)

    @Option(name: .long, help: "Bundle directory.")
    var dir: String = "."

    @Option(name: .long, help: "The target the bundle is for.")
    var target: Target?

    @Option(name: .long, help: "Output format.")
    var format: ReportFormat = .text

    @Option(name: .long, help: "Seconds each network probe may take.")
    var timeout: Double = 5

    func validate() throws {
        guard timeout > 0, timeout <= 120 else {
            throw ValidationError("--timeout \(String(format: "%g", timeout)): must be more than 0 and at most 120 seconds")
        }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: try absoluteBundleDirectory(dir, exitStatus: 2)).standardizedFileURL.path
        let showProgress = format == .text && isatty(STDERR_FILENO) == 1
        let report = DoctorRun.report(directory: directory, target: target, timeout: timeout,
                                      dockerHost: ProcessInfo.processInfo.environment["DOCKER_HOST"]) { step in
            if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\rchecking \(step)…".utf8)) }
        }
        if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        print(DoctorRun.output(report, format: format, directory: directory), terminator: "")
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

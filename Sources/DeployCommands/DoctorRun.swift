import DeployKit
import Foundation
import HostProbe

/// What `doctor` does once its arguments are read.
public enum DoctorRun {
    /// The doctor report for `directory`: the target is `target`, else the one in its
    /// `freshtrack-answers.yaml`, else selfhosted (with a warning line first). Shared by
    /// `freshtrack-deploy doctor` and the wizard's welcome screen (`d`).
    public static func report(directory: String, target explicit: Target?, timeout: Double, dockerHost: String?,
                              progress: (String) -> Void) -> DoctorReport {
        let answers = LooseAnswers.read(directory: directory)
        let resolved = explicit ?? answers?.target ?? .selfhosted
        var config = DoctorConfig(directory: directory, target: resolved, answers: answers, dockerHost: dockerHost)
        config.timeout = timeout
        let results = Doctor.run(config, progress: progress)
        var report = DoctorReport(target: resolved, results: results)
        if explicit == nil && answers?.target == nil {
            report.results.insert(DoctorResult(id: "target", title: "Target", status: .warn,
                                               reason: "no --target and no target in freshtrack-answers.yaml; assuming selfhosted",
                                               fix: "pass --target selfhosted|digitalocean|aws"), at: 0)
        }
        return report
    }

    /// What `doctor` prints on stdout: JSON, or the text with `relativePathsNote` first when
    /// a check that did not pass has a fix and `directory` is not the current directory.
    public static func output(_ report: DoctorReport, format: ReportFormat, directory: String) -> String {
        if format == .json { return report.renderJSON() }
        let note = report.results.contains(where: { $0.status != .pass && $0.fix != nil }) ? relativePathsNote(directory) : nil
        return (note ?? "") + report.renderText()
    }
}

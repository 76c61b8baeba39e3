import BundleWriter
import DeployKit
import Foundation
import HostProbe

/// The output format of `check` and `doctor`: text for people, JSON for scripts.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json
}

/// `Fix commands below use paths relative to DIR: run them there (cd DIR).` when `directory`
/// (absolute) is not the current directory, so a fix such as `cat secrets/a.txt >
/// secrets/a.1001.txt` is never run against another bundle; else nil.
public func relativePathsNote(_ directory: String) -> String? {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
    let there = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
    guard here != there else { return nil }
    return "Fix commands below use paths relative to \(directory): run them there (cd \(BundleWriter.shellQuote(directory))).\n"
}

/// What `check` does once its arguments are read.
public enum CheckRun {
    /// What `check` prints on stdout for `report`: JSON, or the text with
    /// `relativePathsNote` first when there are findings and the Compose project directory
    /// of `files` in `directory` is not the current directory.
    public static func output(_ report: CheckReport, format: ReportFormat, directory: String, files: [String]) -> String {
        if format == .json { return report.renderJSON() }
        let note = report.findings.isEmpty ? nil
            : relativePathsNote(BundleInputs.projectDirectory(directory: directory, combination: files))
        return (note ?? "") + report.renderText()
    }
}

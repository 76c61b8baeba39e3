import ArgumentParser
import BundleWriter
import CursesTerminal
import DeployCommands
import DeployKit
import Foundation
import HostProbe
import TerminalUI
import Wizard

/// `freshtrack-deploy` / `freshtrack-deploy wizard [--dir DIR]`: the interactive wizard.
struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Walk through the questions in the terminal and write the bundle.",
        discussion: """
        Needs a terminal of at least 80x24 on stdin and stdout. For scripts and pipes, use \
        `freshtrack-deploy apply --answers FILE` instead; the wizard saves exactly such a file \
        (freshtrack-answers.yaml, never containing secret values) in the bundle directory.
        Keys: arrows, Tab / Shift-Tab, Enter (continue), Esc (back), F1 or ? (help), q (quit).
        """
    )

    /// `--dir`'s default: the current directory.
    static let defaultDirectory = "."

    @Option(name: .long, help: "Bundle directory to write into (created if missing).")
    var dir: String = WizardCommand.defaultDirectory

    /// The bundle directory as an absolute, standardized path, computed once from `--dir`
    /// and the current directory; `nil` when `--dir` is relative and the current directory
    /// cannot be read (e.g. it was deleted).
    static func absoluteBundleDirectory(_ dir: String) -> String? {
        let base: String
        if dir == ".", let cwd = plainWorkingDirectory() {
            // The default `--dir .` (every bare start): the working directory itself, without
            // Foundation's URL machinery before the first frame.
            return cwd
        } else if dir.hasPrefix("/") {
            base = dir
        } else {
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buf, buf.count) != nil else { return nil }
            let cwd = String(cString: buf)
            guard cwd.hasPrefix("/") else { return nil }  // "(unreachable)/..." and the like
            base = cwd + "/" + dir
        }
        return URL(fileURLWithPath: base, isDirectory: true).standardizedFileURL.path
    }

    /// `getcwd()` when it is already in standard form (absolute, no `.`/`..`/empty
    /// component, no trailing `/` except for `/` itself), else nil.
    static func plainWorkingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        let cwd = String(cString: buffer)
        guard cwd.hasPrefix("/") else { return nil }
        if cwd == "/" { return cwd }
        let parts = cwd.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        return cwd
    }

    func run() throws {
        try Self.runWizard(dir: dir)
    }

    /// The wizard on the bundle directory `dir`: what `run()` does, callable without an
    /// ArgumentParser-made instance (see `FreshtrackDeploy.main()`'s fast path).
    /// - Throws: `ExitCode(2)` without a terminal, without a readable current directory or
    ///   when curses cannot start; the wizard's exit status otherwise (130 after Ctrl-C, ...).
    static func runWizard(dir: String) throws {
        guard let absolute = Self.absoluteBundleDirectory(dir) else {
            var err = FileHandle.standardError
            print("""
            freshtrack-deploy: cannot read the current directory (was it deleted or moved?), so \
            --dir \(dir) has no location. cd to an existing directory, or pass an absolute --dir.
            """, to: &err)
            throw ExitCode(2)
        }
        guard CursesTerminal.isInteractive else {
            var err = FileHandle.standardError
            print("""
            freshtrack-deploy: the wizard needs a terminal, but stdin or stdout is not one.
            For scripts and pipes, describe the deployment in an answers file and run:
              freshtrack-deploy apply --answers freshtrack-answers.yaml --dir \(dir)
            (a wizard run saves that file in its bundle directory).
            """, to: &err)
            throw ExitCode(2)
        }
        // Nothing before the first frame that the first frame does not need: curses reads
        // only TERM and NO_COLOR, so the whole environment (which Foundation copies into a
        // dictionary) is read when the engine first needs it, for `env:` secret sources.
        var cursesEnvironment: [String: String] = [:]
        for name in ["TERM", "NO_COLOR"] {
            if let value = getenv(name) { cursesEnvironment[name] = String(cString: value) }
        }
        let engine = WizardEngine(absoluteDirectory: absolute) { ProcessInfo.processInfo.environment }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(environment: cursesEnvironment)
        } catch {
            var err = FileHandle.standardError
            print("freshtrack-deploy: \(error)", to: &err)
            throw ExitCode(2)
        }
        let status = WizardRuntime.run(terminal: terminal, start: Wizard.start(directory: engine.absoluteDirectory, size: terminal.size),
                                       perform: { engine.perform($0, send: $1) })
        terminal.end()
        if let text = engine.summaryText {
            // Keep the outcome in the scrollback once the alternate screen is gone: the same
            // summary `apply` prints.
            print(text, terminator: "")
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

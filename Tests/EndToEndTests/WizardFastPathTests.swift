import Foundation
import Testing
import TestSupport

/// A bare `freshtrack-deploy` starts the wizard without ArgumentParser (a start-up fast
/// path, see `FreshtrackDeploy.main()`); it must behave exactly as `freshtrack-deploy wizard`.
@Suite(.serialized) struct WizardFastPathTests {
    /// Runs the binary with `args` in `cwd`, stdin from /dev/null, outputs captured.
    func run(_ args: [String], cwd: String) throws -> ProcessResult {
        try Subprocess.run(WizardPTY.binary, args, currentDirectory: cwd, stdin: .nullDevice)
    }

    @Test func withoutATerminalBareAndWizardPrintTheSameAndExitTwo() throws {
        let dir = try WizardPTY.tempDir()
        let bare = try run([], cwd: dir)
        let wizard = try run(["wizard"], cwd: dir)
        #expect(bare == wizard)
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("apply --answers freshtrack-answers.yaml --dir ."))
        // Arguments still go through ArgumentParser.
        let help = try run(["--help"], cwd: dir)
        #expect(help.status == 0 && help.stdout.contains("SUBCOMMANDS"))
    }

    @Test func inATerminalBareAndWizardShowTheSameScreensAndQuitTheSame() throws {
        let dir = try WizardPTY.tempDir()
        let steps: [[String: Any]] = [
            WizardPTY.wait("Set up FreshTrack Pro"), ["settle": 0.2],
            WizardPTY.keys("Enter"), WizardPTY.wait("Which environment"), ["settle": 0.2],
            WizardPTY.keys("CtrlC"), WizardPTY.wait("Quit without writing?"), WizardPTY.keys("text:y"),
        ]
        let bare = try WizardPTY.run(cwd: dir, args: [], steps: steps)
        let wizard = try WizardPTY.run(cwd: dir, args: ["wizard"], steps: steps)
        #expect(bare.ok, "failed at step \(bare.failedStep); screen:\n\(bare.screen)")
        #expect(wizard.ok, "failed at step \(wizard.failedStep); screen:\n\(wizard.screen)")
        #expect(bare.screen == wizard.screen)
        // The default `--dir .` (the working directory, taken from getcwd) shows the same
        // bundle path as that directory given explicitly (standardised through URL).
        let explicit = try WizardPTY.run(cwd: dir, args: ["wizard", "--dir", dir + "/sub/.."], steps: steps)
        #expect(explicit.ok, "failed at step \(explicit.failedStep); screen:\n\(explicit.screen)")
        #expect(bare.screen == explicit.screen)
        #expect(bare.status == 130 && wizard.status == 130)
        #expect(bare.leftAltScreen && bare.ttyRestored)
        #expect(bare.colorSequences == wizard.colorSequences)
        #expect(!FileManager.default.fileExists(atPath: dir + "/freshtrack-answers.yaml"))
    }
}

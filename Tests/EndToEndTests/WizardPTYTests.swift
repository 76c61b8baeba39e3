import DeployKit
import Foundation
import Testing
import TestSupport

/// End-to-end tests of the real `freshtrack-deploy` binary in a pseudo-terminal, driven by
/// `scripts/wizard-pty.py` (openpty + the pyte VT100 model): what an operator sees and
/// types, including resizes, signals and the terminal being restored.
enum WizardPTY {
    static let root = BuiltProducts.repositoryRoot
    /// The `freshtrack-deploy` built beside this test binary (debug or release), else
    /// `.build/debug`'s; FRESHTRACK_DEPLOY_BIN overrides it.
    static var binary: String { BuiltProducts.freshtrackDeploy }
    static var driver: String { root.appendingPathComponent("scripts/wizard-pty.py").path }

    struct Result {
        var ok: Bool
        var failedStep: String
        var status: Int
        var screen: String
        var leftAltScreen: Bool
        var ttyRestored: Bool
        var colorSequences: Int
        var nonASCIIBytes: Int
    }

    static func run(cwd: String, cols: Int = 80, rows: Int = 24, args: [String] = [], env: [String: String] = [:],
                    steps: [[String: Any]]) throws -> Result {
        let spec: [String: Any] = ["cmd": [binary] + args, "cwd": cwd, "cols": cols, "rows": rows, "env": env,
                                   "timeout": 20, "steps": steps]
        let specURL = URL(fileURLWithPath: cwd).appendingPathComponent(".pty-spec-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
        defer { try? FileManager.default.removeItem(at: specURL) }
        let driven = try Subprocess.python3([driver, specURL.path])
        let obj = try JSONSerialization.jsonObject(with: Data(driven.stdout.utf8)) as? [String: Any] ?? [:]
        return Result(ok: obj["ok"] as? Bool ?? false, failedStep: "\(obj["failed_step"] ?? "none")",
                      status: obj["status"] as? Int ?? -999, screen: obj["screen"] as? String ?? "",
                      leftAltScreen: obj["left_alt_screen"] as? Bool ?? false,
                      ttyRestored: obj["tty_restored"] as? Bool ?? false,
                      colorSequences: obj["color_sequences"] as? Int ?? -1, nonASCIIBytes: obj["non_ascii_bytes"] as? Int ?? -1)
    }

    static func tempDir() throws -> String {
        TempDirectory.make("wizard-e2e")
    }

    static func wait(_ t: String) -> [String: Any] { ["wait": t] }
    static func keys(_ k: String...) -> [String: Any] { ["keys": k] }
    static func text(_ t: String) -> String { "text:" + t }

    /// Welcome -> environment -> needs, with `users`.
    static func toNeeds(users: String = "750", budget: String = "150") -> [[String: Any]] {
        [wait("Set up FreshTrack"), keys("Enter"), wait("Which environment"), keys("Enter"), wait("What does this deployment need"),
         keys("CtrlU", text(users), "Tab", "CtrlU", text(budget))]
    }

    /// Self-hosted walk up to the secrets screen, from the welcome screen.
    static var toSelfhostedSecrets: [[String: Any]] { toNeeds(users: "750", budget: "150") + [
        keys("Enter"), wait("Recommended deployment target"),
        ["select": Target.selfhosted.displayName, "key": "Down", "max": 4], keys("Enter"),
        wait("Monthly cost at"), keys("Enter"), wait("Details for"),
        ["keys": WizardWalkTests.detailsKeys(.selfhosted)], keys("Enter"), wait("Secrets for"),
    ] }
}

@Suite(.serialized) struct WizardPTYTests {
    @Test func notATerminalExitsTwoPointingToApply() throws {
        let r = try Subprocess.run(WizardPTY.binary, ["wizard", "--dir", "/tmp"], stdin: .nullDevice)
        let message = r.stderr
        #expect(r.status == 2)
        #expect(message.contains("apply --answers"))
        #expect(message.contains("not a terminal") || message.contains("not one"))
    }

    @Test func aTooSmallTerminalAsksForMoreAndRecoversOnResize() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, cols: 70, rows: 20, steps: [
            WizardPTY.wait("Make the window at least 80x24."),
            ["resize": [80, 24]],
            WizardPTY.wait("Set up FreshTrack Pro"),
            WizardPTY.keys("text:q"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 1)
        #expect(r.leftAltScreen)
    }

    @Test func ctrlCAsksThenRestoresTheTerminal() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [
            WizardPTY.keys("CtrlC"), WizardPTY.wait("Quit without writing?"),
            WizardPTY.keys("text:n"), ["gone": "Quit without writing?"],
            WizardPTY.keys("CtrlC"), WizardPTY.wait("Quit without writing?"), WizardPTY.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 130)
        #expect(r.leftAltScreen, "output must end by leaving the alternate screen")
        #expect(r.ttyRestored, "tty modes must be back (ICANON, ECHO, ISIG, ICRNL)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/freshtrack-answers.yaml"))
    }

    @Test func sigintAndSigtermFromOutsideRestoreTheTerminal() throws {
        let dir = try WizardPTY.tempDir()
        let int = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [
            ["signal": "INT"], WizardPTY.wait("Quit without writing?"), WizardPTY.keys("text:y"),
        ])
        #expect(int.ok, "failed at step \(int.failedStep); screen:\n\(int.screen)")
        #expect(int.status == 130)
        #expect(int.leftAltScreen && int.ttyRestored)
        let term = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [["signal": "TERM"]])
        #expect(term.status == 143)
        #expect(term.leftAltScreen && term.ttyRestored)
    }

    @Test func resizingMidwayKeepsWhatWasTyped() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds(users: "4321") + [
            WizardPTY.wait("[150"),
            ["resize": [120, 40]], WizardPTY.wait("[4321"),
            ["resize": [60, 20]], WizardPTY.wait("Make the window at least 80x24."),
            ["resize": [80, 24]], WizardPTY.wait("[4321"),
            WizardPTY.keys("paste:99"), WizardPTY.wait("[15099"),
            WizardPTY.keys("CtrlC"), WizardPTY.wait("Quit without writing?"), WizardPTY.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 130)
    }

    @Test func escGoesBackAtOnceAndHelpOpensOnF1() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [
            WizardPTY.keys("F1"), WizardPTY.wait("Help: Your needs"), WizardPTY.keys("Enter"), ["gone": "Help: Your needs"],
            WizardPTY.keys("Esc"), WizardPTY.wait("Which environment"),
            WizardPTY.keys("text:q"), WizardPTY.wait("Quit without writing?"), WizardPTY.keys("text:y"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 1)
    }

    @Test func colourUnlessNoColorAndASCIIWhenTheLocaleIsNotUTF8() throws {
        let dir = try WizardPTY.tempDir()
        let steps: [[String: Any]] = [WizardPTY.wait("Step 1 of 9"), WizardPTY.keys("text:q")]
        let colour = try WizardPTY.run(cwd: dir, steps: steps)
        #expect(colour.ok && colour.colorSequences > 0)
        #expect(colour.screen.contains("▸ Start"))
        let mono = try WizardPTY.run(cwd: dir, env: ["NO_COLOR": "1"], steps: steps)
        #expect(mono.ok, "screen:\n\(mono.screen)")
        #expect(mono.colorSequences == 0)
        let ascii = try WizardPTY.run(cwd: dir, env: ["LANG": "C", "LC_ALL": "C"], steps: steps)
        #expect(ascii.ok, "screen:\n\(ascii.screen)")
        #expect(ascii.nonASCIIBytes == 0)
        #expect(ascii.screen.contains("> Start"))
        #expect(ascii.screen.contains("Step 1 of 9 | "))
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [["signal": "SEGV"]])
        #expect(r.status == -11, "dies of the signal it got")
        #expect(r.leftAltScreen, "output must end by leaving the alternate screen")
        #expect(r.ttyRestored)
    }

    @Test func costsOnATerminalOpensTheCostViewAndOnAPipePrints() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, args: ["costs", "--users", "2500"], steps: [
            WizardPTY.wait("Monthly cost at 2500 users (your answer)"),
            WizardPTY.keys("Right"), WizardPTY.wait("Monthly cost at 5000 users"),
            WizardPTY.keys("text:q"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 0)
        #expect(r.leftAltScreen && r.ttyRestored)
        let piped = try runBinary(["costs", "--users", "2500"])
        #expect(piped.status == 0)
        #expect(!piped.output.contains("\u{1b}["), "no terminal control on a pipe")
        #expect(piped.output.contains("Self-hosted"))
    }

    /// With answers typed (so q would ask), a window shrunk below 80x24 shows only the
    /// "make the window larger" message: q quits at once instead of opening an unseen box.
    @Test func qQuitsAtOnceInATooSmallWindow() throws {
        let dir = try WizardPTY.tempDir()
        let r = try WizardPTY.run(cwd: dir, steps: WizardPTY.toNeeds() + [
            ["resize": [60, 20]], WizardPTY.wait("Make the window at least 80x24."), WizardPTY.wait("q or Ctrl-C quits"), WizardPTY.keys("text:q"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 1)
        #expect(r.leftAltScreen && r.ttyRestored)
    }
}

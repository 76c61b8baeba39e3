import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// `d` on the welcome screen runs doctor as an effect, shows progress while it runs, then a
/// scrollable report that Esc closes.
@Suite struct WelcomeDoctorTests {
    static let outcome = DoctorOutcome(target: "selfhosted", lines: [
        DoctorLine(status: "fail", title: "Docker engine reachable", reason: "no Docker engine on this machine",
                   fix: "install Docker Engine, then `sudo systemctl enable --now docker`"),
        DoctorLine(status: "skip", title: "This user can talk to the engine", reason: "no engine to talk to"),
        DoctorLine(status: "pass", title: "Docker Compose v2 >= 2.24", reason: "`docker-compose` is 2.40.3", fix: "nothing"),
        DoctorLine(status: "warn", title: "CPU for selfhosted", reason: "2 vCPU; seed: 4 vCPU / 8 GB", fix: "resize the VM"),
    ] + (1...30).map { DoctorLine(status: "pass", title: "Check \($0)", reason: "fine \($0)") })

    @Test func dRunsDoctorAsAnEffectForThePreviousTarget() throws {
        var s = fresh()
        #expect(press(&s, .char("d")) == [.runDoctor(target: nil)])
        guard case .progress? = s.overlay else { Issue.record("no progress window"); return }
        let answers = try AnswersCodec.decode(Assets.required("examples/aws.yaml"), secretExists: { _, _ in true })
        var p = fresh()
        send(&p, [.previousLoaded(.success(PreviousRun(answers: answers, path: "/x/freshtrack-answers.yaml", savedAt: "x")))])
        #expect(press(&p, .char("d")) == [.runDoctor(target: .aws)])
    }

    @Test func progressThenAScrollableReportThatEscCloses() {
        var s = fresh()
        press(&s, .char("d"))
        send(&s, [.doctorProgress("ports")])
        #expect(Wizard.view(s, size: size80).text.contains("checking ports…"))
        #expect(press(&s, .enter).isEmpty && s.step == .welcome)   // keys wait while it runs
        send(&s, [.doctorFinished(Self.outcome)])
        let screen = Wizard.view(s, size: size80).text
        #expect(screen.contains("doctor for target selfhosted"))
        #expect(screen.contains("FAIL  Docker engine reachable"))
        #expect(screen.contains("fix: install Docker Engine"))
        #expect(screen.contains("SKIP  This user can talk to the engine"))
        #expect(!screen.contains("fix: nothing"))               // a pass shows no fix
        press(&s, .end)
        #expect(Wizard.view(s, size: size80).text.contains("31 passed, 1 warning, 1 failed, 1 skipped"))
        press(&s, .escape)
        #expect(s.overlay == nil && s.step == .welcome)
        #expect(!s.dirty)
    }

    /// The runtime applies progress messages as the effect runs and presents a frame for each.
    @Test func theRuntimeShowsProgressWhileTheEffectRuns() {
        let term = FakeTerminal(size: size80, events: [.key(.char("d")), .key(.escape), .key(.char("q"))])
        var framesDuringDoctor: [String] = []
        let status = WizardRuntime.run(terminal: term, start: Wizard.start(directory: "/srv/ft", size: size80)) { effect, send in
            switch effect {
            case .loadPrevious: return [.previousLoaded(.success(nil))]
            case .runDoctor:
                send(.doctorProgress("docker"))
                framesDuringDoctor.append(term.frames.last?.text ?? "")
                return [.doctorFinished(Self.outcome)]
            default: return []
            }
        }
        #expect(status == 1)
        #expect(framesDuringDoctor.first?.contains("checking docker…") == true)
        #expect(term.frames.contains { $0.text.contains("doctor for target selfhosted") })
    }
}

/// The doctor report inside the wizard gives wizard advice, not command line options,
/// and `t` there checks another target.
@Suite struct DoctorInWizardTests {
    /// The line `doctor` adds when it has no target (as DoctorCommand.report words it).
    static let outcome = DoctorOutcome(target: "selfhosted", lines: [
        DoctorLine(status: "warn", title: "Target",
                   reason: "no --target and no target in freshtrack-answers.yaml; assuming selfhosted",
                   fix: "pass --target selfhosted|digitalocean|aws"),
        DoctorLine(status: "pass", title: "Docker engine reachable", reason: "27.3.1"),
    ])

    @Test func theTargetAdviceSaysWhatToDoInTheWizard() {
        var s = fresh()
        press(&s, .char("d"))
        send(&s, [.doctorFinished(Self.outcome)])
        let screen = Wizard.view(s, size: size80)
        guard case .diff(let title, let view)? = s.overlay else { Issue.record("no report"); return }
        #expect(screen.text.contains(title + " — ↑↓ scroll · t other target · Esc close"), "\n\(screen.text)")
        let text = view.lines.map { $0.text.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(!text.contains("--target"), "\n\(screen.text)")
        #expect(text.contains("no target chosen yet"), "\n\(screen.text)")
        #expect(text.contains("press t here to check for digitalocean or aws instead"), "\n\(screen.text)")
        #expect(Wizard.keys(s).contains("t other target"))
        // t: doctor again for the next target; then the next.
        #expect(press(&s, .char("t")) == [.runDoctor(target: .digitalocean)])
        send(&s, [.doctorFinished(DoctorOutcome(target: "digitalocean", lines: []))])
        #expect(press(&s, .char("t")) == [.runDoctor(target: .aws)])
        send(&s, [.doctorFinished(DoctorOutcome(target: "aws", lines: []))])
        #expect(press(&s, .char("t")) == [.runDoctor(target: .selfhosted)])
    }

    /// `t` means nothing in other scrollable windows (a file's diff).
    @Test func tDoesNothingInADiff() {
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .up, .enter)
        guard case .diff? = s.overlay else { Issue.record("no diff"); return }
        #expect(press(&s, .char("t")).isEmpty)
    }
}

/// An answers file that cannot be read: the welcome screen says so and `v` reads every problem.
@Suite struct UnreadableAnswersTests {
    /// A bad answers file: every problem can be read (v), not only the first lines.
    @Test func everyAnswersFileProblemCanBeRead() {
        var s = Wizard.start(directory: "/srv/freshtrack", size: size80).0
        let problems = (1...30).map { "line \($0): problem number \($0)" }.joined(separator: "\n")
        send(&s, [.previousLoaded(.failure(WizardFailure.previousAnswers(file: "freshtrack-answers.yaml", reason: problems)))])
        #expect(screenLines(s).joined(separator: "\n").contains("v reads them all"))
        press(&s, .char("v"))
        guard case .diff(_, var view)? = s.overlay else { Issue.record("no overlay"); return }
        var seen = Set<String>()
        for _ in 0..<40 {
            for l in view.lines { seen.insert(l.text) }
            _ = view.handle(.pageDown, height: 18)
        }
        #expect(seen.contains("line 30: problem number 30"))
    }
}

/// The welcome screen through `Wizard.update`: previous answers asked for and pre-filling
/// every screen, switching target, an unreadable answers file.
@Suite struct WelcomeUpdateTests {
    @Test func startAsksForThePreviousAnswers() {
        let (s, effects) = Wizard.start(directory: "/srv/ft", size: size80)
        #expect(s.step == .welcome)
        #expect(effects == [.loadPrevious])
    }

    @Test func enterStartsTheJourneyAndMarksAnswersUnsaved() {
        var s = fresh()
        #expect(!s.dirty)
        press(&s, .enter)
        #expect(s.step == .environment)
        #expect(s.history == [.welcome])
        #expect(s.dirty)
    }

    @Test func previousAnswersPrefillEveryScreen() throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/aws.yaml"), secretExists: { _, _ in true })
        var s = fresh()
        send(&s, [.previousLoaded(.success(PreviousRun(answers: answers, path: "/srv/ft/freshtrack-answers.yaml",
                                                         savedAt: "2026-11-28 10:02 UTC")))])
        #expect(s.welcomeMenu.items.count == 3)
        press(&s, .enter)   // edit the previous answers
        #expect(s.step == .environment)
        #expect(s.needs.text("needs.users") == "5000")
        #expect(s.needs.choice("needs.compliance") == "HIPAA")
        #expect(s.chosenTarget == .aws)
        #expect(s.details.text("aws.account_id") == "123456789012")
        #expect(s.carriedSources[.rdsPassword] == .file("/root/freshtrack/rds-password.txt"))
    }

    @Test func switchTargetGoesStraightToTheRecommendation() throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/selfhosted.yaml"), secretExists: { _, _ in true })
        var s = fresh()
        send(&s, [.previousLoaded(.success(PreviousRun(answers: answers, path: "p", savedAt: "t")))])
        press(&s, .down, .enter)
        #expect(s.step == .recommendation)
        #expect(RecommendationScreen.selectedTarget(s) == .selfhosted)
        press(&s, .escape)
        #expect(s.step == .welcome)
    }

    @Test func anUnreadableAnswersFileIsReportedAndStartingOverIsOffered() {
        var s = fresh()
        send(&s, [.previousLoaded(.failure(WizardFailure.previousAnswers(file: "freshtrack-answers.yaml", reason: "needs.users (line 4): \"0\" must be a whole number >= 1")))])
        #expect(s.previousProblem?.contains("needs.users") == true)
        #expect(Wizard.view(s, size: size80).contains("could not be used"))
        press(&s, .enter)
        #expect(s.step == .environment)
    }
}

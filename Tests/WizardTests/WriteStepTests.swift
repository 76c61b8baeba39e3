import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The write step: after a failed write `w` plans again and shows the review, and quitting
/// saves the answers (the edge names the file) and never a typed secret value; the summary
/// counts in the singular when there is one.
@Suite struct WriteStepTests {
    static func failed() -> WizardState {
        var s = walk(to: .write, target: .selfhosted)
        send(&s, [.written(.failure(WizardFailure.directoryGone("/srv/freshtrack")))])
        return s
    }

    @Test func wAfterAFailedWritePlansAgainAndShowsTheReview() throws {
        var s = Self.failed()
        let screen = Wizard.view(s, size: size80).text
        #expect(screen.contains("then press w"), "\n\(screen)")
        #expect(Wizard.keys(s).contains("w retry"))
        let effects = press(&s, .char("w"))
        #expect(s.step == .review)
        #expect(s.review == .preparing)
        guard case .prepare(let a, _)? = effects.first else { Issue.record("no prepare: \(effects)"); return }
        #expect(a == Wizard.answers(s))
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        #expect(press(&s, .char("w")) == [.write])
    }

    @Test func quittingAfterAFailedWriteSavesTheAnswersWithoutTypedValues() throws {
        var s = walk(to: .secrets, target: .selfhosted)
        chooseSource(&s, .stackAuthSecret, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "typed-Secret-42")
        press(&s, .tab); type(&s, "typed-Secret-42")
        press(&s, .enter)
        #expect(s.step == .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .char("w"))
        send(&s, [.written(.failure(WizardFailure.bundle(reason: "disk full")))])
        #expect(press(&s, .char("q")).isEmpty)
        let box = Wizard.view(s, size: size80).text
        #expect(screenWords(Wizard.view(s, size: size80)).contains("are saved to a new"), "\n\(box)")
        #expect(!box.contains("Your answers are not saved"))
        let effects = press(&s, .char("y"))
        let answers = try #require(Wizard.answers(s))
        #expect(effects == [.saveAnswers(answers, typedNotSaved: [.stackAuthSecret]), .quit(status: 1)])
        #expect(!AnswersCodec.encode(answers).contains("typed-Secret-42"))
    }

    /// Quitting before any write keeps saying nothing is saved (the operator chose to leave).
    @Test func quittingBeforeWritingSavesNothing() {
        var s = walk(to: .review, target: .selfhosted)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .char("q"))
        #expect(press(&s, .char("y")) == [.quit(status: 1)])
    }

    @Test func oneBackupIsSingular() {
        var s = walk(to: .write)
        var sum = sampleSummary()
        sum.backups = ["compose.yaml.bak.1"]
        send(&s, [.written(.success(sum))])
        let text = screenLines(s).joined(separator: "\n")
        #expect(text.contains("1 backup") && !text.contains("1 backups") && !text.contains("1 secrets"))
    }
}

/// The write step through `Wizard.update`: progress, the summary, Enter exits 0.
@Suite struct WriteUpdateTests {
    @Test func writingReportsAndEnterExitsZero() {
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        let w = press(&s, .end, .enter)
        #expect(w == [.write])
        #expect(s.step == .write)
        #expect(press(&s, .escape).isEmpty && s.step == .write)   // no going back mid-write
        send(&s, [.written(.success(sampleSummary()))])
        #expect(!s.dirty)
        let screen = Wizard.view(s, size: size80)
        #expect(screen.contains("docker compose -f compose.yaml -f compose.production.yaml up -d"))
        #expect(screen.contains("sudo chown 70:70"))
        #expect(press(&s, .enter) == [.quit(status: 0)])
    }
}

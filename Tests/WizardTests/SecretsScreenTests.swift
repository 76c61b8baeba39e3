import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// Findings of the fresh-user test of the wizard (numbers as in that report).
@Suite struct FreshUserFindingsTests {
    static func words(_ screen: ScreenBuffer) -> String { FieldErrorWrapTests.words(screen) }
    static func whole(_ text: String) -> String { FieldErrorWrapTests.whole(text) }

    /// Chooses option `option` of the secret `name`'s source.
    static func choose(_ s: inout WizardState, _ name: SecretName, _ option: String) {
        focus(&s, \.secrets, "secret.\(name.rawValue).source")
        let opts: [String]
        if case .choice(let o, _) = s.secrets.focusedField!.kind { opts = o } else { opts = [] }
        let want = opts.firstIndex(of: option)!
        while s.secrets.choiceIndex("secret.\(name.rawValue).source") != want { press(&s, .right) }
    }

    // MARK: 17. secrets screen messages name the secret

    /// Two secrets with a missing source file: each message names its own secret.
    @Test func fileProblemsNameTheirSecret() throws {
        var s = walk(to: .secrets, target: .digitalocean)
        for name in [SecretName.spacesAccessKey, .spacesSecretKey] {
            focus(&s, \.secrets, "secret.\(name.rawValue).path")
            replace(&s, "/tmp/ft/nope-\(name.rawValue).txt")
            send(&s, [.filesChecked(["/tmp/ft/nope-\(name.rawValue).txt": "no such file: /tmp/ft/nope-\(name.rawValue).txt"])])
        }
        focus(&s, \.secrets, "secrets.dir")
        let screen = Self.words(Wizard.view(s, size: size80))
        for name in [SecretName.spacesAccessKey, .spacesSecretKey] {
            #expect(screen.contains(Self.whole("✗ \(name.rawValue) file path: no such file: /tmp/ft/nope-\(name.rawValue).txt")),
                    "\(name)\n\(Wizard.view(s, size: size80).text)")
        }
        #expect(!screen.contains("✗ file path:"))
    }

    /// Short typed values: the warning names the secret, and says "(or generate)" only for a
    /// secret that can be generated.
    @Test func shortValueWarningsNameTheSecretAndOfferGenerateOnlyWhereItCan() throws {
        var s = walk(to: .secrets, target: .digitalocean)
        Self.choose(&s, .spacesAccessKey, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "abcdefgh")
        Self.choose(&s, .redisPassword, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "12345678")
        focus(&s, \.secrets, "secrets.dir")
        let screen = Self.words(Wizard.view(s, size: size80))
        #expect(screen.contains(Self.whole("⚠ spaces_access_key value: only 8 characters; 12 or more advised")),
                "\(Wizard.view(s, size: size80).text)")
        #expect(!screen.contains("spaces_access_key value: only 8 characters; 12 or more advised (or generate)"))
        #expect(screen.contains(Self.whole("⚠ redis_password value: only 8 characters; 12 or more advised (or generate)")),
                "\(Wizard.view(s, size: size80).text)")
        #expect(!screen.contains("⚠ value:"))
    }

    /// A refused paste names the secret it was meant for.
    @Test func refusedPasteNamesTheSecret() {
        var s = walk(to: .secrets, target: .digitalocean)
        Self.choose(&s, .spacesSecretKey, SecretsScreen.typeIt)
        press(&s, .tab)
        send(&s, [.event(.paste("abc\tdef"))])
        let screen = Self.words(Wizard.view(s, size: size80))
        #expect(screen.contains("spaces_secret_key value: not taken"), "\(Wizard.view(s, size: size80).text)")
    }
}

/// 18. Messages are never cut at 80x24: each is wrapped in full or left out, with a line
/// saying how many are left and how to read them.
@Suite struct WholeMessagesTests {
    static func words(_ screen: ScreenBuffer) -> String { FieldErrorWrapTests.words(screen) }
    static func whole(_ text: String) -> String { FieldErrorWrapTests.whole(text) }

    @Test func aRefusedPasteIsShownWhole() {
        var s = walk(to: .secrets, target: .selfhosted)
        FreshUserFindingsTests.choose(&s, .stackAuthSecret, SecretsScreen.typeIt)
        press(&s, .tab)
        send(&s, [.event(.paste("abc\tdef"))])
        let msg = "stack_auth_secret value: not taken: it holds a tab, line break or other control character (not allowed in a secret)."
        let screen = Wizard.view(s, size: size80)
        #expect(Self.words(screen).contains(Self.whole(msg)), "\n\(screen.text)")
    }

    /// Seven invalid fields after Enter: every message under the fields is whole, and those
    /// left out are counted; Tab to one shows its message first.
    @Test func sevenInvalidDetailsFieldsShowOnlyWholeMessages() throws {
        var s = walk(to: .details, target: .aws)
        let bad = ["app.version": "latest", "app.domain": "not a domain", "aws.region": "mars-1",
                   "aws.account_id": "12", "aws.rds_endpoint": "-bad-", "aws.elasticache_endpoint": "-bad-",
                   "aws.s3_bucket": "A_B"]
        for (id, v) in bad { focus(&s, \.details, id); replace(&s, v) }
        press(&s, .enter)
        #expect(s.step == .details)
        let screen = Wizard.view(s, size: size80)
        let text = Self.words(screen)
        let lines = screen.lines()
        // The message area: rows under the last field row.
        let firstMessageRow = try #require(lines.lastIndex { $0.contains("[") && $0.contains("]") }) + 1
        let area = lines[firstMessageRow..<(lines.count - 1)].joined(separator: "\n")
        var shownWhole = 0
        for (id, _) in bad {
            let f = s.details.fields[s.details.index(of: id)!]
            let e = try #require(DetailsScreen.error(s, id), "\(id)")
            let full = "✗ \(f.nameInMessages): \(e)"
            if text.contains(Self.whole(full)) { shownWhole += 1; continue }
            // Not whole: then not started either.
            #expect(!area.contains("✗ \(f.nameInMessages):"), "\(id) cut:\n\(screen.text)")
        }
        #expect(shownWhole >= 1)
        if shownWhole < bad.count {
            #expect(text.contains("more message"), "\n\(screen.text)")
        }
        for line in lines { #expect(CharWidth.of(line) <= 80) }
    }
}

/// 21. Before writing, the review says the write is a target switch, with what
/// `apply --dry-run` says about it: secrets kept, old files left in place, the steps after.
@Suite struct ReviewSwitchTests {
    static func switching() -> ReviewData {
        var d = samplePlan(.aws)
        d.switchHeadline = "Target switch: digitalocean/production -> aws/production"
        d.unusedSecretFiles = ["secrets/do_database_password.txt", "secrets/spaces_access_key.txt"]
        d.staleFiles = ["docker-compose.digitalocean.yml"]
        d.switchSteps = ["Data: PostgreSQL moves from DigitalOcean managed PostgreSQL to Amazon RDS.",
                         "1. Stop the old app, backend first:", "  docker compose -f docker-compose.yml stop backend"]
        return d
    }

    @Test func theReviewNamesTheSwitchWholeBeforeWriting() {
        var s = walk(to: .review, target: .aws)
        send(&s, [.prepared(.success(Self.switching()))])
        let screen = Wizard.view(s, size: size80)
        let words = FieldErrorWrapTests.words(screen)
        #expect(words.contains("Target switch: digitalocean/production -> aws/production."), "\n\(screen.text)")
        #expect(words.contains("Kept, unused: secrets/do_database_password.txt, secrets/spaces_access_key.txt."), "\n\(screen.text)")
        #expect(words.contains("Left in place: docker-compose.digitalocean.yml."), "\n\(screen.text)")
        #expect(words.contains("The data migration follows the write: v shows every step."), "\n\(screen.text)")
        #expect(screen.text.contains("Write these files"))
    }

    @Test func vShowsEveryStepOfTheSwitch() {
        var s = walk(to: .review, target: .aws)
        send(&s, [.prepared(.success(Self.switching()))])
        press(&s, .char("v"))
        guard case .diff(_, let view)? = s.overlay else { Issue.record("no v window"); return }
        let text = view.lines.map(\.text).joined(separator: "\n")
        for needle in ["Target switch: digitalocean/production -> aws/production", "Data: PostgreSQL moves",
                       "1. Stop the old app", "docker compose -f docker-compose.yml stop backend",
                       "Kept from an earlier target", "docker-compose.digitalocean.yml"] {
            #expect(text.contains(needle), "\(needle)\n\(text)")
        }
    }

    /// Not a switch: no switch line on the review.
    @Test func aPlainWriteSaysNothingAboutASwitch() {
        let s = walk(to: .write, target: .aws)
        var r = s
        r.step = .review
        #expect(!Wizard.view(r, size: size80).text.contains("Target switch"))
    }
}

/// 22. After a failed write: `w` plans again and shows the review; quitting saves the
/// answers (the edge names the file) and never a typed secret value.
@Suite struct FailedWriteTests {
    static func failed() -> WizardState {
        var s = walk(to: .write, target: .selfhosted)
        send(&s, [.written(.failure(WizardFailure("The bundle directory /srv/freshtrack no longer exists")))])
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
        FreshUserFindingsTests.choose(&s, .stackAuthSecret, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "typed-Secret-42")
        press(&s, .tab); type(&s, "typed-Secret-42")
        press(&s, .enter)
        #expect(s.step == .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .char("w"))
        send(&s, [.written(.failure(WizardFailure("disk full")))])
        #expect(press(&s, .char("q")).isEmpty)
        let box = Wizard.view(s, size: size80).text
        #expect(FieldErrorWrapTests.words(Wizard.view(s, size: size80)).contains("are saved to a new"), "\n\(box)")
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
}

/// 20. The RDS endpoint / region check runs as you type, like every field's own rule.
@Suite struct CrossFieldAsYouTypeTests {
    @Test func anRDSEndpointInAnotherRegionIsMarkedBeforeEnter() throws {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.rds_endpoint")
        replace(&s, "freshtrack.c9akciq32xyz.eu-west-1.rds.amazonaws.com")
        let e = try #require(DetailsScreen.error(s, "aws.rds_endpoint"))
        #expect(e.contains("eu-west-1"), "\(e)")
        #expect(Wizard.view(s, size: size80).text.contains("✗"), "\(Wizard.view(s, size: size80).text)")
        // Changing the region to match clears it, as you type.
        focus(&s, \.details, "aws.region")
        replace(&s, "eu-west-1")
        #expect(DetailsScreen.error(s, "aws.rds_endpoint") == nil)
        replace(&s, "us-east-1")
        #expect(DetailsScreen.error(s, "aws.rds_endpoint") != nil)
        // A paste is checked too.
        focus(&s, \.details, "aws.rds_endpoint")
        press(&s, .ctrl("u"))
        send(&s, [.event(.paste("freshtrack.c9akciq32xyz.us-east-1.rds.amazonaws.com"))])
        #expect(DetailsScreen.error(s, "aws.rds_endpoint") == nil)
    }
}

/// 26. Entering a pre-filled field selects its value: typing replaces it; Right/End keep
/// it for editing; Backspace clears it; an empty field is never "selected".
@Suite struct SelectAllTests {
    @Test func typingIntoAPrefilledFieldReplacesIt() {
        var s = walk(to: .needs)
        press(&s, .tab)             // budget, pre-filled
        press(&s, .backTab)         // back to users ("500")
        #expect(s.needs.text("needs.users") == "500")
        #expect(s.needs.selected)
        type(&s, "42")
        #expect(s.needs.text("needs.users") == "42")
        #expect(!s.needs.selected)
    }

    @Test func rightOrEndKeepsTheValueForEditing() {
        for key in [Key.right, .end] {
            var s = walk(to: .needs)
            press(&s, key)
            type(&s, "0")
            #expect(s.needs.text("needs.users") == "5000", "\(key)")
        }
        var s = walk(to: .needs)
        press(&s, .home)
        type(&s, "1")
        #expect(s.needs.text("needs.users") == "1500")
    }

    @Test func backspaceClearsASelectedValueAndPasteReplacesIt() {
        var s = walk(to: .needs)
        press(&s, .backspace)
        #expect(s.needs.text("needs.users") == "")
        press(&s, .tab, .backTab)
        #expect(!s.needs.selected, "an empty field has nothing to select")
        type(&s, "7")
        press(&s, .tab, .backTab)
        send(&s, [.event(.paste("900"))])
        #expect(s.needs.text("needs.users") == "900")
    }

    /// The selection is drawn: the value in the accent colour, bold and underlined.
    @Test func theSelectionIsVisible() {
        let s = walk(to: .needs)
        let b = Wizard.view(s, size: size80)
        let row = b.lines().firstIndex { $0.contains("[500") }!
        let col = Array(b.lines()[row]).firstIndex(of: "5")!
        #expect(b[col, row].style.underline && b[col, row].style.bold)
    }
}

/// The help window shows every screen's text whole at 80x24 (with the new key line).
@Suite struct HelpWholeTests {
    @Test(arguments: Step.allCases) func helpIsWhole(_ step: Step) {
        var s = fresh()
        s.step = step
        s.overlay = .help
        let screen = Wizard.view(s, size: size80)
        // Only the box's inside: between its left and right borders.
        let inside = screen.lines().compactMap { line -> String? in
            let c = Array(line)
            guard let l = c.firstIndex(of: "│"), let r = c.lastIndex(of: "│"), l < r else { return nil }
            return String(c[(l + 1)..<r])
        }
        let words = inside.joined(separator: " ").split(separator: " ").joined(separator: " ")
        let help = FieldErrorWrapTests.whole(Wizard.helpText(step).replacingOccurrences(of: "\n", with: " "))
        #expect(words.contains(help), "\(step)\n\(screen.text)")
        #expect(words.contains("Typing replaces a pre-filled (highlighted) value; → or End edits it."))
    }
}

/// 19. Step 4's decision matrix at 80x24: every cell can be read whole (wrapped in its
/// column, never cut with "…").
@Suite struct MatrixWrapTests {
    @Test func everyMatrixCellIsWholeAt80x24() throws {
        var s = walk(to: .recommendation)
        if !Wizard.view(s, size: size80).text.contains("Criteria") { press(&s, .tab) }
        let screen = Wizard.view(s, size: size80)
        #expect(!screen.text.contains("…"), "\n\(screen.text)")
        let table = RecommendationScreen.matrixTable(RecommendationScreen.recommendation(s))
        let wrapped = table.wrappedLines(width: 76)
        for l in wrapped.lines { #expect(screen.text.contains(l.text.trimmingCharacters(in: .whitespaces)), "\(l.text)\n\(screen.text)") }
        // Each cell reads whole down its column.
        let widths = table.wrappingWidths(fitting: 76)
        let starts = wrapped.rowStarts + [wrapped.lines.count]
        for (i, row) in table.rows.enumerated() {
            var x = 2
            for (c, w) in widths.enumerated() {
                let parts = wrapped.lines[starts[i]..<starts[i + 1]].map { line -> String in
                    let chars = Array(line.text)
                    return String(chars[min(x, chars.count)..<min(x + w, chars.count)]).trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
                #expect(parts.joined(separator: " ") == row[c], "row \(i) col \(c)")
                x += w + 1
            }
        }
        for cell in ["DigitalOcean Hybrid", "1K-5K users,", "balanced", "< 1K users,", "stable"] {
            #expect(screen.text.contains(cell), "\(cell)\n\(screen.text)")
        }
    }
}

/// 16b. The doctor report inside the wizard gives wizard advice, not command line options,
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

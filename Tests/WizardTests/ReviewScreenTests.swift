import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The review when the bundle cannot be prepared (or the write failed) at 80x24: only the
/// keys that work are offered, and the failure names the wizard's field, not the answers key.
@Suite struct FailedReviewTests {
    /// The writer's message for `/etc` as the secrets directory, exactly as the CLI prints it
    /// (BundleError.sharedSecretsDirectory; BundleWriterTests/HostileFilesystemTests pins it).
    static let etcMessage = "/etc: this existing directory (mode 755) already holds other files (passwd, group, hosts); secrets need a 0700 directory, and tightening this one would lock others out of those files: choose a dedicated secrets directory (e.g. secrets.dir: secrets)"

    static func failedReview(_ message: String) -> WizardState {
        var s = walk(to: .review)
        send(&s, [.prepared(.failure(WizardFailure.bundle(reason: message)))])
        return s
    }

    static func statusLine(_ s: WizardState) -> String {
        Wizard.view(s, size: size80).lines().last!.trimmingCharacters(in: .whitespaces)
    }

    @Test func failedReviewOffersOnlyKeysThatWork() throws {
        var s = Self.failedReview(Self.etcMessage)
        let status = Self.statusLine(s)
        #expect(status.contains("Esc back") && status.contains("q quit") && status.contains("? help"), "\(status)")
        for dead in ["w write", "v warnings", "Enter diff", "↑↓"] { #expect(!status.contains(dead), "\(status)") }
        // And what it offers does work; what it leaves out does nothing.
        #expect(press(&s, .char("w")).isEmpty)
        #expect(s.step == .review && s.overlay == nil)
        press(&s, .char("v"))
        #expect(s.overlay == nil)
        press(&s, .char("?"))
        guard case .help? = s.overlay else { Issue.record("? did not open help"); return }
        // The help says what works here, never the keys that do nothing.
        let help = Wizard.view(s, size: size80).lines().joined(separator: " ")
        #expect(help.contains("could not be prepared") && help.contains("Esc goes"), "\(help)")
        #expect(!help.contains("w, writes") && !help.contains("v shows every warning"), "\(help)")
        press(&s, .escape)
        press(&s, .escape)
        #expect(s.step == .secrets)
    }

    @Test func readyReviewStillOffersWriteAndWarnings() {
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        let status = Self.statusLine(s)
        #expect(status.contains("w write") && status.contains("v warnings"), "\(status)")
    }

    @Test func failureNamesTheWizardFieldNotTheAnswersKey() throws {
        let s = Self.failedReview(Self.etcMessage)
        guard case .failed(let shown) = s.review else { Issue.record("not failed"); return }
        #expect(!shown.contains("secrets.dir"), "\(shown)")
        #expect(shown.hasSuffix("choose a dedicated secrets directory (e.g. secrets in the Secrets screen's Secrets directory field)"), "\(shown)")
        // The rest of the engine's message is kept word for word.
        #expect(shown.hasPrefix("/etc: this existing directory (mode 755) already holds other files (passwd, group, hosts);"))
        let screen = screenWords(Wizard.view(s, size: size80))
        #expect(screen.contains(wholeWords(shown)), "\(Wizard.view(s, size: size80).text)")
        #expect(screen.contains("The bundle cannot be prepared:"))
    }

    @Test func otherKeyShapesAreNamedAsTheWizardShowsThem() throws {
        let s = walk(to: .review, target: .digitalocean)
        let fields = WizardWording.fieldNames(s)
        #expect(WizardWording.forWizard("secrets.dir: \"/\" is not allowed; give a directory such as \"secrets\" or an absolute path", fields: fields)
                == "Secrets directory (Secrets screen): \"/\" is not allowed; give a directory such as \"secrets\" or an absolute path")
        #expect(WizardWording.forWizard("secrets.dir changed from secrets to vault, but secrets holds jwt_secret, which vault lacks; or set secrets.dir back to secrets", fields: fields)
                == "Secrets directory (Secrets screen) changed from secrets to vault, but secrets holds jwt_secret, which vault lacks; or set the Secrets screen's Secrets directory field back to secrets")
        #expect(WizardWording.forWizard("secrets.sources.spaces_access_key: env:SPACES_KEY is not set in the environment", fields: fields)
                == "spaces_access_key (Secrets screen): env:SPACES_KEY is not set in the environment")
        // A details field, by its label; a path that merely contains the key is left alone.
        let domain = try #require(s.details.fields.first { $0.id == "app.domain" })
        #expect(WizardWording.forWizard("app.domain: not a host name", fields: fields)
                == "\(domain.nameInMessages) (Target details screen): not a host name")
        #expect(WizardWording.forWizard("/srv/my.secrets.dir.bak/x: expected a directory", fields: fields)
                == "/srv/my.secrets.dir.bak/x: expected a directory")
    }

    @Test func aFailedWriteNamesTheWizardFieldToo() {
        var s = walk(to: .write)
        send(&s, [.written(.failure(WizardFailure.bundle(reason: Self.etcMessage)))])
        guard case .failed(let shown) = s.writePhase else { Issue.record("not failed"); return }
        #expect(!shown.contains("secrets.dir") && shown.contains("the Secrets screen's Secrets directory field"), "\(shown)")
    }
}

/// Before writing, the review says the write is a target switch, with what
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
        let words = screenWords(screen)
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

/// `check`'s findings on the review: none for any plan the planner makes, listed with rule,
/// file, line and service (never a secret value) when there are some.
@Suite struct ReviewCheckTests {
    static func realPlan(_ t: Target) throws -> Plan {
        var provided: [SecretName: SecretValue] = [:]
        for n in SecretName.allCases where !n.canGenerate && n != .elasticacheAuthToken { provided[n] = SecretValue("Provided0\(n.rawValue.count)") }
        struct Gen: SecretGenerator { func generate(for name: SecretName) -> SecretValue { SecretValue("Gen0\(name.rawValue.count)xYz") } }
        let s = walk(to: .review, target: t)
        let answers = try #require(Wizard.answers(s))
        return try Planner.plan(PlanInputs(answers: answers, providedSecrets: provided, generator: Gen()))
    }

    @Test(arguments: Target.allCases)
    func ourPlanShowsCheckNoFindings(_ t: Target) throws {
        var s = walk(to: .review, target: t)
        send(&s, [.prepared(.success(ReviewData(plan: try Self.realPlan(t))))])
        guard case .report(let r)? = s.reviewCheck else { Issue.record("no check report"); return }
        #expect(r.findings.isEmpty, "\(r.renderText())")
        #expect(Wizard.view(s, size: size80).text.contains("check: no findings"))
    }

    @Test func findingsAreListedWithRuleFileLineServiceAndNoSecretValue() throws {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        // An inline secret in the compose file: `check` must name it without its value.
        let compose = "services:\n  backend:\n    image: freshtrack-backend:latest\n    environment:\n      DB_PASSWORD: hunter2-Secret\n"
        data.plan.files[1].contents = Array(compose.utf8)
        send(&s, [.prepared(.success(data))])
        guard case .report(let r)? = s.reviewCheck else { Issue.record("no check report"); return }
        #expect(r.findings.contains { $0.rule == .unpinnedImage && $0.service == "backend" })
        #expect(r.findings.contains { $0.rule == .inlineSecret })
        let screen = Wizard.view(s, size: size120).text
        #expect(screen.contains("check: \(r.errorCount) error"))
        #expect(screen.contains("compose.yaml:3: error [unpinned-image] service backend:"))
        press(&s, .char("v"))
        guard case .diff(_, let view)? = s.overlay else { Issue.record("no warnings window"); return }
        let all = view.lines.map(\.text).joined(separator: "\n")
        for f in r.findings { #expect(all.contains("[\(f.rule.rawValue)]")) }
        #expect(!all.contains("hunter2") && !screen.contains("hunter2"))
    }

    @Test func aPlanThatCannotBeCheckedSaysSo() {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        data.plan.files[1].contents = Array("services: [unclosed\n".utf8)
        send(&s, [.prepared(.success(data))])
        guard case .failed(let why)? = s.reviewCheck else { Issue.record("expected a failed check"); return }
        #expect(why.contains("compose.yaml"))
        #expect(Wizard.view(s, size: size120).text.contains("check: could not run"))
    }
}

/// The review's status line and file list: `w` from any row, owners that still need chown.
@Suite struct ReviewStatusLineTests {
    /// `w` writes from any row of the review: the status line says so, whole, at 80 columns.
    @Test func theReviewStatusLineShowsW() {
        let s = walk(to: .review)
        var r = s
        send(&r, [.prepared(.success(samplePlan(.selfhosted)))])
        let last = Wizard.view(r, size: size80).line(23)
        #expect(last.contains("w write"))
        #expect(last.contains("q quit"), "the status line must not be cut: \(last)")
    }

    /// As non-root the owners shown are what chown must still set.
    @Test func nonRootReviewSaysChownNeeded() {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        data.ownersNeedChown = true
        send(&s, [.prepared(.success(data))])
        #expect(screenLines(s).joined().contains("owner (chown needed)"))
        var r = walk(to: .review)
        send(&r, [.prepared(.success(samplePlan(.selfhosted)))])
        #expect(!screenLines(r).joined().contains("chown needed"))
    }
}

/// Warnings too long for one line of the review at 80x24 are shortened at a word boundary
/// with "…" (a word wider than the row is cut and marked); `v` reads every one whole.
@Suite struct ReviewWarningLineTests {
    static let longWarnings = [
        "Conflict with your needs: HIPAA with a $30/month budget: AWS, the seed's choice for HIPAA, costs more than the budget; raise the budget or drop HIPAA.",
        "Back up the PostgreSQL volume before upgrading.",
        "A_single_word_far_longer_than_any_eighty_column_terminal_line_can_hold_in_one_row_at_all_really",
    ]

    @Test func shortenedWarningsEndWithEllipsisAtAWordBoundary() throws {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        data.plan.warnings = Self.longWarnings
        send(&s, [.prepared(.success(data))])
        let lines = Wizard.view(s, size: size80).lines().map { $0.trimmingCharacters(in: .whitespaces) }
        let shown = lines.filter { $0.hasPrefix("⚠ ") }
        #expect(!shown.isEmpty, "\(lines.joined(separator: "\n"))")
        for line in shown {
            let full = (Self.longWarnings + ReviewScreen.checkLines(s.reviewCheck).map(\.0)).first { ("⚠ " + $0).hasPrefix(line.hasSuffix("…") ? String(line.dropLast(2)) : line) }
            let text = try #require(full, "\(line)")
            if line == "⚠ " + text { continue }        // whole
            if text.hasPrefix("A_single_word") {       // a word wider than the row: cut, marked
                #expect(line.hasSuffix("…") && CharWidth.of(line) >= 76, "\(line)"); continue
            }
            #expect(line.hasSuffix(" …"), "cut without a marker: \(line)")
            let kept = String(line.dropLast(2))
            // Cut between words: the full text goes on with a space (or ends a clause) there.
            let after = ("⚠ " + text).dropFirst(kept.count)
            #expect(after.first == " " || kept.last == "," || after.hasPrefix(": ") || after.hasPrefix(", "), "mid-word: \(line)")
        }
        // The conflict warning is shown, shortened, ending with the marker.
        #expect(shown.first?.hasPrefix("⚠ Conflict with your needs: HIPAA with a $30/month budget:") == true, "\(shown)")
        // And `v` still has every warning whole.
        press(&s, .char("v"))
        guard case .diff(_, let view)? = s.overlay else { Issue.record("no warnings window"); return }
        let all = wholeWords(view.lines.map(\.text).joined(separator: " ").replacingOccurrences(of: "⚠", with: " "))
        for w in Self.longWarnings.prefix(2) { #expect(all.contains(wholeWords(w)), "\(w)") }
    }
}

/// The review through `Wizard.update`: the file list and its diffs (never of a secret file),
/// a prepare failure.
@Suite struct ReviewUpdateTests {
    @Test func reviewListsFilesAndEnterOpensADiff() {
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .home, .down)   // compose.yaml (update)
        press(&s, .enter)
        guard case .diff(let title, let view)? = s.overlay else { Issue.record("no diff"); return }
        #expect(title == "compose.yaml")
        #expect(view.lines.contains { $0.text == "- " + "    image: ghcr.io/freshtrack/backend:1.0.0" })
        #expect(view.lines.contains { $0.text == "+ " + "    image: ghcr.io/freshtrack/backend:1.1.0" })
        press(&s, .escape)
        #expect(s.overlay == nil)
        #expect(s.step == .review)
    }

    @Test func secretFilesAreNeverShownInTheDiff() {
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        press(&s, .home, .enter)
        guard case .diff(_, let view)? = s.overlay else { Issue.record("no diff"); return }
        #expect(!view.lines.contains { $0.text.contains("not shown") })
    }

    @Test func aPrepareFailureIsShownAndEscGoesBack() {
        var s = walk(to: .review)
        send(&s, [.prepared(.failure(WizardFailure.bundle(reason: "secrets.sources.rds_password: file /x cannot be read")))])
        #expect(Wizard.view(s, size: size80).contains("cannot be prepared"))
        press(&s, .escape)
        #expect(s.step == .secrets)
    }
}

/// `v` on the review shows every warning wrapped in full.
@Suite struct ReviewWarningsTests {
    @Test func vShowsEveryWarningWrappedInFull() {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        data.plan.warnings.append(String(repeating: "long warning text ", count: 12))
        data.notes = ["secrets/x.txt is kept as it is"]
        send(&s, [.prepared(.success(data))])
        press(&s, .char("v"))
        guard case .diff(let title, let view)? = s.overlay else { Issue.record("no window"); return }
        #expect(title == "Warnings, notes and check findings")
        #expect(view.lines.first?.text == "⚠ Note: secrets/x.txt is kept as it is")
        #expect(view.lines.count >= 5)   // the long warning wraps over several lines
        #expect(view.lines.allSatisfy { CharWidth.of($0.text) <= 76 })
    }
}

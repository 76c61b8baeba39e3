import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// Findings 15 and 17 of the fresh-user test (80x24): the review when planning failed, and
/// one-line warnings that do not fit.
@Suite struct ReviewFailureFindingsTests {
    /// The writer's message for `/etc` as the secrets directory, exactly as the CLI prints it
    /// (BundleError.sharedSecretsDirectory; BundleWriterTests/HostileFilesystemTests pins it).
    static let etcMessage = "/etc: this existing directory (mode 755) already holds other files (passwd, group, hosts); secrets need a 0700 directory, and tightening this one would lock others out of those files: choose a dedicated secrets directory (e.g. secrets.dir: secrets)"

    static func failedReview(_ message: String) -> WizardState {
        var s = walk(to: .review)
        send(&s, [.prepared(.failure(WizardFailure(message)))])
        return s
    }

    static func statusLine(_ s: WizardState) -> String {
        Wizard.view(s, size: size80).lines().last!.trimmingCharacters(in: .whitespaces)
    }

    // MARK: 15. the review when the bundle cannot be prepared

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
        let screen = FieldErrorWrapTests.words(Wizard.view(s, size: size80))
        #expect(screen.contains(FieldErrorWrapTests.whole(shown)), "\(Wizard.view(s, size: size80).text)")
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
        send(&s, [.written(.failure(WizardFailure(Self.etcMessage)))])
        guard case .failed(let shown) = s.writePhase else { Issue.record("not failed"); return }
        #expect(!shown.contains("secrets.dir") && shown.contains("the Secrets screen's Secrets directory field"), "\(shown)")
    }

    // MARK: 17. one-line warnings end with … at a word boundary

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
            #expect(CharWidth.of(line) <= 80)
        }
        // The conflict warning is shown, shortened, ending with the marker.
        #expect(shown.first?.hasPrefix("⚠ Conflict with your needs: HIPAA with a $30/month budget:") == true, "\(shown)")
        // And `v` still has every warning whole.
        press(&s, .char("v"))
        guard case .diff(_, let view)? = s.overlay else { Issue.record("no warnings window"); return }
        let all = FieldErrorWrapTests.whole(view.lines.map(\.text).joined(separator: " ").replacingOccurrences(of: "⚠", with: " "))
        for w in Self.longWarnings.prefix(2) { #expect(all.contains(FieldErrorWrapTests.whole(w)), "\(w)") }
    }

    /// The ✗ beside a field (its full message is below the form) is shortened the same way.
    @Test func aFieldMarkIsShortenedWithEllipsisNotCut() throws {
        var s = walk(to: .details)
        focus(&s, \.details, "app.acme_email")
        replace(&s, "ops@example.com")
        press(&s, .tab)
        let e = try #require(DetailsScreen.error(s, "app.acme_email"))
        let screen = Wizard.view(s, size: size80)
        let row = try #require(screen.lines().first { $0.contains("ACME e-mail") && $0.contains("[") })
        let mark = String(row[try #require(row.firstIndex(of: "✗"))...]).trimmingCharacters(in: .whitespaces)
        #expect(mark != "✗ " + e, "fits whole: the test needs a longer message")
        #expect(mark.hasSuffix(" …"), "\(row)")
        let kept = String(mark.dropLast(2))
        #expect(("✗ " + e).hasPrefix(kept) && ("✗ " + e).dropFirst(kept.count).first.map { $0 == " " || $0 == ":" } == true, "\(row)")
    }

    @Test(arguments: [
        ("Conflict with your needs: HIPAA with a budget", 30, "Conflict with your needs …"),
        ("short", 30, "short"),
        ("exactly ten", 11, "exactly ten"),
        ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
        ("one two three", 12, "one two …"),
        ("⚠ abcdefghijklmnopqrstuvwxyz", 12, "⚠ abcdefghi…"),
    ])
    func oneLineShortensAtWords(_ text: String, _ width: Int, _ expected: String) {
        let got = WizardWording.oneLine(text, width: width)
        #expect(got == expected)
        #expect(CharWidth.of(got) <= width)
    }
}

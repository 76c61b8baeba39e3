import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// Regression tests for what a fresh operator found walking the wizard in tmux.
struct WizardFixUnitTests {
    /// Walks back from the details screen to the recommendation and picks `target`.
    func switchTarget(_ s: inout WizardState, to target: Target) {
        while s.step != .recommendation { press(&s, .escape) }
        let idx = s.recommendationMenu.items.firstIndex(of: target.rawValue)!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        press(&s, .enter)   // -> costs
        press(&s, .enter)   // -> details
    }

    /// Within one session: DigitalOcean typed, Esc Esc, AWS picked and typed, then back to
    /// DigitalOcean: nothing typed is lost, and the answers keep both complete sections and
    /// the ACME e-mail.
    @Test func switchingTargetKeepsEveryTargetsFields() {
        var s = walk(to: .details, target: .digitalocean)
        switchTarget(&s, to: .aws)
        #expect(s.target == .aws)
        fillDetails(&s, .aws)
        let a = Wizard.answers(s)
        #expect(a?.aws?.accountID == "123456789012")
        #expect(a?.digitalocean?.spacesBucket == "freshtrack-files", "the DigitalOcean section must be kept")
        #expect(a?.app.acmeEmail == "ops@freshtrack.io", "the ACME e-mail must be kept")
        switchTarget(&s, to: .digitalocean)
        #expect(s.details.text("digitalocean.spaces_bucket") == "freshtrack-files")
        #expect(s.details.text("digitalocean.database_host").hasPrefix("db-postgresql-nyc3"))
        #expect(Wizard.answers(s)?.aws?.s3Bucket == "freshtrack-files-prod")
    }

    /// "Switch target" from previous DigitalOcean answers to AWS keeps the `digitalocean:`
    /// section, `acme_email` and the DigitalOcean secret sources in the saved answers.
    @Test func switchTargetFromPreviousAnswersKeepsTheOtherSection() throws {
        let prev = Answers(environment: .production, needs: Needs(users: 750, budgetUSDPerMonth: 150),
                           target: .explicit(.digitalocean),
                           app: AppSettings(version: "1.1.0", domain: "track.freshtrack.io", acmeEmail: "ops@freshtrack.io"),
                           digitalocean: DigitalOceanSettings(
                               databaseHost: "db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com",
                               databasePort: 25060, databaseName: "defaultdb", databaseUser: "doadmin",
                               spacesRegion: "nyc3", spacesBucket: "freshtrack-files"),
                           secrets: SecretsSettings(dir: "secrets", sources: [
                               .doDatabasePassword: .file("/root/do_db.txt"), .spacesAccessKey: .env("SPACES_KEY"),
                               .spacesSecretKey: .file("/root/spaces_secret.txt")]))
        var s = fresh()
        send(&s, [.previousLoaded(.success(PreviousRun(answers: prev, path: "/srv/freshtrack/freshtrack-answers.yaml",
                                                       savedAt: "2026-11-29 09:41 UTC")))])
        press(&s, .down, .enter)            // Switch target -> recommendation
        #expect(s.step == .recommendation)
        let idx = s.recommendationMenu.items.firstIndex(of: "aws")!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        press(&s, .enter, .enter)          // costs -> details
        fillDetails(&s, .aws)
        press(&s, .enter)
        send(&s, [.secretsChecked(dir: "secrets", existing: [])])
        fillProvidedSecrets(&s)
        let a = try #require(Wizard.answers(s))
        #expect(a.resolvedTarget == .aws)
        #expect(a.digitalocean == prev.digitalocean)
        #expect(a.app.acmeEmail == "ops@freshtrack.io")
        #expect(a.secrets.sources[.doDatabasePassword] == .file("/root/do_db.txt"))
        #expect(a.secrets.sources[.spacesAccessKey] == .env("SPACES_KEY"))
        // And the answers file round-trips through the decoder `apply` uses.
        let text = AnswersCodec.encode(a)
        let back = try AnswersCodec.decode(text, secretExists: { _, _ in true })
        #expect(back.digitalocean == prev.digitalocean)
        #expect(back.app.acmeEmail == "ops@freshtrack.io")
    }
}

struct WizardNoTruncationTests {
    /// Over-long input is kept, so the field rule's error shows (it was cut to the rule's
    /// length and then accepted).
    @Test func overLongTextIsKeptAndRefusedByTheFieldRule() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.account_id")
        replace(&s, "1234567890123")
        #expect(s.details.text("aws.account_id") == "1234567890123")
        #expect(DetailsScreen.error(s, "aws.account_id") != nil)
        focus(&s, \.details, "app.domain")
        let long = String(repeating: "a", count: 300) + ".io.com"
        replace(&s, long)
        #expect(s.details.text("app.domain").count == 307)
        #expect(DetailsScreen.error(s, "app.domain") != nil)
        press(&s, .enter)
        #expect(s.step == .details)

        var n = walk(to: .needs)
        focus(&n, \.needs, "needs.budget_usd_per_month")
        replace(&n, String(repeating: "9", count: 23))
        #expect(n.needs.text("needs.budget_usd_per_month").count == 23)
        #expect(NeedsScreen.error(n.needs, "needs.budget_usd_per_month") != nil)
        press(&n, .enter)
        #expect(n.step == .needs)
    }

    /// The only refusal left is the runaway-paste guard, and it is said on screen.
    @Test func aRefusedPasteIsSaidOnScreen() {
        var s = walk(to: .details, target: .selfhosted)
        focus(&s, \.details, "app.domain")
        send(&s, [.event(.paste(String(repeating: "a", count: 5000)))])
        #expect(s.details.text("app.domain") == "track.freshtrack.io")
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("not typed, longer than 4096"))
    }

    /// Huge but whole numbers reach the recommendation and costs without trapping.
    @Test func hugeUserCountsDoNotTrap() {
        var n = walk(to: .needs)
        replace(&n, "999999999999999999")
        press(&n, .enter)
        #expect(n.step == .recommendation)
        press(&n, .enter)
        _ = Wizard.view(n, size: size80)
    }
}

struct WizardTypedSecretTests {
    /// Secrets screen with `name`'s source set to "type it", focused on its value.
    func typing(_ name: SecretName) -> WizardState {
        var s = walk(to: .secrets, target: .selfhosted)
        chooseTypeIt(&s, name)
        return s
    }

    func screen(_ s: WizardState) -> String { Wizard.view(s, size: size80).lines().joined(separator: "\n") }

    /// A pasted tab or line break is refused with a message, never silently removed.
    @Test func aPastedControlCharacterIsRefusedVisibly() {
        var s = typing(.stackAuthSecret)
        send(&s, [.event(.paste("abc\tdef-ghi-jkl"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 0)
        #expect(screen(s).contains("control character"))
        send(&s, [.event(.paste("line-one\n"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 0)
        send(&s, [.event(.paste("abcdef-ghi-jkl"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 14)
    }

    /// A short typed secret is warned about; MinIO's root password under 8 is an error.
    @Test func shortTypedSecretsAreWarnedAndMinIOsAreRefused() {
        var s = typing(.stackAuthSecret)
        type(&s, "x")
        #expect(screen(s).contains("only 1 characters; 12 or more advised"))
        var m = typing(.minioRootPassword)
        type(&m, "short")
        press(&m, .tab); type(&m, "short")
        press(&m, .enter)
        #expect(m.step == .secrets)
        #expect(SecretsScreen.error(m.secrets, "secret.minio_root_password.value")?.contains("under 8") == true)
    }
}

struct WizardFilePathTests {
    func atPath() -> WizardState {
        var s = walk(to: .secrets, target: .aws)
        focus(&s, \.secrets, "secret.rds_password.path")
        return s
    }

    /// `file:` written into the path field is taken as the prefix, not doubled, and a
    /// relative path is saved absolute against the bundle directory shown.
    @Test func aLeadingFilePrefixIsStrippedAndRelativePathsAreSavedAbsolute() {
        var s = atPath()
        replace(&s, "file:/root/rds.txt")
        #expect(SecretsScreen.error(s, "secret.rds_password.path") == nil)
        #expect(Wizard.answers(s)?.secrets.sources[.rdsPassword] == .file("/root/rds.txt"))
        replace(&s, "keys/../keys/rds.txt")
        #expect(Wizard.answers(s)?.secrets.sources[.rdsPassword] == .file("/srv/freshtrack/keys/rds.txt"))
        replace(&s, "")
        let e = SecretsScreen.error(s, "secret.rds_password.path") ?? ""
        #expect(!e.contains("write file:"), "\(e)")
    }

    /// Typing asks the edge whether the file is readable; its answer shows beside the field
    /// and Enter stays on the screen.
    @Test func aMissingFileIsMarkedAsYouTypeAndBlocksEnter() {
        var s = atPath()
        press(&s, .ctrl("u"))
        let effects = type(&s, "/nonexistent/rds.txt")
        #expect(effects.last == .checkFiles(["/nonexistent/rds.txt"]))
        send(&s, [.filesChecked(["/nonexistent/rds.txt": "no such file: /nonexistent/rds.txt"])])
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("no such file"))
        press(&s, .enter)
        #expect(s.step == .secrets)
        send(&s, [.filesChecked(["/nonexistent/rds.txt": String?.none])])
        press(&s, .enter)
        #expect(s.step == .review)
    }
}

struct RecommendationRunsAsTests {
    /// DigitalOcean highlighted: both ways it can run are named; AWS with multi-region
    /// needs: what Compose on EC2 does not do and what ECS adds.
    @Test func theRecommendationSaysHowEachTargetCanRun() {
        let needs = Needs(users: 20000, budgetUSDPerMonth: 2000, traffic: .spiky, multiRegion: true)
        let rec = Recommender.recommend(needs)
        let d = RecommendationScreen.why(rec, .digitalocean, width: 76).map(\.text).joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(d.contains("Droplet hybrid") && d.contains("App Platform"))
        let a = RecommendationScreen.why(rec, .aws, width: 76).map(\.text).joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(a.contains("Also ECS on Fargate"))
        #expect(a.contains("neither auto-scales nor spans regions"))
    }
}

extension RecommendationRunsAsTests {
    /// At 80x24 the note is on screen with DigitalOcean highlighted.
    @Test func theNoteFitsAt80x24() {
        var s = walk(to: .recommendation)
        let idx = s.recommendationMenu.items.firstIndex(of: "digitalocean")!
        while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("Droplet hybrid"))
    }
}

struct ReviewStatusLineTests {
    /// `w` writes from any row of the review: the status line says so, whole, at 80 columns.
    @Test func theReviewStatusLineShowsW() {
        let s = walk(to: .review)
        var r = s
        send(&r, [.prepared(.success(samplePlan(.selfhosted)))])
        let last = Wizard.view(r, size: size80).line(23)
        #expect(last.contains("w write"))
        #expect(last.contains("q quit"), "the status line must not be cut: \(last)")
    }
}

struct CostItemsScrollTests {
    func screen(_ s: WizardState) -> String { Wizard.view(s, size: size80).lines().joined(separator: "\n") }

    /// At 80x24 the items that do not fit scroll into view with Up/Down; the totals stay.
    @Test func everyCostItemCanBeScrolledIntoView() {
        var s = walk(to: .costs)
        var n = NeedsScreen.needs(s.needs)!
        n.users = s.costUsers
        let cmp = CostModel.compare(needs: n, environment: s.environment)
        var seen = Set<String>()
        for _ in 0..<20 {
            let text = screen(s)
            for o in cmp.options { for i in o.items where text.contains(String(i.name.prefix(16))) { seen.insert(i.name) } }
            #expect(text.contains("Total"))
            press(&s, .down)
        }
        let all = Set(cmp.options.flatMap { $0.items.map(\.name) })
        #expect(seen == all, "never shown: \(all.subtracting(seen))")
        #expect(screen(s).contains("0 below"))
    }

    /// Quantities are shown as `costs` prints them (e.g. Managed PostgreSQL 1 GB x4).
    @Test func quantitiesAreShown() {
        #expect(CostsScreen.quantityLabel("size x4") == "x4")
        #expect(CostsScreen.quantityLabel("2 x size x8") == "2 of x8")
        #expect(CostsScreen.quantityLabel("base size") == "")
        var s = walk(to: .costs)
        while s.costUsers < 5_000 { press(&s, .right) }
        #expect(screen(s).contains("Managed PostgreSQL 1 GB x"))
    }
}

struct CosmeticFixTests {
    func screen(_ s: WizardState, _ size: Size = size80) -> [String] { Wizard.view(s, size: size).lines() }
    func squeezed(_ lines: [String]) -> String {
        lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
    }

    /// A wrapped field error keeps every character at the wrap.
    @Test func wrappedErrorsLoseNoCharacter() {
        var s = walk(to: .details, target: .digitalocean)
        focus(&s, \.details, "digitalocean.spaces_bucket")
        replace(&s, "Bad.Bucket")
        let e = DetailsScreen.error(s, "digitalocean.spaces_bucket")!
        #expect(squeezed(screen(s)).contains(e.split(separator: " ").joined(separator: " ")), "\(e)")
    }

    /// Labels never touch their input; the secrets directory hint is not cut.
    @Test func secretsScreenLabelsAndHintFit() {
        var s = walk(to: .secrets, target: .aws)
        focus(&s, \.secrets, "secrets.dir")
        let text = screen(s).joined(separator: "\n")
        #expect(!text.contains("token(•)") && !text.contains("token( )"))
        #expect(text.contains("relative to the bundle."))
    }

    /// The help window's key table has its second column aligned.
    @Test func helpKeyTableIsAligned() {
        var s = walk(to: .needs)
        press(&s, .function(1))
        let lines = screen(s)
        let cols = ["Esc ", "←/→", "q, ^C"].compactMap { key -> Int? in
            guard let l = lines.first(where: { $0.contains(key) && $0.contains("│") }), let r = l.range(of: key) else { return nil }
            return l.distance(from: l.startIndex, to: r.lowerBound)
        }
        #expect(cols.count == 3 && Set(cols).count == 1, "\(cols)")
    }

    @Test func oneBackupIsSingular() {
        var s = walk(to: .write)
        var sum = sampleSummary()
        sum.backups = ["compose.yaml.bak.1"]
        send(&s, [.written(.success(sum))])
        let text = screen(s).joined(separator: "\n")
        #expect(text.contains("1 backup") && !text.contains("1 backups") && !text.contains("1 secrets"))
    }

    @Test func spacesBucketHelpMatchesTheRule() {
        let f = DetailsScreen.form(for: .digitalocean, from: nil)
        let help = f.fields.first { $0.id == "digitalocean.spaces_bucket" }!.help
        #expect(!help.contains(". -"))
        #expect(Rules.problem(FieldRules.spacesBucket("a.b.c")) != nil)
    }

    @Test func regionErrorsNameNoSourceFile() {
        let e = Rules.problem(FieldRules.awsRegion("us-east-7")) ?? ""
        #expect(!e.isEmpty && !e.contains("assets/"), "\(e)")
    }

    /// As non-root the owners shown are what chown must still set.
    @Test func nonRootReviewSaysChownNeeded() {
        var s = walk(to: .review)
        var data = samplePlan(.selfhosted)
        data.ownersNeedChown = true
        send(&s, [.prepared(.success(data))])
        #expect(screen(s).joined().contains("owner (chown needed)"))
        var r = walk(to: .review)
        send(&r, [.prepared(.success(samplePlan(.selfhosted)))])
        #expect(!screen(r).joined().contains("chown needed"))
    }

    /// A bad answers file: every problem can be read (v), not only the first lines.
    @Test func everyAnswersFileProblemCanBeRead() {
        var s = Wizard.start(directory: "/srv/freshtrack", size: size80).0
        let problems = (1...30).map { "line \($0): problem number \($0)" }.joined(separator: "\n")
        send(&s, [.previousLoaded(.failure(WizardFailure(problems)))])
        #expect(screen(s).joined(separator: "\n").contains("v reads them all"))
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

struct TooSmallQuitTests {
    /// In a too-small window q and Ctrl-C (and SIGINT) quit at once; at a normal size
    /// SIGINT still asks first once something was entered.
    @Test func interruptQuitsAtOnceOnlyWhenTooSmall() {
        var s = walk(to: .needs)
        #expect(send(&s, [.event(.interrupt)]).isEmpty)
        #expect(s.overlay == .confirmQuit(status: 130))
        var small = walk(to: .needs)
        send(&small, [.event(.resize(Size(width: 60, height: 20)))])
        #expect(send(&small, [.event(.interrupt)]) == [.quit(status: 130)])
        #expect(press(&small, .char("q")) == [.quit(status: 1)])
    }
}

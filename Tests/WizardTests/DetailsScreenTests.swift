import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// DigitalOcean's platform choice on the details screen: Droplet hybrid by default, App
/// Platform showing its own fields with `apply`'s defaults, rules and messages.
@Suite struct AppPlatformDetailsTests {
    static func appPlatform() -> WizardState {
        var s = walk(to: .details, target: .digitalocean)
        focus(&s, \.details, "digitalocean.platform")
        press(&s, .right)
        return s
    }

    @Test func dropletHybridIsTheDefaultAndHidesTheAppPlatformFields() throws {
        let s = walk(to: .details, target: .digitalocean)
        #expect(s.details.choice("digitalocean.platform") == "Droplet hybrid")
        let shown = s.details.visibleIndices.map { s.details.fields[$0].id }
        #expect(shown.contains("digitalocean.platform"))
        #expect(!shown.contains { $0.hasPrefix("digitalocean.app_platform.") })
        let a = try #require(Wizard.answers(s))
        #expect(a.digitalocean?.platform == .droplet)
        #expect(a.digitalocean?.appPlatform == nil)
    }

    @Test func appPlatformShowsItsFieldsWithApplysDefaultsAndRequiresTheClusters() throws {
        var s = Self.appPlatform()
        let shown = s.details.visibleIndices.map { s.details.fields[$0].id }
        for key in ["database_cluster", "cache_cluster", "app_name", "region", "registry_type", "registry", "repository",
                    "instance_size", "instance_count", "worker_instance_size", "worker_instance_count"] {
            #expect(shown.contains("digitalocean.app_platform.\(key)"), "\(key) not shown")
        }
        #expect(s.details.text("digitalocean.app_platform.app_name") == AppPlatformSettings.defaultAppName)
        #expect(s.details.text("digitalocean.app_platform.region") == AppPlatformSettings.defaultRegion)
        #expect(s.details.text("digitalocean.app_platform.instance_size") == AppPlatformSettings.defaultInstanceSize)
        // Enter with the clusters empty stays, naming them with FieldRules' words.
        press(&s, .enter)
        #expect(s.step == .details)
        #expect(s.details.focusedField?.id == "digitalocean.app_platform.database_cluster")
        let expected = FieldRules.databaseClusterName("").failureMessage
        #expect(DetailsScreen.error(s, "digitalocean.app_platform.database_cluster") == expected)
        #expect(Wizard.view(s, size: size80).text.contains("must be a database cluster name"))
    }

    @Test func typedValuesBecomeTheAnswersAndTheSameMessagesAsApply() throws {
        var s = Self.appPlatform()
        focus(&s, \.details, "digitalocean.app_platform.database_cluster"); replace(&s, "freshtrack-pg")
        focus(&s, \.details, "digitalocean.app_platform.cache_cluster"); replace(&s, "freshtrack-valkey")
        focus(&s, \.details, "digitalocean.app_platform.region"); replace(&s, "nyc9")
        #expect(DetailsScreen.error(s, "digitalocean.app_platform.region") == FieldRules.appPlatformRegion("nyc9").failureMessage)
        replace(&s, "ams")
        focus(&s, \.details, "digitalocean.app_platform.registry_type"); press(&s, .right)   // DOCKER_HUB
        press(&s, .enter)
        // A registry is required for Docker Hub: the cross-field rule `apply` uses.
        #expect(s.step == .details)
        let want = AppPlatformSettings.registryIssues(.dockerHub, nil, path: "x").first?.message
        #expect(DetailsScreen.error(s, "digitalocean.app_platform.registry") == want)
        focus(&s, \.details, "digitalocean.app_platform.registry"); replace(&s, "freshtrack")
        focus(&s, \.details, "digitalocean.app_platform.instance_size"); replace(&s, "apps-s-1vcpu-0.5gb")
        focus(&s, \.details, "digitalocean.app_platform.instance_count"); replace(&s, "2")
        #expect(DetailsScreen.error(s, "digitalocean.app_platform.instance_count")
                    == FieldRules.appPlatformInstanceCount("2", size: "apps-s-1vcpu-0.5gb").failureMessage)
        replace(&s, "1")
        let a = try #require(Wizard.answers(s))
        #expect(a.digitalocean?.platform == .appPlatform)
        #expect(a.digitalocean?.appPlatform == AppPlatformSettings(
            region: "ams", registryType: .dockerHub, registry: "freshtrack", instanceSize: "apps-s-1vcpu-0.5gb",
            databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey"))
        // What the wizard would save decodes as `apply` reads it.
        var saved = a
        saved.secrets.dir = "secrets"      // the secrets screen, not yet visited, fills it
        let decoded = try AnswersCodec.decode(AnswersCodec.encode(saved), secretExists: { _, _ in true })
        #expect(decoded.digitalocean == a.digitalocean)
        press(&s, .enter)
        #expect(s.step == .secrets)
    }

    @Test func previousAppPlatformAnswersPrefillTheFormAndSurviveARerun() throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/digitalocean-app-platform.yaml"), secretExists: { _, _ in true })
        var s = fresh()
        send(&s, [.previousLoaded(.success(PreviousRun(answers: answers, path: "/srv/ft/freshtrack-answers.yaml", savedAt: "x")))])
        press(&s, .enter)      // edit the previous answers; look at the details form directly
        s.step = .details
        #expect(s.details.choice("digitalocean.platform") == "App Platform")
        #expect(s.details.text("digitalocean.app_platform.database_cluster") == "freshtrack-pg")
        #expect(try #require(Wizard.answers(s)).digitalocean == answers.digitalocean)
        // Back to the Droplet hybrid: the complete App Platform section is kept, unused, as `apply` keeps it.
        focus(&s, \.details, "digitalocean.platform")
        press(&s, .left)
        let back = try #require(Wizard.answers(s))
        #expect(back.digitalocean?.platform == .droplet)
        #expect(back.digitalocean?.appPlatform == answers.digitalocean?.appPlatform)
    }
}

extension Result where Failure == FieldProblem {
    var failureMessage: String? {
        if case .failure(let p) = self { return p.message }
        return nil
    }
}

@Suite struct ECSDetailsTests {
    static func ecs() -> WizardState {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.ecs")
        press(&s, .right)
        return s
    }

    @Test func ecsIsOffByDefaultAndItsFieldsHidden() throws {
        let s = walk(to: .details, target: .aws)
        #expect(!s.details.visibleIndices.contains { s.details.fields[$0].id.hasPrefix("aws.ecs.") })
        #expect(try #require(Wizard.answers(s)).aws?.ecs == nil)
    }

    @Test func requiredFieldsUseApplysRulesAgainstTheAccountAndRegionTyped() throws {
        var s = Self.ecs()
        press(&s, .enter)
        #expect(s.step == .details)
        #expect(s.details.focusedField?.id == "aws.ecs.execution_role_arn")
        #expect(DetailsScreen.error(s, "aws.ecs.execution_role_arn") == FieldRules.iamRoleARN("", accountID: "123456789012").failureMessage)
        focus(&s, \.details, "aws.ecs.execution_role_arn"); replace(&s, "arn:aws:iam::999999999999:role/x")
        #expect(DetailsScreen.error(s, "aws.ecs.execution_role_arn")
                    == FieldRules.iamRoleARN("arn:aws:iam::999999999999:role/x", accountID: "123456789012").failureMessage)
        focus(&s, \.details, "aws.ecs.subnets"); replace(&s, "subnet-0a1b2c3d4e5f60718, subnet-zz")
        #expect(DetailsScreen.error(s, "aws.ecs.subnets") == "\"subnet-zz\" " + FieldRules.subnetID("subnet-zz").failureMessage!)
        focus(&s, \.details, "aws.ecs.target_group_arn")
        replace(&s, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/freshtrack/6d0ecf831eec9f09")
        #expect(DetailsScreen.error(s, "aws.ecs.target_group_arn") != nil)   // another region than aws.region
    }

    /// Valid values for every required `aws.ecs` field, by key.
    static let requiredValues = [
        "execution_role_arn": "arn:aws:iam::123456789012:role/freshtrack-ecs-execution",
        "task_role_arn": "arn:aws:iam::123456789012:role/freshtrack-ecs-task",
        "subnets": "subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829",
        "security_groups": "sg-0c3d4e5f60718293a",
        "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/6d0ecf831eec9f09",
    ]

    /// The ECS details screen with `requiredValues` typed into their fields.
    static func filled() -> WizardState {
        var s = ecs()
        for (k, v) in requiredValues { focus(&s, \.details, "aws.ecs." + k); replace(&s, v) }
        return s
    }

    @Test func filledFieldsBecomeAwsEcsAndDecodeAsApplyReadsThem() throws {
        var s = Self.filled()
        let values = Self.requiredValues
        var a = try #require(Wizard.answers(s))
        #expect(a.aws?.ecs == ECSSettings(executionRoleARN: values["execution_role_arn"]!, taskRoleARN: values["task_role_arn"]!,
                                          subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"],
                                          securityGroups: ["sg-0c3d4e5f60718293a"], targetGroupARN: values["target_group_arn"]!))
        a.secrets.dir = "secrets"
        #expect(try AnswersCodec.decode(AnswersCodec.encode(a), secretExists: { _, _ in true }).aws == a.aws)
        press(&s, .enter)
        #expect(s.step == .secrets)
        // Turned off again: no aws.ecs.
        var off = s
        off.step = .details
        focus(&off, \.details, "aws.ecs"); press(&off, .left)
        #expect(try #require(Wizard.answers(off)).aws?.ecs == nil)
    }
}

/// Going back to pick another target keeps what was typed for every target, in the session
/// and from previous answers.
@Suite struct DetailsTargetSwitchTests {
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

/// The RDS endpoint / region check runs as you type, like every field's own rule.
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

/// What the details screen says of a bad field at 80x24: every message under the fields is
/// whole or counted, the mark beside a field is shortened at a word with "…", help and
/// messages agree with the field rules.
@Suite struct DetailsMessagesTests {
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
        let text = screenWords(screen)
        let lines = screen.lines()
        // The message area: rows under the last field row.
        let firstMessageRow = try #require(lines.lastIndex { $0.contains("[") && $0.contains("]") }) + 1
        let area = lines[firstMessageRow..<(lines.count - 1)].joined(separator: "\n")
        var shownWhole = 0
        for (id, _) in bad {
            let f = s.details.fields[s.details.index(of: id)!]
            let e = try #require(DetailsScreen.error(s, id), "\(id)")
            let full = "✗ \(f.nameInMessages): \(e)"
            if text.contains(wholeWords(full)) { shownWhole += 1; continue }
            // Not whole: then not started either.
            #expect(!area.contains("✗ \(f.nameInMessages):"), "\(id) cut:\n\(screen.text)")
        }
        #expect(shownWhole >= 1)
        if shownWhole < bad.count {
            #expect(text.contains("more message"), "\n\(screen.text)")
        }
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

    /// A wrapped field error keeps every character at the wrap.
    @Test func wrappedErrorsLoseNoCharacter() {
        var s = walk(to: .details, target: .digitalocean)
        focus(&s, \.details, "digitalocean.spaces_bucket")
        replace(&s, "Bad.Bucket")
        let e = DetailsScreen.error(s, "digitalocean.spaces_bucket")!
        #expect(wholeWords(screenLines(s).joined(separator: " ")).contains(e.split(separator: " ").joined(separator: " ")), "\(e)")
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
}

/// The details screen through `Wizard.update`: the target's fields, the same messages as
/// `apply`, cross-field problems beside the field.
@Suite struct DetailsUpdateTests {
    @Test(arguments: Target.allCases)
    func detailsShowTheFieldsOfTheTarget(_ t: Target) {
        let s = walk(to: .details, target: t)
        let ids = Set(s.details.fields.map(\.id))
        #expect(ids.contains("app.version") && ids.contains("app.domain"))
        #expect(ids.contains("app.acme_email") == (t != .aws))
        #expect(ids.contains("digitalocean.database_host") == (t == .digitalocean))
        #expect(ids.contains("aws.rds_endpoint") == (t == .aws))
    }

    @Test func aBadFieldShowsTheSameMessageAsApply() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.s3_bucket")
        replace(&s, "Bad_Bucket")
        press(&s, .enter)
        #expect(s.step == .details)
        #expect(s.details.focusedField?.id == "aws.s3_bucket")
        guard case .failure(let p) = FieldRules.s3Bucket("Bad_Bucket") else { Issue.record("rule accepted it"); return }
        #expect(DetailsScreen.error(s, "aws.s3_bucket") == p.message)
    }

    @Test func crossFieldProblemsFromTheDecoderShowBesideTheField() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.region")
        replace(&s, "eu-west-1")   // the RDS endpoint says us-east-1
        press(&s, .enter)
        #expect(s.step == .details)
        #expect(s.crossFieldIssues["aws.rds_endpoint"] != nil)
        // Checked again as you type: a matching region clears it.
        focus(&s, \.details, "aws.region")
        replace(&s, "us-east-1")
        #expect(s.crossFieldIssues["aws.rds_endpoint"] == nil)
    }
}

import DeployKit
import TerminalUI
import Testing
@testable import Wizard

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
        send(&s, [.previousLoaded(.failure(WizardFailure("needs.users (line 4): \"0\" must be a whole number >= 1")))])
        #expect(s.previousProblem?.contains("needs.users") == true)
        #expect(Wizard.view(s, size: size80).contains("could not be used"))
        press(&s, .enter)
        #expect(s.step == .environment)
    }
}

@Suite struct EnvironmentAndNeedsUpdateTests {
    @Test func environmentChoiceIsKeptAndEscGoesBack() {
        var s = walk(to: .environment)
        press(&s, .down, .enter)
        #expect(s.environment == .staging)
        #expect(s.step == .needs)
        press(&s, .escape)
        #expect(s.step == .environment)
        #expect(s.environment == .staging)
    }

    @Test func invalidUsersBlockEnterAndShowTheFieldRulesMessage() {
        var s = walk(to: .needs)
        replace(&s, "0")
        press(&s, .tab, .enter)
        #expect(s.step == .needs)
        #expect(s.needs.focusedField?.id == "needs.users")
        #expect(s.notice != nil)
        let screen = Wizard.view(s, size: size80)
        #expect(screen.contains("✗ must be a whole number >= 1"))
    }

    @Test func qAndQuestionMarkAreTextInsideAField() {
        var s = walk(to: .needs)
        let effects = type(&s, "q?")
        #expect(effects.isEmpty)
        #expect(s.overlay == nil)
        // The pre-filled 500 was selected: typing replaced it.
        #expect(s.needs.text("needs.users") == "q?")
        press(&s, .end)
        type(&s, "q")
        #expect(s.needs.text("needs.users") == "q?q")
    }

    @Test func choicesChangeWithLeftAndRight() {
        var s = walk(to: .needs)
        focus(&s, \.needs, "needs.compliance")
        press(&s, .right, .right)
        #expect(s.needs.choice("needs.compliance") == "SOC2")
        press(&s, .left)
        #expect(s.needs.choice("needs.compliance") == "HIPAA")
        #expect(NeedsScreen.needs(s.needs)?.compliance == .hipaa)
    }

    @Test func pasteGoesIntoTheFocusedFieldWhole() {
        var s = walk(to: .needs)
        press(&s, .ctrl("u"))
        send(&s, [.event(.paste("12000\n"))])
        #expect(s.needs.text("needs.users") == "12000")
    }
}

@Suite struct RecommendationAndCostsUpdateTests {
    @Test func theRecommendedTargetIsPreselectedAndEnterChoosesTheSelection() {
        var s = walk(to: .recommendation)
        let needs = NeedsScreen.needs(s.needs)!
        #expect(RecommendationScreen.selectedTarget(s) == Recommender.recommend(needs).recommended)
        let other = s.recommendationMenu.items.first { $0 != s.recommended?.rawValue }!
        while s.recommendationMenu.items[s.recommendationMenu.selected] != other { press(&s, .down) }
        press(&s, .enter)
        #expect(s.chosenTarget?.rawValue == other)
        #expect(s.step == .costs)
        #expect(Wizard.answers(s)?.target == .explicit(Target(rawValue: other)!))
    }

    /// Accepting the recommendation saves the explicit target name, so a later edit of the
    /// needs never silently changes the target.
    @Test func acceptingTheRecommendationRecordsTheExplicitTarget() {
        var s = walk(to: .recommendation)
        let rec = s.recommended!
        press(&s, .enter)
        #expect(Wizard.answers(s)?.target == .explicit(rec))
        #expect(AnswersCodec.encode(Wizard.answers(s)!).contains("target: \(rec.rawValue)"))
    }

    @Test func tabTogglesTheMatrixOnSmallWindows() {
        var s = walk(to: .recommendation)
        let before = Wizard.view(s, size: size80)
        press(&s, .tab)
        let after = Wizard.view(s, size: size80)
        #expect(!before.contains("Setup Complexity"))
        #expect(after.contains("Setup Complexity"))
        #expect(Wizard.view(s, size: size120).contains("Why"))
    }

    @Test func leftAndRightChangeUsersAndTheCostsRecompute() {
        var s = walk(to: .costs)
        #expect(s.costUsers == 750)
        let at750 = Wizard.view(s, size: size120).text
        press(&s, .right)
        #expect(s.costUsers == 1_000)
        press(&s, .right, .right)
        #expect(s.costUsers == 5_000)
        let at5000 = Wizard.view(s, size: size120).text
        #expect(at5000.contains("5000 users"))
        #expect(at750 != at5000.replacingOccurrences(of: "5000", with: "750"))
        press(&s, .char("r"))
        #expect(s.costUsers == 750)
        #expect(NeedsScreen.needs(s.needs)?.users == 750)   // the answer itself never changed
        press(&s, .left)
        #expect(s.costUsers == 500)
    }

    @Test func usersLadderStopsAtItsEnds() {
        #expect(CostsScreen.step(10, -1) == 10)
        #expect(CostsScreen.step(100_000, 1) == 100_000)
        #expect(CostsScreen.step(333, 1) == 500)
        #expect(CostsScreen.step(333, -1) == 250)
    }
}

@Suite struct DetailsAndSecretsUpdateTests {
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

    @Test func validDetailsOpenTheSecretsAndAskWhichExist() {
        var s = walk(to: .details, target: .digitalocean)
        let effects = press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(effects == [.checkSecrets(dir: "secrets", names: SecretsScreen.names(s))])
        #expect(SecretsScreen.names(s).contains(.doDatabasePassword))
    }

    @Test func existingSecretsAreShownAsKept() {
        var s = walk(to: .secrets, target: .selfhosted)
        send(&s, [.secretsChecked(dir: "secrets", existing: [.postgresPassword])])
        #expect(s.secrets.choice("secret.postgres_password.source") == SecretsScreen.kept)
        #expect(Wizard.view(s, size: size80).contains("kept (file exists)"))
        // A late answer for another directory is ignored.
        send(&s, [.secretsChecked(dir: "other", existing: [.redisPassword])])
        #expect(s.secrets.choice("secret.redis_password.source") == SecretsScreen.generate)
    }

    @Test func editingTheDirectoryChecksTheSecretsAgain() {
        var s = walk(to: .secrets)
        press(&s, .end)  // keep the pre-filled "secrets" and edit it
        let effects = type(&s, "2")
        #expect(effects.last == .checkSecrets(dir: "secrets2", names: SecretsScreen.names(s)))
    }

    @Test func typedSecretsNeedAMatchingConfirmationAndNeverReachTheAnswers() {
        var s = walk(to: .secrets, target: .selfhosted)
        focus(&s, \.secrets, "secret.stack_auth_secret.source")
        press(&s, .right, .right)   // type it
        press(&s, .tab); type(&s, "s3cret-Value")
        press(&s, .tab); type(&s, "s3cret-Valu")
        press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(SecretsScreen.error(s.secrets, "secret.stack_auth_secret.confirm") == "does not match the value")
        let screen = Wizard.view(s, size: size80).text
        #expect(!screen.contains("s3cret"))
        focus(&s, \.secrets, "secret.stack_auth_secret.confirm")
        press(&s, .end)     // keep the value (selected on entering the field) and add to it
        type(&s, "e")
        let effects = press(&s, .enter)
        #expect(s.step == .review)
        guard case .prepare(let answers, let typed)? = effects.first else { Issue.record("no prepare effect"); return }
        #expect(typed[.stackAuthSecret] == SecretValue("s3cret-Value"))
        #expect(answers.secrets.sources[.stackAuthSecret] == nil)
        #expect(answers.secrets.sources[.postgresPassword] == .generate)
        #expect(!AnswersCodec.encode(answers).contains("s3cret"))
    }

    @Test func providedSecretsNeedASource() {
        var s = walk(to: .secrets, target: .aws)
        press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(s.secrets.focusedField?.id == "secret.rds_password.path")
        replace(&s, "/root/rds.txt")
        let effects = press(&s, .enter)
        #expect(s.step == .review)
        guard case .prepare(let answers, _)? = effects.first else { Issue.record("no prepare effect"); return }
        #expect(answers.secrets.sources[.rdsPassword] == .file("/root/rds.txt"))
        #expect(answers.secrets.sources[.elasticacheAuthToken] == nil)
    }
}

@Suite struct ReviewAndWriteUpdateTests {
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
        send(&s, [.prepared(.failure(WizardFailure("secrets.sources.rds_password: file /x cannot be read")))])
        #expect(Wizard.view(s, size: size80).contains("cannot be prepared"))
        press(&s, .escape)
        #expect(s.step == .secrets)
    }

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

@Suite struct GlobalKeysUpdateTests {
    @Test func quitAsksFirstWhenAnswersAreUnsaved() {
        var s = walk(to: .needs)
        focus(&s, \.needs, "needs.traffic")
        #expect(press(&s, .char("q")).isEmpty)
        #expect(s.overlay == .confirmQuit(status: 1))
        press(&s, .char("n"))
        #expect(s.overlay == nil && s.step == .needs)
        #expect(send(&s, [.event(.key(.ctrl("c")))]).isEmpty)
        #expect(press(&s, .char("y")) == [.quit(status: 130)])
    }

    @Test func ctrlCTwiceQuitsAndNothingUnsavedQuitsAtOnce() {
        var s = walk(to: .needs)
        send(&s, [.event(.interrupt)])
        #expect(send(&s, [.event(.interrupt)]) == [.quit(status: 130)])
        var w = fresh()
        #expect(press(&w, .char("q")) == [.quit(status: 1)])
    }

    @Test func sigtermQuitsAtOnce() {
        var s = walk(to: .details)
        #expect(send(&s, [.event(.terminate)]) == [.quit(status: 143)])
    }

    @Test func helpOpensOnF1AndClosesOnAnyKey() {
        var s = walk(to: .costs)
        press(&s, .function(1))
        #expect(s.overlay == .help)
        #expect(Wizard.view(s, size: size80).contains("Help: Cost comparison"))
        press(&s, .char("x"))
        #expect(s.overlay == nil)
        press(&s, .char("?"))
        #expect(s.overlay == .help)
    }

    @Test func aSmallWindowShowsTheResizeMessageAndRecoversWithInputIntact() {
        var s = walk(to: .details, target: .aws)
        focus(&s, \.details, "aws.s3_bucket")
        replace(&s, "half-typed")
        send(&s, [.event(.resize(Size(width: 70, height: 20)))])
        let small = Wizard.view(s, size: Size(width: 70, height: 20))
        #expect(small.contains("Make the window at least 80x24."))
        #expect(small.contains("The window is 70x20."))
        press(&s, .char("z"))   // ignored while too small
        send(&s, [.event(.resize(size120))])
        #expect(s.details.text("aws.s3_bucket") == "half-typed")
        #expect(Wizard.view(s, size: size120).contains("half-typed"))
    }

    @Test func statusLineShowsTheStepAndFitsIn80Columns() {
        for step in Step.allCases where step != .write {
            let s = walk(to: step)
            let status = Wizard.view(s, size: size80).line(23)
            #expect(status.hasPrefix(" Step \(step.rawValue) of 9 │"))
            #expect(CharWidth.of(" Step \(step.rawValue) of 9 │ " + Wizard.keys(s)) <= 80, "\(step)")
        }
    }
}

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

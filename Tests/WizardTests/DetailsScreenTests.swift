import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// Issue 6 (App Platform on the details screen) and issue 5 (check findings on the review,
/// doctor from the welcome screen).
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

    @Test func filledFieldsBecomeAwsEcsAndDecodeAsApplyReadsThem() throws {
        var s = Self.ecs()
        let values = [
            "execution_role_arn": "arn:aws:iam::123456789012:role/freshtrack-ecs-execution",
            "task_role_arn": "arn:aws:iam::123456789012:role/freshtrack-ecs-task",
            "subnets": "subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829",
            "security_groups": "sg-0c3d4e5f60718293a",
            "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/6d0ecf831eec9f09",
        ]
        for (k, v) in values { focus(&s, \.details, "aws.ecs." + k); replace(&s, v) }
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

import Testing
@testable import DeployKit

/// What the plan tells the operator: a kept secret ending in a line break refused (naming the
/// file and the fix, never the value), weak secrets, conflicts under an explicit target, and
/// the next command of Compose, ECS and App Platform bundles.
@Suite struct PlannerMessagesTests {
    func provided(_ answers: Answers) -> [SecretName: SecretValue] {
        var out: [SecretName: SecretValue] = [:]
        for n in SecretName.allCases where !n.canGenerate && n != .elasticacheAuthToken {
            out[n] = SecretValue("Provided0\(n.rawValue.filter { $0.isLetter })")
        }
        return out
    }

    func plan(_ answers: Answers, existing: ExistingBundle = ExistingBundle()) throws -> Plan {
        try Planner.plan(PlanInputs(answers: answers, existing: existing, providedSecrets: provided(answers),
                                    generator: RenderFixedGenerator()))
    }

    @Test func keptSecretEndingInALineBreakIsRefusedNamingTheFileAndFixWithoutItsValue() throws {
        let answers = RenderFixtures.answers(.selfhosted, .production)
        func problem(_ secrets: [String: SecretValue]) -> PlanError? {
            do { _ = try plan(answers, existing: ExistingBundle(secrets: secrets)); return nil } catch {
                return error as? PlanError
            }
        }
        let lfError = try #require(problem(["secrets/postgres_password.txt": SecretValue("hand-placed-pw\n"),
                                            "secrets/stack_auth_secret.txt": SecretValue("no-line-break-here")]))
        #expect(lfError == .secretFileEndsInLineBreak(path: "secrets/postgres_password.txt", count: 1))
        let lf = lfError.description
        #expect(lf.contains("secrets/postgres_password.txt"))
        #expect(lf.contains("truncate -s -1 secrets/postgres_password.txt"))
        #expect(lf.contains("printf %s"))
        #expect(!lf.contains("hand-placed-pw"))
        let crlfError = try #require(problem(["secrets/minio_root_password.txt": SecretValue("crlf-placed-pw\r\n")]))
        #expect(crlfError == .secretFileEndsInLineBreak(path: "secrets/minio_root_password.txt", count: 2))
        let crlf = crlfError.description
        #expect(crlf.contains("truncate -s -2 secrets/minio_root_password.txt"))
        #expect(!crlf.contains("crlf-placed-pw"))
        // A kept file without a line break plans as before, its bytes untouched.
        let ok = try plan(answers, existing: ExistingBundle(secrets: ["secrets/stack_auth_secret.txt": SecretValue("no-line-break-here")]))
        #expect(ok.files.first { $0.path == "secrets/stack_auth_secret.txt" }?.contents == Array("no-line-break-here".utf8))
    }

    @Test func weakOrTooShortSecretsAreSaidWithoutTheirValue() throws {
        let answers = RenderFixtures.answers(.selfhosted, .production)
        // MinIO refuses a root password under 8 characters: an error, before anything is written.
        do {
            _ = try plan(answers, existing: ExistingBundle(secrets: ["secrets/minio_root_password.txt": SecretValue("m1n1o")]))
            Issue.record("a 5-character MinIO root password was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("minio_root_password") && message.contains("shorter than 8"))
            #expect(!message.contains("m1n1o"))
        }
        // Short but usable: a warning naming the secret and rotate, never the value.
        let p = try plan(answers, existing: ExistingBundle(secrets: [
            "secrets/postgres_password.txt": SecretValue("pg-short-9"),
            "secrets/stack_auth_secret.txt": SecretValue("auth-secret-of-20-ch"),
        ]))
        let weak = p.warnings.filter { $0.contains("characters (at least") }
        #expect(weak.count == 2, "\(p.warnings)")
        #expect(weak.contains { $0.contains("postgres_password") && $0.contains("at least 12") })
        #expect(weak.contains { $0.contains("stack_auth_secret") && $0.contains("at least 32") })
        #expect(!p.warnings.joined().contains("pg-short-9") && !p.warnings.joined().contains("auth-secret-of-20-ch"))
        // Generated values (43 characters) draw no warning.
        #expect(try plan(answers).warnings.allSatisfy { !$0.contains("characters (at least") })
    }

    @Test func awsComposeOnEC2SaysItDoesNotAutoScaleUnlessECSIsAdded() throws {
        var answers = RenderFixtures.answers(.aws, .production)
        answers.needs.traffic = .spiky
        answers.needs.multiRegion = true
        let ec2 = try plan(answers).warnings.filter { $0.contains("one EC2 instance") }
        #expect(ec2.count == 1, "\(ec2)")
        #expect(ec2.first?.contains("auto-scale for spiky traffic or span regions") == true)
        answers.needs.traffic = .steady
        answers.needs.multiRegion = false
        #expect(try plan(answers).warnings.allSatisfy { !$0.contains("one EC2 instance") })
    }

    @Test func explicitSelfhostedWithHIPAAAndTinyBudgetWarnsOfTheConflicts() throws {
        var answers = RenderFixtures.answers(.selfhosted, .production)
        answers.needs = Needs(users: 1200, budgetUSDPerMonth: 5, compliance: .hipaa, traffic: .steady, multiRegion: true)
        let p = try plan(answers)
        let rec = Recommender.recommend(answers.needs)
        #expect(rec.recommended != .selfhosted)
        #expect(p.warnings.contains { $0.contains("HIPAA with a $5/month budget") }, "\(p.warnings)")
        #expect(p.warnings.contains { $0.contains("Multi-region asked, but Self-hosted VM") || $0.contains("Multi-region asked, but \(Target.selfhosted.displayName)") }, "\(p.warnings)")
        #expect(p.warnings.contains { $0.contains("below every option") }, "\(p.warnings)")
        let line = try #require(p.warnings.first { $0.contains("freshtrack-deploy recommend") })
        #expect(line.contains(rec.recommended.displayName))
        #expect(line.contains("target: selfhosted"))
    }

    @Test func explicitTargetThatIsTheRecommendationHasNoRecommendLine() throws {
        var answers = RenderFixtures.answers(.selfhosted, .production)
        answers.needs = Needs(users: 100, budgetUSDPerMonth: 500)
        #expect(Recommender.recommend(answers.needs).recommended == .selfhosted)
        let p = try plan(answers)
        #expect(!p.warnings.contains { $0.contains("freshtrack-deploy recommend") }, "\(p.warnings)")
        #expect(!p.warnings.contains { $0.hasPrefix("Conflict") }, "\(p.warnings)")
    }

    @Test func multiRegionOnExplicitDigitalOceanIsWarned() throws {
        var answers = RenderFixtures.answers(.digitalocean, .production)
        answers.needs = Needs(users: 1200, budgetUSDPerMonth: 400, multiRegion: true)
        let p = try plan(answers)
        #expect(p.warnings.contains { $0.contains("Multi-region asked") && $0.contains(Target.digitalocean.displayName) }, "\(p.warnings)")
    }

    @Test func ecsBundleNextCommandIsTheDeployScriptDryRun() throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/aws-ecs.yaml"))
        let p = try plan(answers)
        #expect(p.files.contains { $0.path == "aws/deploy-aws.sh" })
        #expect(p.nextCommand == "aws/deploy-aws.sh --dry-run")
    }

    @Test func appPlatformNextCommandIsTheDeployScriptAndNoDropletNote() throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/digitalocean-app-platform.yaml"))
        let p = try plan(answers)
        #expect(p.files.contains { $0.path == "do/deploy-app-platform.sh" })
        #expect(p.nextCommand == "do/deploy-app-platform.sh --dry-run")
        #expect(!p.warnings.contains { $0.contains("on the Droplet") }, "\(p.warnings)")
    }

    @Test func composeBundlesKeepDockerComposeUp() throws {
        let hybrid = try plan(AnswersCodec.decode(Assets.required("examples/digitalocean.yaml")))
        #expect(hybrid.nextCommand == "docker compose up -d")
        var ecsDev = try AnswersCodec.decode(Assets.required("examples/aws-ecs.yaml"))
        ecsDev.environment = .dev
        #expect(try plan(ecsDev).nextCommand == "docker compose up -d")
    }
}

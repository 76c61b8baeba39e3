import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// Golden text of every screen at 80x24 and 120x40. `FRESHTRACK_UPDATE_SNAPSHOTS=1 swift
/// test --filter SnapshotTests` rewrites them; review the diff before committing.
@Suite struct SnapshotTests {
    static let sizes = [size80, size120]

    static func states() throws -> [(String, WizardState)] {
        var out: [(String, WizardState)] = []
        out.append(("01-welcome", walk(to: .welcome)))
        var prev = fresh()
        let answers = try AnswersCodec.decode(Assets.required("examples/digitalocean.yaml"), secretExists: { _, _ in true })
        send(&prev, [.previousLoaded(.success(PreviousRun(answers: answers, path: "/srv/freshtrack/freshtrack-answers.yaml",
                                                            savedAt: "2026-11-28 10:02 UTC")))])
        out.append(("01-welcome-previous", prev))
        var doctor = walk(to: .welcome)
        press(&doctor, .char("d"))
        send(&doctor, [.doctorProgress("ports")])
        out.append(("01-welcome-doctor-progress", doctor))
        send(&doctor, [.doctorFinished(WelcomeDoctorTests.outcome)])
        out.append(("01-welcome-doctor", doctor))
        out.append(("02-environment", walk(to: .environment)))
        var needs = walk(to: .needs)
        replace(&needs, "0")
        out.append(("03-needs-error", needs))
        var left = needs
        press(&left, .tab)
        out.append(("03-needs-error-left", left))
        out.append(("04-recommendation", walk(to: .recommendation)))
        var matrix = walk(to: .recommendation)
        press(&matrix, .tab)
        out.append(("04-recommendation-matrix", matrix))
        out.append(("05-costs", walk(to: .costs)))
        for t in Target.allCases { out.append(("06-details-\(t.rawValue)", walk(to: .details, target: t))) }
        var bad = walk(to: .details, target: .digitalocean)
        focus(&bad, \.details, "digitalocean.spaces_region")
        replace(&bad, "nyc9")
        out.append(("06-details-error", bad))
        var ap = AppPlatformDetailsTests.appPlatform()
        focus(&ap, \.details, "digitalocean.app_platform.cache_cluster")
        type(&ap, "freshtrack-valkey")
        press(&ap, .enter)
        out.append(("06-details-app-platform", ap))
        var ecs = ECSDetailsTests.ecs()
        focus(&ecs, \.details, "aws.ecs.subnets")
        type(&ecs, "subnet-0a1b2c3d4e5f60718, subnet-zz")
        out.append(("06-details-ecs", ecs))
        var secrets = walk(to: .secrets, target: .digitalocean)
        send(&secrets, [.secretsChecked(dir: "secrets", existing: [.redisPassword])])
        focus(&secrets, \.secrets, "secret.spaces_secret_key.source")
        press(&secrets, .right)
        press(&secrets, .tab); type(&secrets, "SuperSecretValue1")
        press(&secrets, .tab); type(&secrets, "SuperSecret")
        out.append(("07-secrets-typed", secrets))
        var review = walk(to: .review)
        send(&review, [.prepared(.success(samplePlan(.selfhosted)))])
        out.append(("08-review", review))
        var diff = review
        press(&diff, .home, .down, .enter)
        out.append(("08-review-diff", diff))
        var writing = walk(to: .write)
        out.append(("09-write-progress", writing))
        send(&writing, [.written(.success(sampleSummary()))])
        out.append(("09-write-done", writing))
        var help = walk(to: .needs)
        press(&help, .function(1))
        out.append(("help", help))
        var quit = walk(to: .costs)
        press(&quit, .char("q"))
        out.append(("quit-confirm", quit))
        return out
    }

    @Test func everyScreenMatchesItsGoldenText() throws {
        for (name, state) in try Self.states() {
            for size in Self.sizes {
                let screen = Wizard.view(state, size: size)
                expectSnapshot(screen, name)
                #expect(!screen.text.contains("SuperSecret"), "\(name): a typed secret reached the screen")
            }
        }
    }

    @Test func tooSmallScreen() {
        expectSnapshot(Wizard.view(walk(to: .needs), size: Size(width: 60, height: 20)), "too-small")
    }

    @Test func typedSecretsAppearOnlyAsMaskCharacters() throws {
        let s = try Self.states().first { $0.0 == "07-secrets-typed" }!.1
        let screen = Wizard.view(s, size: size80)
        #expect(screen.contains(String(repeating: "•", count: "SuperSecretValue1".count)))
        #expect(screen.contains(String(repeating: "•", count: "SuperSecret".count) + " "))
    }
}

import DeployKit
import Testing
@testable import Wizard

/// aws.ecs and the DigitalOcean platform are pre-filled from the previous answers on the
/// details screen: a re-run keeps them, or re-applying would silently drop aws/ or do/.
@Suite struct ECSCarryOverTests {
    @Test(arguments: ["aws-ecs", "digitalocean-app-platform"])
    func editingPreviousAnswersKeepsTheSettingsNoScreenShows(_ example: String) throws {
        let answers = try AnswersCodec.decode(Assets.required("examples/\(example).yaml"), secretExists: { _, _ in true })
        var s = fresh()
        send(&s, [.previousLoaded(.success(PreviousRun(answers: answers, path: "/srv/ft/freshtrack-answers.yaml",
                                                         savedAt: "2026-11-28 10:02 UTC")))])
        press(&s, .enter)   // edit the previous answers
        let rebuilt = try #require(Wizard.answers(s))
        #expect(rebuilt.aws?.ecs == answers.aws?.ecs)
        #expect(rebuilt.digitalocean?.platform == answers.digitalocean?.platform)
        #expect(rebuilt.digitalocean?.appPlatform == answers.digitalocean?.appPlatform)
        #expect(rebuilt.aws?.ecs != nil || rebuilt.digitalocean?.appPlatform != nil)
    }
}

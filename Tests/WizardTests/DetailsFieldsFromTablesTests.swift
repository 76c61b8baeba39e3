import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// The details screen's fields are `AnswersTables`' entries: adding an entry with a wizard
/// spec adds the field, its label, help and rule (the ECS autoscaling fields are two such
/// entries).
@Suite struct DetailsFieldsFromTablesTests {
    /// Every entry of `table` the wizard shows, with its id under `path`.
    func specced<M>(_ table: AnswersTable<M>, _ path: String) -> [(id: String, spec: WizardSpec)] {
        table.fields.compactMap { f in f.kind == .section ? nil : f.wizard.map { ("\(path).\(f.key)", $0) } }
    }

    @Test(arguments: Target.allCases)
    func theFormHoldsExactlyTheTableEntriesWithAWizardSpec(_ t: Target) {
        var expected = specced(AnswersTables.app, "app").filter { t != .aws || $0.id != "app.acme_email" }
        switch t {
        case .selfhosted: break
        case .digitalocean:
            expected += specced(AnswersTables.digitalocean, "digitalocean")
            expected += specced(AnswersTables.appPlatform, "digitalocean.app_platform")
        case .aws:
            expected += specced(AnswersTables.aws, "aws")
            expected += specced(AnswersTables.ecs, "aws.ecs")
        }
        let form = DetailsScreen.form(for: t, from: nil)
        let fields = form.fields.filter { $0.id != "aws.ecs" }  // the switch of the aws.ecs section itself
        #expect(Set(fields.map(\.id)) == Set(expected.map(\.id)))
        for (id, spec) in expected {
            let field = fields.first { $0.id == id }
            #expect(field?.label == spec.label && field?.help == spec.help, "\(id)")
        }
    }

    @Test func theNeedsFormIsTheNeedsTableAndReadsAsDecodeDoes() throws {
        let form = NeedsScreen.form(from: nil)
        #expect(form.fields.map(\.id) == specced(AnswersTables.needs, "needs").map(\.id))
        #expect(form.fields.map(\.label) == specced(AnswersTables.needs, "needs").map(\.spec.label))
        let needs = Needs(users: 40, budgetUSDPerMonth: 0, compliance: .soc2, traffic: .spiky, multiRegion: true)
        #expect(NeedsScreen.needs(NeedsScreen.form(from: needs)) == needs)
        var bad = NeedsScreen.form(from: needs)
        bad.setText("needs.users", "0")
        #expect(NeedsScreen.needs(bad) == nil)
        #expect(NeedsScreen.error(bad, "needs.users") == FieldRules.users("0").failureMessage)
    }

    func filledECS() -> WizardState { ECSDetailsTests.filled() }

    @Test func maxCountAndTargetCPUAreEditedAndCheckedAsApplyReadsThem() throws {
        var s = filledECS()
        let label = try #require(AnswersTables.ecs.field("max_count")?.wizard?.label)
        #expect(Wizard.view(s, size: Size(width: 120, height: 40)).text.contains(label))
        // Left empty: a fixed count, as an answers file without max_count.
        #expect(try #require(Wizard.answers(s)).aws?.ecs?.maxCount == nil)
        // Not above the backend tasks (2): refused with apply's message, and Enter stays.
        focus(&s, \.details, "aws.ecs.max_count"); replace(&s, "2")
        #expect(DetailsScreen.error(s, "aws.ecs.max_count") == FieldRules.ecsMaxCount("2", desiredCount: 2).failureMessage)
        press(&s, .enter)
        #expect(s.step == .details && s.details.focusedField?.id == "aws.ecs.max_count")
        // The ceiling follows the backend tasks typed above.
        focus(&s, \.details, "aws.ecs.desired_count"); replace(&s, "1")
        #expect(DetailsScreen.error(s, "aws.ecs.max_count") == nil)
        focus(&s, \.details, "aws.ecs.target_cpu_percent"); replace(&s, "95")
        #expect(DetailsScreen.error(s, "aws.ecs.target_cpu_percent") == FieldRules.ecsTargetCPUPercent("95").failureMessage)
        replace(&s, "70")
        var a = try #require(Wizard.answers(s))
        #expect(a.aws?.ecs?.maxCount == 2 && a.aws?.ecs?.desiredCount == 1 && a.aws?.ecs?.targetCPUPercent == 70)
        a.secrets.dir = "secrets"
        #expect(try AnswersCodec.decode(AnswersCodec.encode(a), secretExists: { _, _ in true }).aws == a.aws)
        press(&s, .enter)
        #expect(s.step == .secrets)
    }

    @Test func previousAutoscalingIsPrefilledAndKept() throws {
        var previous = try #require(Wizard.answers(filledECS()))
        previous.aws?.ecs?.maxCount = 8
        previous.aws?.ecs?.targetCPUPercent = 45
        var s = walk(to: .details, target: .aws)
        s.previous = PreviousRun(answers: previous, path: "x", savedAt: "now")
        Wizard.prefill(&s, from: previous)
        #expect(s.details.text("aws.ecs.max_count") == "8" && s.details.text("aws.ecs.target_cpu_percent") == "45")
        let a = try #require(Wizard.answers(s))
        #expect(a.aws?.ecs?.maxCount == 8 && a.aws?.ecs?.targetCPUPercent == 45)
    }
}

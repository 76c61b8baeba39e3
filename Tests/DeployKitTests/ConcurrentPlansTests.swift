import Foundation
import Testing
@testable import DeployKit

/// The embedded data is parsed once per process and shared (`static let` memos and the
/// compose-asset cache): plans of every target made at the same time on several threads
/// must give exactly the plans (bytes, actions, warnings) one plan gives alone, and the
/// memoised values must equal a fresh parse of the embedded assets.
@Suite struct ConcurrentPlansTests {
    static func plan(_ target: Target) throws -> Plan {
        try Planner.plan(PlanInputs(answers: RenderFixtures.answers(target),
                                    providedSecrets: RenderFixtures.provided(target),
                                    generator: RenderFixedGenerator()))
    }

    static func fingerprint(_ plan: Plan) -> [String] {
        plan.files.map { "\($0.path) \($0.action) \($0.mode) \($0.contents.count) \($0.contents.hashValue)" } + plan.warnings
    }

    @Test func plansMadeAtTheSameTimeEqualAPlanMadeAlone() async throws {
        let expected = try Dictionary(uniqueKeysWithValues: Target.allCases.map { ($0, Self.fingerprint(try Self.plan($0))) })
        try await withThrowingTaskGroup(of: (Target, [String])?.self) { group in
            for _ in 0..<3 {
                for target in Target.allCases { group.addTask { (target, Self.fingerprint(try Self.plan(target))) } }
            }
            for try await result in group {
                guard let (target, fingerprint) = result else { continue }
                #expect(fingerprint == expected[target], "\(target)")
            }
        }
    }

    @Test func memoisedDataEqualsAFreshParse() throws {
        #expect(DecisionMatrix.embedded == (try DecisionMatrix.parse(Assets.required("decision-matrix.yaml"))))
        #expect(PriceList.embedded == (try PriceList.parse(Assets.required("pricing.yaml"))))
        #expect(ImageUsers.table == (try ImageUsers.parse(Assets.required("image-users.yaml"))))
    }
}

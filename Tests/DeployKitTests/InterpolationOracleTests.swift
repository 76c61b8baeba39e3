import DeployKit
import Foundation
import Testing
import TestSupport

/// The one `${VAR}` interpolator (`Interpolator`: used by `check`, the planner's image-tag
/// check and the ECS / App Platform environments) gives what the real Docker Compose
/// (v2.40.3, `config --format json`) gives the container for every interpolation form, and
/// refuses exactly the texts Compose refuses.
@Suite struct InterpolationOracleTests {
    /// `.env` of every case: one variable set, one set but empty, `UNSET` never set.
    static let env = ["SET": "v1", "EMPTY": ""]

    /// Texts Compose accepts, each form with a set, an empty and an unset variable.
    static let accepted = [
        "${SET}", "$SET", "pre-${SET}-post", "${EMPTY}", "${UNSET}", "$UNSET",
        "${SET:-d}", "${EMPTY:-d}", "${UNSET:-d}", "${SET-d}", "${EMPTY-d}", "${UNSET-d}",
        "${SET:?need it}", "${SET?need it}", "${EMPTY?need it}",
        "${SET:+alt}", "${EMPTY:+alt}", "${UNSET:+alt}", "${SET+alt}", "${EMPTY+alt}", "${UNSET+alt}",
        "$$", "$$SET", "a$${SET}b", "${UNSET:-${SET}x}", "postgres:${SET:-15}-alpine",
    ]

    /// Texts Compose refuses (a required variable without a value).
    static let refused = ["${UNSET:?need it}", "${EMPTY:?need it}", "${UNSET?need it}"]

    /// A compose file whose service `s` has `V<i>: <text>` for each text (single-quoted YAML,
    /// so the text reaches the interpolation as written), and the `.env`.
    static func bundle(_ texts: [String]) -> String {
        let dir = TempDirectory.make("freshtrack-interpolation-oracle")
        let lines = texts.enumerated().map { i, t in "      V\(i): '\(t.replacingOccurrences(of: "'", with: "''"))'" }
        let compose = "services:\n  s:\n    image: busybox:1.36\n    environment:\n" + lines.joined(separator: "\n") + "\n"
        try? Data(compose.utf8).write(to: URL(fileURLWithPath: dir + "/compose.yaml"))
        let dotEnv = env.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n"
        try? Data(dotEnv.utf8).write(to: URL(fileURLWithPath: dir + "/.env"))
        return dir
    }

    @Test func everyAcceptedFormGivesComposesValue() throws {
        let dir = Self.bundle(Self.accepted)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try DockerCompose.run(["config", "--format", "json"], in: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let services = try #require(json["services"] as? [String: Any])
        let environment = try #require((services["s"] as? [String: Any])?["environment"] as? [String: String?])
        let interpolator = Interpolator(variables: Self.env)
        for (i, text) in Self.accepted.enumerated() {
            // `config` writes a literal `$` as `$$` so that its output reads back the same.
            let composes = (environment["V\(i)"] ?? nil)?.replacingOccurrences(of: "$$", with: "$")
            let ours = interpolator.interpolate(text, at: ComposeLocation(file: "compose.yaml", line: i + 5))
            #expect(ours == composes, "\(text): ours \(ours.debugDescription), Compose \(composes.debugDescription)")
        }
    }

    @Test(arguments: refused)
    func aRequiredVariableWithoutValueIsRefusedByBoth(text: String) throws {
        let dir = Self.bundle([text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try DockerCompose.run(["config", "--format", "json"], in: dir)
        #expect(r.status != 0, "Compose accepted \(text)")
        let location = ComposeLocation(file: "compose.yaml", line: 5)
        #expect(throws: PlanError.self, "\(text)") {
            try Interpolator(variables: Self.env).interpolateRequiringValues(text, at: location, context: "V0")
        }
    }

    @Test func theStrictFormRefusesAnUnsetPlainVariableButKeepsDefaults() throws {
        let i = Interpolator(variables: Self.env)
        let at = ComposeLocation(file: "compose.yaml", line: 1)
        #expect(throws: PlanError.self) { try i.interpolateRequiringValues("${UNSET}", at: at, context: "X") }
        #expect(throws: PlanError.self) { try i.interpolateRequiringValues("$UNSET", at: at, context: "X") }
        #expect(try i.interpolateRequiringValues("${UNSET:-d}/${EMPTY-e}/$$/${SET:?x}", at: at, context: "X") == "d//$/v1")
    }
}

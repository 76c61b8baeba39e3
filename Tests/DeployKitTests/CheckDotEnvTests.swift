import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// `.env` parsing and interpolation against the real `docker-compose config`.
struct CheckDotEnvTests {
    static let dotEnv = """
        # comment
        PLAIN=hello world
        TRAILING=abc   
        COMMENT=value # a comment
        HASH=pa#ss
        SINGLE='it $HOME # x'
        DOUBLE="line\\nbreak \\"q\\""
        REF=${PLAIN}-x
        DREF="${PLAIN}!"
        export EXPORTED=yes
        EMPTY=
        DOLLAR=a$$b
        ESCAPED="my dir/it's \\$HOME \\\\ x"
        MULTI="first
        second"
        """

    @Test func valuesAgreeWithDockerCompose() throws {
        let parsed = DotEnvParser.parse(Self.dotEnv, file: ".env")
        let keys = parsed.entries.map(\.key)
        #expect(keys == ["PLAIN", "TRAILING", "COMMENT", "HASH", "SINGLE", "DOUBLE", "REF", "DREF", "EXPORTED", "EMPTY", "DOLLAR", "ESCAPED", "MULTI"])
        var compose = "services:\n  a:\n    image: busybox:1.36\n    environment:\n"
        for k in keys { compose += "      \(k): \"${\(k)}\"\n" }
        let dir = try TempDirectory.make("check", files: [".env": Self.dotEnv, "docker-compose.yml": compose])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try DockerCompose.run(["config", "--format", "json"], in: dir.path)
        try #require(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let env = try #require(((json["services"] as? [String: Any])?["a"] as? [String: Any])?["environment"] as? [String: Any])
        let vars = parsed.variables
        for k in keys {
            // Compose escapes `$` as `$$` in config output.
            let theirs = (env[k] as? String)?.replacingOccurrences(of: "$$", with: "$")
            #expect(vars[k] == theirs, "\(k): ours \(String(reflecting: vars[k])) compose \(String(reflecting: theirs))")
        }
    }

    /// `\$`, `\\` and `\"` in double quotes are deliberate literal escapes (the quoting our
    /// own .env uses): no env-quoting flag; `\n` and an unescaped `$` still are.
    @Test func deliberateEscapesAreNotFlagged() {
        let parsed = DotEnvParser.parse(Self.dotEnv, file: ".env")
        let escaped = parsed.entries.first { $0.key == "ESCAPED" }
        #expect(escaped?.value == "my dir/it's $HOME \\ x")
        #expect(escaped?.interpolated == false && escaped?.unescaped == false)
        let double = parsed.entries.first { $0.key == "DOUBLE" }
        #expect(double?.unescaped == true)
        let dref = parsed.entries.first { $0.key == "DREF" }
        #expect(dref?.interpolated == true)
    }

    @Test func interpolationForms() {
        let i = Interpolator(variables: ["SET": "v", "EMPTY": ""])
        let loc = ComposeLocation(file: "f", line: 1)
        #expect(i.interpolate("${SET}-$SET-$$SET", at: loc) == "v-v-$SET")
        #expect(i.interpolate("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}", at: loc) == "d||d")
        #expect(i.interpolate("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}", at: loc) == "alt||alt")
        #expect(i.interpolate("${UNSET:-${SET}x}", at: loc) == "vx")
        var refs: [VariableReference] = []
        _ = i.interpolate("${NEED:?set it} ${EMPTY:?x} ${SET?x} $NOPE", at: loc) { refs.append($0) }
        #expect(refs.map(\.name) == ["NEED", "EMPTY", "SET", "NOPE"])
        #expect(refs.map(\.kind) == [.required, .required, .required, .plain])
        #expect(refs.map(\.isSet) == [false, false, true, false])
    }
}

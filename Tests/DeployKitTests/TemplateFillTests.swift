import Foundation
import Testing
@testable import DeployKit

/// `TemplateFill.fill` replaces exactly the known `{{NAME}}` placeholders of the embedded
/// document templates and keeps everything else as written.
@Suite struct TemplateFillTests {
    /// Foundation's `replacingOccurrences`, once per placeholder, is the oracle where no
    /// value holds `{{`.
    static func replacingEachPlaceholder(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        return text
    }

    @Test func everyPlaceholderOfTheEmbeddedTemplatesIsFilled() throws {
        for path in ["aws/README-aws.md.in", "do/README-app-platform.md.in"] {
            let template = Assets.required(path)
            var values: [String: String] = [:]
            var rest = Substring(template)
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                values[String(rest[open.upperBound..<close.lowerBound])] = "v<\(values.count)> é $1 \\ }"
                rest = rest[close.upperBound...]
            }
            #expect(values.count > 10, "\(path)")
            let filled = TemplateFill.fill(template, values)
            #expect(filled == Self.replacingEachPlaceholder(template, values), "\(path)")
            #expect(!filled.contains("{{"), "\(path)")
        }
    }

    @Test func unknownNamesLoneBracesAndValuesAreKeptAsWritten() {
        let values = ["A": "1", "BB": "two", "C": "", "D": "{{A}}"]
        let cases: [(String, String)] = [
            ("{{A}}", "1"), ("{{{A}}", "{1"), ("{{A}}}", "1}"), ("x{{A}}{{BB}}y", "x1twoy"),
            ("{{C}}|{{E}}|{{", "|{{E}}|{{"), ("{{ {{A}}", "{{ 1"), ("}}{{A", "}}{{A"), ("é{{BB}}ü", "étwoü"),
            ("", ""), ("{{A}", "{{A}"), ("{A}}", "{A}}"), ("{{D}}", "{{A}}"),
        ]
        for (text, expected) in cases {
            #expect(TemplateFill.fill(text, values) == expected, "\(text.debugDescription)")
        }
    }
}

/// Fills `{{NAME}}` placeholders of the embedded document templates (`assets/aws/*.in`,
/// `assets/do/*.in`) in one pass over the text. Pure.
enum TemplateFill {
    /// `template` with every `{{NAME}}` whose `NAME` is a key of `values` replaced by its
    /// value; anything else (an unknown name, a lone `{{`) is kept as written, so the
    /// caller's unfilled-placeholder check still sees it. A value is never scanned again:
    /// one holding `{{` stays in the output, where the callers' check rejects it.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.range(of: "}}"), let value = values[String(after[..<close.lowerBound])] {
                out += value
                rest = after[close.upperBound...]
            } else {
                out += "{"  // the second `{` may open a placeholder: `{{{A}}` is `{` + `{{A}}`
                rest = rest[rest.index(after: open.lowerBound)...]
            }
        }
        return out + rest
    }
}

/// Fills `{{NAME}}` placeholders of the embedded document templates (`assets/aws/*.in`,
/// `assets/do/*.in`) in one pass over the text. Pure.
enum TemplateFill {
    /// `template` with every `{{NAME}}` whose `NAME` is a key of `values` replaced by its
    /// value; anything else (an unknown name, a lone `{{`) is kept as written, so the
    /// caller's unfilled-placeholder check still sees it.
    ///
    /// Matches are found left to right as `String.replacingOccurrences(of: "{{NAME}}", ...)`
    /// finds them, and a value is never scanned again: the same text as replacing each
    /// placeholder in turn whenever no value itself contains `{{` (values that do are left
    /// in the output, where the callers' `{{` check rejects them).
    static func fill(_ template: String, _ values: [String: String]) -> String {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var out: [UInt8] = []
        out.reserveCapacity(template.utf8.count + 1024)
        var copied = false
        let result: String? = template.utf8.withContiguousStorageIfAvailable { bytes -> String in
            copied = true
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                if b == open, i + 1 < n, bytes[i + 1] == open {
                    // The first `}}` after `{{`: a placeholder name holds no braces.
                    var j = i + 2
                    while j + 1 < n, !(bytes[j] == close && bytes[j + 1] == close) { j += 1 }
                    if j + 1 < n, let value = values[String(decoding: bytes[(i + 2)..<j], as: UTF8.self)] {
                        out.append(contentsOf: value.utf8)
                        i = j + 2
                        continue
                    }
                }
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        if copied, let result { return result }
        // Non-contiguous storage (bridged strings): the same loop over a copy.
        var contiguous = template
        contiguous.makeContiguousUTF8()
        return fill(contiguous, values)
    }
}

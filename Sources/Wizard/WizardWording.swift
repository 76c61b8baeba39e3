import DeployKit
import TerminalUI

/// Rewords an engine message (written for the answers file and the CLI, e.g. `choose a
/// dedicated secrets directory (e.g. secrets.dir: secrets)`) for the wizard, which shows no
/// answers-file keys: each key becomes the field as the wizard shows it, with its screen
/// (`the Secrets screen's Secrets directory field`). The CLI's messages are unchanged; only
/// the wizard calls this. Also shortens a message to one line with a visible `…`.
enum WizardWording {
    /// `text` on one line of `width` cells: whole when it fits, else cut at the last word
    /// boundary that leaves room for ` …` (inside a word only when stopping at a boundary
    /// would leave less than half the line), so a shortened line always shows that it is.
    static func oneLine(_ text: String, width: Int) -> String {
        guard CharWidth.of(text) > width else { return text }
        guard width > 4 else { return CharWidth.truncate(text, to: width) }
        // The first wrapped line at width - 2 fits with " …" after it.
        let head = CharWidth.wrap(text, width: width - 2).first ?? ""
        // A word too long for the line (the boundary would keep less than half of it):
        // cut inside the word, still marked.
        if !text.hasPrefix(head + " ") || CharWidth.of(head) < width / 2 {
            return CharWidth.truncate(text, to: width)
        }
        var kept = head
        while let last = kept.last, last == " " || last == ":" || last == "," || last == ";" { kept.removeLast() }
        return kept + " …"
    }

    /// One answers-file key and how the wizard shows it.
    struct FieldName: Equatable {
        /// The answers-file key, e.g. `secrets.dir`, `secrets.sources.jwt_secret`.
        var key: String
        /// The field's label as shown, e.g. `Secrets directory`.
        var label: String
        /// The title of the screen holding it, e.g. `Secrets`.
        var screen: String
    }

    /// Every answers-file key the wizard's forms edit (field ids are the keys), plus each
    /// secret's `secrets.sources.NAME` (the NAME choice on the secrets screen) and
    /// `secrets.dir` even before the secrets screen was built. Longest keys first, so a key
    /// is never replaced inside a longer one.
    static func fieldNames(_ s: WizardState) -> [FieldName] {
        var out: [FieldName] = []
        for (form, step) in [(s.needs, Step.needs), (s.details, .details), (s.secrets, .secrets)] {
            for f in form.fields {
                if f.id.hasPrefix("secret."), f.id.hasSuffix(".source") {
                    let name = f.id.dropFirst("secret.".count).dropLast(".source".count)
                    out.append(FieldName(key: "secrets.sources.\(name)", label: String(name), screen: step.title))
                } else if f.id.contains("."), !f.id.hasPrefix("secret.") {
                    out.append(FieldName(key: f.id, label: f.nameInMessages, screen: step.title))
                }
            }
        }
        if !out.contains(where: { $0.key == "secrets.dir" }) {
            out.append(FieldName(key: "secrets.dir", label: "Secrets directory", screen: Step.secrets.title))
        }
        for name in SecretName.allCases where !out.contains(where: { $0.key == "secrets.sources.\(name.rawValue)" }) {
            out.append(FieldName(key: "secrets.sources.\(name.rawValue)", label: name.rawValue, screen: Step.secrets.title))
        }
        return out.sorted { $0.key.count > $1.key.count }
    }

    /// `message` with every answers-file key in `fields` named as the wizard shows it:
    /// `(e.g. KEY: VALUE)` becomes `(e.g. VALUE in the SCREEN screen's LABEL field)`,
    /// `set KEY back to` becomes `set the SCREEN screen's LABEL field back to`, and any
    /// other `KEY` becomes `LABEL (SCREEN screen)`. Text that is no key is left as it is.
    static func forWizard(_ message: String, fields: [FieldName]) -> String {
        var text = message
        for f in fields {
            let shown = "the \(f.screen) screen's \(f.label) field"
            // `(e.g. secrets.dir: secrets)`: an example value for the field.
            text = replaceKey(in: text, key: f.key) { before, after in
                if before.hasSuffix("(e.g. "), after.hasPrefix(": "), let close = after.firstIndex(of: ")") {
                    let value = after[after.index(after.startIndex, offsetBy: 2)..<close]
                    return ("\(value) in \(shown)", after[close...])
                }
                if before.hasSuffix("set "), after.hasPrefix(" back to") { return (shown, after) }
                return ("\(f.label) (\(f.screen) screen)", after)
            }
        }
        return text
    }

    /// Rewrites every whole-word occurrence of `key` in `text` (not inside a longer key:
    /// the characters around it are not letters, digits, `_` or `.` followed by one).
    /// `rewrite` gets the text before and after the key and returns the replacement and the
    /// rest of the text to continue from.
    private static func replaceKey(in text: String, key: String,
                                   _ rewrite: (Substring, Substring) -> (String, Substring)) -> String {
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var out = ""
        var rest = Substring(text)
        while let r = rest.firstRange(of: key) {
            let before = rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            let prev = (out + before).last
            let next = after.first
            let nextExtends = next.map { isWord($0) || ($0 == "." && after.dropFirst().first.map(isWord) == true) } ?? false
            if prev.map({ isWord($0) || $0 == "." }) == true || nextExtends {
                out += rest[..<r.upperBound]
                rest = after
                continue
            }
            let (replacement, remaining) = rewrite(Substring(out + before), after)
            out += before + replacement
            rest = remaining
        }
        return out + rest
    }
}

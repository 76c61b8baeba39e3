/// One variable reference found while interpolating.
public struct VariableReference: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `$VAR` or `${VAR}`: blank when unset (Compose warns).
        case plain
        /// `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`.
        case withDefault
        /// `${VAR:?msg}` or `${VAR?msg}`: Compose refuses to run when unset.
        case required
    }
    public var name: String
    public var kind: Kind
    /// Whether the variable had a value (from `.env`) when interpolated.
    public var isSet: Bool
    public var location: ComposeLocation
}

/// Compose's variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`), as
/// documented at https://docs.docker.com/reference/compose-file/interpolation/.
///
/// The one interpolator of the code base: `check` (Compose files and `.env`), the planner's
/// image-tag check and the ECS / App Platform environments (`ComposeEnvironment`) all use
/// it; `InterpolationOracleTests` holds it to `docker compose config`.
public struct Interpolator: Sendable {
    /// Variable values (`.env` after its own parsing).
    public var variables: [String: String]

    public init(variables: [String: String]) { self.variables = variables }

    /// Interpolates `text`, reporting every reference through `found`.
    public func interpolate(_ text: String, at location: ComposeLocation,
                            found: (VariableReference) -> Void = { _ in }) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
        func isName(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let n = chars[i + 1]
            if n == "$" { out.append("$"); i += 2; continue }
            if isNameStart(n) {
                var j = i + 1
                while j < chars.count, isName(chars[j]) { j += 1 }
                let name = String(chars[(i + 1)..<j])
                let value = variables[name]
                found(VariableReference(name: name, kind: .plain, isSet: value != nil, location: location))
                out += value ?? ""
                i = j
                continue
            }
            if n == "{" {
                // Find the matching close brace (defaults may nest ${...}).
                var depth = 1
                var j = i + 2
                while j < chars.count, depth > 0 {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" { depth -= 1 }
                    if depth > 0 { j += 1 }
                }
                guard j < chars.count else { out += String(chars[i...]); break }
                let body = String(chars[(i + 2)..<j])
                out += expand(body, at: location, found: found)
                i = j + 1
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// `text` interpolated, for a caller that refuses a variable without a value: throws
    /// `PlanError` naming `context` and the first `${VAR}`, `$VAR`, `${VAR:?msg}` or
    /// `${VAR?msg}` that has none (unset; for `:?` also empty), where Compose would
    /// substitute an empty text with a warning or refuse the file.
    public func interpolateRequiringValues(_ text: String, at location: ComposeLocation,
                                           context: String) throws(PlanError) -> String {
        var missing: String?
        let value = interpolate(text, at: location) { ref in
            if !ref.isSet && ref.kind != .withDefault && missing == nil { missing = ref.name }
        }
        if let missing { throw .variableHasNoValue(missing, context: context) }
        return value
    }

    private func expand(_ body: String, at location: ComposeLocation,
                        found: (VariableReference) -> Void) -> String {
        let chars = Array(body)
        var k = 0
        while k < chars.count, chars[k] == "_" || (chars[k].isASCII && (chars[k].isLetter || chars[k].isNumber)) {
            k += 1
        }
        let name = String(chars[0..<k])
        let rest = String(chars[k...])
        let value = variables[name]
        let nonEmpty = (value ?? "").isEmpty == false
        func sub(_ s: String) -> String { interpolate(s, at: location, found: found) }
        func ref(_ kind: VariableReference.Kind) {
            found(VariableReference(name: name, kind: kind, isSet: value != nil, location: location))
        }
        if rest.isEmpty { ref(.plain); return value ?? "" }
        if rest.hasPrefix(":-") { ref(.withDefault); return nonEmpty ? value! : sub(String(rest.dropFirst(2))) }
        if rest.hasPrefix("-") { ref(.withDefault); return value ?? sub(String(rest.dropFirst(1))) }
        if rest.hasPrefix(":+") { ref(.withDefault); return nonEmpty ? sub(String(rest.dropFirst(2))) : "" }
        if rest.hasPrefix("+") { ref(.withDefault); return value != nil ? sub(String(rest.dropFirst(1))) : "" }
        if rest.hasPrefix(":?") {
            found(VariableReference(name: name, kind: .required, isSet: nonEmpty, location: location))
            return value ?? ""
        }
        if rest.hasPrefix("?") { ref(.required); return value ?? "" }
        ref(.plain)
        return value ?? ""
    }
}

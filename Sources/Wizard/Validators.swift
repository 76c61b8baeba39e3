import DeployKit

// Field checks the wizard runs as the operator types: DeployKit's `FieldRules`, the very
// functions `AnswersCodec.decode` runs, so the wizard's messages equal `apply --answers`'.

enum Rules {
    /// The problem of a `FieldRules` result, or `nil` when the value is accepted.
    static func problem<T>(_ r: Result<T, FieldProblem>) -> String? {
        if case .failure(let p) = r { return p.message }
        return nil
    }

    /// The problems `AnswersCodec.decode` would find in `answers` (every field rule and
    /// cross-field check, e.g. an RDS endpoint in another region than `aws.region`), by YAML
    /// path, from `AnswersRules` over the model itself. Secrets are taken as existing: the
    /// secrets screen checks those itself.
    static func crossFieldIssues(_ answers: Answers) -> [String: String] {
        var out: [String: String] = [:]
        for issue in AnswersRules.validate(answers, secretExists: { _, _ in true }) where out[issue.path] == nil {
            out[issue.path] = issue.message
        }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

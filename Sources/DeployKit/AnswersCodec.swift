// OWNER: answers helper. Stub signatures; bodies to be replaced.

/// One problem found in an answers file.
public struct AnswersIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// YAML path of the offending key, e.g. `needs.users` or `aws.s3_bucket`.
    public var path: String
    /// The bad value as written, for the message; `nil` for secret values (never shown).
    public var value: String?
    /// What is wrong and what is allowed, e.g. `must be an integer >= 1`.
    public var message: String

    public init(path: String, value: String?, message: String) {
        self.path = path
        self.value = value
        self.message = message
    }

    public var description: String {
        if let value { return "\(path): \(value.debugDescription) \(message)" }
        return "\(path): \(message)"
    }
}

/// Every problem of an answers file, reported together.
public struct AnswersError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [AnswersIssue]
    public init(issues: [AnswersIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Reads and writes the answers file (YAML, schema version 1).
public enum AnswersCodec {
    /// Decodes and fully validates an answers file.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - secretExists: asked, for the answers' `secrets.dir` (as written, relative to the
    ///     bundle or absolute) and a secret name, whether that secret's file already exists;
    ///     an operator-provided secret that exists needs no source. The edge passes a
    ///     filesystem check; tests pass a closure over a set.
    /// - Throws: `AnswersError` with every problem found, each with its YAML path.
    public static func decode(
        _ yaml: String,
        secretExists: (_ dir: String, _ name: SecretName) -> Bool = { _, _ in false }
    ) throws(AnswersError) -> Answers {
        throw AnswersError(issues: [AnswersIssue(path: "", value: nil, message: "not implemented")])
    }

    /// Encodes answers as canonical YAML that `decode` reads back to an equal value.
    /// Contains secret *sources* only, never secret values.
    public static func encode(_ answers: Answers) -> String { "" }
}

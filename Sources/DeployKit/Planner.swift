// OWNER: render helper. Stub signatures; bodies to be replaced.

/// What is already on disk in the bundle directory, read by the edge and handed in.
public struct ExistingBundle: Sendable, Hashable {
    /// Non-secret files: path (as in `PlannedFile.path`) -> bytes.
    public var files: [String: [UInt8]]
    /// Secret files that exist: path -> value. Existing secrets are kept byte for byte.
    public var secrets: [String: SecretValue]

    public init(files: [String: [UInt8]] = [:], secrets: [String: SecretValue] = [:]) {
        self.files = files
        self.secrets = secrets
    }
}

/// Everything the planner needs; it performs no I/O itself.
public struct PlanInputs: Sendable {
    public var answers: Answers
    public var existing: ExistingBundle
    /// Values of `file:`/`env:` sources, already read by the edge.
    public var providedSecrets: [SecretName: SecretValue]
    public var generator: any SecretGenerator

    public init(answers: Answers, existing: ExistingBundle = ExistingBundle(),
                providedSecrets: [SecretName: SecretValue] = [:],
                generator: any SecretGenerator = SystemSecretGenerator()) {
        self.answers = answers
        self.existing = existing
        self.providedSecrets = providedSecrets
        self.generator = generator
    }
}

/// A plan that cannot be made (e.g. a required secret has neither a file nor a value).
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns answers into the full list of files of a bundle. Pure.
public enum Planner {
    /// - Throws: `PlanError` when a file cannot be rendered or validated.
    public static func plan(_ inputs: PlanInputs) throws(PlanError) -> Plan {
        throw PlanError("not implemented")
    }
}

// OWNER: writer helper. Stub signatures; bodies to be replaced.
import DeployKit

/// The result of applying a plan.
public struct ApplyReport: Sendable, Hashable {
    /// Paths created or updated.
    public var written: [String]
    /// Paths already byte-identical.
    public var unchanged: [String]
    /// Existing secret files left as they were.
    public var kept: [String]
    /// Backup copies made before an update (`<name>.bak.<UTC timestamp>`).
    public var backups: [String]
    /// `chown` commands the operator must still run (when not root).
    public var chownCommands: [String]

    public init(written: [String] = [], unchanged: [String] = [], kept: [String] = [],
                backups: [String] = [], chownCommands: [String] = []) {
        self.written = written
        self.unchanged = unchanged
        self.kept = kept
        self.backups = backups
        self.chownCommands = chownCommands
    }
}

/// A plan together with the on-disk state it was computed against, ready to write.
public struct PreparedBundle: Sendable {
    /// Absolute path of the bundle directory.
    public var directory: String
    public var answers: Answers
    public var plan: Plan

    public init(directory: String, answers: Answers, plan: Plan) {
        self.directory = directory
        self.answers = answers
        self.plan = plan
    }
}

/// The only code that writes bundles to disk. `apply --answers` and the wizard both call
/// `prepare` then `write`, so the same answers give byte-identical files.
public enum BundleWriter {
    /// Reads the existing bundle in `directory`, resolves `file:`/`env:` secret sources and
    /// runs the pure planner. Writes nothing.
    /// - Throws: `BundleError` naming the path or secret source that failed.
    public static func prepare(answers: Answers, directory: String,
                               environment: [String: String]) throws -> PreparedBundle {
        throw BundleError.notImplemented
    }

    /// Writes a prepared plan atomically (staging, fsync, rename), secrets 0600 in a 0700
    /// directory, never overwriting an existing secret.
    /// - Throws: `BundleError`; on error nothing already on disk is lost or half-written.
    public static func write(_ prepared: PreparedBundle) throws -> ApplyReport {
        throw BundleError.notImplemented
    }
}

/// Why a bundle could not be prepared or written.
public enum BundleError: Error, Sendable, CustomStringConvertible {
    case notImplemented
    public var description: String { "not implemented" }
}

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

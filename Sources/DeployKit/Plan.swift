/// Who should own a planned file on the host.
public struct FileOwner: Sendable, Hashable {
    /// Numeric user id, e.g. 70 for `postgres:*-alpine`.
    public var uid: UInt32
    /// Numeric group id.
    public var gid: UInt32
    /// Human-readable name of the container user, e.g. `postgres`.
    public var name: String

    public init(uid: UInt32, gid: UInt32, name: String) {
        self.uid = uid
        self.gid = gid
        self.name = name
    }
}

/// What a planned file is, for reports, diffs and write order.
public enum FileKind: Sendable, Hashable {
    case compose
    case env
    case caddyfile
    case answers
    case gitignore
    case script
    case document
    case json
    /// A secret file; its bytes are never shown, diffed or logged.
    case secret(SecretName)

    /// True for `.secret`.
    public var isSecret: Bool {
        if case .secret = self { return true }
        return false
    }
}

/// What applying the plan will do to one path, compared with what is on disk.
public enum FileAction: String, Sendable, Hashable {
    case create, update, unchanged
    /// An existing secret file: never overwritten.
    case keep
}

/// One file the planner wants on disk.
public struct PlannedFile: Sendable, Hashable {
    /// Path relative to the bundle directory (`--dir`), or absolute (a secrets `dir` given
    /// as an absolute path).
    public var path: String
    /// Exact bytes to write.
    public var contents: [UInt8]
    /// Permission bits, e.g. `0o600` for secrets, `0o644` for compose files.
    public var mode: UInt16
    /// Desired owner; `nil` means whoever runs the tool.
    public var owner: FileOwner?
    public var kind: FileKind
    /// What applying will do, relative to the existing bundle the planner was given.
    public var action: FileAction

    public init(path: String, contents: [UInt8], mode: UInt16, owner: FileOwner? = nil,
                kind: FileKind, action: FileAction = .create) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.owner = owner
        self.kind = kind
        self.action = action
    }
}

/// One directory the planner wants on disk (e.g. the secrets directory, mode 0700).
public struct PlannedDirectory: Sendable, Hashable {
    /// Relative to the bundle directory, or absolute.
    public var path: String
    public var mode: UInt16
    public var owner: FileOwner?

    public init(path: String, mode: UInt16, owner: FileOwner? = nil) {
        self.path = path
        self.mode = mode
        self.owner = owner
    }
}

/// Everything `apply` will write, rendered and validated before the first byte hits disk.
public struct Plan: Sendable, Hashable {
    /// The resolved target (the recommender's pick when the answers say `recommended`).
    public var target: Target
    public var environment: DeployEnvironment
    /// Directories first, in creation order.
    public var directories: [PlannedDirectory]
    /// Files in write order (secrets before the files that reference them).
    public var files: [PlannedFile]
    /// Things the operator should know (never containing a secret value).
    public var warnings: [String]
    /// The exact command to run next from the bundle directory, e.g. `docker compose up -d`.
    public var nextCommand: String

    public init(target: Target, environment: DeployEnvironment, directories: [PlannedDirectory],
                files: [PlannedFile], warnings: [String], nextCommand: String) {
        self.target = target
        self.environment = environment
        self.directories = directories
        self.files = files
        self.warnings = warnings
        self.nextCommand = nextCommand
    }
}

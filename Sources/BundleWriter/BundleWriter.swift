import DeployKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of applying a plan. Paths are as planned (relative to the bundle directory,
/// or absolute), except `chownCommands`, which use absolute paths.
public struct ApplyReport: Sendable, Hashable {
    /// Paths created or updated (including mode/owner fixes of existing files, kept secret
    /// files among them: their bytes are never changed, and they are also in `kept`).
    public var written: [String]
    /// Paths already byte-identical (not touched; their mtime stays).
    public var unchanged: [String]
    /// Existing secret files left as they were.
    public var kept: [String]
    /// Backup copies made before an update (`<name>.bak.<UTC timestamp>`).
    public var backups: [String]
    /// `chown` commands the operator must still run (when not root), e.g.
    /// `chown 70:70 /srv/ft/secrets/postgres_password.txt`.
    public var chownCommands: [String]
    /// Files moved aside by `--prune` (to a backup name), as `old -> backup`.
    public var retired: [String]
    /// Old backups deleted because more than `WriteOptions.keepBackups` existed.
    public var prunedBackups: [String]
    /// The interrupted run this run finished or rolled back first, if any.
    public var recovery: RecoveryReport?

    public init(written: [String] = [], unchanged: [String] = [], kept: [String] = [],
                backups: [String] = [], chownCommands: [String] = [], retired: [String] = [],
                prunedBackups: [String] = [], recovery: RecoveryReport? = nil) {
        self.written = written
        self.unchanged = unchanged
        self.kept = kept
        self.backups = backups
        self.chownCommands = chownCommands
        self.retired = retired
        self.prunedBackups = prunedBackups
        self.recovery = recovery
    }

    /// True when the run changed nothing on disk.
    public var wroteNothing: Bool { written.isEmpty && backups.isEmpty && retired.isEmpty }
}

/// A plan together with the on-disk state it was computed against, ready to write.
public struct PreparedBundle: Sendable {
    /// Absolute path of the bundle directory.
    public var directory: String
    public var answers: Answers
    public var plan: Plan
    /// What `prepare` read from disk. `write` checks, under the lock, that every planned
    /// path still holds exactly this (else `BundleError.changedSincePrepare`). `nil` (a
    /// hand-built plan) skips that check.
    public var existing: ExistingBundle?
    /// Things the operator should know that the planner could not see (e.g. a secret source
    /// whose value differs from the kept secret file). Never contains a secret value.
    public var notices: [String]

    public init(directory: String, answers: Answers, plan: Plan, existing: ExistingBundle? = nil,
                notices: [String] = []) {
        self.directory = directory
        self.answers = answers
        self.plan = plan
        self.existing = existing
        self.notices = notices
    }
}

/// Knobs of one write. Defaults are what `apply` uses.
public struct WriteOptions: Sendable {
    /// The time used to name backups (`<name>.bak.<UTC timestamp>`).
    public var now: Date
    /// Backups kept per file (newest first); older ones are deleted after a successful run.
    public var keepBackups: Int
    /// Paths (as in `PlannedFile.path`) to move aside to a backup name after the plan is
    /// written: `apply --prune` passes the previous target's overlay.
    public var retire: [String]
    /// Called with a short label before every step that touches disk (fault-injection tests
    /// SIGKILL the process from here). `nil` in production.
    public var observer: (@Sendable (String) -> Void)?

    public init(now: Date = Date(), keepBackups: Int = Backups.defaultKeep, retire: [String] = [],
                observer: (@Sendable (String) -> Void)? = nil) {
        self.now = now
        self.keepBackups = keepBackups
        self.retire = retire
        self.observer = observer
    }
}

/// The state of one planned file against the disk, for `--dry-run` and reports.
public struct FileStatus: Sendable, Hashable {
    /// As in `PlannedFile.path`.
    public var path: String
    /// Absolute path.
    public var absolutePath: String
    /// `create`, `update`, `unchanged` or `keep` (secrets that exist).
    public var action: FileAction
    /// True when only the mode or owner differs (bytes are identical).
    public var metadataOnly: Bool
    public var mode: UInt16
    public var owner: FileOwner?
    public var kind: FileKind
    /// Current bytes on disk, for diffs: nil for secrets and files that do not exist.
    public var oldContents: [UInt8]?
    /// Planned bytes, for diffs: nil for secrets.
    public var newContents: [UInt8]?
}

/// The only code that writes bundles to disk. `apply --answers` and the wizard both call
/// `prepare` then `write`, so the same answers give byte-identical files.
public enum BundleWriter {
    /// Non-secret file names read from an existing bundle before the first plan (the plan's
    /// own paths are read afterwards too).
    public static let knownFileNames = [
        "docker-compose.yml", "compose.production.yaml", "compose.digitalocean.yaml", "compose.aws.yaml",
        "compose.staging.yaml", "compose.dev.yaml", ".env", "Caddyfile", "freshtrack-answers.yaml", ".gitignore",
    ]

    /// Absolute path of `path` (as in `PlannedFile.path`) in bundle `directory`.
    public static func resolve(_ path: String, in directory: String) -> String {
        absolutePath(path.hasPrefix("/") ? path : joinPath(directory, path))
    }

    /// The closure `AnswersCodec.decode` needs: does `<secrets dir>/<name>.txt` exist in the
    /// bundle at `bundleDirectory` (a relative secrets dir is taken relative to it)? Any kind
    /// of entry counts as existing (a symbolic link is refused later, with its own message).
    public static func secretExists(bundleDirectory: String) -> @Sendable (String, SecretName) -> Bool {
        let bundle = absolutePath(bundleDirectory)
        return { dir, name in
            let path = resolve(joinPath(dir, "\(name.rawValue).txt"), in: bundle)
            var st = stat()
            return lstat(path, &st) == 0
        }
    }

    // MARK: - prepare

    /// Reads the existing bundle in `directory`, resolves `file:`/`env:` secret sources and
    /// runs the pure planner. Writes nothing.
    ///
    /// - Parameters:
    ///   - directory: the bundle directory (`--dir`); need not exist yet.
    ///   - environment: the variables `env:` sources are read from (the process environment).
    ///   - generator: makes new secret values (tests inject a deterministic one).
    /// `directory` is resolved once through symbolic links (`canonicalDirectory`), and
    /// `PreparedBundle.directory` is that real path. Only the sources of secrets the resolved
    /// target needs (`SecretName.required`) are read.
    /// - Throws: `BundleError` naming the path or secret source that failed (never a value);
    ///   `.secretSources` listing every unusable source when more than one fails; `.plan`
    ///   when the planner refuses.
    public static func prepare(answers: Answers, directory: String,
                               environment: [String: String]) throws -> PreparedBundle {
        try prepare(answers: answers, directory: directory, environment: environment,
                    generator: SystemSecretGenerator())
    }

    /// `prepare` with an explicit secret generator.
    public static func prepare(answers: Answers, directory: String, environment: [String: String],
                               generator: any SecretGenerator) throws -> PreparedBundle {
        let dir = canonicalDirectory(directory)
        // secrets.dir is checked first, so a refused value (`..`) never reaches the
        // secrets-directory checks and advice below, on a fresh bundle or an existing one.
        do { try Planner.checkSecretsDir(answers.secrets.dir) } catch { throw BundleError.plan(error) }
        // Only the sources of secrets the resolved target needs are read (the answers may
        // list sources for every target).
        let exists = secretExists(bundleDirectory: dir)
        let optional = Set(answers.secrets.sources.keys).filter { $0 == .elasticacheAuthToken }
        let needed = Set(SecretName.required(target: answers.resolvedTarget, environment: answers.environment,
                                             optionalProvided: optional))
        let (provided, sourceNotices) = try readNeededSources(answers, needed: needed, exists: exists,
                                                              environment: environment)
        try refuseStrandedSecrets(answers, needed: needed, exists: exists, in: dir)

        let (dirExists, modeWarnings) = try checkBundleDirectory(dir)
        var existing = ExistingBundle()
        var looked = Set<String>()
        if dirExists {
            try readExisting(answers, provided: provided, in: dir, into: &existing, looked: &looked)
        }
        var plan = try planUntilStable(answers, provided: provided, generator: generator, in: dir,
                                       dirExists: dirExists, existing: &existing, looked: &looked)

        // A kept secret whose source now differs is reported by the planner's warnings; one
        // whose mode (or, as root, owner) `write` will correct is reported here.
        plan.warnings += modeWarnings
        return PreparedBundle(directory: dir, answers: answers, plan: plan, existing: existing,
                              notices: sourceNotices + metadataNotices(plan, in: dir))
    }

    /// Reads the sources (sorted by secret) of the `needed` secrets. A source is only needed
    /// for a secret the bundle does not have yet: for one that exists (it is kept anyway), an
    /// unreadable source is a note, not an error, so an operator may delete the file a
    /// managed password came from after the first apply.
    /// - Returns: the values read and the notes.
    /// - Throws: the one unreadable source's error, or `.secretSources` listing every one.
    private static func readNeededSources(_ answers: Answers, needed: Set<SecretName>,
                                          exists: (String, SecretName) -> Bool,
                                          environment: [String: String]) throws -> ([SecretName: SecretValue], [String]) {
        var provided: [SecretName: SecretValue] = [:]
        var sourceNotices: [String] = []
        var sourceErrors: [BundleError] = []
        for (name, source) in answers.secrets.sources.sorted(by: { $0.key < $1.key }) where needed.contains(name) {
            do {
                if let value = try readSecretSource(source, for: name, environment: environment) { provided[name] = value }
            } catch let error as BundleError {
                guard exists(answers.secrets.dir, name) else { sourceErrors.append(error); continue }
                sourceNotices.append("\(error.description); the existing secret file is kept, so this source is not needed.")
            }
        }
        if sourceErrors.count == 1 { throw sourceErrors[0] }
        if sourceErrors.count > 1 { throw BundleError.secretSources(sourceErrors) }
        return (provided, sourceNotices)
    }

    /// Refuses a changed secrets.dir that would silently strand the secrets the running
    /// services use (they exist only in the previous secrets.dir) and generate new ones in
    /// their place. Reads only.
    private static func refuseStrandedSecrets(_ answers: Answers, needed: Set<SecretName>,
                                              exists: (String, SecretName) -> Bool, in dir: String) throws {
        guard let previous = TargetSwitch.detectPrevious(directory: dir)?.answers,
              previous.secrets.dir != answers.secrets.dir else { return }
        let stranded = needed.filter { exists(previous.secrets.dir, $0) && !exists(answers.secrets.dir, $0) }.sorted()
        guard !stranded.isEmpty else { return }
        // A new secrets.dir that is a shared directory (e.g. /etc) gets the same
        // refusal as on a fresh bundle, never advice to chmod it.
        let target = resolve(answers.secrets.dir, in: dir)
        var ts = stat()
        if lstat(target, &ts) == 0, EntryStat(ts).isDirectory, let refusal = sharedDirectoryRefusal(target, EntryStat(ts)) {
            throw refusal
        }
        throw BundleError.secretsDirectoryMoved(from: previous.secrets.dir, to: answers.secrets.dir, secrets: stranded)
    }

    /// Whether the bundle directory `dir` exists, and the warnings about its mode.
    /// - Throws: `.notADirectory` when it is something else; when others may write it
    ///   (they could replace what root runs).
    private static func checkBundleDirectory(_ dir: String) throws -> (exists: Bool, warnings: [String]) {
        var dirExists = false
        var st = stat()
        if lstat(dir, &st) == 0 {
            let es = EntryStat(st)
            // A bundle directory reached through a link is fine (operators do that); only
            // secret files and the secrets directory must not be links.
            if !es.isSymlink && !es.isDirectory { throw BundleError.notADirectory(path: dir) }
            dirExists = true
        }
        // Other users must not be able to replace what root runs (refused); a group that can
        // is worth a warning.
        var modeWarnings: [String] = []
        if dirExists, let f = try bundleDirectoryFinding(dir) {
            modeWarnings.append("\(f.message); \(f.fix)")
        }
        return (dirExists, modeWarnings)
    }

    /// Reads what a plan will touch in the existing bundle `dir` into `existing`: the known
    /// file names and the exact secret paths the planner uses (so one plan is normally
    /// enough); adds each path to `looked`.
    private static func readExisting(_ answers: Answers, provided: [SecretName: SecretValue], in dir: String,
                                     into existing: inout ExistingBundle, looked: inout Set<String>) throws {
        for name in knownFileNames {
            looked.insert(name)
            if let bytes = try readIfPresent(resolve(name, in: dir), secret: false) { existing.files[name] = bytes }
        }
        let secretPaths: [String]
        do {
            secretPaths = try Planner.secretPaths(for: answers, optionalProvided: Set(provided.keys))
        } catch {
            throw BundleError.plan(error)
        }
        for path in secretPaths {
            looked.insert(path)
            if let bytes = try readIfPresent(resolve(path, in: dir), secret: true) {
                existing.secrets[path] = SecretValue(bytes: bytes)
            }
        }
    }

    /// Plans; if the plan names a path not read yet (not in `looked`) that exists on disk,
    /// reads it into `existing` and plans again (at most twice more).
    private static func planUntilStable(_ answers: Answers, provided: [SecretName: SecretValue],
                                        generator: any SecretGenerator, in dir: String, dirExists: Bool,
                                        existing: inout ExistingBundle, looked: inout Set<String>) throws -> Plan {
        var plan: Plan
        var rounds = 0
        while true {
            do {
                plan = try Planner.plan(PlanInputs(answers: answers, existing: existing,
                                                   providedSecrets: provided, generator: generator))
            } catch {
                throw BundleError.plan(error)
            }
            rounds += 1
            var found = false
            for file in plan.files where !looked.contains(file.path) {
                looked.insert(file.path)
                // An absolute path (a secrets dir outside the bundle) is read even before the
                // bundle directory exists: its secrets must be kept, not planned anew.
                guard dirExists || file.path.hasPrefix("/"),
                      let bytes = try readIfPresent(resolve(file.path, in: dir), secret: file.kind.isSecret) else { continue }
                found = true
                if file.kind.isSecret { existing.secrets[file.path] = SecretValue(bytes: bytes) } else { existing.files[file.path] = bytes }
            }
            if !found || rounds >= 3 { break }
        }
        return plan
    }

    /// `directory` as an absolute path: as is when absolute, else against the current
    /// directory.
    /// - Throws: `BundleError.io` when the current directory no longer exists (deleted while
    ///   the tool ran, or before): never falls back to `/`.
    public static func absoluteDirectory(_ directory: String) throws(BundleError) -> String {
        if directory.hasPrefix("/") { return directory }
        guard let cwd = getcwd(nil, 0) else {
            throw .io(path: directory, operation: "find the current directory",
                      reason: "it no longer exists (was it deleted?); cd into the bundle directory again, or pass an absolute --dir")
        }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + directory
    }

    /// `directory` made absolute with its existing part resolved through symbolic links
    /// (realpath), the rest appended: `/opt/ft` with `/opt -> /var/opt` is `/var/opt/ft`.
    /// The bundle directory may be reached through links; inside it, secrets directories and
    /// files are never followed.
    public static func canonicalDirectory(_ directory: String) -> String {
        let abs = absolutePath(directory)
        var head = abs
        var tail: [String] = []
        while head != "/" {
            var st = stat()
            if lstat(head, &st) == 0 { break }
            let (d, n) = splitPath(head)
            tail.insert(n, at: 0)
            head = d
        }
        guard let resolved = realpath(head, nil) else { return abs }
        defer { free(resolved) }
        var out = String(cString: resolved)
        for n in tail { out = joinPath(out, n) }
        return out
    }

    /// One note per kept secret file whose mode differs from the plan's (or, when running as
    /// root, whose owner does): `write` corrects those, and the operator should know.
    static func metadataNotices(_ plan: Plan, in dir: String) -> [String] {
        var out: [String] = []
        for f in plan.files where f.kind.isSecret && f.action == .keep {
            var st = stat()
            guard lstat(resolve(f.path, in: dir), &st) == 0 else { continue }
            let es = EntryStat(st)
            guard es.isRegular else { continue }
            var fixes: [String] = []
            if es.permissions != f.mode { fixes.append("mode \(octalMode(f.mode)) (it was \(octalMode(es.permissions)))") }
            if isRoot, let o = f.owner, o.uid != es.uid || o.gid != es.gid {
                fixes.append("owner \(o.uid):\(o.gid) (it was \(es.uid):\(es.gid))")
            }
            if !fixes.isEmpty {
                out.append("\(f.path): kept byte for byte; apply sets its \(fixes.joined(separator: " and its ")).")
            }
        }
        return out
    }

    /// `0600`.
    static func octalMode(_ mode: UInt16) -> String {
        let s = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Reads `file:`/`env:` sources. - Throws: `BundleError` naming the secret and source.
    static func resolveSources(_ settings: SecretsSettings, environment: [String: String]) throws(BundleError) -> [SecretName: SecretValue] {
        var out: [SecretName: SecretValue] = [:]
        for (name, source) in settings.sources.sorted(by: { $0.key < $1.key }) {
            switch source {
            case .generate:
                continue
            case .env(let variable):
                guard let value = environment[variable] else {
                    throw .secretSourceUnset(secret: name, source: source.yamlValue)
                }
                guard !value.isEmpty else { throw .secretSourceEmpty(secret: name, source: source.yamlValue) }
                out[name] = SecretValue(value)
            case .file(let path):
                let abs = absolutePath(path)
                let fd = open(abs, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
                if fd < 0 { throw .secretSourceUnreadable(secret: name, source: source.yamlValue, reason: errnoText(errno)) }
                close(fd)
                let (d, n) = splitPath(abs)
                var bytes: [UInt8]
                do {
                    // The source may itself be a link the operator made; it is only read.
                    let handle = try DirHandle(path: d)
                    var st = stat()
                    if fstatat(handle.fd, n, &st, AT_SYMLINK_NOFOLLOW) == 0, EntryStat(st).isSymlink {
                        guard let data = FileManager.default.contents(atPath: abs) else {
                            throw BundleError.io(path: abs, operation: "read", reason: "unreadable")
                        }
                        bytes = Array(data)
                    } else {
                        bytes = try handle.read(n, what: "secret source") ?? []
                    }
                } catch BundleError.notARegularFile(let path, let found) {
                    // Nothing is replaced here: the source is only read.
                    throw .secretSourceUnreadable(secret: name, source: source.yamlValue,
                                                  reason: "\(path) is \(found); a secret source must be a regular file")
                } catch {
                    throw .secretSourceUnreadable(secret: name, source: source.yamlValue, reason: "\(error)")
                }
                if bytes.last == 0x0A {
                    bytes.removeLast()
                    if bytes.last == 0x0D { bytes.removeLast() }
                }
                guard !bytes.isEmpty else { throw .secretSourceEmpty(secret: name, source: source.yamlValue) }
                out[name] = SecretValue(bytes: bytes)
            }
        }
        return out
    }

    /// Reads one file of the bundle, nil when missing. Refuses links and special files.
    static func readIfPresent(_ absolute: String, secret: Bool) throws(BundleError) -> [UInt8]? {
        let (d, n) = splitPath(absolute)
        var st = stat()
        guard lstat(d, &st) == 0 else { return nil }
        if secret && EntryStat(st).isSymlink { throw .symlinkRefused(path: d, what: "secrets directory") }
        let handle = try DirHandle(path: d)
        return try handle.read(n, what: secret ? "secret file" : "file")
    }

    // MARK: - status (dry run)

    /// Compares every planned file with the disk. Reads only; used by `--dry-run`.
    /// - Throws: `BundleError` for a link or special file where a planned file goes.
    public static func status(_ prepared: PreparedBundle) throws -> [FileStatus] {
        // The refusals a real run would make, so a dry run shows them too.
        _ = try checkDirectories(prepared.plan, in: prepared.directory)
        return try prepared.plan.files.map { file throws(BundleError) -> FileStatus in
            let abs = resolve(file.path, in: prepared.directory)
            let (d, n) = splitPath(abs)
            var current: EntryStat?
            var bytes: [UInt8]?
            var st = stat()
            if lstat(d, &st) == 0 {
                let handle = try DirHandle(path: d)
                current = try handle.lstat(n)
                if let c = current {
                    if c.isSymlink { throw .symlinkRefused(path: abs, what: file.kind.isSecret ? "secret file" : "file") }
                    if !c.isRegular { throw .notARegularFile(path: abs, found: c.kindDescription) }
                    if !file.kind.isSecret { bytes = try handle.read(n) }
                }
            }
            var action: FileAction
            var metadataOnly = false
            if let c = current {
                let ownerDiffers = file.owner.map { $0.uid != c.uid || $0.gid != c.gid } ?? false
                let metaDiffers = c.permissions != file.mode || (isRoot && ownerDiffers)
                if file.kind.isSecret {
                    action = .keep
                    metadataOnly = metaDiffers
                } else if bytes == file.contents {
                    action = metaDiffers ? .update : .unchanged
                    metadataOnly = metaDiffers
                } else {
                    action = .update
                }
            } else {
                action = .create
            }
            return FileStatus(path: file.path, absolutePath: abs, action: action, metadataOnly: metadataOnly,
                              mode: file.mode, owner: file.owner, kind: file.kind,
                              oldContents: file.kind.isSecret ? nil : bytes,
                              newContents: file.kind.isSecret ? nil : file.contents)
        }
    }

    /// Whether an interrupted run's journal is waiting in `directory` (read only).
    public static func hasInterruptedRun(directory: String) -> Bool {
        var st = stat()
        return lstat(joinPath(canonicalDirectory(directory), Journal.fileName), &st) == 0
    }

    static var isRoot: Bool { effectiveUID == 0 }

    // MARK: - recovery

    /// Takes the lock on `directory` and finishes or rolls back an interrupted run, if its
    /// journal is there. Run this before `prepare` so the plan sees a consistent bundle.
    /// - Returns: what was done, or nil when there was nothing to recover (or no directory).
    /// - Throws: `BundleError.locked` when another run holds the lock.
    public static func recoverInterruptedRun(directory: String) throws -> RecoveryReport? {
        let dir = canonicalDirectory(directory)
        var st = stat()
        guard lstat(dir, &st) == 0 else { return nil }
        let lock = try BundleLock(directory: dir)
        defer { lock.release() }
        return try Recovery.run(bundle: DirHandle(path: dir))
    }

    // MARK: - write

    /// Writes a prepared plan atomically (staging, fsync, rename), secrets 0600 in a 0700
    /// directory, never overwriting an existing secret.
    /// - Throws: `BundleError`; on error nothing already on disk is lost or half-written.
    public static func write(_ prepared: PreparedBundle) throws -> ApplyReport {
        try write(prepared, options: WriteOptions())
    }

    /// `write` with explicit options (backup time and count, `--prune`, fault observer).
    ///
    /// Order: lock; finish/roll back an interrupted run; check every directory and file
    /// (links, special files, hostile secrets directory, changes since `prepare`) before
    /// anything is written; create directories; journal `staging`; stage every new file as a
    /// temporary file in its own directory (created with O_EXCL and its mode, owner set when
    /// root, fsync); journal `committed` (the commit point); rename each into place (secrets
    /// with link(2), which never replaces); fsync directories; remove the journal; prune old
    /// backups.
    ///
    /// A bundle directory (and parents) this run created is removed again when the run
    /// fails before writing anything into it (e.g. a refused secrets directory), so a
    /// refused run leaves the disk as it was.
    public static func write(_ prepared: PreparedBundle, options: WriteOptions) throws -> ApplyReport {
        let dir = canonicalDirectory(prepared.directory)
        let created = try makeDirectories(dir, mode: 0o755, syncParents: false)
        do {
            return try writeInto(dir, prepared, options: options, createdDirectories: created)
        } catch {
            // rmdir removes only empty directories: whatever a failed run did write stays.
            for path in created.reversed() where rmdir(path) != 0 { break }
            throw error
        }
    }

    /// One planned file as `write` found it under the lock: its absolute path, what is there
    /// (nil when missing) and the bytes there (nil when missing).
    private typealias CheckedFile = (file: PlannedFile, abs: String, current: EntryStat?, bytes: [UInt8]?)

    /// One `--prune` path that exists: its absolute path, the path as given, and whether it
    /// is a directory (moved as a whole).
    private typealias RetireTarget = (abs: String, display: String, isDirectory: Bool)

    /// `write` into the existing bundle directory `dir` (canonical), under its lock.
    private static func writeInto(_ dir: String, _ prepared: PreparedBundle, options: WriteOptions,
                                  createdDirectories: [String]) throws -> ApplyReport {
        let lock = try BundleLock(directory: dir)
        defer { lock.release() }
        let bundle = try DirHandle(path: dir)
        var report = ApplyReport()
        report.recovery = try Recovery.run(bundle: bundle)

        var tx = Transaction(bundle: bundle, options: options)
        tx.newDirectories += createdDirectories
        let plan = prepared.plan

        // 1. Checks. Nothing is written until they all pass.
        let layout = try checkDirectories(plan, in: dir)
        let entries = try checkFiles(prepared, in: dir, tx: &tx)
        let retireTargets = try checkRetireTargets(options.retire, plan: plan, in: dir, tx: &tx)
        removeStaleTemporaries(in: layout.all, tx: &tx)

        // 2. Directories (mkdir is atomic; an empty directory left by a crash is harmless).
        try createDirectories(layout, options: options, tx: &tx)

        // 3. Decide each file's steps.
        let stamp = Backups.timestamp(options.now)
        var backupNames: [String: Set<String>] = [:]   // dir -> names taken
        var backedUp = try planFileSteps(entries, stamp: stamp, backupNames: &backupNames, tx: &tx, report: &report)
        backedUp += try planRetireSteps(retireTargets, stamp: stamp, backupNames: &backupNames, tx: &tx, report: &report)

        // 4. Stage, commit, install.
        try tx.run()

        // 5. Keep the newest N backups per file.
        try pruneBackups(backedUp, keep: options.keepBackups, tx: &tx, report: &report)

        // 6. What remains for the operator when not root.
        if !isRoot {
            try appendChownCommands(directories: layout, entries: entries, tx: &tx, report: &report)
        }
        return report
    }

    /// Checks every planned file on disk, in plan order: refuses a link or special file where
    /// it goes, and (when `prepared.existing` is set) any whose bytes changed since `prepare`.
    /// Reads only.
    private static func checkFiles(_ prepared: PreparedBundle, in dir: String,
                                   tx: inout Transaction) throws -> [CheckedFile] {
        var entries: [CheckedFile] = []
        for f in prepared.plan.files {
            let abs = resolve(f.path, in: dir)
            let (d, n) = splitPath(abs)
            var current: EntryStat?
            var bytes: [UInt8]?
            var st = stat()
            if lstat(d, &st) == 0 {
                let handle = try tx.dir(d)
                current = try handle.lstat(n)
                if let c = current {
                    if c.isSymlink { throw BundleError.symlinkRefused(path: abs, what: f.kind.isSecret ? "secret file" : "file") }
                    if !c.isRegular { throw BundleError.notARegularFile(path: abs, found: c.kindDescription) }
                    bytes = try handle.read(n, what: f.kind.isSecret ? "secret file" : "file")
                }
            }
            if let existing = prepared.existing {
                if f.kind.isSecret {
                    if existing.secrets[f.path]?.bytes != bytes { throw BundleError.changedSincePrepare(path: abs) }
                } else if existing.files[f.path] != bytes {
                    throw BundleError.changedSincePrepare(path: abs)
                }
            }
            entries.append((f, abs, current, bytes))
        }
        return entries
    }

    /// The `--prune` paths (`retire`) that exist and the plan does not write, in the order
    /// given; refuses one that is neither a regular file nor a directory. Reads only.
    private static func checkRetireTargets(_ retire: [String], plan: Plan, in dir: String,
                                           tx: inout Transaction) throws -> [RetireTarget] {
        var retireTargets: [RetireTarget] = []
        for r in retire {
            let abs = resolve(r, in: dir)
            if plan.files.contains(where: { resolve($0.path, in: dir) == abs }) { continue }
            let (d, n) = splitPath(abs)
            var st = stat()
            guard lstat(d, &st) == 0, let c = try tx.dir(d).lstat(n) else { continue }
            // A directory (`aws/`, `do/` of a managed deployment left behind) moves as a whole.
            if !c.isRegular && !c.isDirectory { throw BundleError.notARegularFile(path: abs, found: c.kindDescription) }
            retireTargets.append((abs, r, c.isDirectory))
        }
        return retireTargets
    }

    /// Removes, best effort, the temporary files left in `dirs` by a run whose (deliberately
    /// not fsynced) staging journal was lost to a power cut: nothing refers to them, and no
    /// other run is active (we hold the lock).
    private static func removeStaleTemporaries(in dirs: [(String, UInt16)], tx: inout Transaction) {
        for (path, _) in dirs {
            guard let handle = try? tx.dir(path) else { continue }
            for name in (try? handle.list()) ?? [] where Transaction.isTemporaryName(name) { try? handle.unlink(name) }
        }
    }

    /// Creates the plan's missing directories (recorded in `tx.newDirectories`) and sets the
    /// mode and (as root) owner of new ones; tightens an existing private directory to its
    /// planned mode and corrects a wrong owner.
    private static func createDirectories(
        _ layout: (privateDirs: [String: UInt16], owners: [String: FileOwner], all: [(String, UInt16)]),
        options: WriteOptions, tx: inout Transaction) throws {
        for (path, mode) in layout.all {
            let created = try makeDirectories(path, mode: mode, syncParents: false)
            tx.newDirectories += created
            let handle = try tx.dir(path, reopen: true)
            let es = try handle.stat()
            let isNew = created.last == path
            let wantOwner: (uid: UInt32, gid: UInt32)? = isRoot ? layout.owners[path].map { ($0.uid, $0.gid) } : nil
            let ownerWrong = wantOwner.map { $0.uid != es.uid || $0.gid != es.gid } ?? false
            // New directories get their exact mode; an existing secrets directory is
            // tightened to its planned mode (it was checked not to be writable by others).
            let setMode = (isNew || layout.privateDirs[path] != nil) && es.permissions != mode
            if setMode || ownerWrong || isNew {
                options.observer?("directory \(path)")
                try handle.setOwnMetadata(mode: isNew || setMode ? mode : nil, owner: ownerWrong ? wantOwner : nil)
            }
        }
    }

    /// Adds each checked file's steps to `tx` and its outcome to `report`: kept secrets and
    /// identical files only get a mode/owner fix when needed, a changed file is backed up
    /// first, a missing one is created (a secret never replacing). Returns the files backed up.
    private static func planFileSteps(_ entries: [CheckedFile], stamp: String, backupNames: inout [String: Set<String>],
                                      tx: inout Transaction, report: inout ApplyReport) throws -> [(dir: String, file: String)] {
        var backedUp: [(dir: String, file: String)] = []
        for e in entries {
            let f = e.file
            let (d, n) = splitPath(e.abs)
            let wantOwner: (uid: UInt32, gid: UInt32)? = isRoot ? f.owner.map { ($0.uid, $0.gid) } : nil
            guard let c = e.current else {
                tx.stage(dir: d, final: n, bytes: f.contents, mode: f.mode, owner: wantOwner,
                         op: f.kind.isSecret ? .createNoReplace : .replace)
                report.written.append(f.path)
                continue
            }
            let ownerWrong = wantOwner.map { $0.uid != c.uid || $0.gid != c.gid } ?? false
            let metaWrong = c.permissions != f.mode || ownerWrong
            let fix = JournalStep(op: .setMetadata, dir: d, temp: "", final: n, mode: f.mode,
                                  uid: ownerWrong ? wantOwner?.uid : nil, gid: ownerWrong ? wantOwner?.gid : nil)
            if f.kind.isSecret {
                report.kept.append(f.path)
                if metaWrong {
                    // The bytes stay; the mode/owner fix is a write (see `metadataNotices`).
                    tx.steps.append(fix)
                    report.written.append(f.path)
                }
            } else if e.bytes == f.contents {
                if metaWrong {
                    tx.steps.append(fix)
                    report.written.append(f.path)
                } else {
                    report.unchanged.append(f.path)
                }
            } else {
                // Changed non-secret: back up the old bytes with the old mode (and owner).
                let bak = try freshBackupName(for: n, in: d, stamp: stamp, backupNames: &backupNames, tx: &tx)
                tx.stage(dir: d, final: bak, bytes: e.bytes ?? [], mode: c.permissions,
                         owner: isRoot ? (c.uid, c.gid) : nil, op: .replace)
                report.backups.append(sibling(of: f.path, named: bak))
                backedUp.append((d, n))
                tx.stage(dir: d, final: n, bytes: f.contents, mode: f.mode, owner: wantOwner, op: .replace)
                report.written.append(f.path)
            }
        }
        return backedUp
    }

    /// A backup name for `name` in directory `dir` not taken yet (the directory is listed the
    /// first time), recorded as taken in `backupNames`.
    private static func freshBackupName(for name: String, in dir: String, stamp: String,
                                        backupNames: inout [String: Set<String>], tx: inout Transaction) throws -> String {
        if backupNames[dir] == nil { backupNames[dir] = Set(try tx.dir(dir).list()) }
        let bak = Backups.freshName(for: name, stamp: stamp, taken: backupNames[dir]!)
        backupNames[dir]!.insert(bak)
        return bak
    }

    /// Adds a step moving each retire target aside to a backup name, and records it in
    /// `report`. Returns the retired files whose backups are pruned later (not directories).
    private static func planRetireSteps(_ targets: [RetireTarget], stamp: String, backupNames: inout [String: Set<String>],
                                        tx: inout Transaction, report: inout ApplyReport) throws -> [(dir: String, file: String)] {
        var backedUp: [(dir: String, file: String)] = []
        for r in targets {
            let (d, n) = splitPath(r.abs)
            let bak = try freshBackupName(for: n, in: d, stamp: stamp, backupNames: &backupNames, tx: &tx)
            tx.steps.append(JournalStep(op: .retire, dir: d, temp: bak, final: n))
            report.retired.append("\(r.display) -> \(sibling(of: r.display, named: bak))")
            // Directory backups are never pruned (unlink cannot remove them, and they hold
            // a whole deployment's files).
            if !r.isDirectory { backedUp.append((d, n)) }
        }
        return backedUp
    }

    /// Deletes the oldest backups of each file in `backedUp` beyond the newest `keep`, then
    /// fsyncs that directory; records them in `report.prunedBackups`.
    private static func pruneBackups(_ backedUp: [(dir: String, file: String)], keep: Int,
                                     tx: inout Transaction, report: inout ApplyReport) throws {
        for b in backedUp {
            let handle = try tx.dir(b.dir)
            let all = Backups.backups(of: b.file, among: try handle.list())
            if all.count > keep {
                for old in all.prefix(all.count - keep) {
                    try handle.unlink(old)
                    report.prunedBackups.append(joinPath(b.dir, old))
                }
                try handle.sync()
            }
        }
    }

    /// Adds to `report.chownCommands` one `chown` per planned directory, then per planned
    /// file, whose owner differs from the plan's (for a run that is not root). Reads only.
    private static func appendChownCommands(
        directories layout: (privateDirs: [String: UInt16], owners: [String: FileOwner], all: [(String, UInt16)]),
        entries: [CheckedFile], tx: inout Transaction, report: inout ApplyReport) throws {
        for (path, _) in layout.all {
            guard let o = layout.owners[path] else { continue }
            if let es = try? DirHandle(path: path).stat(), es.uid != o.uid || es.gid != o.gid {
                report.chownCommands.append("chown \(o.uid):\(o.gid) \(shellQuote(path))")
            }
        }
        for e in entries {
            guard let o = e.file.owner else { continue }
            let (d, n) = splitPath(e.abs)
            if let es = try tx.dir(d).lstat(n), es.uid != o.uid || es.gid != o.gid {
                report.chownCommands.append("chown \(o.uid):\(o.gid) \(shellQuote(e.abs))")
            }
        }
    }

    /// The directories a plan writes into (planned ones first, then each file's parent),
    /// which of them are private (hold secrets), and their planned owners; refuses a
    /// private directory that is a symbolic link, belongs to another user or is writable by
    /// group or others, and any of them that is not a directory. Reads only.
    static func checkDirectories(_ plan: Plan, in dir: String) throws(BundleError)
        -> (privateDirs: [String: UInt16], owners: [String: FileOwner], all: [(String, UInt16)]) {
        var privateDirs: [String: UInt16] = [:]   // abs path -> planned mode
        var dirOwners: [String: FileOwner] = [:]
        var allDirs: [(String, UInt16)] = []
        for d in plan.directories {
            let abs = resolve(d.path, in: dir)
            allDirs.append((abs, d.mode))
            if d.mode & 0o077 == 0 { privateDirs[abs] = d.mode }
            if let o = d.owner { dirOwners[abs] = o }
        }
        for f in plan.files where f.kind.isSecret {
            let parent = splitPath(resolve(f.path, in: dir)).dir
            if privateDirs[parent] == nil { privateDirs[parent] = 0o700 }
        }
        for f in plan.files {
            let parent = splitPath(resolve(f.path, in: dir)).dir
            if !allDirs.contains(where: { $0.0 == parent }) { allDirs.append((parent, privateDirs[parent] ?? 0o755)) }
        }
        for (path, _) in allDirs {
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            let es = EntryStat(st)
            let isPrivate = privateDirs[path] != nil
            if es.isSymlink {
                if isPrivate { throw .symlinkRefused(path: path, what: "secrets directory") }
                _ = try bundleDirectoryFinding(path)  // the directory the link leads to
                continue
            }
            if !es.isDirectory { throw .notADirectory(path: path) }
            if !isPrivate { _ = try bundleDirectoryFinding(path) }
            if isPrivate {
                if es.uid != effectiveUID {
                    throw .directoryOwnedByAnotherUser(path: path, owner: es.uid, expected: effectiveUID)
                }
                // Tightening an existing shared directory (e.g. /etc, /tmp) to 0700 would lock
                // everyone else out of what it already holds: only a directory that holds
                // nothing but our secret files (and their backups) may be tightened.
                if let refusal = sharedDirectoryRefusal(path, es) { throw refusal }
                if es.permissions & 0o022 != 0 {
                    throw .directoryWritableByOthers(path: path, mode: es.permissions)
                }
            }
        }
        return (privateDirs, dirOwners, allDirs)
    }

    /// The `bundle-dir-writable` assessment of the existing directory `path` (symbolic links
    /// followed): `nil` when neither group nor others may write, the warning when only the
    /// group may.
    /// - Throws: `BundleError.bundleDirectoryWritableByOthers` when others may write.
    static func bundleDirectoryFinding(_ path: String) throws(BundleError) -> Finding? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let es = EntryStat(st)
        guard es.isDirectory, let f = BundleDirectoryMode.finding(path: path, mode: es.permissions) else { return nil }
        if f.severity == .error { throw .bundleDirectoryWritableByOthers(path: path, mode: es.permissions) }
        return f
    }

    /// The refusal for using the existing directory `path` (stat `es`) as the secrets
    /// directory when it is shared: group or others have access and it holds files that are
    /// not our secrets (tightening it to 0700 would lock others out of them); else `nil`.
    static func sharedDirectoryRefusal(_ path: String, _ es: EntryStat) -> BundleError? {
        guard es.permissions & 0o077 != 0 else { return nil }
        let foreign = foreignEntries(in: path)
        return foreign.isEmpty ? nil : .sharedSecretsDirectory(path: path, mode: es.permissions, examples: Array(foreign.prefix(3)))
    }

    /// Entries of `path` that are not secret files of ours (`<secret>.txt`,
    /// `<secret>.<user>.txt`, their `.bak.<stamp>` copies) nor our temporary files; sorted.
    static func foreignEntries(in path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { name in
            if name.hasPrefix(".freshtrack") { return false }
            return !SecretName.allCases.contains { secret in
                name.hasPrefix(secret.rawValue + ".") && (name.hasSuffix(".txt") || name.contains(".txt.bak."))
            }
        }.sorted()
    }

    /// Quotes `s` for a POSIX shell when it holds anything beyond `[A-Za-z0-9_./:@%+=,-]`.
    public static func shellQuote(_ s: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-")
        if !s.isEmpty && s.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// `name` in the same directory as `path` (`a/b.txt`, `c` -> `a/c`; `b.txt`, `c` -> `c`).
func sibling(of path: String, named name: String) -> String {
    guard path.contains("/") else { return name }
    return joinPath(splitPath(path).dir, name)
}

/// One run's staged steps and the journal protocol around them.
struct Transaction {
    let bundle: DirHandle
    let options: WriteOptions
    let id: String
    var steps: [JournalStep] = []
    /// Directories this run created without syncing their parents (`makeDirectories`):
    /// their parents are flushed with the staged files, before the commit point.
    var newDirectories: [String] = []
    private var staged: [(dir: String, temp: String, bytes: [UInt8], mode: UInt16, owner: (uid: UInt32, gid: UInt32)?)] = []
    private var handles: [String: DirHandle] = [:]

    init(bundle: DirHandle, options: WriteOptions) {
        self.bundle = bundle
        self.options = options
        var rng = SystemRandomNumberGenerator()
        self.id = "\(getpid())-\(String(rng.next() & 0xFFFF_FFFF, radix: 16))"
        handles[bundle.path] = bundle
    }

    mutating func dir(_ path: String, reopen: Bool = false) throws(BundleError) -> DirHandle {
        if !reopen, let h = handles[path] { return h }
        let h = try DirHandle(path: path)
        handles[path] = h
        return h
    }

    /// Whether `name` is one of our temporary files: `.<final>.tmp-<pid>-<hex>`.
    static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let r = name.range(of: ".tmp-", options: .backwards) else { return false }
        let id = name[r.upperBound...].split(separator: "-")
        return id.count == 2 && id[0].allSatisfy(\.isNumber) && !id[1].isEmpty && id[1].allSatisfy(\.isHexDigit)
    }

    /// Adds a file to stage as `.<final>.tmp-<id>` in `dir`, installed by `op` at commit.
    mutating func stage(dir: String, final: String, bytes: [UInt8], mode: UInt16,
                        owner: (uid: UInt32, gid: UInt32)?, op: JournalStep.Op) {
        let temp = ".\(final).tmp-\(id)"
        staged.append((dir, temp, bytes, mode, owner))
        steps.append(JournalStep(op: op, dir: dir, temp: temp, final: final, mode: mode,
                                 uid: owner?.uid, gid: owner?.gid))
    }

    /// Runs the protocol. A failure before the commit point removes the temporary files
    /// and the journal; after it, the remaining steps are left for the next run's recovery.
    mutating func run() throws(BundleError) {
        guard !steps.isEmpty else { return }
        let observe = options.observer
        var journal = Journal(id: id, pid: getpid(), state: .staging, steps: steps)
        observe?("journal staging")
        try journal.save(in: bundle, durable: false)
        do throws(BundleError) {
            var fds: [Int32] = []
            do throws(BundleError) {
                for s in staged {
                    observe?("stage \(joinPath(s.dir, s.temp))")
                    fds.append(try dir(s.dir).createFileUnsynced(s.temp, bytes: s.bytes, mode: s.mode, owner: s.owner))
                }
            } catch {
                for fd in fds { close(fd) }
                throw error
            }
            observe?("fsync staged files")
            if let failure = syncAll(fds) {
                let s = staged[failure.index]
                throw BundleError.io(path: joinPath(s.dir, s.temp), operation: "fsync", reason: errnoText(failure.code))
            }
            let stagedDirs = Set(staged.map(\.dir)).sorted()
            for d in stagedDirs { observe?("fsync \(d)") }
            // The parents of directories this run created, best effort as `makeDirectories`'s
            // own fsync is (a parent we may write but not read cannot be opened to sync).
            let parents = Set(newDirectories.map { splitPath($0).dir }).subtracting(stagedDirs).sorted()
                .compactMap { try? DirHandle(path: $0) }
            try syncDirectories(stagedDirs.map { d throws(BundleError) in try dir(d) } + parents)
            journal.state = .committed
            observe?("journal commit")
            try journal.save(in: bundle)
        } catch {
            for s in staged { try? dir(s.dir).unlink(s.temp) }
            try? bundle.unlink(Journal.fileName)
            try? bundle.sync()
            throw error
        }
        for step in steps {
            observe?("\(step.op.rawValue) \(joinPath(step.dir, step.final))")
            try Recovery.perform(step, in: dir(step.dir))
        }
        let stepDirs = Set(steps.map(\.dir)).sorted()
        for d in stepDirs { observe?("fsync \(d)") }
        try syncDirectories(stepDirs.map { d throws(BundleError) in try dir(d) })
        // Not fsynced: should a power cut bring the journal back, the next run repeats its
        // steps, which are idempotent.
        observe?("journal remove")
        try bundle.unlink(Journal.fileName)
        observe?("done")
    }
}

extension BundleWriter {
    /// Reads one secret source (`file:` has one trailing `\n` or `\r\n` removed, `env:` is
    /// taken as is from `environment`). `generate` returns nil.
    /// - Throws: `BundleError` naming the secret and the source, never the value.
    public static func readSecretSource(_ source: SecretSource, for name: SecretName,
                                        environment: [String: String]) throws -> SecretValue? {
        try resolveSources(SecretsSettings(sources: [name: source]), environment: environment)[name]
    }
}

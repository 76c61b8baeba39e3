import DeployKit

/// Why a bundle could not be prepared, written or rotated. Every case names the path (or the
/// secret and its source) and what is wrong; none ever contains a secret's value.
///
/// When `BundleWriter.write` throws one of these, nothing already on disk has been lost or
/// half-written: checks run before the first write, and a failure during the write phase is
/// rolled back (or, past the commit point, finished by the next run).
public enum BundleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A secret file or the secrets directory is a symbolic link; it is never followed.
    case symlinkRefused(path: String, what: String)
    /// A path that must be a regular file is something else (directory, FIFO, socket...).
    case notARegularFile(path: String, found: String)
    /// A path that must be a directory is not one.
    case notADirectory(path: String)
    /// The secrets directory can be written by group or others (mode shown in octal).
    case directoryWritableByOthers(path: String, mode: UInt16)
    /// The bundle directory (or a directory of it the bundle writes into) can be written by
    /// every local user (mode shown in octal): anyone could replace the files root runs.
    case bundleDirectoryWritableByOthers(path: String, mode: UInt16)
    /// An existing secrets directory readable by others that already holds other files:
    /// making it 0700 would lock others out of them.
    case sharedSecretsDirectory(path: String, mode: UInt16, examples: [String])
    /// `secrets.dir` differs from the previous run's, and the old directory holds secrets
    /// the new one lacks (new values would be generated in their place).
    case secretsDirectoryMoved(from: String, to: String, secrets: [SecretName])
    /// The secrets directory belongs to another user.
    case directoryOwnedByAnotherUser(path: String, owner: UInt32, expected: UInt32)
    /// Another run holds the bundle's lock file.
    case locked(path: String, pid: Int32?)
    /// A file changed between reading the bundle (`prepare`) and writing it.
    case changedSincePrepare(path: String)
    /// A `file:` secret source could not be read.
    case secretSourceUnreadable(secret: SecretName, source: String, reason: String)
    /// An `env:` secret source names a variable that is not set.
    case secretSourceUnset(secret: SecretName, source: String)
    /// A secret source gave an empty value.
    case secretSourceEmpty(secret: SecretName, source: String)
    /// Several secret sources failed (each a `secretSource...` case), reported together.
    case secretSources([BundleError])
    /// The planner refused the answers, or `rotate`'s new value (`PlanError` says why).
    case plan(PlanError)
    /// `rotate` was asked for a secret this bundle does not have.
    case secretNotInBundle(secret: SecretName, directory: String, present: [SecretName])
    /// The interrupted-run journal exists but cannot be read.
    case corruptJournal(path: String, reason: String)
    /// An existing secret file cannot be read by the user running the tool (it belongs to
    /// its container's user after the `chown` commands were run).
    case secretUnreadable(path: String, owner: UInt32)
    /// A system call failed.
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .symlinkRefused(let path, let what):
            return "\(path): the \(what) is a symbolic link; refusing to follow it (replace it with a real \(what.hasSuffix("directory") ? "directory" : "file") owned by the user running this tool)"
        case .notARegularFile(let path, let found):
            return "\(path): expected a regular file but found \(found); refusing to replace it"
        case .notADirectory(let path):
            return "\(path): expected a directory but found something else"
        case .secretsDirectoryMoved(let from, let to, let secrets):
            return "secrets.dir changed from \(from) to \(to), but \(from) holds \(secrets.map(\.rawValue).joined(separator: ", ")), which \(to) lacks: the running services use those values, and new ones would be made in their place (a database initialised with the old password refuses a new one); nothing was written. Move the files first, keeping their modes and owners (`mkdir -p \(BundleWriter.shellQuote(to)) && chmod 700 \(BundleWriter.shellQuote(to)) && mv \(BundleWriter.shellQuote(from))/*.txt \(BundleWriter.shellQuote(to))/`), or set secrets.dir back to \(from)"
        case .sharedSecretsDirectory(let path, let mode, let examples):
            return "\(path): this existing directory (mode \(String(mode, radix: 8))) already holds other files (\(examples.joined(separator: ", "))); secrets need a 0700 directory, and tightening this one would lock others out of those files: choose a dedicated secrets directory (e.g. secrets.dir: secrets)"
        case .directoryWritableByOthers(let path, let mode):
            return "\(path): the secrets directory is writable by group or others (mode \(String(mode, radix: 8))); refusing to write secrets there (run `chmod 700 \(path)` after checking its contents)"
        case .bundleDirectoryWritableByOthers(let path, let mode):
            let f = BundleDirectoryMode.finding(path: path, mode: mode | 0o002)!
            return "\(f.message); refusing to write the bundle there, nothing was written: \(f.fix)"
        case .directoryOwnedByAnotherUser(let path, let owner, let expected):
            return "\(path): the secrets directory is owned by uid \(owner), not by uid \(expected) running this tool; refusing to write secrets there"
        case .locked(let path, let pid):
            let who = pid.map { "process \($0)" } ?? "another process"
            return "\(path): another freshtrack-deploy run (\(who)) is working on this bundle; wait for it to finish (or, if pid \(pid.map(String.init) ?? "?") is gone, run again)"
        case .changedSincePrepare(let path):
            return "\(path): changed on disk while the plan was being made; nothing was written, run again"
        case .secretSourceUnreadable(let secret, let source, let reason):
            return "secrets.sources.\(secret.rawValue): cannot read \(source): \(reason)"
        case .secretSourceUnset(let secret, let source):
            return "secrets.sources.\(secret.rawValue): \(source) is not set in the environment"
        case .secretSourceEmpty(let secret, let source):
            return "secrets.sources.\(secret.rawValue): \(source) is empty; a secret needs a value"
        case .secretSources(let errors):
            return "\(errors.count) secret sources cannot be used; nothing was written:\n" + errors.map { "  \($0.description)" }.joined(separator: "\n")
        case .plan(let error):
            return error.description
        case .secretNotInBundle(let secret, let directory, let present):
            let list = present.map(\.rawValue).joined(separator: ", ")
            return "\(secret.rawValue): this bundle (\(directory)) has no such secret; it has: \(list.isEmpty ? "none" : list)"
        case .corruptJournal(let path, let reason):
            return "\(path): the journal of an interrupted run cannot be read (\(reason)); inspect it and the .tmp- files beside the bundle's files, then remove it"
        case .secretUnreadable(let path, let owner):
            return "\(path): cannot read this existing secret file (owned by uid \(owner), mode 0600, as its container needs); run freshtrack-deploy as root to update this bundle"
        case .io(let path, let operation, let reason):
            return "\(path): \(operation) failed: \(reason)"
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One step of a transaction, performed after the commit point. Every step is idempotent, so
/// the next run can repeat it after a crash.
struct JournalStep: Codable, Hashable {
    enum Op: String, Codable {
        /// `rename(temp, final)`: replaces or creates a non-secret file, or installs a backup.
        case replace
        /// `link(temp, final)` then `unlink(temp)`: creates a secret, never replacing one.
        case createNoReplace
        /// Sets the mode (and owner, when `uid` is set) of the existing `final`.
        case setMetadata
        /// Renames `final` out of the way to `temp` (used by `--prune`).
        case retire
    }
    var op: Op
    /// Absolute path of the directory holding both names.
    var dir: String
    /// Name of the staged temporary file in `dir` (empty for `setMetadata`).
    var temp: String
    /// Name of the final file in `dir`.
    var final: String
    var mode: UInt16?
    var uid: UInt32?
    var gid: UInt32?
}

/// The journal of one run, at `<bundle>/.freshtrack-journal.json`. Written atomically twice:
/// first in state `staging` (before any temporary file exists, listing them all), then in
/// state `committed` once every temporary file is on stable storage. A run killed while it
/// is `staging` is rolled back (temporary files removed); one killed after `committed` is
/// finished (remaining steps performed). Then the journal is removed.
struct Journal: Codable {
    enum State: String, Codable { case staging, committed }
    static let fileName = ".freshtrack-journal.json"

    var id: String
    var pid: Int32
    var state: State
    var steps: [JournalStep]

    /// Writes the journal atomically in `bundle`. `durable` adds the fsyncs that make it
    /// survive a power loss: needed for `committed` (the commit point); a `staging` journal
    /// lost to a power cut only leaves harmless temporary files behind.
    func save(in bundle: DirHandle, durable: Bool = true) throws(BundleError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw .io(path: joinPath(bundle.path, Self.fileName), operation: "encode journal", reason: "\(error)")
        }
        let temp = "\(Self.fileName).tmp-\(id)-\(state.rawValue)"
        try? bundle.unlink(temp)
        if durable {
            try bundle.createFile(temp, bytes: Array(data), mode: 0o600, owner: nil)
        } else {
            close(try bundle.createFileUnsynced(temp, bytes: Array(data), mode: 0o600, owner: nil))
        }
        try bundle.rename(temp, to: Self.fileName)
        if durable { try bundle.sync() }
    }

    /// Reads the journal in `bundle`, nil when there is none.
    static func load(in bundle: DirHandle) throws(BundleError) -> Journal? {
        guard let bytes = try bundle.read(fileName, what: "journal") else { return nil }
        do { return try JSONDecoder().decode(Journal.self, from: Data(bytes)) } catch {
            throw .corruptJournal(path: joinPath(bundle.path, fileName), reason: "\(error)")
        }
    }
}

/// What the recovery of an interrupted run did.
public struct RecoveryReport: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// The run had committed: its remaining steps were performed.
        case finished
        /// The run had not committed: its temporary files were removed, old files kept.
        case rolledBack
    }
    public var outcome: Outcome
    /// Pid of the interrupted run.
    public var pid: Int32
    /// Paths whose new version was put in place by the recovery (finished runs).
    public var completed: [String]
    /// Temporary files removed.
    public var removed: [String]

    /// One sentence for the operator.
    public var summary: String {
        switch outcome {
        case .finished:
            return "An interrupted run (pid \(pid)) had committed its changes; finished it (\(completed.count) file\(completed.count == 1 ? "" : "s") put in place)."
        case .rolledBack:
            return "An interrupted run (pid \(pid)) had not committed; rolled it back (\(removed.count) temporary file\(removed.count == 1 ? "" : "s") removed, every file left as it was)."
        }
    }
}

enum Recovery {
    /// Finishes or rolls back an interrupted run recorded in `bundle`'s journal; the caller
    /// holds the lock. Also removes stray journal temporary files. Returns nil when there
    /// was nothing to recover.
    static func run(bundle: DirHandle) throws(BundleError) -> RecoveryReport? {
        // A run killed while writing the journal itself leaves only a journal temp file.
        var strays: [String] = []
        for name in try bundle.list() where name.hasPrefix(Journal.fileName + ".tmp-") {
            try bundle.unlink(name)
            strays.append(joinPath(bundle.path, name))
        }
        guard let journal = try Journal.load(in: bundle) else {
            if strays.isEmpty { return nil }
            try bundle.sync()
            return RecoveryReport(outcome: .rolledBack, pid: 0, completed: [], removed: strays)
        }
        var report = RecoveryReport(outcome: journal.state == .committed ? .finished : .rolledBack,
                                    pid: journal.pid, completed: [], removed: strays)
        var dirs: [String: DirHandle] = [:]
        func dir(_ path: String) throws(BundleError) -> DirHandle {
            if let d = dirs[path] { return d }
            let d = try DirHandle(path: path)
            dirs[path] = d
            return d
        }
        switch journal.state {
        case .staging:
            for step in journal.steps where !step.temp.isEmpty && step.op != .retire {
                guard let d = try? dir(step.dir) else { continue }
                if try d.lstat(step.temp) != nil {
                    try d.unlink(step.temp)
                    report.removed.append(joinPath(step.dir, step.temp))
                }
            }
        case .committed:
            for step in journal.steps {
                let d = try dir(step.dir)
                if try perform(step, in: d) { report.completed.append(joinPath(step.dir, step.final)) }
            }
        }
        for d in dirs.values { try d.sync() }
        try bundle.unlink(Journal.fileName)
        try bundle.sync()
        return report
    }

    /// Performs one committed step; idempotent. Returns true when it changed something.
    @discardableResult
    static func perform(_ step: JournalStep, in d: DirHandle) throws(BundleError) -> Bool {
        switch step.op {
        case .replace:
            guard try d.lstat(step.temp) != nil else { return false }
            try d.rename(step.temp, to: step.final)
            return true
        case .createNoReplace:
            guard let temp = try d.lstat(step.temp) else { return false }
            if try !d.linkNoReplace(step.temp, to: step.final) {
                // Already linked before the crash (same inode), or a secret exists: either
                // way the existing file is kept.
                _ = temp
            }
            try d.unlink(step.temp)
            return true
        case .setMetadata:
            guard try d.lstat(step.final) != nil else { return false }
            let owner: (uid: UInt32, gid: UInt32)? = step.uid.map { ($0, step.gid ?? $0) }
            try d.setMetadata(step.final, mode: step.mode, owner: owner)
            return true
        case .retire:
            guard try d.lstat(step.final) != nil, try d.lstat(step.temp) == nil else { return false }
            try d.rename(step.final, to: step.temp)
            return true
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `lstat(2)` says of one path, as the tests read it (independent of the writer's own
/// stat wrapper, so a test's view of the disk never goes through the code under test).
public struct FileStat: Equatable, Sendable {
    /// `st_mode`: file type and permission bits.
    public var mode: UInt32
    /// Owner and group ids.
    public var uid: UInt32
    public var gid: UInt32

    public init(_ st: stat) {
        mode = UInt32(st.st_mode)
        uid = UInt32(st.st_uid)
        gid = UInt32(st.st_gid)
    }

    public var isRegular: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    public var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    public var isSymlink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }
    /// Permission bits only (e.g. 0o600).
    public var permissions: UInt16 { UInt16(mode & 0o7777) }
    /// The kind of a non-regular, non-directory entry, for snapshots (`symlink`, `fifo`, ...).
    public var kind: String {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): return "file"
        case UInt32(S_IFDIR): return "dir"
        case UInt32(S_IFLNK): return "symlink"
        case UInt32(S_IFIFO): return "fifo"
        case UInt32(S_IFSOCK): return "socket"
        case UInt32(S_IFCHR): return "char-device"
        case UInt32(S_IFBLK): return "block-device"
        default: return "special"
        }
    }
}

/// `lstat(2)` of `path` (links are not followed), or nil when it does not exist.
public func statOf(_ path: String) -> FileStat? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return FileStat(st)
}

/// Everything observable about one entry of a tree (mtime in nanoseconds; `bytes` only
/// for regular files).
public struct EntryInfo: Equatable, CustomStringConvertible, Sendable {
    public var kind: String
    public var mode: UInt16
    public var uid: UInt32
    public var gid: UInt32
    public var bytes: [UInt8]?
    public var mtimeNS: Int64
    public var description: String { "\(kind) \(String(mode, radix: 8)) \(uid):\(gid) \(bytes?.count ?? -1)B" }
}

/// Walks `root` (not following links): relative path -> info, skipping the relative
/// paths in `excluding` (and what is below them). Two snapshots are equal when nothing
/// under `root` was created, removed, rewritten, touched, chmodded or chowned.
public func snapshot(_ root: String, excluding: Set<String> = []) -> [String: EntryInfo] {
    var out: [String: EntryInfo] = [:]
    func walk(_ rel: String) {
        let abs = rel.isEmpty ? root : root + "/" + rel
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: abs) else { return }
        for n in names {
            let r = rel.isEmpty ? n : rel + "/" + n
            if excluding.contains(r) { continue }
            var st = stat()
            guard lstat(root + "/" + r, &st) == 0 else { continue }
            let fs = FileStat(st)
            let mt = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            let bytes = fs.isRegular ? readBytes(root + "/" + r) : nil
            out[r] = EntryInfo(kind: fs.kind, mode: fs.permissions, uid: fs.uid, gid: fs.gid, bytes: bytes, mtimeNS: mt)
            if fs.isDirectory { walk(r) }
        }
    }
    walk("")
    return out
}

/// The bytes of the file at `path`, or nil when it cannot be read.
public func readBytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }

/// The file at `path` decoded as UTF-8, or nil when it cannot be read.
public func readText(_ path: String) -> String? { readBytes(path).map { String(decoding: $0, as: UTF8.self) } }

/// Writes `text` to `path` (replacing it) and sets `mode`.
public func writeText(_ path: String, _ text: String, mode: mode_t = 0o644) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    chmod(path, mode)
}

/// A fresh empty directory (mode 0755) `$TMPDIR/freshtrack-<label>-XXXXXX`, removed by the
/// caller with `cleanup`.
public func makeTempDir(_ label: String = "bw") -> String { TempDirectory.make("freshtrack-\(label)", suffix: .mkdtemp) }

/// Removes `path` and everything below it.
public func cleanup(_ path: String) { TempDirectory.remove(path) }

/// Runs an executable to completion with `arguments`, returning its exit status and output.
/// Its standard input is a pipe fed `stdin` (nothing when nil) and then closed.
@discardableResult
public func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                stdin: String? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
    try Subprocess.run(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                       stdin: .text(stdin ?? ""))
}

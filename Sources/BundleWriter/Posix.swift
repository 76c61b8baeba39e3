// Thin, throwing wrappers over the POSIX calls the writer needs. Every operation on a file
// goes through a directory file descriptor (openat/renameat/linkat with O_NOFOLLOW), so a
// symbolic link swapped in between a check and a write is refused rather than followed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The text of `errno` code `code`, e.g. `Permission denied`.
func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

/// Joins a directory and a relative path with exactly one `/`.
func joinPath(_ dir: String, _ name: String) -> String {
    if name.hasPrefix("/") { return name }
    if dir.hasSuffix("/") { return dir + name }
    return dir + "/" + name
}

/// Splits `/a/b/c` into (`/a/b`, `c`).
func splitPath(_ path: String) -> (dir: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let dir = String(path[..<slash])
    return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
}

/// The metadata of one directory entry, from `fstatat(..., AT_SYMLINK_NOFOLLOW)`.
struct EntryStat {
    var mode: UInt32
    var uid: UInt32
    var gid: UInt32
    var inode: UInt64
    var device: UInt64
    var size: Int64

    var isRegular: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    var isSymlink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }
    /// Permission bits only (e.g. 0o600).
    var permissions: UInt16 { UInt16(mode & 0o7777) }

    init(_ st: stat) {
        mode = UInt32(st.st_mode)
        uid = UInt32(st.st_uid)
        gid = UInt32(st.st_gid)
        inode = UInt64(st.st_ino)
        device = UInt64(st.st_dev)
        size = Int64(st.st_size)
    }

    /// What kind of entry this is, for messages (`a symbolic link`, `a directory`, ...).
    var kindDescription: String {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): return "a regular file"
        case UInt32(S_IFDIR): return "a directory"
        case UInt32(S_IFLNK): return "a symbolic link"
        case UInt32(S_IFIFO): return "a FIFO"
        case UInt32(S_IFSOCK): return "a socket"
        case UInt32(S_IFCHR): return "a character device"
        case UInt32(S_IFBLK): return "a block device"
        default: return "a special file"
        }
    }
}

/// An open directory, used as the anchor of every *at() call. Opened with O_NOFOLLOW, so
/// the directory itself is never reached through a symbolic link in its last component.
final class DirHandle {
    let path: String
    let fd: Int32

    /// Opens an existing directory. - Throws: `BundleError` naming `path`.
    init(path: String) throws(BundleError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ELOOP || e == ENOTDIR {
                var st = Glibc.stat()
                if Glibc.lstat(path, &st) == 0, EntryStat(st).isSymlink {
                    throw .symlinkRefused(path: path, what: "directory")
                }
                throw .notADirectory(path: path)
            }
            throw .io(path: path, operation: "open directory", reason: errnoText(e))
        }
        self.fd = fd
    }

    deinit { close(fd) }

    func stat() throws(BundleError) -> EntryStat {
        var st = Glibc.stat()
        if fstat(fd, &st) != 0 { throw .io(path: path, operation: "stat", reason: errnoText(errno)) }
        return EntryStat(st)
    }

    /// The entry `name` without following a symbolic link, or nil when it does not exist.
    func lstat(_ name: String) throws(BundleError) -> EntryStat? {
        var st = Glibc.stat()
        if fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            let e = errno
            if e == ENOENT { return nil }
            throw .io(path: joinPath(path, name), operation: "stat", reason: errnoText(e))
        }
        return EntryStat(st)
    }

    /// Reads a regular file in full, refusing symbolic links and special files.
    /// Returns nil when it does not exist.
    func read(_ name: String, what: String = "file") throws(BundleError) -> [UInt8]? {
        let full = joinPath(path, name)
        let fd = openat(self.fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            if e == ENOENT { return nil }
            if e == ELOOP { throw .symlinkRefused(path: full, what: what) }
            if e == EACCES, what.hasPrefix("secret"), let st = try? lstat(name) {
                throw .secretUnreadable(path: full, owner: st.uid)
            }
            throw .io(path: full, operation: "read", reason: errnoText(e))
        }
        defer { close(fd) }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: full, operation: "stat", reason: errnoText(errno)) }
        let es = EntryStat(st)
        guard es.isRegular else { throw .notARegularFile(path: full, found: es.kindDescription) }
        var out: [UInt8] = []
        out.reserveCapacity(Int(es.size))
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: full, operation: "read", reason: errnoText(errno))
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }

    /// Names in this directory (no `.`/`..`).
    func list() throws(BundleError) -> [String] {
        let dupfd = dup(fd)
        guard dupfd >= 0, let d = fdopendir(dupfd) else {
            throw .io(path: path, operation: "list", reason: errnoText(errno))
        }
        defer { closedir(d) }
        rewinddir(d)
        var names: [String] = []
        while let ent = readdir(d) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates `name` exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) with `mode` given at creation,
    /// then sets the exact mode (the umask can only have removed bits), the owner when
    /// `owner` is given, writes `bytes`, fsyncs and closes.
    func createFile(_ name: String, bytes: [UInt8], mode: UInt16, owner: (uid: UInt32, gid: UInt32)?) throws(BundleError) {
        let fd = try createFileUnsynced(name, bytes: bytes, mode: mode, owner: owner)
        defer { close(fd) }
        if fsync(fd) != 0 {
            let e = errno
            unlinkat(self.fd, name, 0)
            throw .io(path: joinPath(path, name), operation: "fsync", reason: errnoText(e))
        }
    }

    /// Like `createFile` but without the fsync; returns the open descriptor, which the
    /// caller must fsync and close (`syncAll`).
    func createFileUnsynced(_ name: String, bytes: [UInt8], mode: UInt16, owner: (uid: UInt32, gid: UInt32)?) throws(BundleError) -> Int32 {
        let full = joinPath(path, name)
        let fd = openat(self.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        if fd < 0 { throw .io(path: full, operation: "create", reason: errnoText(errno)) }
        var ok = false
        defer {
            if !ok { close(fd); unlinkat(self.fd, name, 0) }
        }
        if fchmod(fd, mode_t(mode)) != 0 { throw .io(path: full, operation: "chmod", reason: errnoText(errno)) }
        if let owner, fchown(fd, owner.uid, owner.gid) != 0 {
            throw .io(path: full, operation: "chown \(owner.uid):\(owner.gid)", reason: errnoText(errno))
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: full, operation: "write", reason: errnoText(errno))
            }
            offset += n
        }
        ok = true
        return fd
    }

    /// Atomically replaces (or creates) `to` with `from`, both in this directory.
    func rename(_ from: String, to: String) throws(BundleError) {
        if renameat(fd, from, fd, to) != 0 {
            throw .io(path: joinPath(path, to), operation: "rename", reason: errnoText(errno))
        }
    }

    /// Installs `from` as `to` only if `to` does not exist (link(2) never overwrites).
    /// Returns false when `to` already existed.
    func linkNoReplace(_ from: String, to: String) throws(BundleError) -> Bool {
        if linkat(fd, from, fd, to, 0) != 0 {
            let e = errno
            if e == EEXIST { return false }
            throw .io(path: joinPath(path, to), operation: "link", reason: errnoText(e))
        }
        return true
    }

    /// Removes a file; a missing file is not an error.
    func unlink(_ name: String) throws(BundleError) {
        if unlinkat(fd, name, 0) != 0 && errno != ENOENT {
            throw .io(path: joinPath(path, name), operation: "remove", reason: errnoText(errno))
        }
    }

    /// Flushes this directory's entries (renames, creations) to stable storage.
    func sync() throws(BundleError) {
        if fsync(fd) != 0 { throw .io(path: path, operation: "fsync directory", reason: errnoText(errno)) }
    }

    /// Sets mode and (optionally) owner of an existing regular file without following links.
    func setMetadata(_ name: String, mode: UInt16?, owner: (uid: UInt32, gid: UInt32)?) throws(BundleError) {
        let full = joinPath(path, name)
        let fd = openat(self.fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ELOOP { throw .symlinkRefused(path: full, what: "file") }
            throw .io(path: full, operation: "open", reason: errnoText(errno))
        }
        defer { close(fd) }
        if let owner, fchown(fd, owner.uid, owner.gid) != 0 {
            throw .io(path: full, operation: "chown \(owner.uid):\(owner.gid)", reason: errnoText(errno))
        }
        if let mode, fchmod(fd, mode_t(mode)) != 0 {
            throw .io(path: full, operation: "chmod", reason: errnoText(errno))
        }
        if fsync(fd) != 0 { throw .io(path: full, operation: "fsync", reason: errnoText(errno)) }
    }

    /// Sets this directory's own mode/owner.
    func setOwnMetadata(mode: UInt16?, owner: (uid: UInt32, gid: UInt32)?) throws(BundleError) {
        if let owner, fchown(fd, owner.uid, owner.gid) != 0 {
            throw .io(path: path, operation: "chown \(owner.uid):\(owner.gid)", reason: errnoText(errno))
        }
        if let mode, fchmod(fd, mode_t(mode)) != 0 {
            throw .io(path: path, operation: "chmod", reason: errnoText(errno))
        }
    }
}

/// The effective user id of this process.
var effectiveUID: UInt32 { UInt32(geteuid()) }
/// The effective group id of this process.
var effectiveGID: UInt32 { UInt32(getegid()) }

/// Creates `path` and any missing parents (parents 0755; the last one with `mode`), not
/// following a symbolic link in the last component. Returns the paths it created.
///
/// `syncParents`: fsync each new directory's parent at once, so the entry survives a crash.
/// `write` passes false and flushes those parents with its staged files instead (before the
/// journal's commit point; a directory lost to a power cut before then held nothing yet).
@discardableResult
func makeDirectories(_ path: String, mode: UInt16, syncParents: Bool = true) throws(BundleError) -> [String] {
    var st = stat()
    if lstat(path, &st) == 0 {
        let es = EntryStat(st)
        if es.isSymlink { throw .symlinkRefused(path: path, what: "directory") }
        if !es.isDirectory { throw .notADirectory(path: path) }
        return []
    }
    let (parent, _) = splitPath(path)
    var created: [String] = []
    if parent != path && parent != "/" && parent != "." {
        created += try makeDirectories(parent, mode: 0o755, syncParents: syncParents)
    }
    if mkdir(path, mode_t(mode)) != 0 && errno != EEXIST {
        throw .io(path: path, operation: "create directory", reason: errnoText(errno))
    }
    created.append(path)
    if syncParents {
        // fsync the parent so the new entry survives a crash.
        let pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if pfd >= 0 { fsync(pfd); close(pfd) }
    }
    return created
}

/// Makes `path` absolute against the current directory and removes `.` components and
/// duplicate or trailing slashes (symbolic links are not resolved).
func absolutePath(_ path: String) -> String {
    // Callers pass paths made absolute by `BundleWriter.absoluteDirectory`; a relative one
    // with no current directory must not land in `/`.
    let base = path.hasPrefix("/") ? path : ((try? BundleWriter.absoluteDirectory(path)) ?? "/nonexistent-current-directory/" + path)
    var parts: [Substring] = []
    for comp in base.split(separator: "/", omittingEmptySubsequences: true) {
        if comp == "." { continue }
        if comp == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
        parts.append(comp)
    }
    return "/" + parts.joined(separator: "/")
}

/// Makes every descriptor's data and metadata durable, and closes them. Returns the index
/// and errno of the first failure, if any.
///
/// Descriptors on one filesystem are flushed with a single `syncfs(2)` (Linux) instead of one
/// `fsync(2)` each: it writes back every dirty inode of that filesystem, ours included, and
/// flushes the device cache once. On the bench machine (ext4 on virtio) 15 small files took
/// 0.45 ms this way against 2-2.7 ms fsynced one by one or all at once from threads. When
/// `syncfs` is unavailable or reports an error (it also reports write-back errors of other
/// files on that filesystem), every descriptor is `fsync`ed, which says exactly which file
/// failed; only those answers count.
func syncAll(_ fds: [Int32]) -> (index: Int, code: Int32)? {
    defer { for fd in fds { close(fd) } }
    let flushed = syncfsEachFilesystem(fds)
    for i in fds.indices where !flushed.contains(i) && fsync(fds[i]) != 0 { return (i, errno) }
    return nil
}

/// One `syncfs(2)` per filesystem among `fds` (when there are two or more descriptors and the
/// platform has it); returns the indices of the descriptors whose filesystem it flushed, so
/// the caller `fsync`s only the rest (see `syncAll`).
private func syncfsEachFilesystem(_ fds: [Int32]) -> Set<Int> {
    guard fds.count > 1, let syncfs = syncfsFunction else { return [] }
    var devices: [UInt64: [Int]] = [:]
    for (i, fd) in fds.enumerated() {
        var st = stat()
        guard fstat(fd, &st) == 0 else { continue }
        devices[UInt64(st.st_dev), default: []].append(i)
    }
    var flushed = Set<Int>()
    for indices in devices.values where syncfs(fds[indices[0]]) == 0 { flushed.formUnion(indices) }
    return flushed
}

/// Makes the entries (creations, renames) of every directory in `dirs` durable: one
/// `syncfs(2)` per filesystem (see `syncAll`), else `fsync(2)` on each directory.
/// - Throws: `BundleError.io` naming the directory whose fsync failed.
func syncDirectories(_ dirs: [DirHandle]) throws(BundleError) {
    let flushed = syncfsEachFilesystem(dirs.map(\.fd))
    for (i, d) in dirs.enumerated() where !flushed.contains(i) { try d.sync() }
}

/// `syncfs(2)` from the C library, looked up at run time (Swift's Glibc module does not
/// declare it); `nil` where the platform has none (macOS).
private let syncfsFunction: (@convention(c) (Int32) -> Int32)? = {
    #if os(Linux)
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    #else
    return nil
    #endif
}()

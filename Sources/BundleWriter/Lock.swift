#if canImport(Glibc)
import Glibc
#endif

/// The bundle's lock: `<dir>/.freshtrack.lock`, held with `flock(LOCK_EX|LOCK_NB)` for the
/// whole of a write or rotation, and holding the holder's pid (as text) so a second run can
/// name it. The kernel drops the lock when the holder exits, even on SIGKILL.
///
/// The lock file leaves no trace: a run that created it removes it on `release` (while still
/// holding the lock), so neither a refused nor a successful run leaves it behind; a lock file
/// that was already there (left by a killed run or an earlier version) gets its bytes and
/// modification time back on `release`. A process that opened the file just before its
/// removal notices (the path no longer names the inode it locked) and tries again.
public final class BundleLock {
    /// File name of the lock inside the bundle directory.
    public static let fileName = ".freshtrack.lock"

    /// Absolute path of the lock file.
    public let path: String
    private let fd: Int32
    /// True when this run created the lock file (it is removed on release).
    private let created: Bool
    /// A pre-existing lock file's bytes and access/modification times, restored on release.
    private let original: (bytes: [UInt8], times: [timespec])?
    private var released = false

    /// Takes the lock on bundle `directory` (which must exist), failing at once if another
    /// process holds it.
    /// - Throws: `BundleError.locked` naming the other process's pid, or `.io`.
    public init(directory: String) throws(BundleError) {
        let path = joinPath(directory, Self.fileName)
        self.path = path
        var attempt = 0
        while true {
            attempt += 1
            var created = true
            var fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 && errno == EEXIST {
                created = false
                fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
                if fd < 0 && errno == ENOENT && attempt < 20 { continue }   // removed meanwhile
            }
            if fd < 0 {
                if errno == ELOOP || errno == EEXIST { throw .symlinkRefused(path: path, what: "lock file") }
                throw .io(path: path, operation: "open lock file", reason: errnoText(errno))
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let e = errno
                let pid = Self.readPID(fd)
                close(fd)
                if e == EWOULDBLOCK { throw .locked(path: path, pid: pid) }
                throw .io(path: path, operation: "lock", reason: errnoText(e))
            }
            // The holder we waited for may have removed the file between our open and flock:
            // then we locked an orphan inode, and must lock the file the path names now.
            var mine = stat(), named = stat()
            if fstat(fd, &mine) != 0 || lstat(path, &named) != 0 || mine.st_ino != named.st_ino || mine.st_dev != named.st_dev {
                close(fd)
                if attempt < 20 { continue }
                throw .io(path: path, operation: "lock", reason: "the lock file keeps being replaced")
            }
            self.fd = fd
            self.created = created
            if created {
                self.original = nil
            } else {
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
                self.original = (Array(buf.prefix(max(0, n))), [mine.st_atim, mine.st_mtim])
            }
            break
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buf = [UInt8](repeating: 0, count: 32)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let s = String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(s)
    }

    /// Releases the lock (also done on deinit and by the kernel at exit): removes the lock
    /// file this run created, or restores a pre-existing one's bytes and times.
    public func release() {
        guard !released else { return }
        released = true
        if created {
            unlink(path)
        } else if let original {
            _ = ftruncate(fd, 0)
            _ = original.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            var times = original.times
            _ = futimens(fd, &times)
        }
        flock(fd, LOCK_UN)
    }

    deinit {
        release()
        close(fd)
    }
}

import Foundation

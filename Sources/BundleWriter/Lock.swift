#if canImport(Glibc)
import Glibc
#endif

/// The bundle's lock: `<dir>/.freshtrack.lock`, held with `flock(LOCK_EX|LOCK_NB)` for the
/// whole of a write or rotation, and holding the holder's pid (as text) so a second run can
/// name it. The kernel drops the lock when the holder exits, even on SIGKILL.
public final class BundleLock {
    /// File name of the lock inside the bundle directory.
    public static let fileName = ".freshtrack.lock"

    /// Absolute path of the lock file.
    public let path: String
    private let fd: Int32

    /// Takes the lock on bundle `directory` (which must exist), failing at once if another
    /// process holds it.
    /// - Throws: `BundleError.locked` naming the other process's pid, or `.io`.
    public init(directory: String) throws(BundleError) {
        path = joinPath(directory, Self.fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == ELOOP { throw .symlinkRefused(path: path, what: "lock file") }
            throw .io(path: path, operation: "open lock file", reason: errnoText(errno))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            let pid = Self.readPID(fd)
            close(fd)
            if e == EWOULDBLOCK { throw .locked(path: path, pid: pid) }
            throw .io(path: path, operation: "lock", reason: errnoText(e))
        }
        self.fd = fd
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

    /// Releases the lock (also done on deinit and by the kernel at exit).
    public func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
    }

    deinit {
        close(fd)
    }
}

import Foundation

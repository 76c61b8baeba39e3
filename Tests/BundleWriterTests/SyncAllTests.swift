import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// `syncAll` (one `syncfs` per filesystem, `fsync` as the fallback that names a failure):
/// files on two filesystems are all made durable and every descriptor is closed; a
/// descriptor fsync refuses is named by its index.
@Suite struct SyncAllTests {
    static func openFile(_ dir: String, _ name: String) -> Int32 {
        let fd = open(dir + "/" + name, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        _ = "bytes".withCString { write(fd, $0, 5) }
        return fd
    }

    /// The device and inode `fd` refers to, `nil` when `fd` is not open.
    static func identity(_ fd: Int32) -> [UInt64]? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    @Test func filesOnTwoFilesystemsAreSyncedAndClosed() throws {
        let a = TempDirectory.make("syncall")
        defer { TempDirectory.remove(a) }
        // /dev/shm is a tmpfs on Linux: a second filesystem beside /tmp.
        let b = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : a
        let name = "freshtrack-syncall-\(getpid())"
        defer { unlink(b + "/" + name) }
        var fds = (0..<5).map { Self.openFile(a, "f\($0)") }
        fds.append(Self.openFile(b, name))
        #expect(fds.allSatisfy { $0 >= 0 })
        let files = fds.map(Self.identity)
        #expect(syncAll(fds) == nil)
        // Closed: the number is free, or (tests run in parallel in this process) it was reused
        // at once for another file; still open means it still refers to the same file.
        for (fd, file) in zip(fds, files) { #expect(Self.identity(fd) != file, "descriptor \(fd) left open") }
        #expect(try String(contentsOfFile: a + "/f4", encoding: .utf8) == "bytes")
    }

    @Test func aDescriptorFsyncRefusesIsNamed() throws {
        let a = TempDirectory.make("syncall")
        defer { TempDirectory.remove(a) }
        var pipeFDs: [Int32] = [0, 0]
        #expect(pipe(&pipeFDs) == 0)
        defer { close(pipeFDs[1]) }
        let fds = [Self.openFile(a, "x"), pipeFDs[0], Self.openFile(a, "y")]
        // A pipe is alone on its (pipe) filesystem: syncfs answers for it, so force the
        // per-file path by asking for just the pipe and a file of one directory.
        let single = syncAll([pipeFDs[0]].map { dup($0) })
        #expect(single?.index == 0 && single?.code == EINVAL)
        let result = syncAll(fds)
        #expect(result == nil || result?.index == 1, "only the pipe can fail: \(String(describing: result))")
    }
}

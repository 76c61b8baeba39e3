#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DeployKit

/// Reads what `check`'s secret-file rules need from disk: `lstat` of the file and of its
/// directory, and whether the last byte is a line break. Never reads more than that byte.
public enum SecretFileInspector {
    /// - Parameters:
    ///   - path: the `file:` path as written in the Compose file (relative to `directory`, or absolute).
    ///   - directory: the Compose project directory.
    public static func facts(path: String, relativeTo directory: String) -> SecretFileFacts {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        var st = stat()
        guard lstat(full, &st) == 0 else { return .missing }
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        var target = st
        if isLink { _ = stat(full, &target) }
        let dir = String(full[..<(full.lastIndex(of: "/") ?? full.startIndex)])
        var dst = stat()
        let dirMode: UInt16 = stat(dir.isEmpty ? "/" : dir, &dst) == 0 ? UInt16(dst.st_mode & 0o7777) : 0o700
        var endsWithLineBreak = false
        if (target.st_mode & S_IFMT) == S_IFREG, target.st_size > 0 {
            let fd = open(full, O_RDONLY)
            if fd >= 0 {
                var byte: UInt8 = 0
                if pread(fd, &byte, 1, off_t(target.st_size - 1)) == 1 { endsWithLineBreak = byte == 0x0A || byte == 0x0D }
                close(fd)
            }
        }
        return SecretFileFacts(exists: true, isSymlink: isLink, mode: UInt16(st.st_mode & 0o7777),
                               uid: UInt32(target.st_uid), gid: UInt32(target.st_gid),
                               directoryMode: dirMode, endsWithLineBreak: endsWithLineBreak)
    }
}

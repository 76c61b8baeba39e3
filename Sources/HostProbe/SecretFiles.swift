#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DeployKit

/// Reads what `check`'s secret-file rules need from disk: `lstat` of the file and of its
/// directory, whether the last byte is a line break, and a per-process digest of the bytes
/// (to compare copies of one secret; the bytes themselves are never kept or shown).
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
        var digest: Int?
        // Secret files are small: read whole (up to 64 KiB) only to compare copies of one
        // secret by a per-process digest; the bytes are never kept or shown.
        if (target.st_mode & S_IFMT) == S_IFREG, target.st_size <= 65_536 {
            let fd = open(full, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                var bytes = [UInt8](repeating: 0, count: Int(target.st_size))
                let n = bytes.isEmpty ? 0 : bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
                if n == bytes.count {
                    if let last = bytes.last { endsWithLineBreak = last == 0x0A || last == 0x0D }
                    var hasher = Hasher()
                    hasher.combine(bytes)
                    digest = hasher.finalize()
                }
                for i in bytes.indices { bytes[i] = 0 }
                close(fd)
            }
        }
        return SecretFileFacts(exists: true, isSymlink: isLink, mode: UInt16(st.st_mode & 0o7777),
                               uid: UInt32(target.st_uid), gid: UInt32(target.st_gid),
                               directoryMode: dirMode, endsWithLineBreak: endsWithLineBreak, contentDigest: digest,
                               directoryHoldsOnlySecrets: onlySecretFiles(in: dir.isEmpty ? "/" : dir))
    }

    /// Whether every entry of `dir` is a secret file (`*.txt`) or a backup of one
    /// (`*.txt.bak.*`); `nil` when it cannot be listed.
    static func onlySecretFiles(in dir: String) -> Bool? {
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            if !(name.hasSuffix(".txt") || name.contains(".txt.bak.")) { return false }
        }
        return true
    }
}

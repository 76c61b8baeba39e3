import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fresh, uniquely named temporary directories for tests. The caller removes them
/// (`TempDirectory.remove`) when it wants; the system tmp cleaner handles the rest.
public enum TempDirectory {
    /// Creates `$TMPDIR/freshtrack-<label>-XXXXXX` (`/tmp` when TMPDIR is unset) with
    /// `mkdtemp(3)` and mode 0755, and returns its path. A failure to create it is a broken
    /// machine, not a test result: it stops the run (`precondition`).
    public static func make(_ label: String = "test") -> String {
        var base = NSTemporaryDirectory()
        if base.hasSuffix("/") { base.removeLast() }
        if base.isEmpty { base = "/tmp" }
        var template = Array("\(base)/freshtrack-\(label)-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(p != nil, "mkdtemp failed under \(base)")
        let path = String(cString: p!)
        chmod(path, 0o755)
        return path
    }

    /// `make(label)` as a file URL.
    public static func makeURL(_ label: String = "test") -> URL {
        URL(fileURLWithPath: make(label), isDirectory: true)
    }

    /// A new directory (`make(label)`) holding `files`: relative path -> UTF-8 text, written
    /// with the process umask; intermediate directories are created. Throws the write error.
    public static func make(_ label: String = "test", files: [String: String]) throws -> URL {
        let dir = makeURL(label)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Removes `path` and everything below it; a missing path is not an error.
    public static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fresh, uniquely named temporary directories for tests. The caller removes them
/// (`TempDirectory.remove`) when it wants; the system tmp cleaner handles the rest.
///
/// The name is `<label>-<suffix>` under `NSTemporaryDirectory()` (`$TMPDIR`, else `/tmp`).
/// Its length is part of what some tests see (the wizard wraps a long bundle path on its
/// 80-column screen, which the PTY tests match text against), so each caller keeps the
/// label and suffix style it was written with.
public enum TempDirectory {
    /// How the unique part of the name is made.
    public enum Suffix: Sendable {
        /// A 36-character `UUID().uuidString`.
        case uuid
        /// Six characters from `mkdtemp(3)`.
        case mkdtemp
    }

    /// Creates `$TMPDIR/<label>-<suffix>` with mode 0755 and returns its path. A failure
    /// to create it is a broken machine, not a test result: it stops the run
    /// (`precondition`).
    public static func make(_ label: String = "freshtrack-test", suffix: Suffix = .uuid) -> String {
        var base = NSTemporaryDirectory()
        if base.hasSuffix("/") { base.removeLast() }
        if base.isEmpty { base = "/tmp" }
        let path: String
        switch suffix {
        case .uuid:
            path = "\(base)/\(label)-\(UUID().uuidString)"
            precondition(mkdir(path, 0o755) == 0, "mkdir \(path) failed: errno \(errno)")
        case .mkdtemp:
            var template = Array("\(base)/\(label)-XXXXXX".utf8CString)
            let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            precondition(p != nil, "mkdtemp under \(base) failed: errno \(errno)")
            path = String(cString: p!)
        }
        chmod(path, 0o755)
        return path
    }

    /// `make(label, suffix:)` as a file URL.
    public static func makeURL(_ label: String = "freshtrack-test", suffix: Suffix = .uuid) -> URL {
        URL(fileURLWithPath: make(label, suffix: suffix), isDirectory: true)
    }

    /// A new directory (`make(label)`) holding `files`: relative path -> UTF-8 text, written
    /// with the process umask; intermediate directories are created. Throws the write error.
    public static func make(_ label: String = "freshtrack-test", files: [String: String]) throws -> URL {
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

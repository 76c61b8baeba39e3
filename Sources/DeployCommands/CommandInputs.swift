import BundleWriter
import DeployKit
import Foundation

/// Why the answers file named by `--answers` (or a bundle's own) cannot be used. Nothing
/// has been written when one of these is thrown.
public enum AnswersFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be read: `reason` says whether it is missing, a directory, or
    /// unreadable (permissions, not a regular file).
    case unreadable(path: String, reason: String)
    /// The file's bytes are not UTF-8 text.
    case notUTF8(path: String)
    /// The file was read and has problems: every one, each with its YAML path, line, the
    /// bad value and what is allowed.
    case invalid(path: String, issues: [AnswersIssue])

    /// The message lines printed on stderr (after `error: `; the issues indented below).
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read answers file \(path): \(reason)"
        case .notUTF8(let path):
            return "answers file \(path) is not UTF-8 text"
        case .invalid(let path, let issues):
            return "\(path) has \(issues.count) problem\(issues.count == 1 ? "" : "s"); nothing was written:\n"
                + issues.map { "  \($0.description)" }.joined(separator: "\n")
        }
    }
}

/// Reading the inputs `apply` and `rotate` share: the answers file and the `--dir` path.
public enum CommandInputs {
    /// Reads the answers file at `path` and decodes it against the bundle in `bundle`
    /// (absolute): a secret whose file exists there needs no source.
    /// - Throws: `AnswersFileError`.
    public static func answers(_ path: String, bundle: String) throws(AnswersFileError) -> Answers {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory; give the answers YAML file"
                : "permission denied or not a regular file"
            throw .unreadable(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path: path) }
        do {
            return try AnswersCodec.decode(text, secretExists: BundleWriter.secretExists(bundleDirectory: bundle))
        } catch {
            throw .invalid(path: path, issues: error.issues)
        }
    }

    /// The message naming `--dir` when the existing part of `absolute` (the path itself, or
    /// the nearest ancestor that exists) is not a directory, e.g. `--dir /srv/afile is a
    /// regular file; --dir must be a directory (or a path to create); nothing was written`;
    /// nil when it is one (or nothing of it exists). Symbolic links are followed (a link to
    /// a directory is fine). Reads only. `mayCreate` false (rotate, which needs an existing
    /// bundle) drops "or a path to create". `dirArgument` is `--dir` as given.
    public static func directoryPathProblem(_ dirArgument: String, absolute: String, mayCreate: Bool = true) -> String? {
        var path = absolute
        while path.count > 1 {
            var st = stat()
            if stat(path, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFDIR { return nil }
                let what = (st.st_mode & S_IFMT) == S_IFREG ? "a regular file" : "not a directory"
                let subject = path == absolute || path + "/" == absolute ? "--dir \(dirArgument)" : "--dir \(dirArgument): \(path)"
                let must = mayCreate ? "a directory (or a path to create)" : "the bundle directory"
                return "\(subject) is \(what); --dir must be \(must); nothing was written"
            }
            // ENOTDIR/ENOENT: look at the parent.
            guard let slash = path.lastIndex(of: "/") else { return nil }
            path = slash == path.startIndex ? "/" : String(path[..<slash])
        }
        return nil
    }
}

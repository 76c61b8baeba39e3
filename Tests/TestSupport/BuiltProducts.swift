import Foundation

/// Where this checkout and its built executables are.
public enum BuiltProducts {
    /// The repository root (the directory holding Package.swift), from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The first directory at or above the running test binary that holds a regular file
    /// named `name` (the products directory of the build that ran the tests, debug or
    /// release); else `.build/debug` of `repositoryRoot`.
    public static func directory(containing name: String) -> URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDir),
               !isDir.boolValue { return url }
            url.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }

    /// The path of the built executable `name` (see `directory(containing:)`).
    public static func executable(_ name: String) -> String {
        directory(containing: name).appendingPathComponent(name).path
    }

    /// The `freshtrack-deploy` binary an operator runs: `$FRESHTRACK_DEPLOY_BIN` when set and
    /// not empty, else `executable("freshtrack-deploy")`.
    public static var freshtrackDeploy: String {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_DEPLOY_BIN"], !p.isEmpty { return p }
        return executable("freshtrack-deploy")
    }
}

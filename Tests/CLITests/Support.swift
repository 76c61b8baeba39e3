import Foundation
import Testing
import TestSupport

// How CLITests run the built binary. `run(exe, args)` (TestSupport) is the plain runner;
// these two add what some suites need.

/// The real `freshtrack-deploy` binary, as an operator runs it.
enum CLI {
    static var exe: String { BuiltProducts.freshtrackDeploy }

    /// Runs the binary (or `executable`) with the test's environment minus DOCKER_HOST,
    /// plus `env`.
    static func run(_ args: [String], env: [String: String] = [:], executable: String? = nil) throws -> (Int32, String, String) {
        var e = ProcessInfo.processInfo.environment
        e.removeValue(forKey: "DOCKER_HOST")
        for (k, v) in env { e[k] = v }
        let r = try Subprocess.run(executable ?? exe, args, environment: e)
        return (r.status, r.stdout, r.stderr)
    }
}

/// Runs the real `freshtrack-deploy` binary that `swift build` / `swift test` built
/// (override with FRESHTRACK_DEPLOY_BIN) with the test's environment; the test fails
/// (throws) when there is no binary.
func runFreshtrackDeploy(_ arguments: [String]) throws -> ProcessResult {
    let path = BuiltProducts.freshtrackDeploy
    try #require(FileManager.default.isExecutableFile(atPath: path),
                 "no binary at \(path): run `swift build` first")
    return try Subprocess.run(path, arguments)
}

/// `text` parsed as a JSON object; the test fails (throws) when it is not one.
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

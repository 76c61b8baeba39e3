import Foundation
import Testing
import TestSupport
import DeployKit
@testable import HostProbe

/// Compose reads `.env` (and resolves relative `secrets: file:` paths) from the project
/// directory: the directory of the first `-f` file, not the current one.
struct ProjectDirectoryTests {
    @Test func dotEnvComesFromTheFirstFilesDirectoryLikeCompose() throws {
        let root = TempDirectory.makeURL("hostprobe")
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
        let r = try DockerCompose.run(["-f", file, "config"], in: other.path)
        let config = r.stdout
        #expect(r.status == 0)
        #expect(config.contains("image: caddy:latest"), "\(config)")

        // check run from (and with --dir) the other directory must read the same .env.
        let report = try BundleInputs.check(directory: other.path, files: [file])
        #expect(report.findings.contains { $0.rule == .unpinnedImage && $0.message.contains("`caddy:latest`") },
                "\(report.renderText())")

        // And with the project's .env removed, the other directory's .env still does not count.
        try FileManager.default.removeItem(at: project.appendingPathComponent(".env"))
        let config2 = try DockerCompose.run(["-f", file, "config"], in: other.path).stdout
        #expect(config2.contains("image: 'caddy:'"), "\(config2)")
        let report2 = try BundleInputs.check(directory: other.path, files: [file])
        #expect(report2.findings.contains { $0.rule == .requiredVarUnset && $0.message.contains("${TAG}") }, "\(report2.renderText())")
    }

    @Test func relativeFileUnderDirUsesItsOwnDirectoryAsProject() throws {
        let root = TempDirectory.makeURL("hostprobe")
        let sub = root.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "services:\n  web:\n    image: \"caddy:${TAG}\"\n".write(to: sub.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        try "TAG=latest\n".write(to: sub.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "TAG=2.8.4-alpine\n".write(to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let config = try DockerCompose.run(["-f", "sub/c.yml", "config"], in: root.path).stdout
        #expect(config.contains("image: caddy:latest"), "\(config)")
        let report = try BundleInputs.check(directory: root.path, files: ["sub/c.yml"])
        #expect(report.findings.contains { $0.rule == .unpinnedImage && $0.message.contains("`caddy:latest`") }, "\(report.renderText())")
    }
}

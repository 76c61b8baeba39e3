#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing
import DeployKit
@testable import HostProbe

/// Real files in a real temporary directory.
struct SecretFileTests {
    func write(_ dir: URL, _ name: String, _ text: String, mode: mode_t) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func factsFromDisk() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        chmod(secrets.path, 0o700)
        _ = try write(secrets, "good.txt", "s3cr3t", mode: 0o600)
        _ = try write(secrets, "loose.txt", "s3cr3t\n", mode: 0o644)
        symlink(secrets.appendingPathComponent("good.txt").path, secrets.appendingPathComponent("link.txt").path)

        let good = SecretFileInspector.facts(path: "./secrets/good.txt", relativeTo: dir.path)
        #expect(good.exists && !good.isSymlink && good.mode == 0o600 && good.directoryMode == 0o700 && !good.endsWithLineBreak)
        #expect(good.uid == getuid())
        let loose = SecretFileInspector.facts(path: "secrets/loose.txt", relativeTo: dir.path)
        #expect(loose.mode == 0o644 && loose.endsWithLineBreak)
        #expect(SecretFileInspector.facts(path: "secrets/link.txt", relativeTo: dir.path).isSymlink)
        #expect(!SecretFileInspector.facts(path: "secrets/none.txt", relativeTo: dir.path).exists)
        chmod(secrets.path, 0o755)
        #expect(SecretFileInspector.facts(path: secrets.appendingPathComponent("good.txt").path, relativeTo: "/").directoryMode == 0o755)
    }

    /// The whole path: files on disk -> check -> findings (and doctor's secrets check).
    @Test func checkAndDoctorSeeSecretFileProblems() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        chmod(secrets.path, 0o700)
        let uid = getuid()
        try """
            services:
              app:
                image: busybox:1.36
                user: "\(uid == 0 ? 0 : uid)"
                secrets: [a, b]
            secrets:
              a: {file: ./secrets/a.txt}
              b: {file: ./secrets/b.txt}
            """.write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        _ = try write(secrets, "a.txt", "value", mode: 0o600)
        _ = try write(secrets, "b.txt", "value", mode: 0o600)
        let clean = try BundleInputs.check(directory: dir.path, files: [])
        #expect(!clean.findings.contains { $0.rule == .secretFileMode || $0.rule == .secretTrailingNewline })
        #expect(Doctor.secrets(config(dir)).status == .pass)

        chmod(secrets.appendingPathComponent("a.txt").path, 0o640)
        try "value\n".write(to: secrets.appendingPathComponent("b.txt"), atomically: false, encoding: .utf8)
        let report = try BundleInputs.check(directory: dir.path, files: [])
        #expect(report.findings.contains { $0.rule == .secretFileMode && $0.message.contains("0640") })
        #expect(report.findings.contains { $0.rule == .secretTrailingNewline && $0.message.contains("`b`") })
        #expect(Doctor.secrets(config(dir)).status == .fail)
    }

    /// A project whose one service (root) mounts each of `files` (`./secrets/<file>`, the
    /// secret named after the file without `.txt`, dots as `_`), in a `secrets/` of `dirMode`.
    func secretsProject(_ files: [String], dirMode: mode_t) throws -> (dir: URL, secrets: URL) {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        chmod(secrets.path, dirMode)
        let names = files.map { String($0.dropLast(".txt".count)).replacingOccurrences(of: ".", with: "_") }
        let entries = zip(names, files).map { "  \($0): {file: ./secrets/\($1)}" }.joined(separator: "\n")
        try ("services:\n  app:\n    image: busybox:1.36\n    user: \"0\"\n    secrets: [\(names.joined(separator: ", "))]\n"
             + "secrets:\n" + entries + "\n")
            .write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        return (dir, secrets)
    }

    /// Real files: two copies of one secret (`x.txt`, `x.1001.txt`) that differ are an error
    /// in `check`, as in `doctor`; equal copies are clean.
    @Test func copiesThatDifferOnDiskAreAnError() throws {
        let (dir, secrets) = try secretsProject(["x.txt", "x.1001.txt"], dirMode: 0o700)
        _ = try write(secrets, "x.txt", "same-value", mode: 0o600)
        _ = try write(secrets, "x.1001.txt", "same-value", mode: 0o600)
        #expect(!(try BundleInputs.check(directory: dir.path, files: [])).findings.contains { $0.rule == .secretCopiesDiffer })
        _ = try write(secrets, "x.1001.txt", "other-value", mode: 0o600)
        let report = try BundleInputs.check(directory: dir.path, files: [])
        let hit = report.findings.filter { $0.rule == .secretCopiesDiffer }
        #expect(hit.count == 1 && hit.first?.severity == .error, "\(report.findings.map(\.message))")
        #expect(!report.findings.contains { $0.message.contains("other-value") || $0.message.contains("same-value") })
    }

    /// A loose secrets directory is one finding (not one per file); its fix is `chmod 700
    /// DIR` when the directory holds only secret files, and never that when it holds others.
    @Test func looseSecretsDirectoryIsOneFindingWithTheRightFix() throws {
        let (dir, secrets) = try secretsProject(["a.txt", "b.txt"], dirMode: 0o755)
        _ = try write(secrets, "a.txt", "value-a", mode: 0o600)
        _ = try write(secrets, "b.txt", "value-b", mode: 0o600)
        let only = try BundleInputs.check(directory: dir.path, files: []).findings.filter { $0.message.contains("looser than 0700") }
        #expect(only.count == 1, "\(only.map(\.message))")
        #expect(only.first?.fix == "chmod 700 ./secrets (it holds only secret files)")
        _ = try write(secrets, "notes.md", "other", mode: 0o644)
        let mixed = try BundleInputs.check(directory: dir.path, files: []).findings.filter { $0.message.contains("looser than 0700") }
        #expect(mixed.count == 1)
        #expect(mixed.first.map { !$0.fix.hasPrefix("chmod 700") && $0.fix.contains("directory of their own") } == true)
    }

    /// A missing file is said as missing (its own rule), with how to create it; never as a mode problem.
    @Test func missingSecretFileIsSaidAsMissing() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        chmod(secrets.path, 0o700)
        try """
            services:
              app:
                image: busybox:1.36
                user: "\(getuid())"
                secrets: [a]
            secrets:
              a: {file: ./secrets/a.txt}
            """.write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let report = try BundleInputs.check(directory: dir.path, files: [])
        let missing = report.findings.filter { $0.message.contains("a.txt") }
        #expect(missing.map(\.rule) == [.secretFileMissing], "\(report.renderText())")
        #expect(missing.first?.severity == .error)
        #expect(missing.first?.message.contains("does not exist") == true)
        #expect(missing.first?.message.contains("app mounts it") == true)
        #expect(missing.first?.fix.contains("freshtrack-deploy apply") == true)
        #expect(missing.first?.fix.contains("umask 077") == true)
        #expect(!report.findings.contains { $0.rule == .secretFileMode })
    }
}

struct BundleInputsTests {
    @Test func combinations() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        #expect(throws: CheckInputError.self) { _ = try BundleInputs.combinations(directory: dir.path, files: []) }
        for f in ["docker-compose.yml", "compose.aws.yaml", "compose.production.yaml"] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(f).path, contents: Data("services: {}\n".utf8))
        }
        #expect(try BundleInputs.combinations(directory: dir.path, files: []) ==
                [["docker-compose.yml", "compose.aws.yaml"], ["docker-compose.yml", "compose.production.yaml"]])
        try "COMPOSE_FILE=docker-compose.yml:compose.production.yaml\n".write(to: dir.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        #expect(try BundleInputs.combinations(directory: dir.path, files: []) == [["docker-compose.yml", "compose.production.yaml"]])
        #expect(try BundleInputs.combinations(directory: dir.path, files: ["x.yml"]) == [["x.yml"]])
        #expect(throws: CheckInputError.self) { _ = try BundleInputs.check(directory: dir.path, files: ["missing.yml"]) }
    }

    @Test func looseAnswers() {
        let a = LooseAnswers.parse("""
            version: 1
            environment: staging
            target: aws
            app: {version: 1.1.0, domain: app.example.com}
            aws: {rds_endpoint: db.x.rds.amazonaws.com, elasticache_endpoint: c.x.cache.amazonaws.com}
            secrets: {dir: secrets, sources: {elasticache_auth_token: env:TOKEN}}
            """)
        #expect(a?.target == .aws)
        #expect(a?.environment == .staging)
        #expect(a?.domain == "app.example.com")
        #expect(a?.elasticacheTLS == true)
    }
}

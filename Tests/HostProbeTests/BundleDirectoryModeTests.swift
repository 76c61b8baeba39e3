import Foundation
import Testing
import TestSupport
import DeployKit
#if canImport(Glibc)
import Glibc
#endif
@testable import HostProbe

/// `check --dir` and `doctor --dir` report a bundle directory other users can write to
/// (rule `bundle-dir-writable`): an error / FAIL when every local user may write, a warning
/// / WARN when its group may; nothing when neither may. Real temporary directories, real binary.
struct BundleDirectoryModeCLITests {
    /// A clean single-service bundle `check` has nothing else to say about.
    static let compose = """
        services:
          app:
            image: nginx:1.27.3-alpine
            restart: unless-stopped
            user: "101:101"
            read_only: true
            logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
            deploy: {resources: {limits: {cpus: "0.5", memory: 128M}}}
            healthcheck: {test: ["CMD", "curl", "-fsS", "http://127.0.0.1/"], interval: 30s}

        """

    func bundle(mode: UInt16) throws -> String {
        let dir = try makeTempDir().path
        try Self.compose.write(toFile: dir + "/docker-compose.yml", atomically: true, encoding: .utf8)
        chmod(dir, mode_t(mode))
        return dir
    }

    @Test(arguments: [(UInt16(0o777), "error", Int32(1)), (0o775, "warning", 0), (0o755, nil, 0)] as [(UInt16, String?, Int32)])
    func checkReportsTheDirectoryMode(_ mode: UInt16, _ severity: String?, _ status: Int32) throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        let dir = try bundle(mode: mode)
        defer { TempDirectory.remove(dir) }
        let (s, json, err) = try CLI.run(["check", "--dir", dir, "--format", "json"])
        #expect(s == status, "\(json)\(err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(obj["findings"] as? [[String: Any]])
        let mine = findings.filter { $0["rule"] as? String == "bundle-dir-writable" }
        if let severity {
            #expect(mine.count == 1 && mine[0]["severity"] as? String == severity, "\(findings)")
            let message = mine.first?["message"] as? String ?? ""
            #expect(message.contains(dir) && message.contains("(mode \(BundleDirectoryMode.octal(mode)))"), "\(message)")
            #expect((mine.first?["fix"] as? String ?? "").contains("chmod 0755 \(dir)"))
        } else {
            #expect(mine.isEmpty, "\(findings)")
        }
        #expect(findings.count == mine.count, "the fixture should be otherwise clean: \(findings)")
        let (_, text, _) = try CLI.run(["check", "--dir", dir])
        if severity == "error" { #expect(text.contains("error [bundle-dir-writable] \(dir): the bundle directory is writable by every local user")) }
    }

    @Test(arguments: [(UInt16(0o777), "FAIL"), (0o775, "WARN"), (0o755, nil)] as [(UInt16, String?)])
    func doctorReportsTheDirectoryMode(_ mode: UInt16, _ status: String?) throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        let dir = try bundle(mode: mode)
        defer { TempDirectory.remove(dir) }
        let (_, out, _) = try CLI.run(["doctor", "--dir", dir, "--target", "selfhosted", "--timeout", "1"],
                                      env: ["DOCKER_HOST": "unix://\(dir)/docker.sock"])
        if let status {
            #expect(out.contains("\(status)  Bundle directory"), "\(out)")
            #expect(out.contains("\(dir): the bundle directory is writable by"), "\(out)")
            #expect(out.contains("(mode \(BundleDirectoryMode.octal(mode)))"))
        } else {
            #expect(!out.contains("Bundle directory"), "\(out)")
        }
    }
}

import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import DeployKit

/// A bundle directory other users can write to, through the real binary and real temporary
/// directories: `apply` (and `--dry-run`) refuse it when every local user may write and warn
/// when its group may; `check --dir` and `doctor --dir` report it (rule `bundle-dir-writable`)
/// as an error / FAIL, a warning / WARN, or nothing when neither may.
@Suite struct BundleDirectoryModeCommandTests {
    var exe: String { BuiltProducts.freshtrackDeploy }
    static let selfhosted = BuiltProducts.repositoryRoot.path + "/assets/examples/selfhosted.yaml"

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
        let dir = TempDirectory.makeURL("hostprobe").path
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

    @Test(arguments: [UInt16(0o777), 0o757, 0o1777, 0o703])
    func applyAndDryRunRefuseAWorldWritableBundleDirectory(_ mode: UInt16) throws {
        let work = makeTempDir("dirmode")
        defer { cleanup(work) }
        let dir = work + "/shared"
        mkdir(dir, 0o755)
        chmod(dir, mode_t(mode))
        let shown = BundleDirectoryMode.octal(mode)
        for extra in [["--dry-run"], []] {
            let r = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir] + extra)
            #expect(r.status == 1, "\(extra): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("\(dir): the bundle directory"), "\(r.stderr)")
            #expect(r.stderr.contains("(mode \(shown)"), "\(r.stderr)")
            #expect(r.stderr.contains("nothing was written"))
            if mode & 0o1000 == 0 {
                #expect(r.stderr.contains("chmod o-w \(dir)") && r.stderr.contains("chmod 0755 \(dir)"), "\(r.stderr)")
            } else {
                #expect(r.stderr.contains("do not chmod a shared directory"), "\(r.stderr)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "\(extra): something was written")
        }
        // Fixed as the message says: apply writes the bundle.
        chmod(dir, 0o755)
        let ok = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/docker-compose.yml"))
        #expect(!ok.stdout.contains("writable by"))
    }

    @Test func groupWritableBundleDirectoryIsWrittenWithAWarning() throws {
        let work = makeTempDir("dirmode")
        defer { cleanup(work) }
        let dir = work + "/team"
        mkdir(dir, 0o755)
        chmod(dir, 0o775)
        let dry = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Warning: \(dir): the bundle directory is writable by its group (mode 0775)"), "\(dry.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        let r = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Warning: \(dir): the bundle directory is writable by its group (mode 0775)"), "\(r.stdout)")
        #expect(r.stdout.contains("chmod g-w \(dir)"))
        #expect(FileManager.default.fileExists(atPath: dir + "/docker-compose.yml"))
    }
}

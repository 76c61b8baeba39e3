import Foundation
import Testing
import TestSupport
@testable import DeployKit

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

struct CheckCLITests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeployKitTests/Fixtures/seed").path

    /// Run from elsewhere, `check --dir` says first that its fix commands' paths are relative
    /// to the bundle; run from the bundle it does not; JSON never carries the line.
    @Test func fixPathsAreSaidToBeRelativeToTheBundle() throws {
        let elsewhere = try Subprocess.run(CLI.exe, ["check", "--dir", Self.seed], currentDirectory: "/")
        #expect(elsewhere.stdout.hasPrefix("Fix commands below use paths relative to \(Self.seed): run them there"), "\(elsewhere.stdout.prefix(200))")
        let here = try Subprocess.run(CLI.exe, ["check", "--dir", "."], currentDirectory: Self.seed)
        #expect(!here.stdout.contains("Fix commands below use paths relative"))
        #expect(here.status == elsewhere.status && here.status == 1)
        let json = try Subprocess.run(CLI.exe, ["check", "--dir", Self.seed, "--format", "json"], currentDirectory: "/")
        #expect(!json.stdout.contains("Fix commands below"))
    }

    @Test func exitStatusesAndFormats() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        // Seed snippets: errors -> 1, one block per combination checked.
        let (s1, text, _) = try CLI.run(["check", "--dir", Self.seed])
        #expect(s1 == 1)
        #expect(text.contains("(checked: docker-compose.yml + compose.aws.yaml; docker-compose.yml + compose.digitalocean.yaml; docker-compose.yml + compose.production.yaml)"))
        #expect(text.contains("error [depends-on-disabled] service backend:"))
        let (s2, json, _) = try CLI.run(["check", "--dir", Self.seed, "-f", "antipatterns.yaml", "--format", "json"])
        #expect(s2 == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(obj["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "inline-secret" && $0["line"] as? Int != nil && $0["fix"] as? String != nil })
        #expect(!json.contains("hunter2"))
        // Clean bundle -> 0; unreadable -> 2 with the reason.
        let dir = TempDirectory.makeURL("hostprobe")
        try "services:\n  web:\n    image: caddy:2.8.4-alpine\n    deploy: {resources: {limits: {memory: 256M}}}\n    logging: {driver: local}\n"
            .write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let (s3, clean, _) = try CLI.run(["check", "--dir", dir.path])
        #expect(s3 == 0, "\(clean)")
        #expect(clean.hasPrefix("0 errors, 0 warnings"))
        let (s4, _, err4) = try CLI.run(["check", "--dir", dir.path, "-f", "nope.yml"])
        #expect(s4 == 2)
        #expect(err4.contains("nope.yml: does not exist"))
        try "services: [\n".write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let (s5, _, err5) = try CLI.run(["check", "--dir", dir.path])
        #expect(s5 == 2)
        #expect(err5.contains("docker-compose.yml: not valid YAML"))
    }
}

struct DoctorCLITests {
    @Test func noEngineIsSaidClearlyAndEveryOtherCheckStillRuns() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        let dir = TempDirectory.makeURL("hostprobe")
        let (status, out, _) = try CLI.run(["doctor", "--dir", dir.path, "--target", "selfhosted", "--timeout", "2"],
                                           env: ["DOCKER_HOST": "unix://\(dir.path)/docker.sock"])
        #expect(status == 1)
        #expect(out.contains("FAIL  Docker engine reachable"))
        #expect(out.contains("no Docker engine on this machine"))
        for title in ["Docker Compose v2 >= 2.24", "CPU for selfhosted", "Memory for selfhosted", "Free disk", "Port 80 free",
                      "Port 443 free", "Log rotation", "Domain resolves", "Secret files", "Clock"] {
            #expect(out.contains(title), "missing \(title)")
        }
        let (_, json, _) = try CLI.run(["doctor", "--dir", dir.path, "--target", "aws", "--format", "json"],
                                       env: ["DOCKER_HOST": "unix://\(dir.path)/docker.sock"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["target"] as? String == "aws")
        // 12 checks plus the skipped managed endpoints (no aws: section to take them from).
        #expect((obj["results"] as? [[String: Any]])?.count == 13)
        for t in ["0", "121", "nan"] {
            let (s, _, e) = try CLI.run(["doctor", "--dir", dir.path, "--timeout", t])
            #expect(s == 64)
            #expect(e.contains("--timeout \(t): must be more than 0 and at most 120 seconds"), "\(e)")
        }
        let (bad, _, err) = try CLI.run(["doctor", "--target", "mars"])
        #expect(bad == 64)
        #expect(err.contains("The value 'mars' is invalid for '--target <target>'. Please provide one of 'selfhosted', 'digitalocean' or 'aws'."))
    }
}

/// Run from a current directory that was deleted under the shell (`mkdir /tmp/x; cd /tmp/x;
/// rmdir /tmp/x`): each command that takes a relative --dir says so up front and what to
/// do, exits non-zero, and does nothing else (doctor probes nothing); an absolute --dir works.
struct DeletedCurrentDirectoryTests {
    /// Runs `freshtrack-deploy args` from a directory removed just before.
    func runFromDeleted(_ args: [String]) throws -> (Int32, String, String) {
        let gone = TempDirectory.make("ft-gone")
        return try CLI.run(["-c", "d=$1 x=$2; shift 2; cd \"$d\" && rmdir \"$d\" && exec \"$x\" \"$@\"", "sh", gone, CLI.exe] + args,
                           executable: "/bin/sh")
    }

    static let cases: [([String], Int32)] = [
        (["doctor", "--timeout", "1"], 2), (["doctor", "--dir", "sub", "--timeout", "1"], 2),
        (["check"], 2), (["check", "--dir", "bundle"], 2),
        (["rotate", "postgres_password"], 1), (["apply", "--answers", "/nonexistent.yaml"], 1),
    ]

    @Test(arguments: cases)
    func refusedUpFrontWithWhatToDo(_ args: [String], _ status: Int32) throws {
        let (code, out, err) = try runFromDeleted(args)
        #expect(code == status, "\(args): \(out)\(err)")
        #expect(out.isEmpty, "\(args) went on: \(out)")
        #expect(err.contains("the current directory no longer exists"), "\(args): \(err)")
        #expect(err.contains("cd to an existing directory, or pass an absolute --dir"), "\(args): \(err)")
    }

    /// An absolute --dir needs no current directory: doctor runs its checks.
    @Test func anAbsoluteDirStillWorks() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let (_, out, err) = try runFromDeleted(["doctor", "--dir", dir.path, "--target", "selfhosted", "--timeout", "1"])
        #expect(out.contains("doctor for target selfhosted"), "\(out)\(err)")
        #expect(!err.contains("no longer exists"))
    }
}

import Foundation
import Testing
@testable import DeployKit

/// `do/deploy-app-platform.sh` against a fake `doctl`: the secret values must reach doctl's
/// standard input (inside the spec) and nowhere else.
enum AppPlatformScriptFixtures {
    static let sentinels: [SecretName: String] = [
        .spacesAccessKey: "SENTINELaccessKEY0042",
        .spacesSecretKey: "SENTINEL/secret+KEY=77",
        .stackAuthSecret: "SENTINELauth9f8e7d6c",
    ]

    static func answers(secretsDir: String = "secrets") -> Answers {
        var d = DigitalOceanSettings(databaseHost: "db.example.com", databasePort: 25060, databaseName: "freshtrack",
                                     databaseUser: "freshtrack", spacesRegion: "nyc3", spacesBucket: "freshtrack-files")
        d.platform = .appPlatform
        d.appPlatform = AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey")
        return Answers(needs: Needs(users: 1200, budgetUSDPerMonth: 120), target: .explicit(.digitalocean),
                       app: AppSettings(version: "1.1.0", domain: "track.example.com", acmeEmail: "ops@example.com"), digitalocean: d,
                       secrets: SecretsSettings(dir: secretsDir))
    }

    static func bundle(answers: Answers = answers(), writeSecrets: Bool = true) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("do-e2e-\(UUID().uuidString)")
        for f in try AppPlatformRenderer.files(for: answers) {
            let url = dir.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.contents).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: Int(f.mode)], ofItemAtPath: url.path)
        }
        if writeSecrets {
            let sdir = dir.appendingPathComponent("secrets")
            try FileManager.default.createDirectory(at: sdir, withIntermediateDirectories: true)
            for (name, value) in sentinels {
                try Data(value.utf8).write(to: sdir.appendingPathComponent("\(name.rawValue).txt"))
            }
        }
        return dir
    }

    static func fakeDoctl(refuse: Bool) throws -> URL {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("fake-doctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let text = refuse ? """
            #!/usr/bin/env bash
            echo "doctl $*" >>"$(dirname "$0")/calls.log"
            exit 97
            """ : """
            #!/usr/bin/env bash
            here=$(dirname "$0")
            echo "doctl $*" >>"$here/calls.log"
            case "$1 $2" in
              "account get") echo "ops@example.com" ;;
              "apps spec") cat >"$here/validated.yaml"; cat "$here/validated.yaml" ;;
              "apps create") cat >"$here/submitted.yaml"; echo "ID  Default Ingress  Created"; echo "abc  https://freshtrack-pro.ondigitalocean.app  now" ;;
              *) echo "fake doctl: unexpected call: $*" >&2; exit 98 ;;
            esac
            """
        let url = bin.appendingPathComponent("doctl")
        try Data((text + "\n").utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return bin
    }

    static func run(_ args: [String], bundle: URL, bin: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [bundle.appendingPathComponent("do/deploy-app-platform.sh").path] + args
        p.environment = ["PATH": "\(bin.path):/usr/bin:/bin", "HOME": bin.path, "LC_ALL": "C"]
        p.currentDirectoryURL = bundle
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

@Test func appPlatformDeployScriptPassesShellcheck() throws {
    for dir in ["secrets", "/opt/free'track pro/secrets"] {
        let bundle = try AppPlatformScriptFixtures.bundle(answers: AppPlatformScriptFixtures.answers(secretsDir: dir),
                                                          writeSecrets: false)
        defer { try? FileManager.default.removeItem(at: bundle) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["shellcheck", "--shell=bash", "--severity=style", bundle.appendingPathComponent("do/deploy-app-platform.sh").path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "shellcheck: \(out)")
    }
}

@Test func appPlatformDryRunPrintsTheDoctlCallsAndCallsNothing() throws {
    let bundle = try AppPlatformScriptFixtures.bundle()
    let bin = try AppPlatformScriptFixtures.fakeDoctl(refuse: true)
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try AppPlatformScriptFixtures.run(["--dry-run"], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: bin.appendingPathComponent("calls.log").path))
    #expect(ECSScriptFixtures.inOrder(r.stdout, [
        "+ doctl account get --format Email --no-header",
        "| doctl apps spec validate -",
        "| doctl apps create --upsert --spec - --wait --format ID,DefaultIngress,Created",
        "# dry run finished",
    ]), "\(r.stdout)")
    for value in AppPlatformScriptFixtures.sentinels.values {
        #expect(!r.stdout.contains(value) && !r.stderr.contains(value))
    }
}

@Test func appPlatformRealRunPipesTheSecretValuesIntoTheSpecOnly() throws {
    let bundle = try AppPlatformScriptFixtures.bundle()
    let bin = try AppPlatformScriptFixtures.fakeDoctl(refuse: false)
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try AppPlatformScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    let calls = try String(contentsOf: bin.appendingPathComponent("calls.log"), encoding: .utf8)
    #expect(ECSScriptFixtures.inOrder(calls, ["doctl account get", "doctl apps spec validate -",
                                              "doctl apps create --upsert --spec - --wait"]), "\(calls)")
    let submitted = try String(contentsOf: bin.appendingPathComponent("submitted.yaml"), encoding: .utf8)
    for (name, value) in AppPlatformScriptFixtures.sentinels {
        #expect(!r.stdout.contains(value) && !r.stderr.contains(value) && !calls.contains(value), "\(name) leaked")
        #expect(submitted.contains("value: \"\(value)\""), "\(name) did not reach doctl")
    }
    // The submitted spec still passes the App Platform checks apart from carrying secret values.
    let check = try ECSFixturesShim.appspecCheck(submitted)
    #expect(check.output.contains("carries a value"))
    #expect(check.output.components(separatedBy: "\n").filter { !$0.isEmpty && !$0.contains("carries a value") }.isEmpty,
            "\(check.output)")
    // The bundle's own app.yaml is unchanged: no values.
    let onDisk = try String(contentsOf: bundle.appendingPathComponent("do/app.yaml"), encoding: .utf8)
    #expect(AppPlatformScriptFixtures.sentinels.values.allSatisfy { !onDisk.contains($0) })
}

@Test func appPlatformRealRunRefusesAMultiLineSecret() throws {
    let bundle = try AppPlatformScriptFixtures.bundle()
    let bin = try AppPlatformScriptFixtures.fakeDoctl(refuse: false)
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    try Data("line1\nline2".utf8).write(to: bundle.appendingPathComponent("secrets/stack_auth_secret.txt"))
    let r = try AppPlatformScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status != 0)
    #expect(r.stderr.contains("stack_auth_secret.txt has more than one line"))
    #expect(!r.stderr.contains("line1") && !r.stdout.contains("line1"))
    let calls = (try? String(contentsOf: bin.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
    #expect(!calls.contains("apps create") && !calls.contains("apps spec"), "doctl must not get half a spec")
}

enum ECSFixturesShim {
    static func appspecCheck(_ text: String) throws -> (status: Int32, output: String) {
        let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/appspec_check.py")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", tools.path, file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, out.replacingOccurrences(of: file.path + ": ", with: ""))
    }
}

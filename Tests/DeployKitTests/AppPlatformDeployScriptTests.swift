import Foundation
import Testing
import TestSupport
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
        let dir = TempDirectory.makeURL("do-e2e")
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
        let bin = TempDirectory.makeURL("fake-doctl")
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

    static func run(_ args: [String], bundle: URL, bin: URL) throws -> ProcessResult {
        try DeployScript.run("do/deploy-app-platform.sh", args, bundle: bundle, fakeBin: bin)
    }
}

@Test func appPlatformDeployScriptPassesShellcheck() throws {
    for dir in ["secrets", "/opt/free'track pro/secrets"] {
        let bundle = try AppPlatformScriptFixtures.bundle(answers: AppPlatformScriptFixtures.answers(secretsDir: dir),
                                                          writeSecrets: false)
        defer { try? FileManager.default.removeItem(at: bundle) }
        let r = try Shellcheck.run(bundle.appendingPathComponent("do/deploy-app-platform.sh").path)
        #expect(r.status == 0, "shellcheck: \(r.stdout)")
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
    let check = try PythonTools.appspecCheck(submitted)
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

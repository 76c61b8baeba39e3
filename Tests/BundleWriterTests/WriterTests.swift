import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

@Suite struct WriterTests {
    @Test func freshWriteHasPlannedModesOwnersAndNoLeftovers() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        let report = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let plan = samplePlan(variant: 1)
        #expect(Set(report.written) == Set(plan.files.map(\.path)))
        #expect(report.unchanged.isEmpty && report.kept.isEmpty && report.backups.isEmpty)
        let secretsDir = statOf(dir + "/secrets")
        #expect(secretsDir?.isDirectory == true)
        #expect(secretsDir?.permissions == 0o700)
        for f in plan.files {
            let st = try #require(statOf(dir + "/" + f.path), "\(f.path) missing")
            #expect(st.isRegular)
            #expect(st.permissions == f.mode, "\(f.path) mode \(String(st.permissions, radix: 8))")
            #expect(readBytes(dir + "/" + f.path) == f.contents, "\(f.path) contents")
            if geteuid() == 0, let o = f.owner {
                #expect(st.uid == o.uid && st.gid == o.gid, "\(f.path) owner \(st.uid):\(st.gid), planned \(o.uid):\(o.gid)")
            }
        }
        // No temporary file, no journal, no lock file (the run created it, so it removed it).
        let names = Set(snapshot(dir).keys)
        let expected = Set(plan.files.map(\.path) + ["secrets"])
        #expect(names == expected)
        if geteuid() == 0 { #expect(report.chownCommands.isEmpty) }
    }

    @Test func secondRunWithSamePlanWritesNothing() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        usleep(20_000)
        let report = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate(60)))
        #expect(report.wroteNothing)
        #expect(report.written.isEmpty)
        #expect(report.kept.count == 3)
        #expect(report.unchanged.count == 4)
        let after = snapshot(dir, excluding: [BundleLock.fileName])
        #expect(before == after, "files, modes, owners or mtimes changed on an idempotent run")
    }

    @Test func existingSecretIsNeverOverwritten() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        // Variant 2 plans different secret bytes for the same paths, even marked `.create`.
        var p = prepared(dir, variant: 2)
        p.plan.files = p.plan.files.map { var f = $0; f.action = .create; return f }
        let report = try BundleWriter.write(p, options: WriteOptions(now: testDate(1)))
        #expect(readText(dir + "/secrets/postgres_password.txt") == "pg-secret-v1")
        #expect(readText(dir + "/secrets/stack_auth_secret.txt") == "auth-secret-v1")
        #expect(readText(dir + "/secrets/rds_password.txt") == "rds-secret-v2", "a new secret is still created")
        #expect(Set(report.kept) == ["secrets/postgres_password.txt", "secrets/postgres_password.backend.txt", "secrets/stack_auth_secret.txt"])
        #expect(report.written.contains("secrets/rds_password.txt"))
        #expect(!report.written.contains("secrets/postgres_password.txt"))
        // No backup of a secret either (it was not replaced).
        #expect(!snapshot(dir).keys.contains { $0.hasPrefix("secrets/") && $0.contains(".bak.") })
    }

    @Test func changedFilesAreBackedUpWithOriginalModeAndPrunedToFive() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        chmod(dir + "/.env", 0o640)
        var versions: [[UInt8]] = [readBytes(dir + "/.env")!]
        for i in 1...7 {
            var p = prepared(dir, variant: 1)
            let idx = p.plan.files.firstIndex { $0.path == ".env" }!
            p.plan.files[idx].contents = Array("# .env revision \(i)\nA=\(i)\n".utf8)
            let report = try BundleWriter.write(p, options: WriteOptions(now: testDate(i * 60)))
            #expect(report.backups == [".env.bak.\(Backups.timestamp(testDate(i * 60)))"])
            #expect(report.written == [".env"])
            versions.append(p.plan.files[idx].contents)
        }
        let backups = snapshot(dir).keys.filter { $0.hasPrefix(".env.bak.") }.sorted()
        #expect(backups.count == 5)
        // The five newest backups hold versions 2...6 (revision 7 is the live file).
        for (k, name) in backups.enumerated() {
            #expect(name == ".env.bak.\(Backups.timestamp(testDate((k + 3) * 60)))")
            #expect(readBytes(dir + "/" + name) == versions[k + 2])
        }
        // The first backup kept its original 0640 mode before pruning removed it; check a
        // fresh one made from a 0640 file.
        chmod(dir + "/.env", 0o640)
        var p = prepared(dir, variant: 1)
        let idx = p.plan.files.firstIndex { $0.path == ".env" }!
        p.plan.files[idx].contents = Array("# .env revision 8\n".utf8)
        let r = try BundleWriter.write(p, options: WriteOptions(now: testDate(9 * 60)))
        #expect(statOf(dir + "/" + r.backups[0])?.permissions == 0o640)
        #expect(statOf(dir + "/.env")?.permissions == 0o644)
    }

    @Test func twoBackupsInTheSameSecondGetDistinctNames() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        var names: [String] = []
        for i in 1...3 {
            var p = prepared(dir, variant: 1)
            let idx = p.plan.files.firstIndex { $0.path == "Caddyfile" }!
            p.plan.files[idx].contents = Array("# \(i)\n".utf8)
            names += try BundleWriter.write(p, options: WriteOptions(now: testDate(5))).backups
        }
        let stamp = Backups.timestamp(testDate(5))
        #expect(names == ["Caddyfile.bak.\(stamp)", "Caddyfile.bak.\(stamp)-1", "Caddyfile.bak.\(stamp)-2"])
    }

    @Test func looseSecretModeIsTightenedAndContentsKept() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        chmod(dir + "/secrets/stack_auth_secret.txt", 0o644)
        chmod(dir + "/secrets", 0o755)
        let report = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate(1)))
        #expect(statOf(dir + "/secrets/stack_auth_secret.txt")?.permissions == 0o600)
        #expect(statOf(dir + "/secrets")?.permissions == 0o700)
        #expect(readText(dir + "/secrets/stack_auth_secret.txt") == "auth-secret-v1")
        #expect(report.kept.contains("secrets/stack_auth_secret.txt"))
    }

    @Test func pruneRetiresTheOldOverlayToABackup() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let old = readBytes(dir + "/compose.production.yaml")
        let report = try BundleWriter.write(prepared(dir, variant: 2),
                                            options: WriteOptions(now: testDate(60), retire: ["compose.production.yaml"]))
        let bak = "compose.production.yaml.bak.\(Backups.timestamp(testDate(60)))"
        #expect(report.retired == ["compose.production.yaml -> \(bak)"])
        #expect(statOf(dir + "/compose.production.yaml") == nil)
        #expect(readBytes(dir + "/" + bak) == old)
        #expect(statOf(dir + "/compose.aws.yaml") != nil)
    }

    @Test func withoutPruneTheOldOverlayStays() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let report = try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate(60)))
        #expect(report.retired.isEmpty)
        #expect(statOf(dir + "/compose.production.yaml")?.isRegular == true)
    }

    @Test func aFileChangedSincePrepareStopsTheWriteBeforeAnything() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        var p = prepared(dir, variant: 2)
        var existing = ExistingBundle()
        for f in p.plan.files {
            if f.kind.isSecret { existing.secrets[f.path] = readBytes(dir + "/" + f.path).map { SecretValue(bytes: $0) } }
            else { existing.files[f.path] = readBytes(dir + "/" + f.path) }
        }
        p.existing = existing
        writeText(dir + "/.env", "EDITED=1\n")
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let error = #expect(throws: BundleError.self) { try BundleWriter.write(p, options: WriteOptions(now: testDate(1))) }
        #expect(error == .changedSincePrepare(path: dir + "/.env"))
        #expect("\(error!)".contains("\(dir)/.env: changed on disk"))
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
    }

    @Test func rotateReplacesEveryCopyAndKeepsTheOldValueAsA0600Backup() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let report = try BundleWriter.rotate(prepared(dir, variant: 1), secret: .postgresPassword,
                                             newValue: SecretValue("new-pg-value"), options: WriteOptions(now: testDate(60)))
        #expect(Set(report.replaced) == ["secrets/postgres_password.txt", "secrets/postgres_password.backend.txt"])
        #expect(report.backups.count == 2)
        for path in report.replaced {
            #expect(readText(dir + "/" + path) == "new-pg-value")
            #expect(statOf(dir + "/" + path)?.permissions == 0o600)
        }
        for b in report.backups {
            #expect(readText(dir + "/" + b) == "pg-secret-v1")
            #expect(statOf(dir + "/" + b)?.permissions == 0o600)
        }
        if geteuid() == 0 {
            #expect(statOf(dir + "/secrets/postgres_password.txt")?.uid == 70)
            #expect(statOf(dir + "/secrets/postgres_password.backend.txt")?.uid == 1000)
        }
        // Other secrets untouched; a later apply keeps the rotated value.
        #expect(readText(dir + "/secrets/stack_auth_secret.txt") == "auth-secret-v1")
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate(120)))
        #expect(readText(dir + "/secrets/postgres_password.txt") == "new-pg-value")
    }

    @Test func rotateOfASecretTheBundleLacksListsTheValidOnes() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.rotate(prepared(dir, variant: 1), secret: .rdsPassword, newValue: SecretValue("x"))
        }
        #expect("\(error!)" == "rds_password: this bundle (\(dir)) has no such secret; it has: postgres_password, stack_auth_secret")
    }

    @Test(arguments: [SecretName.postgresPassword, .stackAuthSecret, .rdsPassword])
    func rotateEachSecretOfVariant2(_ name: SecretName) throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate()))
        let before = snapshot(dir)
        let r = try BundleWriter.rotate(prepared(dir, variant: 2), secret: name, newValue: SecretValue("rotated"),
                                        options: WriteOptions(now: testDate(1)))
        let after = snapshot(dir)
        for (path, info) in before where path.hasPrefix("secrets/") && info.kind == "file" {
            if r.replaced.contains(path) { #expect(after[path]?.bytes == Array("rotated".utf8)) }
            else { #expect(after[path]?.bytes == info.bytes, "\(path) changed by rotating \(name)") }
        }
    }

    @Test func secretExistsClosureLooksInTheBundlesSecretsDir() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        let exists = BundleWriter.secretExists(bundleDirectory: dir)
        #expect(!exists("secrets", .rdsPassword))
        _ = try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate()))
        #expect(exists("secrets", .rdsPassword))
        #expect(exists(dir + "/secrets", .rdsPassword))
        #expect(!exists("other", .rdsPassword))
        #expect(!exists("secrets", .doDatabasePassword))
    }

    @Test func secretSourcesStripOneLineBreakAndNameTheSourceOnError() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        writeText(dir + "/lf.txt", "value-lf\n\n")
        writeText(dir + "/crlf.txt", "value-crlf\r\n")
        writeText(dir + "/plain.txt", "value-plain")
        let settings = SecretsSettings(sources: [
            .rdsPassword: .file(dir + "/lf.txt"), .doDatabasePassword: .file(dir + "/crlf.txt"),
            .spacesAccessKey: .file(dir + "/plain.txt"), .spacesSecretKey: .env("SPACES_SECRET"),
            .postgresPassword: .generate,
        ])
        let values = try BundleWriter.resolveSources(settings, environment: ["SPACES_SECRET": " spaced value\n"])
        #expect(values[.rdsPassword]?.bytes == Array("value-lf\n".utf8), "only one line break is removed")
        #expect(values[.doDatabasePassword]?.bytes == Array("value-crlf".utf8))
        #expect(values[.spacesAccessKey]?.bytes == Array("value-plain".utf8))
        #expect(values[.spacesSecretKey]?.bytes == Array(" spaced value\n".utf8), "env: is taken as is")
        #expect(values[.postgresPassword] == nil)

        let missing = #expect(throws: BundleError.self) {
            try BundleWriter.resolveSources(SecretsSettings(sources: [.rdsPassword: .file(dir + "/nope.txt")]), environment: [:])
        }
        #expect("\(missing!)" == "secrets.sources.rds_password: cannot read file:\(dir)/nope.txt: No such file or directory")
        let unset = #expect(throws: BundleError.self) {
            try BundleWriter.resolveSources(SecretsSettings(sources: [.rdsPassword: .env("RDS_PW")]), environment: [:])
        }
        #expect("\(unset!)" == "secrets.sources.rds_password: env:RDS_PW is not set in the environment")
        writeText(dir + "/empty.txt", "\n")
        let empty = #expect(throws: BundleError.self) {
            try BundleWriter.resolveSources(SecretsSettings(sources: [.rdsPassword: .file(dir + "/empty.txt")]), environment: [:])
        }
        #expect("\(empty!)".contains("is empty"))
    }

    @Test func dryRunStatusReadsOnly() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        let fresh = try BundleWriter.status(prepared(dir, variant: 1))
        #expect(fresh.allSatisfy { $0.action == .create })
        #expect(snapshot(dir).isEmpty, "status wrote something")
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        let before = snapshot(dir)
        let st = try BundleWriter.status(prepared(dir, variant: 2))
        let byPath = Dictionary(uniqueKeysWithValues: st.map { ($0.path, $0) })
        #expect(byPath["secrets/postgres_password.txt"]?.action == .keep)
        #expect(byPath["secrets/postgres_password.txt"]?.newContents == nil, "secret bytes never reach a status")
        #expect(byPath["secrets/rds_password.txt"]?.action == .create)
        #expect(byPath["docker-compose.yml"]?.action == .update)
        #expect(byPath["Caddyfile"]?.action == .unchanged)
        #expect(byPath["compose.aws.yaml"]?.action == .create)
        #expect(snapshot(dir) == before)
    }

    @Test func orphanTemporaryFilesAreSweptAndOthersLeftAlone() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        writeText(dir + "/..env.tmp-4242-1a2b3c", "orphan")
        writeText(dir + "/secrets/.postgres_password.txt.tmp-77-ff", "orphan")
        writeText(dir + "/.env.tmp-notours", "operator file")
        writeText(dir + "/notes.tmp-1-a", "operator file")
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate(1)))
        #expect(statOf(dir + "/..env.tmp-4242-1a2b3c") == nil)
        #expect(statOf(dir + "/secrets/.postgres_password.txt.tmp-77-ff") == nil)
        #expect(readText(dir + "/.env.tmp-notours") == "operator file")
        #expect(readText(dir + "/notes.tmp-1-a") == "operator file")
    }
}

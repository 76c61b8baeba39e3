import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// Deterministic secrets for `prepare`.
struct PrepareTestGenerator: SecretGenerator {
    func generate(for name: SecretName) -> SecretValue { SecretValue("Gen0\(name.rawValue.filter { $0.isLetter })9") }
}

/// `prepare` / `write`: only the chosen target's secret sources are read (every failure in one
/// error), bundle directories reached through links, the lock file, and kept secrets with
/// the wrong mode.
@Suite struct PrepareTests {
    func example(_ name: String) throws -> Answers {
        try AnswersCodec.decode(Assets.required("examples/\(name).yaml"), secretExists: { _, _ in false })
    }

    func prepare(_ answers: Answers, _ dir: String, env: [String: String] = [:]) throws -> PreparedBundle {
        try BundleWriter.prepare(answers: answers, directory: dir, environment: env, generator: PrepareTestGenerator())
    }

    @Test func recommendedExampleReadsOnlyTheRecommendedTargetsSources() throws {
        let dir = makeTempDir("prep")
        defer { cleanup(dir) }
        let answers = try example("recommended")
        #expect(answers.resolvedTarget == .digitalocean)
        // RDS_PASSWORD is not set: the AWS secret is not needed by the DigitalOcean bundle.
        let env = ["DO_DATABASE_PASSWORD": "do-db-pw-123", "SPACES_ACCESS_KEY": "spaces-ak-123", "SPACES_SECRET_KEY": "spaces-sk-123"]
        let p = try prepare(answers, dir, env: env)
        #expect(p.plan.target == .digitalocean)
        #expect(!p.plan.files.contains { $0.kind == .secret(.rdsPassword) })
    }

    @Test func everyUnreadableSourceIsReportedInOneErrorWithoutValues() throws {
        let dir = makeTempDir("prep")
        defer { cleanup(dir) }
        let answers = try example("recommended")
        let error = #expect(throws: BundleError.self) {
            try prepare(answers, dir, env: ["SPACES_ACCESS_KEY": "visible-value-must-not-show"])
        }
        let text = try #require(error.map { "\($0)" })
        #expect(text.contains("secrets.sources.do_database_password: env:DO_DATABASE_PASSWORD is not set"), "\(text)")
        #expect(text.contains("secrets.sources.spaces_secret_key: env:SPACES_SECRET_KEY is not set"), "\(text)")
        #expect(!text.contains("spaces_access_key"), "\(text)")
        #expect(!text.contains("rds_password"), "\(text)")
        #expect(!text.contains("visible-value-must-not-show"))
    }

    @Test func awsDevNeedsNoRDSOrElastiCacheSource() throws {
        let dir = makeTempDir("prep")
        defer { cleanup(dir) }
        var answers = try example("aws")
        answers.environment = .dev
        answers.app.domain = "localhost"
        answers.secrets.sources = [.rdsPassword: .file(dir + "/no-such-file"),
                                   .elasticacheAuthToken: .env("ELASTICACHE_AUTH_TOKEN")]
        let p = try prepare(answers, dir)
        #expect(!p.plan.files.contains { $0.kind == .secret(.rdsPassword) || $0.kind == .secret(.elasticacheAuthToken) })
    }

    @Test func awsProductionStillNeedsItsSources() throws {
        let dir = makeTempDir("prep")
        defer { cleanup(dir) }
        var answers = try example("aws")
        answers.secrets.sources = [.rdsPassword: .file(dir + "/no-such-file"),
                                   .elasticacheAuthToken: .env("ELASTICACHE_AUTH_TOKEN")]
        let error = #expect(throws: BundleError.self) { try prepare(answers, dir) }
        let text = try #require(error.map { "\($0)" })
        #expect(text.contains("secrets.sources.rds_password: cannot read file:\(dir)/no-such-file"), "\(text)")
        #expect(text.contains("secrets.sources.elasticache_auth_token: env:ELASTICACHE_AUTH_TOKEN is not set"), "\(text)")
    }

    func selfhosted() throws -> Answers { try example("selfhosted") }

    @Test func bundleDirectoryThatIsASymlinkIsWrittenThrough() throws {
        let work = makeTempDir("link")
        defer { cleanup(work) }
        mkdir(work + "/real", 0o755)
        symlink(work + "/real", work + "/link")
        _ = try BundleWriter.recoverInterruptedRun(directory: work + "/link")
        let p = try prepare(selfhosted(), work + "/link")
        #expect(p.directory == work + "/real")
        let report = try BundleWriter.write(p, options: WriteOptions(now: testDate()))
        #expect(report.written.contains(".env"))
        #expect(statOf(work + "/real/.env")?.isRegular == true)
        #expect(statOf(work + "/real/secrets")?.isDirectory == true)
        #expect(statOf(work + "/link")?.isSymlink == true)
        // Again through the link: nothing to write.
        let again = try BundleWriter.write(prepare(selfhosted(), work + "/link"), options: WriteOptions(now: testDate(60)))
        #expect(again.wroteNothing)
    }

    @Test func bundleDirectoryUnderASymlinkedParentIsCreatedAndWritten() throws {
        let work = makeTempDir("link")
        defer { cleanup(work) }
        mkdir(work + "/var-opt", 0o755)
        symlink(work + "/var-opt", work + "/opt")
        let p = try prepare(selfhosted(), work + "/opt/freshtrack-pro")
        #expect(p.directory == work + "/var-opt/freshtrack-pro")
        _ = try BundleWriter.write(p, options: WriteOptions(now: testDate()))
        #expect(statOf(work + "/var-opt/freshtrack-pro/docker-compose.yml")?.isRegular == true)
    }

    @Test func symlinkedSecretsDirectoryInsideALinkedBundleIsStillRefused() throws {
        let work = makeTempDir("link")
        defer { cleanup(work) }
        mkdir(work + "/real", 0o755)
        mkdir(work + "/elsewhere", 0o700)
        symlink(work + "/real", work + "/link")
        symlink(work + "/elsewhere", work + "/real/secrets")
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.write(prepare(selfhosted(), work + "/link"), options: WriteOptions(now: testDate()))
        }
        #expect(error == .symlinkRefused(path: work + "/real/secrets", what: "secrets directory"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: work + "/elsewhere")) == [])
    }

    @Test func symlinkedSecretFileInsideALinkedBundleIsStillRefused() throws {
        let work = makeTempDir("link")
        defer { cleanup(work) }
        mkdir(work + "/real", 0o755)
        symlink(work + "/real", work + "/link")
        mkdir(work + "/real/secrets", 0o700)
        writeText(work + "/outside.txt", "attacker", mode: 0o600)
        symlink(work + "/outside.txt", work + "/real/secrets/stack_auth_secret.txt")
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.write(prepare(selfhosted(), work + "/link"), options: WriteOptions(now: testDate()))
        }
        #expect(error.map { "\($0)" }?.contains("secret file is a symbolic link") == true, "\(String(describing: error))")
        #expect(readText(work + "/outside.txt") == "attacker")
    }

    @Test func refusedRunLeavesNoLockFile() throws {
        let dir = makeTempDir("lock")
        defer { cleanup(dir) }
        mkdir(dir + "/secrets", 0o700)
        chmod(dir + "/secrets", 0o770)
        let before = snapshot(dir)
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.write(prepare(selfhosted(), dir), options: WriteOptions(now: testDate()))
        }
        #expect(error == .directoryWritableByOthers(path: dir + "/secrets", mode: 0o770))
        #expect(snapshot(dir) == before, "a refused run left something behind")
    }

    @Test func successfulRunRemovesTheLockItCreated() throws {
        let dir = makeTempDir("lock")
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepare(selfhosted(), dir), options: WriteOptions(now: testDate()))
        #expect(statOf(dir + "/" + BundleLock.fileName) == nil)
        _ = try BundleWriter.recoverInterruptedRun(directory: dir)
        #expect(statOf(dir + "/" + BundleLock.fileName) == nil)
    }

    @Test func noOpRunKeepsEveryFileIncludingAPreexistingLockUntouched() throws {
        let dir = makeTempDir("lock")
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepare(selfhosted(), dir), options: WriteOptions(now: testDate()))
        // A bundle written by an earlier version keeps an empty lock file.
        writeText(dir + "/" + BundleLock.fileName, "", mode: 0o600)
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, dir + "/" + BundleLock.fileName, &times, 0)
        let before = snapshot(dir)
        usleep(20_000)
        _ = try BundleWriter.recoverInterruptedRun(directory: dir)
        let report = try BundleWriter.write(prepare(selfhosted(), dir), options: WriteOptions(now: testDate(60)))
        #expect(report.wroteNothing)
        #expect(snapshot(dir) == before, "a no-op run changed a file or a modification time")
    }

    @Test func keptSecretWithWrongModeIsReportedAsCorrected() throws {
        let dir = makeTempDir("keep")
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepare(selfhosted(), dir), options: WriteOptions(now: testDate()))
        chmod(dir + "/secrets/stack_auth_secret.txt", 0o644)
        let p = try prepare(selfhosted(), dir)
        let note = try #require(p.notices.first { $0.contains("secrets/stack_auth_secret.txt") }, "\(p.notices)")
        #expect(note.contains("kept"))
        #expect(note.contains("mode 0600 (it was 0644)"), "\(note)")
        let report = try BundleWriter.write(p, options: WriteOptions(now: testDate(60)))
        #expect(!report.wroteNothing)
        #expect(report.written == ["secrets/stack_auth_secret.txt"])
        #expect(report.kept.contains("secrets/stack_auth_secret.txt"))
        #expect(statOf(dir + "/secrets/stack_auth_secret.txt")?.permissions == 0o600)
    }
}

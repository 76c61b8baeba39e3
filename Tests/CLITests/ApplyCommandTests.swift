import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// End-to-end tests of the real `freshtrack-deploy apply` / `rotate` binary on the shipped
/// example answers, with the real `docker-compose` as the oracle for the written bundle.
@Suite struct ApplyCommandTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    var exe: String { BuiltProducts.freshtrackDeploy }

    /// The example answers for `target` with every provided secret pointed at a file in
    /// `work` (values `<name>-value`), secrets dir `secrets`; written to `work/<target>.yaml`.
    func answersFile(_ target: String, in work: String, domain: String? = nil,
                     sourceValue: (SecretName) -> String = { "\($0.rawValue)-provided-value" }) throws -> String {
        // The aws example's ElastiCache AUTH line, enabled as its comment says, so these
        // bundles keep the AUTH overlay and token secret.
        let text = try #require(readText(Self.repoRoot + "/assets/examples/\(target).yaml"))
            .replacingOccurrences(of: "    # elasticache_auth_token: env:", with: "    elasticache_auth_token: env:")
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.secrets.dir = "secrets"
        var sources: [SecretName: SecretSource] = [:]
        for name in answers.secrets.sources.keys {
            let path = work + "/\(name.rawValue).src"
            writeText(path, sourceValue(name) + "\n", mode: 0o600)
            sources[name] = .file(path)
        }
        answers.secrets.sources = sources
        if let domain { answers.app.domain = domain }
        let path = work + "/\(target)-\(domain ?? "default").yaml"
        writeText(path, AnswersCodec.encode(answers))
        return path
    }

    /// The real Compose Go binary's `config -q` in `dir` (the pip `docker-compose` wrapper
    /// exits 0 even on errors, so it is not used).
    func composeConfig(_ dir: String) throws -> ProcessResult {
        try DockerCompose.run(["config", "-q"], in: dir)
    }

    func secretFiles(_ dir: String) -> [String: EntryInfo] {
        snapshot(dir).filter { $0.key.hasPrefix("secrets/") && $0.value.kind == "file" && !$0.key.contains(".bak.") }
    }

    @Test func badAnswersPrintEveryIssueAndLeaveTheDirectoryUntouched() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        mkdir(dir, 0o755)
        writeText(dir + "/docker-compose.yml", "services: {}\n")
        writeText(dir + "/.env", "KEEP=1\n")
        let bad = work + "/bad.yaml"
        writeText(bad, "version: 1\nenvironment: prod\nneeds:\n  users: -3\n  budget_usd_per_month: 10\ntarget: moon\napp:\n  version: latest\n  domain: example.com\n")
        let before = snapshot(dir)
        let r = try run(exe, ["apply", "--answers", bad, "--dir", dir])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        for path in ["environment", "needs.users", "target", "app.version"] {
            #expect(r.stderr.contains("  \(path) "), "stderr does not name \(path):\n\(r.stderr)")
        }
        #expect(r.stderr.contains("nothing was written"))
        #expect(snapshot(dir) == before, "the bundle directory changed")
        let dry = try run(exe, ["apply", "--answers", bad, "--dir", dir, "--dry-run"])
        #expect(dry.status == 1)
        #expect(snapshot(dir) == before)
        let missing = try run(exe, ["apply", "--answers", work + "/nope.yaml", "--dir", dir])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: cannot read answers file \(work)/nope.yaml: no such file\n")
    }

    @Test(arguments: ["selfhosted", "digitalocean", "aws"])
    func applyWritesAValidBundleThenNothingTheSecondTime(_ target: String) throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let answers = try answersFile(target, in: work)
        let r = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Next: cd \(dir) && docker compose up -d\n"), "\(r.stdout)")
        // The real Compose accepts the bundle through .env's COMPOSE_FILE.
        let config = try composeConfig(dir)
        #expect(config.status == 0, "docker-compose config: \(config.stderr)")
        #expect(config.stderr.isEmpty, "docker-compose warned: \(config.stderr)")
        // Secrets: 0600 in a 0700 directory, owners as planned, values never printed.
        let prepared = try BundleWriter.prepare(answers: AnswersCodec.decode(readText(answers)!, secretExists: BundleWriter.secretExists(bundleDirectory: dir)),
                                                directory: dir, environment: [:])
        #expect(statOf(dir + "/secrets")?.permissions == 0o700)
        let secrets = prepared.plan.files.filter(\.kind.isSecret)
        #expect(!secrets.isEmpty)
        for f in secrets {
            let st = try #require(statOf(dir + "/" + f.path))
            #expect(st.permissions == 0o600, "\(f.path)")
            if geteuid() == 0, let o = f.owner { #expect(st.uid == o.uid && st.gid == o.gid, "\(f.path) owner") }
            let value = String(decoding: readBytes(dir + "/" + f.path)!, as: UTF8.self)
            #expect(!value.hasSuffix("\n"))
            #expect(!r.stdout.contains(value) && !r.stderr.contains(value), "a secret value was printed")
        }
        // The plan read back from disk is all unchanged/keep.
        #expect(prepared.plan.files.allSatisfy { $0.action == .unchanged || $0.action == .keep })
        // Second run: writes nothing and says so; every file byte-identical, mtimes kept.
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let again = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Nothing to write"), "\(again.stdout)")
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
    }

    /// A refused apply into a --dir that did not exist leaves no directory behind: neither
    /// for answers the codec refuses nor for a refusal found while writing (a shared
    /// directory as secrets.dir), whose checks run only once the bundle directory exists.
    @Test func aRefusedApplyLeavesNoNewDirectoryBehind() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let shared = work + "/shared"
        mkdir(shared, 0o755)
        chmod(shared, 0o1777)
        writeText(shared + "/someone-elses-file", "x\n")
        let text = try #require(readText(Self.repoRoot + "/assets/examples/selfhosted.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.secrets.dir = shared
        let sharedAnswers = work + "/shared.yaml"
        writeText(sharedAnswers, AnswersCodec.encode(answers))
        let latest = work + "/latest.yaml"
        writeText(latest, text.replacingOccurrences(of: "version: \"1.1.0\"", with: "version: latest"))
        for (file, says) in [(sharedAnswers, "already holds other files"), (latest, "app.version")] {
            let dir = work + "/new/bundle"
            let before = snapshot(work)
            let r = try run(exe, ["apply", "--answers", file, "--dir", dir])
            #expect(r.status == 1, "\(r.stdout)")
            #expect(r.stderr.contains(says), "\(r.stderr)")
            #expect(statOf(work + "/new") == nil, "a refused apply left \(work)/new behind")
            #expect(snapshot(work) == before)
        }
        // An existing --dir stays (only what this run created goes).
        mkdir(work + "/existing", 0o755)
        let r = try run(exe, ["apply", "--answers", sharedAnswers, "--dir", work + "/existing/bundle"])
        #expect(r.status == 1)
        #expect(statOf(work + "/existing") != nil)
        #expect(statOf(work + "/existing/bundle") == nil)
    }

    /// A current directory deleted under the tool (another session removed it) must never
    /// turn the default `--dir .` into `/`.
    @Test func aDeletedCurrentDirectoryIsRefusedNotTakenAsRoot() throws {
        let work = makeTempDir()
        defer { cleanup(work) }
        let answers = try answersFile("selfhosted", in: work)
        let gone = work + "/gone"
        try FileManager.default.createDirectory(atPath: gone, withIntermediateDirectories: false)
        // Dry runs only: a regression must not be able to write a bundle into `/`.
        for extra in [["--dry-run"], ["--dry-run", "--prune"]] {
            let r = try run("/bin/sh", ["-c", "d=$1 x=$2 a=$3; shift 3; cd \"$d\" && rmdir \"$d\" && exec \"$x\" apply --answers \"$a\" \"$@\"",
                                        "sh", gone, exe, answers] + extra)
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("no longer exists"), "\(r.stderr)")
            #expect(!r.stdout.contains("Plan for /"), "\(r.stdout)")
            try FileManager.default.createDirectory(atPath: gone, withIntermediateDirectories: false)
        }
    }

    @Test func aChangedSecretsDirWithTheOldSecretsLeftBehindIsRefused() throws {
        let work = makeTempDir()
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let answers = try answersFile("selfhosted", in: work)
        #expect(try run(exe, ["apply", "--answers", answers, "--dir", dir]).status == 0)
        var moved = try AnswersCodec.decode(readText(answers)!)
        moved.secrets.dir = "sec2"
        writeText(answers, AnswersCodec.encode(moved))
        let before = snapshot(dir)
        let r = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("secrets.dir changed from secrets to sec2, but secrets holds minio_root_password, postgres_password, redis_password, stack_auth_secret"), "\(r.stderr)")
        #expect(r.stderr.contains("mv secrets/*.txt sec2/"), "\(r.stderr)")
        #expect(snapshot(dir) == before, "something was written")
        // Moving the files as told makes the same answers apply, keeping every value.
        let values = secretFiles(dir).mapValues(\.bytes)
        #expect(try run("/bin/sh", ["-c", "mkdir -p sec2 && chmod 700 sec2 && mv secrets/*.txt sec2/"], currentDirectory: dir).status == 0)
        let again = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        #expect(again.status == 0, "\(again.stderr)")
        let after = snapshot(dir).filter { $0.key.hasPrefix("sec2/") && $0.value.kind == "file" }
        #expect(Dictionary(uniqueKeysWithValues: after.map { ("secrets/" + $0.key.dropFirst(5), $0.value.bytes) }) == values)
    }

    @Test func dryRunPrintsThePlanWithDiffsAndWritesNothing() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let answers = try answersFile("selfhosted", in: work)
        let fresh = try run(exe, ["apply", "--answers", answers, "--dir", dir, "--dry-run"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(statOf(dir) == nil, "--dry-run created the bundle directory")
        #expect(fresh.stdout.contains("Dry run: nothing is written."))
        #expect(fresh.stdout.contains("+++ b/docker-compose.yml"))
        #expect(fresh.stdout.contains("(secret, never shown)"))
        #expect(!fresh.stdout.contains("--- a/secrets") && !fresh.stdout.contains("+++ b/secrets"))
        _ = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        let before = snapshot(dir)
        let changed = try answersFile("selfhosted", in: work, domain: "other.example.org")
        let dry = try run(exe, ["apply", "--answers", changed, "--dir", dir, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(snapshot(dir) == before, "--dry-run wrote something")
        let lines = dry.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  update") && $0.contains(".env") }, "\(dry.stdout)")
        #expect(lines.contains { $0.hasPrefix("  keep") && $0.contains("secrets/postgres_password.txt") })
        #expect(lines.contains { $0.hasPrefix("  unchanged") && $0.contains("docker-compose.yml") })
        #expect(lines.contains { $0.hasPrefix("+") && $0.contains("other.example.org") })
        #expect(lines.contains { $0.hasPrefix("-") && $0.contains("track.freshtrack.io") })
        for (path, info) in secretFiles(dir) {
            let v = String(decoding: info.bytes!, as: UTF8.self)
            #expect(!dry.stdout.contains(v), "secret \(path) printed by --dry-run")
        }
    }

    @Test func changedAnswerMakesBackupsListedInTheSummary() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        _ = try run(exe, ["apply", "--answers", try answersFile("selfhosted", in: work), "--dir", dir])
        let oldEnv = readBytes(dir + "/.env")
        let r = try run(exe, ["apply", "--answers", try answersFile("selfhosted", in: work, domain: "new.example.org"), "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let backups = snapshot(dir).keys.filter { $0.hasPrefix(".env.bak.") }
        #expect(backups.count == 1)
        #expect(readBytes(dir + "/" + backups[0]) == oldEnv)
        #expect(statOf(dir + "/" + backups[0])?.permissions == statOf(dir + "/.env")?.permissions)
        #expect(r.stdout.contains("Backups of the previous versions:\n"))
        #expect(r.stdout.contains("  \(backups[0])\n"))
    }

    @Test(arguments: [("selfhosted", "aws"), ("aws", "selfhosted"), ("selfhosted", "digitalocean"),
                      ("digitalocean", "selfhosted"), ("aws", "digitalocean"), ("digitalocean", "aws")])
    func targetSwitchKeepsEverySecretByteForByte(_ from: String, _ to: String) throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let first = try run(exe, ["apply", "--answers", try answersFile(from, in: work), "--dir", dir])
        #expect(first.status == 0, "\(first.stderr)")
        let before = secretFiles(dir)
        // The new target's provided secrets get values different from any existing file.
        let r = try run(exe, ["apply", "--answers", try answersFile(to, in: work, sourceValue: { "\($0.rawValue)-second" }), "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let after = secretFiles(dir)
        for (path, info) in before {
            #expect(after[path]?.bytes == info.bytes, "\(from) -> \(to): secret \(path) changed or vanished")
            #expect(after[path]?.mode == 0o600)
        }
        #expect(r.stdout.contains("Target switch: \(from)/production -> \(to)/production"), "\(r.stdout)")
        let oldOverlay = Target(rawValue: from)!.overlayFileName, newOverlay = Target(rawValue: to)!.overlayFileName
        #expect(statOf(dir + "/" + oldOverlay) != nil, "the old overlay was removed without --prune")
        let env = readText(dir + "/.env") ?? ""
        let composeLine = env.split(separator: "\n").first { $0.hasPrefix("COMPOSE_FILE=") } ?? ""
        #expect(composeLine.contains(newOverlay) && !composeLine.contains(oldOverlay), "\(composeLine)")
        let config = try composeConfig(dir)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stderr.isEmpty, "docker-compose warned: \(config.stderr)")
        // And back, with --prune: the overlay of the target left is moved to a backup.
        let back = try run(exe, ["apply", "--answers", try answersFile(from, in: work), "--dir", dir, "--prune"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(statOf(dir + "/" + newOverlay) == nil)
        #expect(snapshot(dir).keys.contains { $0.hasPrefix(newOverlay + ".bak.") })
        let final = secretFiles(dir)
        for (path, info) in after { #expect(final[path]?.bytes == info.bytes, "\(to) -> \(from): secret \(path) changed") }
    }

    @Test func rotateEachGeneratedSecretOfASelfHostedBundle() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        _ = try run(exe, ["apply", "--answers", try answersFile("selfhosted", in: work), "--dir", dir])
        for name in SecretName.required(target: .selfhosted, environment: .production) {
            let before = secretFiles(dir)
            let r = try run(exe, ["rotate", name.rawValue, "--dir", dir])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            let after = secretFiles(dir)
            let mine = before.keys.filter { $0.hasPrefix("secrets/\(name.rawValue).") }
            #expect(!mine.isEmpty)
            let newValues = Set(mine.map { after[$0]?.bytes })
            #expect(newValues.count == 1, "\(name): copies disagree after rotation")
            for p in mine {
                #expect(after[p]?.bytes != before[p]?.bytes, "\(p) not rotated")
                #expect(after[p]?.mode == 0o600 && after[p]?.uid == before[p]?.uid)
                #expect(!r.stdout.contains(String(decoding: after[p]!.bytes!, as: UTF8.self)), "new value printed")
            }
            for (p, info) in before where !mine.contains(p) { #expect(after[p]?.bytes == info.bytes, "\(p) changed by rotating \(name)") }
            let backups = snapshot(dir).filter { $0.key.hasPrefix("secrets/\(name.rawValue).") && $0.key.contains(".bak.") }
            #expect(Set(backups.values.map(\.bytes)) == Set(mine.map { before[$0]?.bytes }), "\(name): old value not kept")
            #expect(backups.values.allSatisfy { $0.mode == 0o600 })
            #expect(r.stdout.contains("Services that read it:"))
            if name == .postgresPassword { #expect(r.stdout.contains("ALTER USER"), "\(r.stdout)") }
        }
    }

    @Test func rotateAProvidedSecretNeedsFromAndUnknownNamesListTheValidOnes() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        _ = try run(exe, ["apply", "--answers", try answersFile("aws", in: work), "--dir", dir])
        let noFrom = try run(exe, ["rotate", "rds_password", "--dir", dir])
        #expect(noFrom.status == 1)
        #expect(noFrom.stderr.contains("--from file:PATH"))
        var env = ProcessInfo.processInfo.environment
        env["NEW_RDS"] = "new-rds-password-value"
        let r = try run(exe, ["rotate", "rds_password", "--dir", dir, "--from", "env:NEW_RDS"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(readText(dir + "/secrets/rds_password.txt") == "new-rds-password-value")
        #expect(!r.stdout.contains("new-rds-password-value"))
        let unknown = try run(exe, ["rotate", "db_password", "--dir", dir])
        #expect(unknown.status == 64)
        // A near name is suggested first (FieldRules.suggestion), then every valid name.
        #expect(unknown.stderr.contains("unknown secret \"db_password\"; did you mean `rds_password`? Valid names: postgres_password, redis_password, minio_root_password, stack_auth_secret, do_database_password, spaces_access_key, spaces_secret_key, rds_password, elasticache_auth_token"))
        let notHere = try run(exe, ["rotate", "postgres_password", "--dir", dir])
        #expect(notHere.status == 1)
        #expect(notHere.stderr.contains("postgres_password is not a secret of this aws bundle (environment production); its secrets: elasticache_auth_token, rds_password, stack_auth_secret"), "\(notHere.stderr)")
    }

    /// --dir naming a regular file (or a path under one) is refused by name,
    /// and nothing is created.
    @Test(arguments: ["", "/sub"])
    func applyToARegularFileSaysSo(_ suffix: String) throws {
        let work = makeTempDir("dirfile")
        defer { cleanup(work) }
        let answers = try ApplyCommandTests().answersFile("selfhosted", in: work)
        writeText(work + "/afile", "keep me\n")
        let before = snapshot(work)
        let r = try run(exe, ["apply", "--answers", answers, "--dir", work + "/afile" + suffix])
        #expect(r.status == 1)
        let subject = suffix.isEmpty ? "--dir \(work)/afile" : "--dir \(work)/afile/sub: \(work)/afile"
        #expect(r.stderr.contains("error: \(subject) is a regular file; --dir must be a directory (or a path to create)"), "\(r.stderr)")
        #expect(snapshot(work) == before)
        let rotate = try run(exe, ["rotate", "stack_auth_secret", "--dir", work + "/afile" + suffix])
        #expect(rotate.status == 1)
        #expect(rotate.stderr.contains("error: \(subject) is a regular file; --dir must be the bundle directory"), "\(rotate.stderr)")
        #expect(snapshot(work) == before)
    }

    /// Message wording for unknown keys, numbers in enum fields, a directory as
    /// a secret source, a directory as the answers file.
    @Test func badAnswersShapesAreRefusedSayingWhatIsWrong() throws {
        let work = makeTempDir("words")
        defer { cleanup(work) }
        let answers = try #require(readText(try ApplyCommandTests().answersFile("selfhosted", in: work)))
        func apply(_ text: String, _ name: String) throws -> ProcessResult {
            writeText(work + "/" + name, text)
            return try run(exe, ["apply", "--answers", work + "/" + name, "--dir", work + "/bundle"])
        }
        let extra = try apply(answers.replacingOccurrences(of: "secrets:\n", with: "secrets:\n  extra: 1\n"), "extra.yaml")
        #expect(extra.stderr.contains("is not a known key; allowed here: dir, sources"), "\(extra.stderr)")
        let traffic = try apply(answers.replacingOccurrences(of: "traffic: steady", with: "traffic: 3"), "traffic.yaml")
        #expect(traffic.stderr.contains("needs.traffic (line"), "\(traffic.stderr)")
        #expect(traffic.stderr.contains("must be one of: steady, growing, spiky"), "\(traffic.stderr)")
        #expect(!traffic.stderr.contains("put it in quotes"), "\(traffic.stderr)")
        // A secret source that is a directory: nothing is replaced, so say what it must be.
        try FileManager.default.createDirectory(atPath: work + "/srcdir", withIntermediateDirectories: true)
        var decoded = try AnswersCodec.decode(answers, secretExists: { _, _ in false })
        decoded.secrets.sources[.stackAuthSecret] = .file(work + "/srcdir")
        let source = try apply(AnswersCodec.encode(decoded), "source.yaml")
        #expect(source.status == 1)
        #expect(source.stderr.contains("\(work)/srcdir is a directory; a secret source must be a regular file"), "\(source.stderr)")
        #expect(!source.stderr.contains("refusing to replace"), "\(source.stderr)")
        let dirAnswers = try run(exe, ["apply", "--answers", work + "/srcdir", "--dir", work + "/bundle"])
        #expect(dirAnswers.stderr.contains("cannot read answers file \(work)/srcdir: it is a directory"), "\(dirAnswers.stderr)")
        #expect(statOf(work + "/bundle") == nil)
    }

    /// An App Platform bundle is labelled App Platform, a hybrid one is not.
    @Test(arguments: [("digitalocean-app-platform", "target digitalocean (DigitalOcean App Platform)"),
                      ("digitalocean", "target digitalocean (DigitalOcean hybrid)")])
    func appPlatformBundleIsLabelledAppPlatform(_ example: String, _ label: String) throws {
        let work = makeTempDir("aplabel")
        defer { cleanup(work) }
        let answers = try ApplyCommandTests().answersFile(example, in: work)
        let dry = try run(exe, ["apply", "--answers", answers, "--dir", work + "/bundle", "--dry-run"])
        #expect(dry.stdout.contains(label + ","), "\(dry.stdout)")
        let r = try run(exe, ["apply", "--answers", answers, "--dir", work + "/bundle"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(label + ","), "\(r.stdout)")
    }

    /// Assets/examples/aws.yaml applies as shipped (only the RDS password file
    /// pointed at a real file) with no ELASTICACHE_AUTH_TOKEN set; following its comment
    /// (the line uncommented, the variable exported) adds the AUTH overlay and token.
    @Test func awsExampleWorksAsShippedAndWithAuthAsItsCommentSays() throws {
        let work = makeTempDir("awsexample")
        defer { cleanup(work) }
        writeText(work + "/rds.txt", "rds-password-from-file\n", mode: 0o600)
        let shipped = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/aws.yaml"))
            .replacingOccurrences(of: "file:/root/freshtrack/rds-password.txt", with: "file:\(work)/rds.txt")
        writeText(work + "/aws.yaml", shipped)
        var env = ProcessInfo.processInfo.environment
        env["ELASTICACHE_AUTH_TOKEN"] = nil
        let plain = try run(exe, ["apply", "--answers", work + "/aws.yaml", "--dir", work + "/plain"], environment: env)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(statOf(work + "/plain/compose.elasticache-auth.yaml") == nil)
        #expect(try DockerCompose.run(["config", "-q"], in: work + "/plain").status == 0)
        let lines = shipped.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let commented = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("# elasticache_auth_token:") })
        var enabled = lines
        enabled[commented] = lines[commented].replacingOccurrences(of: "# ", with: "")
        writeText(work + "/aws-auth.yaml", enabled.joined(separator: "\n"))
        env["ELASTICACHE_AUTH_TOKEN"] = "elasticache-token-value"
        let auth = try run(exe, ["apply", "--answers", work + "/aws-auth.yaml", "--dir", work + "/auth"], environment: env)
        #expect(auth.status == 0, "\(auth.stderr)")
        #expect(statOf(work + "/auth/compose.elasticache-auth.yaml") != nil)
        #expect(statOf(work + "/auth/secrets/elasticache_auth_token.txt") != nil)
    }
}

/// The binary's messages for a locked bundle and a non-root run.
@Suite struct ApplyCommandEdgeTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    @Test func applyOnALockedBundleFailsAtOnceNamingTheOtherProcess() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let answers = try ApplyCommandTests().answersFile("selfhosted", in: work)
        #expect(try run(exe, ["apply", "--answers", answers, "--dir", dir]).status == 0)
        let holder = try LockHolder(dir)
        let changed = try ApplyCommandTests().answersFile("selfhosted", in: work, domain: "changed.example.org")
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let r = try run(exe, ["apply", "--answers", changed, "--dir", dir])
        try holder.release()
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(dir)/.freshtrack.lock: another freshtrack-deploy run (process \(holder.pid)) is working on this bundle; wait for it to finish (or, if pid \(holder.pid) is gone, run again)\n")
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to drop to another user"))
    func applyAsAnotherUserPrintsTheChownCommandsThatRemain() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let answers = try ApplyCommandTests().answersFile("selfhosted", in: work)
        chmod(answers, 0o644)
        let dir = work + "/bundle"
        mkdir(dir, 0o755)
        chown(dir, 65534, 65534)
        let r = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", exe, "apply", "--answers", answers, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Not running as root"), "\(r.stdout)")
        #expect(r.stdout.contains("  chown 70:70 \(dir)/secrets/postgres_password.txt\n"))
        #expect(r.stdout.contains("  chown 1001:1001 \(dir)/secrets/postgres_password.nodejs.txt\n"))
        #expect(statOf(dir + "/secrets/postgres_password.txt")?.uid == 65534)
        #expect(statOf(dir + "/secrets/postgres_password.txt")?.permissions == 0o600)
        // Once root has run the commands, the files belong to their containers' users: a
        // re-run as that user says it cannot read them and to run as root, and writes nothing.
        for line in r.stdout.split(separator: "\n") where line.hasPrefix("  chown ") {
            let parts = line.split(separator: " ")
            #expect(try run("/bin/chown", [String(parts[1]), String(parts[2])]).status == 0)
        }
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let again = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", exe, "apply", "--answers", answers, "--dir", dir])
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: \(dir)/secrets/"), "\(again.stderr)")
        #expect(again.stderr.contains("cannot read this existing secret file (owned by uid "))
        #expect(again.stderr.contains("run freshtrack-deploy as root"))
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
    }
}

@Suite struct SourceAfterFirstApplyTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    @Test func aDeletedSourceOfAnExistingSecretIsANoteNotAnError() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let answers = try ApplyCommandTests().answersFile("aws", in: work)
        #expect(try run(exe, ["apply", "--answers", answers, "--dir", dir]).status == 0)
        let value = readBytes(dir + "/secrets/rds_password.txt")
        unlink(work + "/rds_password.src")
        let r = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Note: secrets.sources.rds_password: cannot read file:\(work)/rds_password.src: No such file or directory; the existing secret file is kept, so this source is not needed."), "\(r.stdout)")
        #expect(readBytes(dir + "/secrets/rds_password.txt") == value)
        // Without the bundle's file, the same missing source is an error naming it.
        let fresh = try run(exe, ["apply", "--answers", answers, "--dir", work + "/other"])
        #expect(fresh.status == 1)
        #expect(fresh.stderr == "error: secrets.sources.rds_password: cannot read file:\(work)/rds_password.src: No such file or directory\n")
        #expect(statOf(work + "/other") == nil)
    }
}

@Suite struct AbsoluteSecretsDirTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    /// The seed keeps secrets in /opt/freshtrack-pro/secrets: an absolute `secrets.dir`
    /// outside the bundle directory works for apply, re-apply and rotate.
    @Test func absoluteSecretsDirectoryOutsideTheBundle() throws {
        let work = makeTempDir("e2e")
        defer { cleanup(work) }
        let text = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/selfhosted.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        let secrets = work + "/opt/freshtrack-pro/secrets"
        answers.secrets.dir = secrets
        let path = work + "/answers.yaml"
        writeText(path, AnswersCodec.encode(answers))
        let dir = work + "/bundle"
        let r = try run(exe, ["apply", "--answers", path, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(statOf(secrets)?.permissions == 0o700)
        let files = snapshot(secrets).filter { $0.value.kind == "file" }
        #expect(files.count >= 4)
        #expect(files.values.allSatisfy { $0.mode == 0o600 })
        #expect(!snapshot(dir).keys.contains("secrets"))
        let before = snapshot(secrets)
        let again = try run(exe, ["apply", "--answers", path, "--dir", dir])
        #expect(again.stdout.contains("Nothing to write"), "\(again.stdout)\(again.stderr)")
        #expect(snapshot(secrets) == before)
        let rot = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir])
        #expect(rot.status == 0, "\(rot.stderr)")
        #expect(rot.stdout.contains("replaced  \(secrets)/stack_auth_secret.txt"), "\(rot.stdout)")
        #expect(readBytes(secrets + "/stack_auth_secret.txt") != before["stack_auth_secret.txt"]?.bytes)
    }
}

import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// The real `freshtrack-deploy rotate` binary: value rules, messages, and the printed next steps.
@Suite struct RotateCommandTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    func bundle(_ target: String, in work: String) throws -> String {
        let dir = work + "/bundle"
        let r = try run(exe, ["apply", "--answers", try ApplyCommandTests().answersFile(target, in: work), "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// A value the planner refuses for redis_password is refused by rotate too, before
    /// anything is written, with a message naming --from; the next apply still works.
    @Test func rotateRefusesAValueThePlannerWouldRefuse() throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try bundle("selfhosted", in: work)
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        writeText(work + "/redis.txt", "a'b \"c\\d$e", mode: 0o600)
        let r = try run(exe, ["rotate", "redis_password", "--dir", dir, "--from", "file:" + work + "/redis.txt"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--from file:\(work)/redis.txt: secret redis_password must be printable ASCII"), "\(r.stderr)")
        #expect(!r.stderr.contains("secrets.sources"))
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before, "rotate wrote something")
        // Multi-line values are refused for every secret (the planner's rule), here and in apply.
        writeText(work + "/two-lines.txt", "first\nsecond\n", mode: 0o600)
        let nl = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir, "--from", "file:" + work + "/two-lines.txt"])
        #expect(nl.status == 1)
        #expect(nl.stderr.contains("secret stack_auth_secret contains a line break"), "\(nl.stderr)")
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
        var env = ProcessInfo.processInfo.environment
        env["PG_NEW"] = "value-with-newline\n"
        let envNL = try run(exe, ["rotate", "postgres_password", "--dir", dir, "--from", "env:PG_NEW"], environment: env)
        #expect(envNL.status == 1)
        #expect(envNL.stderr.contains("--from env:PG_NEW: secret postgres_password contains a line break"), "\(envNL.stderr)")
        let again = try run(exe, ["apply", "--answers", work + "/selfhosted-default.yaml", "--dir", dir])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Nothing to write"), "\(again.stdout)")
    }

    /// The library call refuses too (any caller, not just the command).
    @Test func bundleWriterRotateChecksTheValueFirst() throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try bundle("selfhosted", in: work)
        let answers = try AnswersCodec.decode(try #require(readText(dir + "/freshtrack-answers.yaml")),
                                              secretExists: BundleWriter.secretExists(bundleDirectory: dir))
        let prepared = try BundleWriter.prepare(answers: answers, directory: dir, environment: [:])
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.rotate(prepared, secret: .redisPassword, newValue: SecretValue("has space"))
        }
        guard case .plan(.secretValueRefused(.redisPassword, let problem))? = error else {
            Issue.record("not the planner's redis_password rule: \(String(describing: error))"); return
        }
        #expect(problem.hasPrefix("must be printable ASCII"))
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
    }

    /// The printed ALTER USER pipeline, run in a real shell up to psql, yields SQL whose
    /// string literal is exactly the new password, whatever it contains.
    @Test(arguments: ["it's", "a'b\"c\\d$e%s f;--'x", "x''y", "$(id)`id`\\n%%", "end'"])
    func alterUserSQLQuotesTheValue(_ value: String) throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try bundle("selfhosted", in: work)
        writeText(work + "/new.txt", value, mode: 0o600)
        let r = try run(exe, ["rotate", "postgres_password", "--dir", dir, "--from", "file:" + work + "/new.txt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains(value), "the value was printed")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("ALTER USER") }).trimmingCharacters(in: .whitespaces)
        #expect(line.contains("secrets/postgres_password.txt"), "\(line)")
        let sqlPart = try #require(line.components(separatedBy: " | docker compose exec").first)
        let p = try run("/bin/sh", ["-c", sqlPart], currentDirectory: dir)
        let sql = p.stdout
        #expect(p.status == 0)
        #expect(Self.passwordLiteral(sql) == value, "the SQL does not carry the value exactly")
    }

    /// Parses `ALTER USER CURRENT_USER WITH PASSWORD '<literal>';\n` by PostgreSQL's rules
    /// for a standard-conforming string (`''` is one quote, nothing else is special); nil when
    /// the statement has anything else after the literal.
    static func passwordLiteral(_ sql: String) -> String? {
        let prefix = "ALTER USER CURRENT_USER WITH PASSWORD '"
        guard sql.hasPrefix(prefix) else { return nil }
        var chars = Array(sql.dropFirst(prefix.count))
        var value = ""
        while !chars.isEmpty {
            let c = chars.removeFirst()
            if c == "'" {
                if chars.first == "'" { chars.removeFirst(); value.append("'"); continue }
                return String(chars) == ";\n" ? value : nil
            }
            value.append(c)
        }
        return nil
    }

    @Test func rotateOfAMissingSecretFileSaysCreatedAndFromErrorsNameFrom() throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try bundle("selfhosted", in: work)
        unlink(dir + "/secrets/stack_auth_secret.txt")
        let r = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  created   secrets/stack_auth_secret.txt (0600)"), "\(r.stdout)")
        #expect(!r.stdout.contains("replaced"), "\(r.stdout)")
        #expect(!r.stdout.contains("old value"))
        let missing = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir, "--from", "file:" + work + "/nope.txt"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: --from file:\(work)/nope.txt: cannot read it"), "\(missing.stderr)")
        writeText(work + "/empty.txt", "\n", mode: 0o600)
        let empty = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir, "--from", "file:" + work + "/empty.txt"])
        #expect(empty.stderr.contains("error: --from file:\(work)/empty.txt: it is empty"), "\(empty.stderr)")
        for e in [missing, empty] { #expect(!e.stderr.contains("secrets.sources")) }
    }

    /// ECS and App Platform bundles name their deploy scripts; provider-issued secrets say
    /// "change it at the provider first" both without --from and after it.
    @Test func managedDeploymentsGetTheirRedeployStep() throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try bundle("aws-ecs", in: work)
        let noFrom = try run(exe, ["rotate", "rds_password", "--dir", dir])
        #expect(noFrom.status == 1)
        #expect(noFrom.stderr.contains("First set the new password there"), "\(noFrom.stderr)")
        writeText(work + "/rds.txt", "n3w-rds'pass", mode: 0o600)
        let rds = try run(exe, ["rotate", "rds_password", "--dir", dir, "--from", "file:" + work + "/rds.txt"])
        #expect(rds.status == 0, "\(rds.stderr)")
        let out = rds.stdout
        #expect(out.contains("already set on RDS"), "\(out)")
        #expect(!out.contains("FIRST, before restarting anything, set the new password on RDS"))
        let deploy = try #require(out.range(of: "aws/deploy-aws.sh"))
        let already = try #require(out.range(of: "already set on RDS"))
        #expect(already.lowerBound < deploy.lowerBound, "the redeploy comes before the provider step")
        #expect(out.contains("freshtrack/production/rds_password"))
        let auth = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir])
        #expect(auth.stdout.contains("aws/deploy-aws.sh"), "\(auth.stdout)")

        let work2 = makeTempDir("rot")
        defer { cleanup(work2) }
        let app = try bundle("digitalocean-app-platform", in: work2)
        let s = try run(exe, ["rotate", "stack_auth_secret", "--dir", app])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("do/deploy-app-platform.sh"), "\(s.stdout)")
        // A self-hosted bundle names neither.
        let work3 = makeTempDir("rot")
        defer { cleanup(work3) }
        let sh = try bundle("selfhosted", in: work3)
        let plain = try run(exe, ["rotate", "stack_auth_secret", "--dir", sh])
        #expect(!plain.stdout.contains("deploy-aws.sh") && !plain.stdout.contains("deploy-app-platform.sh"))
        #expect(plain.stdout.contains("docker compose up -d --force-recreate backend worker"))
    }

    /// A short --from value gets the same strength warning the next apply gives.
    @Test func rotateWarnsAboutAWeakValueAsApplyDoes() throws {
        let work = makeTempDir("rotweak")
        defer { cleanup(work) }
        let answers = try ApplyCommandTests().answersFile("selfhosted", in: work)
        let dir = work + "/bundle"
        #expect(try run(exe, ["apply", "--answers", answers, "--dir", dir]).status == 0)
        var env = ProcessInfo.processInfo.environment
        env["Y"] = "abcde"
        let r = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir, "--from", "env:Y"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let next = try run(exe, ["apply", "--answers", answers, "--dir", dir])
        let applyWarning = try #require(next.stdout.split(separator: "\n").first { $0.contains("has only 5 characters") })
        // apply's sentence up to its own "Rotate it with" advice, word for word.
        let rule = try #require(applyWarning.components(separatedBy: " Rotate it with").first)
        #expect(rule.hasPrefix("Warning: Secret stack_auth_secret has only 5 characters (at least 32 recommended)"), "\(rule)")
        #expect(r.stdout.contains(rule), "\(r.stdout)")
        #expect(!r.stdout.contains("abcde") && !r.stderr.contains("abcde"))
        // A generated value draws no warning.
        let generated = try run(exe, ["rotate", "stack_auth_secret", "--dir", dir])
        #expect(generated.status == 0 && !generated.stdout.contains("Warning"), "\(generated.stdout)")
    }

    /// A misspelt secret name gets apply's "did you mean".
    @Test func rotateSuggestsTheNearestSecretName() throws {
        let r = try run(exe, ["rotate", "redis_pasword", "--dir", "/nonexistent"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown secret \"redis_pasword\"; did you mean `redis_password`? Valid names: postgres_password,"), "\(r.stderr)")
        let far = try run(exe, ["rotate", "zzz", "--dir", "/nonexistent"])
        #expect(far.stderr.contains("unknown secret \"zzz\"; valid names: postgres_password,"), "\(far.stderr)")
    }

    /// Rotate names the bundle directory as apply does (links resolved).
    @Test func rotateThroughASymlinkPrintsTheDirectoryApplyPrints() throws {
        let work = makeTempDir("rotlink")
        defer { cleanup(work) }
        let answers = try ApplyCommandTests().answersFile("selfhosted", in: work)
        let real = work + "/real"
        #expect(try run(exe, ["apply", "--answers", answers, "--dir", real]).status == 0)
        #expect(symlink(real, work + "/link") == 0)
        let applied = try run(exe, ["apply", "--answers", answers, "--dir", work + "/link"])
        let applyDir = try #require(applied.stdout.split(separator: "\n").first?.components(separatedBy: ": target").first)
            .replacingOccurrences(of: "Bundle ", with: "")
        let r = try run(exe, ["rotate", "stack_auth_secret", "--dir", work + "/link"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(" in \(applyDir):"), "apply: \(applyDir)\n\(r.stdout)")
        #expect(!r.stdout.contains(work + "/link"), "\(r.stdout)")
    }
}

/// `rotate` of a secret the bundle's target does not have: refused, naming the secret, the
/// target and the secrets it has; a secret file kept from an earlier target (after a switch)
/// can be replaced with --from (the value that is true now, e.g. the RDS password), never
/// with a generated one. No printed advice holds an unfilled `<placeholder>`.
@Suite struct RotateForeignSecretTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    /// `<user>`, `<rds endpoint>`: a placeholder the operator would have to fill.
    static func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "<[a-z][a-z _-]*>")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) }
    }

    @Test(arguments: [("selfhosted", "rds_password"), ("selfhosted", "do_database_password"), ("selfhosted", "elasticache_auth_token"),
                      ("digitalocean", "postgres_password"), ("aws", "minio_root_password")])
    func aSecretTheTargetDoesNotHaveIsRefused(_ target: String, _ secret: String) throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try RotateCommandTests().bundle(target, in: work)
        let before = snapshot(dir)
        writeText(work + "/new.txt", "a-new-value-for-the-secret", mode: 0o600)
        for extra in [[], ["--from", "file:" + work + "/new.txt"]] {
            let r = try run(exe, ["rotate", secret, "--dir", dir] + extra)
            #expect(r.status == 1, "\(r.stdout)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("\(secret) is not a secret of this \(target) bundle"), "\(r.stderr)")
            // The example aws answers give elasticache_auth_token a source, so that bundle has it.
            let has = SecretName.required(target: Target(rawValue: target)!, environment: .production,
                                          optionalProvided: target == "aws" ? [.elasticacheAuthToken] : []).map(\.rawValue)
            #expect(r.stderr.contains("its secrets: " + has.joined(separator: ", ")), "\(r.stderr)")
            #expect(r.stderr.contains("nothing was written"), "\(r.stderr)")
            #expect(Self.placeholders(r.stderr).isEmpty, "\(r.stderr)")
            #expect(!r.stderr.contains("a-new-value"))
            #expect(snapshot(dir) == before)
        }
    }

    /// After aws -> selfhosted, secrets/rds_password.txt is kept (the switch's pg_dump
    /// command reads it). Without --from: refused (a generated value cannot be the RDS
    /// password); with --from: replaced with a 0600 backup, and the advice says no service
    /// of this bundle reads it, with no placeholder.
    @Test func aSecretKeptFromAnEarlierTargetIsReplacedOnlyWithFrom() throws {
        let work = makeTempDir("rot")
        defer { cleanup(work) }
        let dir = try RotateCommandTests().bundle("aws", in: work)
        let selfhosted = try ApplyCommandTests().answersFile("selfhosted", in: work)
        #expect(try run(exe, ["apply", "--answers", selfhosted, "--dir", dir]).status == 0)
        let file = dir + "/secrets/rds_password.txt"
        let old = try #require(readText(file))
        let before = snapshot(dir)
        let bare = try run(exe, ["rotate", "rds_password", "--dir", dir])
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("secrets/rds_password.txt is kept from an earlier target"), "\(bare.stderr)")
        #expect(bare.stderr.contains("--from"), "\(bare.stderr)")
        #expect(Self.placeholders(bare.stderr).isEmpty, "\(bare.stderr)")
        #expect(snapshot(dir) == before)
        // A generated secret kept from an earlier target is not generated anew either.
        mkdir(work + "/pg", 0o755)
        let pgDir = try RotateCommandTests().bundle("selfhosted", in: work + "/pg")
        #expect(try run(exe, ["apply", "--answers", try ApplyCommandTests().answersFile("aws", in: work + "/pg"), "--dir", pgDir]).status == 0)
        let pg = try run(exe, ["rotate", "postgres_password", "--dir", pgDir])
        #expect(pg.status == 1)
        #expect(pg.stderr.contains("secrets/postgres_password.txt is kept from an earlier target"), "\(pg.stderr)")

        writeText(work + "/rds-new.txt", "the-new-rds-password-42\n", mode: 0o600)
        let r = try run(exe, ["rotate", "rds_password", "--dir", dir, "--from", "file:" + work + "/rds-new.txt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(readText(file) == "the-new-rds-password-42")
        #expect(statOf(file)?.permissions == 0o600)
        let backups = snapshot(dir).keys.filter { $0.hasPrefix("secrets/rds_password.txt.bak.") }
        #expect(backups.count == 1)
        if let b = backups.first { #expect(readText(dir + "/" + b) == old) }
        #expect(r.stdout.contains("No service of this selfhosted bundle reads rds_password"), "\(r.stdout)")
        #expect(!r.stdout.contains("docker compose up"), "\(r.stdout)")
        #expect(Self.placeholders(r.stdout).isEmpty, "\(r.stdout)")
        #expect(!r.stdout.contains("the-new-rds-password"))
        // The bundle itself is unchanged otherwise: the next apply writes nothing.
        let again = try run(exe, ["apply", "--answers", selfhosted, "--dir", dir])
        #expect(again.stdout.contains("Nothing to write"), "\(again.stdout)")
    }
}

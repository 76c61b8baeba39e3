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
        #expect(error?.description.contains("redis_password must be printable ASCII") == true)
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
}

import DeployKit
import Foundation
import Testing
import TestSupport
@testable import BundleWriter

/// Findings of a fresh-user test of the real `freshtrack-deploy` binary (apply, rotate):
/// each test runs the binary and checks what it prints and what it leaves on disk.
@Suite struct FreshUserCLITests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    /// `assets/examples/recommended.yaml` (which has both `digitalocean:` and `aws:`) with
    /// `target: <target>` and every secret source pointed at a file in `work`.
    func recommended(_ target: Target, in work: String) throws -> String {
        let text = try #require(readText(ApplyCommandTests.repoRoot + "/assets/examples/recommended.yaml"))
        var answers = try AnswersCodec.decode(text, secretExists: { _, _ in false })
        answers.target = .explicit(target)
        var sources: [SecretName: SecretSource] = [:]
        for name in answers.secrets.sources.keys {
            let path = work + "/\(name.rawValue).src"
            writeText(path, "\(name.rawValue)-provided-value\n", mode: 0o600)
            sources[name] = .file(path)
        }
        answers.secrets.sources = sources
        let path = work + "/recommended-\(target.rawValue).yaml"
        writeText(path, AnswersCodec.encode(answers))
        return path
    }

    /// The bucket the backend of the bundle in `dir` uses, as the real `docker compose config`
    /// merges it (S3_BUCKET from .env for Spaces/S3, from docker-compose.yml for MinIO).
    func backendBucket(_ dir: String) throws -> String {
        let r = try DockerCompose.run(["config", "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let services = try #require(json["services"] as? [String: Any])
        let backend = try #require(services["backend"] as? [String: Any])
        let environment = try #require(backend["environment"] as? [String: Any])
        return try #require(environment["S3_BUCKET"] as? String)
    }

    /// Finding 2: the object-storage step names the old bundle's bucket and the new one's,
    /// each as the bundle's own compose configuration gives it to the backend.
    @Test(arguments: [(Target.selfhosted, Target.digitalocean), (.digitalocean, .selfhosted),
                      (.selfhosted, .aws), (.aws, .selfhosted), (.digitalocean, .aws)])
    func migrationNamesTheBucketsOfBothTargets(_ from: Target, _ to: Target) throws {
        let work = makeTempDir("bucket")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let first = try run(exe, ["apply", "--answers", try recommended(from, in: work), "--dir", dir])
        #expect(first.status == 0, "\(first.stderr)")
        let oldBucket = try backendBucket(dir)
        let switched = try run(exe, ["apply", "--answers", try recommended(to, in: work), "--dir", dir])
        #expect(switched.status == 0, "\(switched.stderr)")
        let newBucket = try backendBucket(dir)
        if Set([from, to]) == [.selfhosted, .digitalocean] {
            // MinIO <-> Spaces: the MinIO client in the minio container copies them (the
            // engine tier runs this command).
            let line = switched.stdout.split(separator: "\n").first { $0.contains("mc mirror") }
            let (source, target) = from == .selfhosted ? ("local/\(oldBucket)", "spaces/\(newBucket)") : ("spaces/\(oldBucket)", "local/\(newBucket)")
            #expect(line?.contains("mc mirror --overwrite \(source) \(target);") == true, "\(switched.stdout)")
        } else {
            let line = switched.stdout.split(separator: "\n").first { $0.contains("rclone sync") }
            #expect(line?.trimmingCharacters(in: .whitespaces) == "rclone sync old:\(oldBucket) new:\(newBucket)",
                    "\(switched.stdout)")
        }
    }

    /// Finding 4: a short --from value gets the same strength warning the next apply gives.
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

    /// Finding 25: a misspelt secret name gets apply's "did you mean".
    @Test func rotateSuggestsTheNearestSecretName() throws {
        let r = try run(exe, ["rotate", "redis_pasword", "--dir", "/nonexistent"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown secret \"redis_pasword\"; did you mean `redis_password`? Valid names: postgres_password,"), "\(r.stderr)")
        let far = try run(exe, ["rotate", "zzz", "--dir", "/nonexistent"])
        #expect(far.stderr.contains("unknown secret \"zzz\"; valid names: postgres_password,"), "\(far.stderr)")
    }

    /// Finding 27: rotate names the bundle directory as apply does (links resolved).
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

    /// Finding 11: --dir naming a regular file (or a path under one) is refused by name,
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

    /// Finding 12: message wording for unknown keys, numbers in enum fields, a directory as
    /// a secret source, a directory as the answers file.
    @Test func messagesSayWhatIsWrong() throws {
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

    /// Finding 13: an App Platform bundle is labelled App Platform, a hybrid one is not.
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

    /// Finding 23: assets/examples/aws.yaml applies as shipped (only the RDS password file
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

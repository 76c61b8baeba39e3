import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// `apply` across a target switch, checked with the real binaries: every printed Compose
/// command aimed at the old services is run through the real `docker-compose config` in the
/// bundle as it is after the run, every printed `aws` command against botocore's models.
@Suite struct TargetSwitchCommandTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    func answers(_ example: String, in work: String) throws -> String {
        try ApplyCommandTests().answersFile(example, in: work)
    }

    /// The printed `docker compose --env-file E -f A -f B <verb> <services...>` lines.
    static func oldComposeCommands(_ text: String) -> [(files: [String], envFile: String?, verb: String, services: [String])] {
        var out: [(files: [String], envFile: String?, verb: String, services: [String])] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("docker compose -f ") || line.hasPrefix("docker compose --env-file ") else { continue }
            var words = line.components(separatedBy: "#")[0].split(separator: " ").map(String.init).dropFirst(2)
            var files: [String] = []
            var env: String?
            while let w = words.first, w.hasPrefix("-") {
                words.removeFirst()
                let v = words.removeFirst()
                if w == "-f" { files.append(v) } else if w == "--env-file" { env = v }
            }
            let verb = words.removeFirst()
            let services = words.filter { ["backend", "worker", "postgres", "redis", "minio", "caddy"].contains($0) }
            out.append((files, env, verb, services))
        }
        return out
    }

    @Test(arguments: [("selfhosted", "aws", false), ("selfhosted", "aws", true), ("aws", "selfhosted", true),
                      ("selfhosted", "digitalocean", true), ("digitalocean", "selfhosted", false),
                      ("digitalocean", "aws", true), ("aws-ecs", "selfhosted", true)])
    func migrationCommandsWorkOnTheBundleAsItIsAfterTheRun(_ from: String, _ to: String, _ prune: Bool) throws {
        _ = try DockerCompose.require()
        let work = makeTempDir("switch")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        #expect(try run(exe, ["apply", "--answers", try answers(from, in: work), "--dir", dir]).status == 0)
        let r = try run(exe, ["apply", "--answers", try answers(to, in: work), "--dir", dir] + (prune ? ["--prune"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let commands = Self.oldComposeCommands(r.stdout)
        #expect(!commands.isEmpty, "no command for the old services:\n\(r.stdout)")
        for c in commands {
            for f in c.files + [c.envFile].compactMap({ $0 }) {
                #expect(statOf(dir + "/" + f) != nil, "\(from) -> \(to)\(prune ? " --prune" : ""): the printed command names \(f), which does not exist")
            }
            // The real Compose loads the old project from exactly those files.
            let args = (c.envFile.map { ["--env-file", $0] } ?? []) + c.files.flatMap { ["-f", $0] } + ["config", "--services"]
            let p = try DockerCompose.run(args, in: dir)
            #expect(p.status == 0 && p.stderr.isEmpty, "\(from) -> \(to): docker compose \(args.joined(separator: " ")): \(p.stderr)")
            let services = Set(p.stdout.split(separator: "\n").map(String.init))
            for s in c.services { #expect(services.contains(s), "\(s) is not a service of the old project") }
        }
        // Safe order: the old backend and worker stop before the dump.
        if let dump = r.stdout.range(of: "pg_dump -") {
            for what in ["stop backend", "stop worker"] {
                let at = try #require(r.stdout.range(of: what), "\(what) missing:\n\(r.stdout)")
                #expect(at.lowerBound < dump.lowerBound, "\(from) -> \(to): `\(what)` comes after pg_dump")
            }
            if from == "aws-ecs" {
                let scale = try #require(r.stdout.range(of: "--desired-count 0"))
                #expect(scale.lowerBound < dump.lowerBound, "ECS services scaled down after pg_dump")
            }
        }
    }

    /// The secret files apply says it kept are exactly the secret files in secrets/: a
    /// switch keeps the old target's secrets (e.g. rds_password.txt after aws -> selfhosted)
    /// and the summary names them, on the switch, with --prune, and on a run that writes
    /// nothing (which lists the ones this bundle does not use).
    @Test(arguments: [("aws", "selfhosted"), ("selfhosted", "aws"), ("digitalocean", "selfhosted"), ("aws-ecs", "digitalocean")])
    func keptSecretsListNamesEverySecretFileOnDisk(_ from: String, _ to: String) throws {
        let work = makeTempDir("switch")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        #expect(try run(exe, ["apply", "--answers", try answers(from, in: work), "--dir", dir]).status == 0)
        let toAnswers = try answers(to, in: work)
        func listed(_ out: String, _ prefix: String) -> Set<String> {
            var names = Set<String>()
            for line in out.split(separator: "\n") where line.hasPrefix(prefix) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                for p in line[line.index(after: colon)...].split(separator: ",") { names.insert(p.trimmingCharacters(in: .whitespaces)) }
            }
            return names
        }
        func created(_ out: String) -> Set<String> {
            Set(out.split(separator: "\n").compactMap { $0.hasPrefix("  created  secrets/") ? String($0.dropFirst(11)) : nil })
        }
        func onDisk() -> Set<String> {
            Set(snapshot(dir).keys.filter { $0.hasPrefix("secrets/") && $0.hasSuffix(".txt") && !$0.contains(".bak.") })
        }
        let used = "Kept secrets", unused = "Kept from an earlier target"
        let switched = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir])
        #expect(switched.status == 0, "\(switched.stderr)")
        #expect(listed(switched.stdout, used).union(listed(switched.stdout, unused)) == onDisk().subtracting(created(switched.stdout)),
                "\(from) -> \(to): the summary's kept secrets differ from secrets/ on disk (\(onDisk().sorted())):\n\(switched.stdout)")
        #expect(listed(switched.stdout, used).isDisjoint(with: listed(switched.stdout, unused)))
        let notUsed = listed(switched.stdout, unused)
        if from == "aws" && to == "selfhosted" { #expect(notUsed.contains("secrets/rds_password.txt"), "\(switched.stdout)") }
        let pruned = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir, "--prune"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        if !pruned.stdout.contains("Nothing to write") {
            #expect(listed(pruned.stdout, used).union(listed(pruned.stdout, unused)) == onDisk(), "\(pruned.stdout)")
        }
        let again = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir])
        #expect(again.stdout.contains("Nothing to write"), "\(again.stdout)")
        #expect(listed(again.stdout, unused) == notUsed, "\(again.stdout)")
    }

    /// `--prune` on a later run (after a switch without it) still moves the stale files aside.
    @Test(arguments: [("selfhosted", "aws", ["Caddyfile", "compose.production.yaml"]),
                      ("aws", "selfhosted", ["compose.aws.yaml", "compose.elasticache-auth.yaml"]),
                      ("aws-ecs", "aws", ["aws"]),
                      ("digitalocean-app-platform", "digitalocean", ["do"])])
    func laterPruneMovesStaleFilesAside(_ from: String, _ to: String, _ stale: [String]) throws {
        let work = makeTempDir("switch")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        #expect(try run(exe, ["apply", "--answers", try answers(from, in: work), "--dir", dir]).status == 0)
        let toAnswers = try answers(to, in: work)
        let first = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir])
        #expect(first.status == 0, "\(first.stderr)")
        for s in stale { #expect(statOf(dir + "/" + s) != nil, "\(s) went without --prune") }
        #expect(first.stdout.contains("`apply --prune` moves them aside"), "\(first.stdout)")
        let secretsBefore = snapshot(dir).filter { $0.key.hasPrefix("secrets/") }
        let later = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir, "--prune"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(!later.stdout.contains("Nothing to write"), "\(later.stdout)")
        // Only files were moved aside: no empty "Wrote 0 files:" header, but what happened.
        #expect(!later.stdout.contains("Wrote 0 files"), "\(later.stdout)")
        #expect(later.stdout.contains("No file written"), "\(later.stdout)")
        for (i, line) in later.stdout.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasSuffix(":") && !line.hasPrefix(" ") {
            let lines = later.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(i + 1 < lines.count && lines[i + 1].hasPrefix("  "), "header \"\(line)\" lists nothing:\n\(later.stdout)")
        }
        let names = snapshot(dir).keys
        for s in stale {
            #expect(statOf(dir + "/" + s) == nil, "\(s) still in place after a later --prune")
            #expect(names.contains { $0.hasPrefix(s + ".bak.") && !$0.dropFirst(s.count).contains("/") }, "no backup of \(s)")
            #expect(later.stdout.contains("  \(s) -> \(s).bak."), "\(later.stdout)")
        }
        // The moved-aside directory keeps its files; secrets untouched; a third run writes nothing.
        if stale == ["aws"] { #expect(names.contains { $0.hasPrefix("aws.bak.") && $0.hasSuffix("/deploy-aws.sh") }) }
        #expect(snapshot(dir).filter { $0.key.hasPrefix("secrets/") } == secretsBefore)
        let third = try run(exe, ["apply", "--answers", toAnswers, "--dir", dir, "--prune"])
        #expect(third.stdout.contains("Nothing to write"), "\(third.stdout)")
    }

    /// Leaving ECS or App Platform names the managed deployment still running, with
    /// commands that botocore's models accept (ECS) and the app's name (App Platform).
    @Test func leavingAManagedDeploymentSaysHowToStopIt() throws {
        let work = makeTempDir("switch")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        #expect(try run(exe, ["apply", "--answers", try answers("aws-ecs", in: work), "--dir", dir]).status == 0)
        let r = try run(exe, ["apply", "--answers", try answers("aws", in: work), "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Target switch: aws/production (ECS on Fargate) -> aws/production (Compose)"), "\(r.stdout)")
        #expect(r.stdout.contains("--service freshtrack-production-backend --desired-count 0"))
        #expect(r.stdout.contains("aws ecs delete-service --region us-east-1 --cluster freshtrack --service freshtrack-production-worker --force"))
        #expect(r.stdout.contains("--secret-id freshtrack/production/rds_password"))
        let aws = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("aws ") }
        #expect(aws.count >= 6)
        let check = try run("/usr/bin/env", ["python3", "-c", Self.botocoreCheck] + aws)
        #expect(check.status == 0, "botocore refused a printed aws command:\n\(check.stdout)\(check.stderr)")

        let work2 = makeTempDir("switch")
        defer { cleanup(work2) }
        let dir2 = work2 + "/bundle"
        #expect(try run(exe, ["apply", "--answers", try answers("digitalocean-app-platform", in: work2), "--dir", dir2]).status == 0)
        let d = try run(exe, ["apply", "--answers", try answers("digitalocean", in: work2), "--dir", dir2])
        #expect(d.stdout.contains("The old App Platform app freshtrack-pro still runs"), "\(d.stdout)")
        #expect(d.stdout.contains("doctl apps delete \"$APP_ID\" --force"))
        #expect(d.stdout.contains("awk '$2 == \"freshtrack-pro\" {print $1}'"))
    }

    /// Checks `aws SERVICE OPERATION --opt value ...` lines against botocore: the operation
    /// (or waiter) exists, every option is an input member, every required member is given.
    static let botocoreCheck = #"""
import sys, shlex, botocore.session
from botocore import xform_name
s = botocore.session.get_session()
bad = []
for line in sys.argv[1:]:
    argv = shlex.split(line)
    svc, op = argv[1], argv[2]
    model = s.get_service_model(svc)
    rest = argv[3:]
    if op == 'wait':
        waiter = rest[0]; rest = rest[1:]
        names = {xform_name(n, '-'): n for n in s.get_waiter_model(svc).waiter_names}
        if waiter not in names: bad.append(line + ': no waiter'); continue
        opname = s.get_waiter_model(svc).get_waiter(names[waiter]).operation
    else:
        ops = {xform_name(n, '-'): n for n in model.operation_names}
        if op not in ops: bad.append(line + ': no operation'); continue
        opname = ops[op]
    shape = model.operation_model(opname).input_shape
    members = {xform_name(n, '-'): n for n in shape.members}
    given = set(); i = 0
    while i < len(rest):
        opt = rest[i][2:]; i += 1
        while i < len(rest) and not rest[i].startswith('--'): i += 1
        if opt in ('region', 'query', 'output'): continue
        if opt not in members: bad.append(line + ': unknown option --' + opt); continue
        given.add(members[opt])
    for req in shape.required_members:
        if req not in given: bad.append(line + ': missing required ' + req)
print('\n'.join(bad)); sys.exit(1 if bad else 0)
"""#

    @Test func theRotateCommandApplySuggestsNamesTheBundleDirectory() throws {
        let work = makeTempDir("switch")
        defer { cleanup(work) }
        let dir = work + "/bundle"
        let first = try ApplyCommandTests().answersFile("aws", in: work)
        #expect(try run(exe, ["apply", "--answers", first, "--dir", dir]).status == 0)
        let second = try ApplyCommandTests().answersFile("aws", in: work, sourceValue: { "\($0.rawValue)-changed" })
        let r = try run(exe, ["apply", "--answers", second, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let warning = try #require(r.stdout.split(separator: "\n").first { $0.contains("freshtrack-deploy rotate rds_password") }, "\(r.stdout)")
        #expect(warning.contains("--dir \(BundleWriter.shellQuote(dir))`"), "\(warning)")
        // Run from the bundle directory (--dir .), the suggestion needs no --dir.
        let here = try run(exe, ["apply", "--answers", second, "--dir", "."], currentDirectory: dir)
        let w2 = try #require(here.stdout.split(separator: "\n").first { $0.contains("freshtrack-deploy rotate rds_password") }, "\(here.stdout)")
        #expect(!w2.contains("--dir"))
    }

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

    /// The object-storage step names the old bundle's bucket and the new one's,
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
}

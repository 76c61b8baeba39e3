import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// End-to-end checks of the rendered `aws/deploy-aws.sh`: shellcheck, the dry run with
/// tools that must not be called, and a real run against a fake `aws` and `docker` that
/// log every call. Secret files hold sentinel values that must never reach the output.
enum ECSScriptFixtures {
    static let rdsSentinel = "SENTINEL-rds-5f2c9a7e1b"
    static let authSentinel = "SENTINEL-auth-8d1e3b6c4a"

    static let ecs = ECSSettings(
        executionRoleARN: "arn:aws:iam::123456789012:role/freshtrack-ecs-execution",
        taskRoleARN: "arn:aws:iam::123456789012:role/freshtrack-ecs-task",
        subnets: ["subnet-0a1b2c3d4e5f60718"], securityGroups: ["sg-0a1b2c3d4e5f60718"],
        targetGroupARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/0123456789abcdef")

    static func answers(secretsDir: String = "secrets", maxCount: Int? = nil) -> Answers {
        var aws = AWSSettings(region: "us-east-1", accountID: "123456789012",
                              rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com",
                              databaseName: "freshtrack", databaseUser: "freshtrack",
                              elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
                              s3Bucket: "freshtrack-files-prod")
        aws.ecs = ecs
        aws.ecs?.maxCount = maxCount
        return Answers(needs: Needs(users: 8000, budgetUSDPerMonth: 400), target: .explicit(.aws),
                       app: AppSettings(version: "1.1.0", domain: "track.example.com"), aws: aws,
                       secrets: SecretsSettings(dir: secretsDir, sources: [.rdsPassword: .file("/root/rds.txt")]))
    }

    /// Writes the `aws/` files and the secret files into a new bundle directory.
    static func bundle(answers: Answers = answers(), secretsAt: URL? = nil, writeSecrets: Bool = true) throws -> URL {
        let dir = TempDirectory.makeURL("ecs-e2e")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("aws"), withIntermediateDirectories: true)
        for f in try ECSRenderer.files(for: answers) {
            let url = dir.appendingPathComponent(f.path)
            try Data(f.contents).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: Int(f.mode)], ofItemAtPath: url.path)
        }
        if writeSecrets {
            let sdir = secretsAt ?? dir.appendingPathComponent(answers.secrets.dir)
            try FileManager.default.createDirectory(at: sdir, withIntermediateDirectories: true)
            try Data(rdsSentinel.utf8).write(to: sdir.appendingPathComponent("rds_password.txt"))
            try Data(authSentinel.utf8).write(to: sdir.appendingPathComponent("stack_auth_secret.txt"))
        }
        return dir
    }

    /// A directory with fake `aws` and `docker` executables. `mode` "refuse": every call is
    /// logged and fails (the dry run must call nothing). `mode` "emulate": a small AWS.
    static func fakeTools(mode: String) throws -> URL {
        let bin = TempDirectory.makeURL("fake-bin")
        try FileManager.default.createDirectory(at: bin.appendingPathComponent("received"), withIntermediateDirectories: true)
        let refuse = """
            #!/usr/bin/env bash
            echo "$(basename "$0") $*" >>"$(dirname "$0")/calls.log"
            exit 97
            """
        let aws = """
            #!/usr/bin/env bash
            here=$(dirname "$0")
            echo "aws $*" >>"$here/calls.log"
            arg() { local want=$1; shift; while [ $# -gt 0 ]; do if [ "$1" = "$want" ]; then echo "$2"; return; fi; shift; done; }
            case "$1 $2" in
              "sts get-caller-identity") echo 123456789012 ;;
              "ecs describe-clusters") echo ACTIVE ;;
              "ecr describe-images")
                if [ -f "$here/image-present" ]; then echo '{"imageDetails": []}'; exit 0; fi
                echo "An error occurred (ImageNotFoundException)" >&2; exit 254 ;;
              "ecr get-login-password") echo "fake-registry-token" ;;
              "secretsmanager describe-secret")
                id=$(arg --secret-id "$@")
                case "$id" in
                  */rds_password) echo "arn:aws:secretsmanager:us-east-1:123456789012:secret:$id-AbCdEf" ;;
                  *) echo "An error occurred (ResourceNotFoundException)" >&2; exit 254 ;;
                esac ;;
              "secretsmanager put-secret-value"|"secretsmanager create-secret")
                src=$(arg --secret-string "$@"); path=${src#file://}
                id=$(arg --secret-id "$@"); [ -n "$id" ] || id=$(arg --name "$@")
                cp "$path" "$here/received/$(basename "$id")"
                if [ "$2" = create-secret ]; then echo "arn:aws:secretsmanager:us-east-1:123456789012:secret:$id-XyZ123"; else echo "v-0001"; fi ;;
              "ecs register-task-definition")
                src=$(arg --cli-input-json "$@"); path=${src#file://}
                family=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["family"])' "$path")
                cp "$path" "$here/received/$family.json"
                echo "arn:aws:ecs:us-east-1:123456789012:task-definition/$family:7" ;;
              "ecs describe-services")
                case "$(arg --services "$@")" in *-backend) echo ACTIVE ;; *) echo None ;; esac ;;
              "ecs update-service"|"ecs create-service") echo "arn:aws:ecs:us-east-1:123456789012:service/freshtrack/x" ;;
              "ecs wait") ;;
              "application-autoscaling register-scalable-target") echo '{"ScalableTargetARN": "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/x"}' ;;
              "application-autoscaling put-scaling-policy") echo "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x" ;;
              *) echo "fake aws: unexpected call: $*" >&2; exit 98 ;;
            esac
            """
        let docker = """
            #!/usr/bin/env bash
            here=$(dirname "$0")
            echo "docker $*" >>"$here/calls.log"
            if [ "$1" = login ]; then cat >"$here/received/docker-login-stdin"; echo "Login Succeeded"; fi
            """
        for (name, text) in [("aws", mode == "refuse" ? refuse : aws), ("docker", mode == "refuse" ? refuse : docker)] {
            let url = bin.appendingPathComponent(name)
            try Data((text + "\n").utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return bin
    }

    static func run(_ args: [String], bundle: URL, bin: URL) throws -> ProcessResult {
        try DeployScript.run("aws/deploy-aws.sh", args, bundle: bundle, fakeBin: bin)
    }

    static func calls(_ bin: URL) -> [String] {
        ((try? String(contentsOf: bin.appendingPathComponent("calls.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// Indices of each needle's first occurrence in `text`, in order; nil when one is missing.
    static func inOrder(_ text: String, _ needles: [String]) -> Bool {
        var rest = text[...]
        for n in needles {
            guard let r = rest.range(of: n) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }
}

@Test func deployScriptPassesShellcheck() throws {
    let which = try? Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["sh", "-c", "command -v shellcheck >/dev/null"])
    which?.waitUntilExit()
    #expect(which?.terminationStatus == 0, "shellcheck is not installed (scripts/test installs it)")
    // Both a relative secrets dir and an absolute one with a quote in it.
    for dir in ["secrets", "/opt/free'track pro/secrets"] {
        let bundle = try ECSScriptFixtures.bundle(answers: ECSScriptFixtures.answers(secretsDir: dir), writeSecrets: false)
        defer { try? FileManager.default.removeItem(at: bundle) }
        let r = try Shellcheck.run(bundle.appendingPathComponent("aws/deploy-aws.sh").path)
        #expect(r.status == 0, "shellcheck: \(r.stdout)")
    }
}

@Test func dryRunPrintsTheWholeCallSequenceCallsNothingAndNeverASecret() throws {
    let bundle = try ECSScriptFixtures.bundle()
    let bin = try ECSScriptFixtures.fakeTools(mode: "refuse")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try ECSScriptFixtures.run(["--dry-run"], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    #expect(ECSScriptFixtures.calls(bin).isEmpty, "the dry run called \(ECSScriptFixtures.calls(bin))")
    let secrets = bundle.appendingPathComponent("secrets").path
    #expect(ECSScriptFixtures.inOrder(r.stdout, [
        "+ aws sts get-caller-identity",
        "+ aws ecs describe-clusters --region us-east-1 --clusters freshtrack",
        "+ aws ecr describe-images --region us-east-1 --repository-name freshtrack-backend --image-ids imageTag=1.1.0",
        "+ aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "+ docker tag freshtrack-backend:1.1.0 123456789012.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0",
        "+ docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0",
        "+ aws secretsmanager describe-secret --region us-east-1 --secret-id freshtrack/production/rds_password",
        "+ aws secretsmanager put-secret-value --region us-east-1 --secret-id freshtrack/production/rds_password --secret-string file://\(secrets)/rds_password.txt",
        "+ aws secretsmanager create-secret --region us-east-1 --name freshtrack/production/rds_password --secret-string file://\(secrets)/rds_password.txt",
        "+ aws secretsmanager describe-secret --region us-east-1 --secret-id freshtrack/production/stack_auth_secret",
        "+ aws ecs register-task-definition --region us-east-1 --cli-input-json file://\(bundle.path)/aws/task-definition-backend.json",
        "+ aws ecs register-task-definition --region us-east-1 --cli-input-json file://\(bundle.path)/aws/task-definition-worker.json",
        "+ aws ecs describe-services --region us-east-1 --cluster freshtrack --services freshtrack-production-backend",
        "+ aws ecs update-service --region us-east-1 --cluster freshtrack --service freshtrack-production-backend --task-definition '<ARN from register-task-definition backend>'",
        "+ aws ecs create-service --region us-east-1 --cli-input-json file://\(bundle.path)/aws/service-backend.json",
        "+ aws ecs describe-services --region us-east-1 --cluster freshtrack --services freshtrack-production-worker",
        "+ aws ecs wait services-stable --region us-east-1 --cluster freshtrack --services freshtrack-production-backend freshtrack-production-worker",
        "# dry run finished",
    ]), "\(r.stdout)")
    for text in [r.stdout, r.stderr] {
        #expect(!text.contains(ECSScriptFixtures.rdsSentinel) && !text.contains(ECSScriptFixtures.authSentinel))
    }
}

@Test func dryRunWithMissingSecretFilesStillPrintsButFails() throws {
    let bundle = try ECSScriptFixtures.bundle(writeSecrets: false)
    let bin = try ECSScriptFixtures.fakeTools(mode: "refuse")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try ECSScriptFixtures.run(["--dry-run"], bundle: bundle, bin: bin)
    #expect(r.status == 1)
    #expect(r.stderr.contains("missing secret file \(bundle.path)/secrets/rds_password.txt"))
    #expect(r.stdout.contains("+ aws ecs wait services-stable"))
    #expect(ECSScriptFixtures.calls(bin).isEmpty)
}

@Test func unknownOptionIsRefused() throws {
    let bundle = try ECSScriptFixtures.bundle()
    let bin = try ECSScriptFixtures.fakeTools(mode: "refuse")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try ECSScriptFixtures.run(["--dryrun"], bundle: bundle, bin: bin)
    #expect(r.status == 2)
    #expect(r.stderr.contains("unknown option: --dryrun"))
    #expect(ECSScriptFixtures.calls(bin).isEmpty)
}

@Test func realRunAgainstAFakeAWSDeliversSecretsByFileAndRegistersFullARNs() throws {
    let bundle = try ECSScriptFixtures.bundle()
    let bin = try ECSScriptFixtures.fakeTools(mode: "emulate")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let r = try ECSScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    let calls = ECSScriptFixtures.calls(bin).joined(separator: "\n")
    #expect(ECSScriptFixtures.inOrder(calls, [
        "aws sts get-caller-identity", "aws ecs describe-clusters", "aws ecr describe-images",
        // get-login-password and docker login run as one pipeline: either may log first.
        "docker tag", "docker push",
        "aws secretsmanager describe-secret --region us-east-1 --secret-id freshtrack/production/rds_password",
        "aws secretsmanager put-secret-value --region us-east-1 --secret-id freshtrack/production/rds_password",
        "aws secretsmanager describe-secret --region us-east-1 --secret-id freshtrack/production/stack_auth_secret",
        "aws secretsmanager create-secret --region us-east-1 --name freshtrack/production/stack_auth_secret",
        "aws ecs register-task-definition", "aws ecs register-task-definition",
        "aws ecs describe-services", "aws ecs update-service --region us-east-1 --cluster freshtrack --service freshtrack-production-backend --task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/freshtrack-production-backend:7",
        "aws ecs describe-services", "aws ecs create-service --region us-east-1 --cli-input-json file://\(bundle.path)/aws/service-worker.json",
        "aws ecs wait services-stable",
    ]), "\(calls)")
    let pushAt = try #require(calls.range(of: "docker tag"))
    #expect(calls[..<pushAt.lowerBound].contains("aws ecr get-login-password --region us-east-1"))
    #expect(calls[..<pushAt.lowerBound].contains("docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com"))
    // The secret values reached AWS (through file://), and nowhere else.
    let received = bin.appendingPathComponent("received")
    #expect(try String(contentsOf: received.appendingPathComponent("rds_password"), encoding: .utf8) == ECSScriptFixtures.rdsSentinel)
    #expect(try String(contentsOf: received.appendingPathComponent("stack_auth_secret"), encoding: .utf8) == ECSScriptFixtures.authSentinel)
    for text in [r.stdout, r.stderr, calls] {
        #expect(!text.contains(ECSScriptFixtures.rdsSentinel) && !text.contains(ECSScriptFixtures.authSentinel))
        #expect(!text.contains("fake-registry-token"))
    }
    #expect(try String(contentsOf: received.appendingPathComponent("docker-login-stdin"), encoding: .utf8) == "fake-registry-token\n")
    // Registered task definitions carry the full ARNs (with Secrets Manager's suffix).
    let td = try String(contentsOf: received.appendingPathComponent("freshtrack-production-backend.json"), encoding: .utf8)
    #expect(td.contains("\"arn:aws:secretsmanager:us-east-1:123456789012:secret:freshtrack/production/rds_password-AbCdEf\""))
    #expect(td.contains("\"arn:aws:secretsmanager:us-east-1:123456789012:secret:freshtrack/production/stack_auth_secret-XyZ123\""))
    // The bundle's own file is unchanged.
    let original = try String(contentsOf: bundle.appendingPathComponent("aws/task-definition-backend.json"), encoding: .utf8)
    #expect(original.contains("\"arn:aws:secretsmanager:us-east-1:123456789012:secret:freshtrack/production/rds_password\""))
}

@Test func realRunStopsOnTheWrongAccount() throws {
    let bundle = try ECSScriptFixtures.bundle()
    let bin = try ECSScriptFixtures.fakeTools(mode: "emulate")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    // Rewrite the fake so sts answers another account.
    let aws = bin.appendingPathComponent("aws")
    let text = try String(contentsOf: aws, encoding: .utf8)
        .replacingOccurrences(of: "\"sts get-caller-identity\") echo 123456789012", with: "\"sts get-caller-identity\") echo 210987654321")
    try Data(text.utf8).write(to: aws)
    let r = try ECSScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status == 1)
    #expect(r.stderr.contains("credentials are for account 210987654321, the bundle is for 123456789012"))
    #expect(!ECSScriptFixtures.calls(bin).contains { $0.contains("secretsmanager") || $0.contains("register") })
}

@Test func anImageAlreadyInECRIsNotPushedAgainAndSkipPushSkipsTheRegistry() throws {
    let bundle = try ECSScriptFixtures.bundle()
    let bin = try ECSScriptFixtures.fakeTools(mode: "emulate")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    try Data().write(to: bin.appendingPathComponent("image-present"))
    let r = try ECSScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    #expect(r.stdout.contains("is already in ECR; not pushing it again"))
    let calls = ECSScriptFixtures.calls(bin)
    #expect(calls.contains { $0.hasPrefix("aws ecr describe-images") })
    #expect(!calls.contains { $0.hasPrefix("docker") || $0.contains("get-login-password") })

    let dry = try ECSScriptFixtures.run(["--dry-run", "--skip-push"], bundle: bundle, bin: bin)
    #expect(dry.status == 0)
    #expect(dry.stdout.contains("# --skip-push: the image must already be in ECR"))
    #expect(!dry.stdout.contains("docker push") && !dry.stdout.contains("describe-images"))
    #expect(ECSScriptFixtures.calls(bin) == calls, "the dry run called a tool")
}

@Test func withMaxCountTheBackendIsAutoscaledAfterTheServicesExist() throws {
    let bundle = try ECSScriptFixtures.bundle(answers: ECSScriptFixtures.answers(maxCount: 6))
    let bin = try ECSScriptFixtures.fakeTools(mode: "emulate")
    defer { try? FileManager.default.removeItem(at: bundle); try? FileManager.default.removeItem(at: bin) }
    let dry = try ECSScriptFixtures.run(["--dry-run"], bundle: bundle, bin: bin)
    #expect(dry.status == 0, "\(dry.stdout)\n\(dry.stderr)")
    #expect(ECSScriptFixtures.inOrder(dry.stdout, [
        "+ aws ecs create-service",
        "+ aws application-autoscaling register-scalable-target --region us-east-1 --cli-input-json file://\(bundle.path)/aws/scalable-target-backend.json",
        "+ aws application-autoscaling put-scaling-policy --region us-east-1 --cli-input-json file://\(bundle.path)/aws/scaling-policy-backend.json",
        "+ aws ecs wait services-stable",
    ]), "\(dry.stdout)")
    let r = try ECSScriptFixtures.run([], bundle: bundle, bin: bin)
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    let calls = ECSScriptFixtures.calls(bin).joined(separator: "\n")
    #expect(ECSScriptFixtures.inOrder(calls, ["aws ecs create-service", "aws application-autoscaling register-scalable-target",
                                              "aws application-autoscaling put-scaling-policy", "aws ecs wait services-stable"]))
    // Without max_count there is no autoscaling step, even if old files are still there.
    let fixed = try ECSScriptFixtures.bundle()
    defer { try? FileManager.default.removeItem(at: fixed) }
    try FileManager.default.copyItem(at: bundle.appendingPathComponent("aws/scalable-target-backend.json"),
                                     to: fixed.appendingPathComponent("aws/scalable-target-backend.json"))
    let fixedDry = try ECSScriptFixtures.run(["--dry-run"], bundle: fixed, bin: bin)
    #expect(fixedDry.status == 0)
    #expect(!fixedDry.stdout.contains("application-autoscaling"))
}

import DeployKit
import Foundation
import Testing
import TestSupport

@discardableResult
func runBinary(_ args: [String]) throws -> (status: Int32, output: String) {
    let r = try Subprocess.run(WizardPTY.binary, args, stdin: .nullDevice, mergeStderr: true)
    return (r.status, r.stdout)
}

/// Every regular file under `root`, relative paths.
func files(under root: String) -> [String] {
    let fm = FileManager.default
    guard let e = fm.enumerator(atPath: root) else { return [] }
    var out: [String] = []
    while let p = e.nextObject() as? String {
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
    }
    return out.sorted()
}

func mode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
}

/// The wizard walked in a pseudo-terminal for each target, its bundle compared file by file
/// with what `apply --answers` writes from the answers it saved.
@Suite(.serialized)
struct WizardWalkTests {
    typealias P = WizardPTY

    /// Keys for the secrets screen of `target`, given files holding provided secrets.
    static func secretsKeys(_ t: Target, files: [SecretName: String]) -> [String] {
        switch t {
        case .selfhosted:
            // dir, minio, postgres, redis, stack_auth_secret: type the last one.
            return ["Tab", "Tab", "Tab", "Tab", "Right", "Right", "Tab", P.text("typed-Secret-42"), "Tab", P.text("typed-Secret-42")]
        case .digitalocean:
            return ["Tab", "Tab", P.text(files[.doDatabasePassword]!), "Tab", "Tab", "Tab", P.text(files[.spacesAccessKey]!),
                    "Tab", "Tab", P.text(files[.spacesSecretKey]!)]
        case .aws:
            return ["Tab", "Tab", "Tab", P.text(files[.rdsPassword]!)]
        }
    }

    static func detailsKeys(_ t: Target) -> [String] {
        var k = ["CtrlU", P.text("1.1.0"), "Tab", "CtrlU", P.text("track.freshtrack.io")]
        switch t {
        case .selfhosted:
            k += ["Tab", "CtrlU", P.text("ops@freshtrack.io")]
        case .digitalocean:
            k += ["Tab", "CtrlU", P.text("ops@freshtrack.io"),
                  "Tab", "CtrlU", P.text("db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com"),
                  "Tab", "Tab", "Tab", "Tab", "Tab", "CtrlU", P.text("freshtrack-files")]
        case .aws:
            k += ["Tab", "Tab", "CtrlU", P.text("123456789012"),
                  "Tab", "CtrlU", P.text("freshtrack.c9akciq32xyz.us-east-1.rds.amazonaws.com"),
                  "Tab", "Tab", "Tab", "CtrlU", P.text("freshtrack.abc123.ng.0001.use1.cache.amazonaws.com"),
                  "Tab", "CtrlU", P.text("freshtrack-files-prod")]
        }
        return k
    }

    /// After the DigitalOcean fields: "Runs on" → App Platform, then the two required clusters;
    /// every other App Platform setting keeps the default shown.
    static let appPlatformKeys = ["Tab", "Right", "Tab", P.text("freshtrack-pg"), "Tab", P.text("freshtrack-valkey")]

    @Test(arguments: Target.allCases)
    func walkingTheWizardWritesWhatApplyWritesFromItsAnswers(_ t: Target) throws {
        try walkAndApply(t)
    }

    /// DigitalOcean App Platform chosen and filled on the details screen; the bundle
    /// gains do/ and still equals `apply --answers` on the saved answers, byte for byte.
    @Test func walkingTheWizardToAppPlatformWritesWhatApplyWrites() throws {
        let (bundle, answers) = try walkAndApply(.digitalocean, extraDetails: Self.appPlatformKeys)
        #expect(answers.digitalocean?.platform == .appPlatform)
        #expect(answers.digitalocean?.appPlatform == AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey"))
        for f in ["do/app.yaml", "do/deploy-app-platform.sh", "do/README-app-platform.md"] {
            #expect(FileManager.default.fileExists(atPath: bundle + "/" + f), "\(f) missing")
        }
    }

    /// AWS with "Also ECS on Fargate" and its required fields: the bundle gains aws/ and
    /// still equals `apply --answers` on the saved answers.
    @Test func walkingTheWizardToECSWritesWhatApplyWrites() throws {
        let keys = ["Tab", "Right",
                    "Tab", P.text("arn:aws:iam::123456789012:role/freshtrack-ecs-execution"),
                    "Tab", P.text("arn:aws:iam::123456789012:role/freshtrack-ecs-task"),
                    "Tab", P.text("subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829"),
                    "Tab", P.text("sg-0c3d4e5f60718293a"),
                    "Tab", P.text("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/6d0ecf831eec9f09")]
        let (bundle, answers) = try walkAndApply(.aws, extraDetails: keys)
        #expect(answers.aws?.ecs?.subnets == ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"])
        for f in ["aws/task-definition-backend.json", "aws/service-backend.json", "aws/deploy-aws.sh"] {
            #expect(FileManager.default.fileExists(atPath: bundle + "/" + f), "\(f) missing")
        }
    }

    /// `d` on the welcome screen runs the real doctor in the pseudo-terminal and
    /// shows its report; Esc returns to the welcome screen; nothing is written.
    @Test func dOnTheWelcomeScreenRunsDoctor() throws {
        let bundle = try P.tempDir()
        let r = try P.run(cwd: bundle, steps: [
            P.wait("d checks this host"), P.keys("text:d"), P.wait("doctor for target selfhosted"),
            P.wait("Docker Compose v2"), P.keys("Esc"), ["gone": "doctor for target"], P.wait("▸ Start"), P.keys("text:q"),
        ])
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 1)
        #expect(r.leftAltScreen && r.ttyRestored)
        #expect(files(under: bundle).allSatisfy { $0.hasPrefix(".pty-spec-") })
    }

    @discardableResult
    func walkAndApply(_ t: Target, extraDetails: [String] = []) throws -> (bundle: String, answers: Answers) {
        let work = try P.tempDir()
        let bundle = work + "/wizard", again = work + "/apply"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        var provided: [SecretName: String] = [:]
        for name in [SecretName.doDatabasePassword, .spacesAccessKey, .spacesSecretKey, .rdsPassword] {
            let f = work + "/\(name.rawValue).src"
            try "provided-\(name.rawValue)\n".write(toFile: f, atomically: true, encoding: .utf8)
            provided[name] = f
        }
        let steps: [[String: Any]] = P.toNeeds(users: "750", budget: "150") + [
            P.keys("Enter"), P.wait("Recommended deployment target"),
            ["select": t.displayName, "key": "Down", "max": 4], P.keys("Enter"),
            P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"),
            ["keys": Self.detailsKeys(t) + extraDetails], P.keys("Enter"), P.wait("Secrets for"),
            ["keys": Self.secretsKeys(t, files: provided)], P.keys("Enter"),
            P.wait("Write these files"), P.wait("check: no findings"), P.keys("Enter"), P.wait("Bundle written to"), P.keys("Enter"),
        ]
        let r = try P.run(cwd: bundle, steps: steps)
        #expect(r.ok, "failed at step \(r.failedStep); screen:\n\(r.screen)")
        #expect(r.status == 0)
        #expect(r.leftAltScreen && r.ttyRestored)
        #expect(!r.screen.contains("typed-Secret-42"))

        let answersPath = bundle + "/freshtrack-answers.yaml"
        let answersText = try String(contentsOfFile: answersPath, encoding: .utf8)
        #expect(!answersText.contains("typed-Secret-42"))
        let answers = try AnswersCodec.decode(answersText, secretExists: { _, _ in true })
        #expect(answers.resolvedTarget == t)

        // apply --answers on the saved answers, into a fresh directory holding the same
        // secret files (a typed secret exists only as its file).
        let secretsDir = answers.secrets.dir
        try FileManager.default.createDirectory(atPath: again, withIntermediateDirectories: true)
        try Subprocess.run("/bin/cp", ["-a", bundle + "/" + secretsDir, again + "/" + secretsDir])
        let applied = try runBinary(["apply", "--answers", answersPath, "--dir", again])
        #expect(applied.status == 0, "apply failed: \(applied.output)")

        let isSecret: (String) -> Bool = { $0.hasPrefix(secretsDir + "/") }
        let ours = files(under: bundle).filter { !isSecret($0) && !$0.contains(".bak.") }
        let theirs = files(under: again).filter { !isSecret($0) && !$0.contains(".bak.") }
        #expect(ours == theirs)
        for f in ours where theirs.contains(f) {
            let a = FileManager.default.contents(atPath: bundle + "/" + f)
            let b = FileManager.default.contents(atPath: again + "/" + f)
            #expect(a == b, "\(f) differs between the wizard and apply --answers")
            #expect(mode(bundle + "/" + f) == mode(again + "/" + f), "\(f) mode differs")
        }
        let secrets = files(under: bundle).filter(isSecret)
        #expect(!secrets.isEmpty)
        for s in secrets { #expect(mode(bundle + "/" + s) == 0o600, "\(s) must be 0600") }
        #expect(mode(bundle + "/" + secretsDir) == 0o700)
        if t == .selfhosted {
            let typed = FileManager.default.contents(atPath: bundle + "/\(secretsDir)/stack_auth_secret.txt")
            #expect(typed == Data("typed-Secret-42".utf8))
        }
        return (bundle, answers)
    }

    @Test func aSecondRunPrefillsEveryScreenAndChangesNothing() throws {
        let bundle = try P.tempDir()
        let first = try P.run(cwd: bundle, steps: P.toNeeds() + [
            P.keys("Enter"), P.wait("Recommended deployment target"),
            ["select": Target.selfhosted.displayName, "key": "Down", "max": 4], P.keys("Enter"),
            P.wait("Monthly cost at"), P.keys("Enter"), P.wait("Details for"),
            ["keys": Self.detailsKeys(.selfhosted)], P.keys("Enter"), P.wait("Secrets for"), P.keys("Enter"),
            P.wait("Write these files"), P.keys("Enter"), P.wait("Bundle written to"), P.keys("Enter"),
        ])
        #expect(first.ok && first.status == 0, "first run failed at \(first.failedStep):\n\(first.screen)")
        let before = Dictionary(uniqueKeysWithValues: files(under: bundle).map {
            ($0, FileManager.default.contents(atPath: bundle + "/" + $0))
        })
        let second = try P.run(cwd: bundle, steps: [
            P.wait("Previous answers found"), P.keys("Enter"),            // edit the previous answers
            P.wait("Which environment"), P.keys("Enter"),
            P.wait("[750"), P.keys("Enter"),                              // needs pre-filled
            P.wait("Recommended deployment target"), P.keys("Enter"),
            P.wait("Monthly cost at"), P.keys("Enter"),
            P.wait("[track.freshtrack.io"), P.keys("Enter"),              // details pre-filled
            P.wait("kept (file exists)"), P.keys("Enter"),
            P.wait("0 create · 0 update"), P.keys("Enter"),
            P.wait("0 written"), P.keys("Enter"),
        ])
        #expect(second.ok && second.status == 0, "second run failed at \(second.failedStep):\n\(second.screen)")
        let after = Dictionary(uniqueKeysWithValues: files(under: bundle).map {
            ($0, FileManager.default.contents(atPath: bundle + "/" + $0))
        })
        #expect(before == after, "a second run with the same answers must change nothing")
    }
}

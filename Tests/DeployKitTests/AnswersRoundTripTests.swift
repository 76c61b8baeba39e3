import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// Valid answers built from pools that include the YAML traps: strings YAML 1.1 would read
/// as numbers, booleans or null (`1.10`, `1e3`, `yes`, `null`, `0x1F`, `012`), paths with
/// `: `, `#`, quotes, spaces and non-ASCII characters.
struct AnswersGenerator {
    var rng: SplitMix64

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

    static let tags = ["1.1.0", "1.10", "1e3", "2", "yes", "null", "0x1F", "012", "_rc", "v3.0.0-rc.1", "True", "1.0", "1_000", "NULL", "0o17", "0b101", "1e-3"]
    static let domains = ["track.freshtrack.io", "a.b", "x-1.y-2.z", "0.example.net", "yes.no", "null.io",
                          String(repeating: "a", count: 63) + ".io"]
    static let emails = ["ops@freshtrack.io", "a+b@x.io", "first.last@mail.freshtrack.io", "O_K%1@null.io"]
    static let identifiers = ["freshtrack", "doadmin", "yes", "null", "on", "NO", "_x", "ft-prod", "True"]
    static let dirs = ["secrets", "/opt/freshtrack-pro/secrets", "my secrets", "a: b", "#hash", "'quoted'", "\"dq\"",
                       "sécrets/ü", "- dash", "null", "~", "yes", "secrets/", "[x]", "{y}", "&anchor", "*alias", "!tag", "%p", "@at", "`bt`"]
    static let paths = ["/root/p.txt", "/a b/c: d #e", "relative/path", "'q'", "null", "C:\\\\secrets\\\\x", "ü/ñ"]
    static let envs = ["X", "_1", "RDS_PASSWORD", "yes", "null"]

    mutating func source(for name: SecretName) -> SecretSource {
        switch rng.next() % (name.canGenerate ? 3 : 2) {
        case 0: return .file(pick(Self.paths))
        case 1: return .env(pick(Self.envs))
        default: return .generate
        }
    }

    mutating func next() -> Answers {
        let environment = pick(DeployEnvironment.allCases)
        let target: TargetChoice = chance(25) ? .recommended : .explicit(pick(Target.allCases))
        let needs = Needs(users: pick([1, 2, 499, 500, 999, 1000, 1200, 50_000, Int.max]),
                          budgetUSDPerMonth: pick([0, 1, 44, 110, 120, 10_000]),
                          compliance: pick(Compliance.allCases), traffic: pick(Traffic.allCases),
                          multiRegion: chance(50))
        let resolved: Target? = { if case .explicit(let t) = target { return t } else { return nil } }()
        let caddy = resolved == nil || resolved == .selfhosted || resolved == .digitalocean
        let email: String? = caddy && environment != .dev ? pick(Self.emails) : (chance(50) ? pick(Self.emails) : nil)
        let domain = environment == .dev && chance(30) ? "localhost" : pick(Self.domains)
        let app = AppSettings(version: pick(Self.tags), domain: domain, acmeEmail: email)
        let needDO = resolved == nil || resolved == .digitalocean || chance(30)
        let needAWS = resolved == nil || resolved == .aws || chance(30)
        let digitalocean = needDO ? DigitalOceanSettings(
            databaseHost: pick(Self.domains), databasePort: pick([1, 5432, 25060, 65535]),
            databaseName: pick(Self.identifiers), databaseUser: pick(Self.identifiers),
            spacesRegion: pick(FieldRules.spacesRegions), spacesBucket: pick(["abc", "freshtrack-files", "0-9", "123"])) : nil
        let region = pick(FieldRules.awsRegions)
        let aws = needAWS ? AWSSettings(
            region: region, accountID: pick(["123456789012", "000000000001", "012345678901"]),
            rdsEndpoint: "freshtrack.c9akciq32xyz.\(region).rds.amazonaws.com", databaseName: pick(Self.identifiers),
            databaseUser: pick(Self.identifiers), elasticacheEndpoint: pick(Self.domains),
            s3Bucket: pick(["abc", "freshtrack-files-prod", "a.b.c", "1-2.3"])) : nil
        var sources: [SecretName: SecretSource] = [:]
        for name in SecretName.allCases where chance(40) { sources[name] = source(for: name) }
        return Answers(version: 1, environment: environment, needs: needs, target: target, app: app,
                       digitalocean: digitalocean, aws: aws,
                       secrets: SecretsSettings(dir: pick(Self.dirs), sources: sources))
    }
}

@Test func encodeThenDecodeGivesBackTheSameAnswers() throws {
    var generator = AnswersGenerator(rng: SplitMix64(state: 0x5EED_F2E5_7AC0))
    var seenTargets: Set<String> = [], seenSources = 0
    for index in 0..<500 {
        let answers = generator.next()
        let text = AnswersCodec.encode(answers)
        // Operator secrets are taken as existing files, so only the encoding is under test.
        let decoded: Answers
        do {
            decoded = try AnswersCodec.decode(text, secretExists: { _, _ in true })
        } catch {
            Issue.record("case \(index) did not decode:\n\(error)\n--- text ---\n\(text)")
            continue
        }
        #expect(decoded == answers, "case \(index):\n\(text)")
        #expect(AnswersCodec.encode(decoded) == text, "case \(index) is not stable")
        seenTargets.insert(answers.target.yamlValue)
        seenSources += answers.secrets.sources.count
    }
    // The generator really covers the space.
    #expect(seenTargets == ["recommended", "selfhosted", "digitalocean", "aws"])
    #expect(seenSources > 500)
}

/// PyYAML (an independent YAML 1.1 reader) reads every encoded file to the same values:
/// the canonical file means the same thing to the operator's other tools as to `decode`.
@Test func pyYAMLReadsEncodedAnswersToTheSameValues() throws {
    var generator = AnswersGenerator(rng: SplitMix64(state: 0xC0FFEE))
    let all = (0..<150).map { _ in generator.next() }
    let stream = all.map { "---\n" + AnswersCodec.encode($0) }.joined()
    let python = try Subprocess.python3(["-c", "import sys, json, yaml; json.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout)"],
                                        stdin: .text(stream))
    try #require(python.status == 0, "python3 with PyYAML is needed (scripts/test installs it)")
    let docs = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String: Any]])
    try #require(docs.count == all.count)
    for (a, doc) in zip(all, docs) {
        let needs = doc["needs"] as? [String: Any], app = doc["app"] as? [String: Any]
        let secrets = doc["secrets"] as? [String: Any]
        #expect(doc["version"] as? Int == 1)
        #expect(doc["environment"] as? String == a.environment.rawValue)
        #expect(doc["target"] as? String == a.target.yamlValue)
        #expect(needs?["users"] as? Int == a.needs.users)
        #expect(needs?["budget_usd_per_month"] as? Int == a.needs.budgetUSDPerMonth)
        #expect(needs?["multi_region"] as? Bool == a.needs.multiRegion)
        #expect(app?["version"] as? String == a.app.version)
        #expect(app?["domain"] as? String == a.app.domain)
        #expect(app?["acme_email"] as? String == a.app.acmeEmail)
        #expect(secrets?["dir"] as? String == a.secrets.dir)
        let sources = secrets?["sources"] as? [String: String] ?? [:]
        #expect(sources == Dictionary(uniqueKeysWithValues: a.secrets.sources.map { ($0.key.rawValue, $0.value.yamlValue) }))
        if let d = a.digitalocean {
            let o = doc["digitalocean"] as? [String: Any]
            #expect(o?["database_name"] as? String == d.databaseName)
            #expect(o?["database_user"] as? String == d.databaseUser)
            #expect(o?["database_port"] as? Int == d.databasePort)
            #expect(o?["spaces_bucket"] as? String == d.spacesBucket)
        } else {
            #expect(doc["digitalocean"] == nil)
        }
        if let w = a.aws {
            let o = doc["aws"] as? [String: Any]
            #expect(o?["account_id"] as? String == w.accountID)
            #expect(o?["database_user"] as? String == w.databaseUser)
            #expect(o?["s3_bucket"] as? String == w.s3Bucket)
        } else {
            #expect(doc["aws"] == nil)
        }
    }
}

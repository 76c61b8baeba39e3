import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// One rule, one text, and whether the rule must accept it.
struct RuleCase: CustomTestStringConvertible, Sendable {
    let rule: String
    let text: String
    let ok: Bool
    /// A fragment the problem message must contain (only for refused values).
    let says: String?
    var testDescription: String { "\(rule)(\(text.debugDescription)) \(ok ? "accepted" : "refused")" }

    init(_ rule: String, _ text: String, _ ok: Bool, _ says: String? = nil) {
        self.rule = rule
        self.text = text
        self.ok = ok
        self.says = says
    }

    /// Runs the named rule; `nil` problem means accepted.
    func run() -> FieldProblem? {
        func p<T>(_ r: Result<T, FieldProblem>) -> FieldProblem? {
            if case .failure(let e) = r { return e }
            return nil
        }
        switch rule {
        case "users": return p(FieldRules.users(text))
        case "budget": return p(FieldRules.budget(text))
        case "port": return p(FieldRules.port(text))
        case "schemaVersion": return p(FieldRules.schemaVersion(text))
        case "environment": return p(FieldRules.environment(text))
        case "compliance": return p(FieldRules.compliance(text))
        case "traffic": return p(FieldRules.traffic(text))
        case "target": return p(FieldRules.target(text))
        case "flag": return p(FieldRules.flag(text))
        case "imageTag": return p(FieldRules.imageTag(text))
        case "domain": return p(FieldRules.domain(text, environment: .production))
        case "domainDev": return p(FieldRules.domain(text, environment: .dev))
        case "hostname": return p(FieldRules.hostname(text))
        case "acmeEmail": return p(FieldRules.acmeEmail(text))
        case "acmeDirectory": return p(FieldRules.acmeDirectory(text))
        case "databaseName": return p(FieldRules.databaseName(text))
        case "databaseUser": return p(FieldRules.databaseUser(text))
        case "awsRegion": return p(FieldRules.awsRegion(text))
        case "awsAccountID": return p(FieldRules.awsAccountID(text))
        case "s3Bucket": return p(FieldRules.s3Bucket(text))
        case "spacesRegion": return p(FieldRules.spacesRegion(text))
        case "spacesBucket": return p(FieldRules.spacesBucket(text))
        case "secretsDir": return p(FieldRules.secretsDir(text))
        case "sourceRDS": return p(FieldRules.secretSource(text, for: .rdsPassword))
        case "sourceRedis": return p(FieldRules.secretSource(text, for: .redisPassword))
        default: Issue.record("no rule \(rule)"); return FieldProblem("?")
        }
    }
}

let ruleCases: [RuleCase] = [
    .init("users", "1", true), .init("users", "1200", true), .init("users", "0", false, ">= 1"),
    .init("users", "-3", false, ">= 1"), .init("users", "12.5", false, "whole number"),
    .init("users", "abc", false, "whole number"), .init("users", "", false, "whole number"),
    .init("users", "99999999999999999999999", false, "too large"),
    .init("budget", "0", true), .init("budget", "120", true), .init("budget", "-1", false, ">= 0"),
    .init("port", "1", true), .init("port", "25060", true), .init("port", "65535", true),
    .init("port", "0", false, "1 to 65535"), .init("port", "65536", false, "1 to 65535"),
    .init("schemaVersion", "1", true), .init("schemaVersion", "2", false, "must be 1"),
    .init("environment", "production", true), .init("environment", "staging", true), .init("environment", "dev", true),
    .init("environment", "prod", false, "production, staging, dev"),
    .init("environment", "stagign", false, "did you mean `staging`"),
    .init("compliance", "hipaa", true), .init("compliance", "soc2", true), .init("compliance", "none", true),
    .init("compliance", "hippa", false, "did you mean `hipaa`"), .init("compliance", "pci", false, "none, hipaa, soc2"),
    .init("traffic", "spiky", true), .init("traffic", "bursty", false, "steady, growing, spiky"),
    .init("target", "recommended", true), .init("target", "aws", true), .init("target", "digitalocean", true),
    .init("target", "selfhosted", true), .init("target", "digital-ocean", false, "did you mean `digitalocean`"),
    .init("target", "gcp", false, "recommended, selfhosted, digitalocean, aws"),
    .init("flag", "true", true), .init("flag", "false", true), .init("flag", "maybe", false, "true or false"),
    .init("imageTag", "1.1.0", true), .init("imageTag", "v2.0.0-rc.1", true), .init("imageTag", "_build_7", true),
    .init("imageTag", String(repeating: "a", count: 128), true),
    .init("imageTag", "latest", false, "latest"), .init("imageTag", "LATEST", false, "latest"),
    .init("imageTag", "", false, "must not be empty"), .init("imageTag", ".hidden", false, "starts with"),
    .init("imageTag", "-rc", false, "starts with"), .init("imageTag", "1.0 beta", false, "not allowed"),
    .init("imageTag", "1.0:2", false, "not allowed"), .init("imageTag", String(repeating: "a", count: 129), false, "129"),
    .init("domain", "track.example.com", true), .init("domain", "a-b.c0.io", true),
    .init("domain", "localhost", false, "at least one dot"), .init("domainDev", "localhost", true),
    .init("domain", "Track.Example.com", false, "lowercase"), .init("domain", "-a.example.com", false, "'-'"),
    .init("domain", "a-.example.com", false, "'-'"), .init("domain", "a..example.com", false, "empty label"),
    .init("domain", ".example.com", false, "empty label"), .init("domain", "example.com.", false, "trailing dot"),
    .init("domain", "under_score.example.com", false, "a-z, 0-9"),
    .init("domain", "https://track.example.com", false, "bare host name"),
    .init("domain", "track.example.com:443", false, "bare host name"),
    .init("domain", "10.0.0.5", false, "IP address"), .init("domain", "", false, "must not be empty"),
    .init("domain", String(repeating: "a", count: 64) + ".com", false, "64 characters"),
    .init("domain", String(repeating: "a", count: 63) + ".com", true),
    .init("domain", Array(repeating: String(repeating: "a", count: 50), count: 5).joined(separator: ".") + ".com", false, "258 characters"),
    .init("hostname", "freshtrack.abc123.0001.use1.cache.amazonaws.com", true),
    .init("hostname", "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", true),
    .init("hostname", "dbhost", false, "at least one dot"),
    .init("acmeEmail", "ops@freshtrack.io", true), .init("acmeEmail", "first.last+tls@Mail.Freshtrack.io", true),
    .init("acmeEmail", "ops@example.com", false, "Let's Encrypt"), .init("acmeEmail", "ops@mail.example.org", false, "Let's Encrypt"),
    .init("acmeEmail", "ops", false, "exactly one '@'"), .init("acmeEmail", "a@b@c.io", false, "exactly one '@'"),
    .init("acmeEmail", "@freshtrack.io", false, "before '@'"), .init("acmeEmail", "ops.@freshtrack.io", false, "before '@'"),
    .init("acmeEmail", "o..ps@freshtrack.io", false, "before '@'"), .init("acmeEmail", "o ps@freshtrack.io", false, "before '@'"),
    .init("acmeEmail", "ops@localhost", false, "domain after '@'"), .init("acmeEmail", "", false, "must not be empty"),
    .init("acmeDirectory", ACMEDirectory.letsEncrypt, true), .init("acmeDirectory", ACMEDirectory.letsEncryptStaging, true),
    .init("acmeDirectory", "https://acme.freshtrack.test:14000/dir", true),
    .init("acmeDirectory", "https://ACME.Internal.example.net/acme/directory?x=1", true),
    .init("acmeDirectory", "http://acme.freshtrack.test/dir", false, "must start with https://"),
    .init("acmeDirectory", "https://acme.freshtrack.test", false, "no path"),
    .init("acmeDirectory", "https://acme.freshtrack.test/", false, "no path"),
    .init("acmeDirectory", "https://acme.freshtrack.test:0/dir", false, "bad port"),
    .init("acmeDirectory", "https://acme.freshtrack.test:99999/dir", false, "bad port"),
    .init("acmeDirectory", "https://acme.freshtrack.test:+443/dir", false, "bad port"),
    .init("acmeDirectory", "https://acme/dir", false, "bad host"),
    .init("acmeDirectory", "https://user:pw@acme.freshtrack.test/dir", false, "user name or password"),
    .init("acmeDirectory", "https://10.0.0.5:9000/dir", false, "https://HOST[:PORT]/PATH"),
    .init("acmeDirectory", "https://acme.test/{$HOME}", false, "brace"),
    .init("acmeDirectory", "https://acme.test/a b", false, "space"),
    .init("acmeDirectory", "", false, "must not be empty"),
    .init("databaseName", "freshtrack", true), .init("databaseName", "_ft_2", true), .init("databaseName", "ft-prod", true),
    .init("databaseName", "", false, "must not be empty"), .init("databaseName", "2ft", false, "starting with a letter"),
    .init("databaseName", "ft prod", false, "A-Z"), .init("databaseName", String(repeating: "d", count: 64), false, "64"),
    .init("databaseUser", "doadmin", true), .init("databaseUser", "user;drop", false, "database user name"),
    .init("awsRegion", "us-east-1", true), .init("awsRegion", "eu-central-2", true), .init("awsRegion", "us-gov-west-1", true),
    .init("awsRegion", "ap-southeast-4", true), .init("awsRegion", "us-east-3", false, "not an AWS region"),
    .init("awsRegion", "us-east1", false, "did you mean `us-east-1`"), .init("awsRegion", "US-EAST-1", false, "us-east-1"),
    .init("awsRegion", "useast", false, "did you mean `us-east-1`"), .init("awsRegion", "mars-north-1", false, "Known: af-south-1"),
    .init("awsAccountID", "123456789012", true), .init("awsAccountID", "012345678901", true),
    .init("awsAccountID", "12345678901", false, "exactly 12 digits"), .init("awsAccountID", "1234567890123", false, "12 digits"),
    .init("awsAccountID", "12345678901a", false, "12 digits"),
    .init("s3Bucket", "freshtrack-files-prod", true), .init("s3Bucket", "a.b-c", true), .init("s3Bucket", "abc", true),
    .init("s3Bucket", String(repeating: "b", count: 63), true),
    .init("s3Bucket", "ab", false, "2 characters"), .init("s3Bucket", String(repeating: "b", count: 64), false, "64"),
    .init("s3Bucket", "Freshtrack", false, "capitals"), .init("s3Bucket", "fresh_track", false, "a-z, 0-9"),
    .init("s3Bucket", "-fresh", false, "start and end"), .init("s3Bucket", "fresh.", false, "start and end"),
    .init("s3Bucket", "fresh..track", false, ".."), .init("s3Bucket", "192.168.5.4", false, "IP address"),
    .init("s3Bucket", "xn--fresh", false, "xn--"), .init("s3Bucket", "sthree-fresh", false, "sthree-"),
    .init("s3Bucket", "amzn-s3-demo-bucket", false, "amzn-s3-demo-"), .init("s3Bucket", "fresh-s3alias", false, "-s3alias"),
    .init("s3Bucket", "fresh--ol-s3", false, "--ol-s3"), .init("s3Bucket", "fresh.mrap", false, ".mrap"),
    .init("s3Bucket", "fresh--x-s3", false, "--x-s3"), .init("s3Bucket", "fresh--table-s3", false, "--table-s3"),
    .init("spacesRegion", "nyc3", true), .init("spacesRegion", "sfo2", true), .init("spacesRegion", "sfo3", true),
    .init("spacesRegion", "ams3", true), .init("spacesRegion", "sgp1", true), .init("spacesRegion", "fra1", true),
    .init("spacesRegion", "syd1", true), .init("spacesRegion", "blr1", true), .init("spacesRegion", "lon1", true),
    .init("spacesRegion", "tor1", true), .init("spacesRegion", "atl1", true),
    .init("spacesRegion", "nyc1", false, "Spaces region"), .init("spacesRegion", "nyc", false, "did you mean `nyc3`"),
    .init("spacesBucket", "freshtrack-files", true), .init("spacesBucket", "abc", true),
    .init("spacesBucket", "fresh.files", false, "no '.'"), .init("spacesBucket", "Fresh", false, "no capitals"),
    .init("spacesBucket", "ab", false, "2 characters"), .init("spacesBucket", "files-", false, "start and end"),
    .init("secretsDir", "secrets", true), .init("secretsDir", "/opt/freshtrack-pro/secrets", true),
    .init("secretsDir", "my secrets", true), .init("secretsDir", "", false, "must not be empty"),
    .init("secretsDir", "sec\u{0}rets", false, "NUL"), .init("secretsDir", "sec\nrets", false, "control"),
    .init("secretsDir", "./secrets/", true), .init("secretsDir", "../etc", false, "must not contain \"..\""),
    .init("secretsDir", "a/../../b", false, "must not contain \"..\""), .init("secretsDir", ".", false, "is not allowed"),
    .init("secretsDir", "/", false, "is not allowed"), .init("secretsDir", ".//", false, "is not allowed"),
    .init("sourceRDS", "file:/root/rds.txt", true), .init("sourceRDS", "env:RDS_PASSWORD", true),
    .init("sourceRDS", "env:_x1", true),
    .init("sourceRDS", "generate", false, "cannot be generated"), .init("sourceRDS", "file:", false, "no path"),
    .init("sourceRDS", "env:", false, "variable name"), .init("sourceRDS", "env:1ABC", false, "variable name"),
    .init("sourceRDS", "env:RDS-PASSWORD", false, "variable name"), .init("sourceRDS", "hunter2", false, "not a secret source"),
    .init("sourceRedis", "generate", true),
]

@Test(arguments: ruleCases)
func fieldRule(_ c: RuleCase) {
    let problem = c.run()
    if c.ok {
        #expect(problem == nil, "unexpected problem: \(problem?.message ?? "")")
    } else {
        #expect(problem != nil)
        if let says = c.says, let problem {
            #expect(problem.message.contains(says), "message \(problem.message.debugDescription) lacks \(says.debugDescription)")
        }
    }
}

@Test func acceptedValuesAreReturnedUnchanged() throws {
    #expect(try FieldRules.users("1200").get() == 1200)
    #expect(try FieldRules.target("aws").get() == .explicit(.aws))
    #expect(try FieldRules.target("recommended").get() == .recommended)
    #expect(try FieldRules.secretSource("file:/root/p.txt", for: .rdsPassword).get() == .file("/root/p.txt"))
    #expect(try FieldRules.secretSource("env:RDS_PW", for: .rdsPassword).get() == .env("RDS_PW"))
    #expect(try FieldRules.imageTag("1.1.0").get() == "1.1.0")
}

/// A refused secret source never repeats what was typed (it may be the secret itself).
@Test(arguments: ["S3NTINEL-hunter2", "env:S3NTINEL-bad", "generate"])
func secretSourceProblemNeverEchoesText(_ text: String) throws {
    let problem = try #require(FieldRules.secretSource(text, for: .spacesSecretKey).failure)
    #expect(!problem.message.contains("S3NTINEL"))
}

struct SuggestionCase: Sendable, CustomTestStringConvertible {
    let input: String
    let among: [String]
    let expected: String?
    var testDescription: String { "\(input) -> \(expected ?? "nil")" }
}

@Test(arguments: [
    SuggestionCase(input: "multiregion", among: AnswersSchema.needsKeys, expected: "multi_region"),
    SuggestionCase(input: "budget", among: AnswersSchema.needsKeys, expected: "budget_usd_per_month"),
    SuggestionCase(input: "user", among: AnswersSchema.needsKeys, expected: "users"),
    SuggestionCase(input: "acme-email", among: AnswersSchema.appKeys, expected: "acme_email"),
    SuggestionCase(input: "email", among: AnswersSchema.appKeys, expected: "acme_email"),
    SuggestionCase(input: "rds_pasword", among: SecretName.allCases.map(\.rawValue), expected: "rds_password"),
    SuggestionCase(input: "enviroment", among: AnswersSchema.rootKeys, expected: "environment"),
    SuggestionCase(input: "zzzzzz", among: AnswersSchema.rootKeys, expected: nil),
    SuggestionCase(input: "x", among: AnswersSchema.rootKeys, expected: nil),
])
func didYouMean(_ c: SuggestionCase) {
    #expect(FieldRules.suggestion(for: c.input, among: c.among) == c.expected)
}

/// The AWS region list in assets/regions.yaml is exactly botocore's commercial, GovCloud and
/// China partitions: no invented region, none missing.
@Test func awsRegionsMatchBotocore() throws {
    let script = """
        import botocore, json, os
        d = json.load(open(os.path.join(os.path.dirname(botocore.__file__), 'data', 'endpoints.json')))
        print('\\n'.join(sorted(r for p in d['partitions'] if p['partition'] in ('aws', 'aws-us-gov', 'aws-cn') for r in p['regions'])))
        """
    let python = try Subprocess.python3(["-c", script])
    try #require(python.status == 0, "python3 with botocore is needed (scripts/test installs it)")
    let botocore = Set(python.stdout.split(separator: "\n").map(String.init))
    #expect(botocore.count > 30)
    #expect(Set(FieldRules.awsRegions) == botocore)
}

@Test func spacesRegionsAreTheDocumentedOnes() {
    // DigitalOcean's Spaces availability page (generated 2026-03-23), Standard Storage row.
    #expect(Set(FieldRules.spacesRegions) == ["nyc3", "ams3", "sfo2", "sfo3", "sgp1", "lon1", "fra1", "tor1", "blr1", "syd1", "atl1"])
}

extension Result {
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}

import Foundation
import Testing
@testable import DeployKit

/// A complete, valid answers file for the self-hosted target, with the sections of the two
/// other targets kept (allowed: a target switch keeps the operator's endpoints).
let validAnswersYAML = """
    version: 1
    environment: production
    needs:
      users: 1200
      budget_usd_per_month: 120
      compliance: none
      traffic: steady
      multi_region: false
    target: selfhosted
    app:
      version: "1.1.0"
      domain: track.freshtrack.io
      acme_email: ops@freshtrack.io
    digitalocean:
      database_host: db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com
      database_port: 25060
      database_name: freshtrack
      database_user: doadmin
      spaces_region: nyc3
      spaces_bucket: freshtrack-files
    aws:
      region: us-east-1
      account_id: "123456789012"
      rds_endpoint: freshtrack.abc123xyz.us-east-1.rds.amazonaws.com
      database_name: freshtrack
      database_user: freshtrack
      elasticache_endpoint: freshtrack.abc123.0001.use1.cache.amazonaws.com
      s3_bucket: freshtrack-files-prod
    secrets:
      dir: secrets
      sources:
        rds_password: file:/root/rds-password.txt

    """

/// `yaml` with the one line that is exactly `old` (indentation included) replaced.
func edited(_ old: String, _ new: String) -> String { edited(validAnswersYAML, old, new) }

/// `yaml` with the one line that is exactly `old` (indentation included) replaced.
func edited(_ yaml: String, _ old: String, _ new: String) -> String {
    var lines = yaml.components(separatedBy: "\n")
    let hits = lines.indices.filter { lines[$0] == old }
    precondition(hits.count == 1, "line \(old.debugDescription) found \(hits.count) times")
    lines[hits[0]] = new
    return lines.joined(separator: "\n")
}

/// The issues of decoding `yaml` (empty when it decodes).
func issues(_ yaml: String, exists: (String, SecretName) -> Bool = { _, _ in false }) -> [AnswersIssue] {
    do {
        _ = try AnswersCodec.decode(yaml, secretExists: exists)
        return []
    } catch {
        return error.issues
    }
}

@Test func validFileDecodesToTheExpectedValue() throws {
    let a = try AnswersCodec.decode(validAnswersYAML)
    #expect(a == Answers(
        version: 1, environment: .production,
        needs: Needs(users: 1200, budgetUSDPerMonth: 120, compliance: .none, traffic: .steady, multiRegion: false),
        target: .explicit(.selfhosted),
        app: AppSettings(version: "1.1.0", domain: "track.freshtrack.io", acmeEmail: "ops@freshtrack.io"),
        digitalocean: DigitalOceanSettings(
            databaseHost: "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", databasePort: 25060,
            databaseName: "freshtrack", databaseUser: "doadmin", spacesRegion: "nyc3", spacesBucket: "freshtrack-files"),
        aws: AWSSettings(
            region: "us-east-1", accountID: "123456789012",
            rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com", databaseName: "freshtrack",
            databaseUser: "freshtrack", elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
            s3Bucket: "freshtrack-files-prod"),
        secrets: SecretsSettings(dir: "secrets", sources: [.rdsPassword: .file("/root/rds-password.txt")])))
}

@Test func defaultsApplyWhenOptionalKeysAreLeftOut() throws {
    let a = try AnswersCodec.decode("""
        version: 1
        needs:
          users: 10
          budget_usd_per_month: 0
        target: selfhosted
        app:
          version: "2.0.0"
          domain: track.freshtrack.io
          acme_email: ops@freshtrack.io
        """)
    #expect(a.environment == .production)
    #expect(a.needs == Needs(users: 10, budgetUSDPerMonth: 0, compliance: .none, traffic: .steady, multiRegion: false))
    #expect(a.secrets == SecretsSettings(dir: "secrets", sources: [:]))
    #expect(a.digitalocean == nil && a.aws == nil)
    let port = try AnswersCodec.decode(edited("  database_port: 25060", ""))
    #expect(port.digitalocean?.databasePort == 25060)
}

/// One edit of the valid file, the path it must be reported at and a fragment of the message.
struct BadEdit: Sendable, CustomTestStringConvertible {
    let old: String, new: String, path: String, says: String
    var testDescription: String { "\(path): \(new)" }
    init(_ old: String, _ new: String, _ path: String, _ says: String) {
        self.old = old; self.new = new; self.path = path; self.says = says
    }
}

@Test(arguments: [
    BadEdit("version: 1", "version: 2", "version", "must be 1"),
    BadEdit("version: 1", "", "version", "is required"),
    BadEdit("environment: production", "environment: prod", "environment", "production, staging, dev"),
    BadEdit("  users: 1200", "  users: 0", "needs.users", ">= 1"),
    BadEdit("  users: 1200", "  users: \"1200\"", "needs.users", "without quotes"),
    BadEdit("  users: 1200", "  users: 12.5", "needs.users", "whole number"),
    BadEdit("  users: 1200", "  users: many", "needs.users", "whole number"),
    BadEdit("  users: 1200", "", "needs.users", "is required"),
    BadEdit("  budget_usd_per_month: 120", "  budget_usd_per_month: -5", "needs.budget_usd_per_month", ">= 0"),
    BadEdit("  budget_usd_per_month: 120", "  budget_usd_per_month: \"lots\"", "needs.budget_usd_per_month", "whole number >= 0"),
    BadEdit("  compliance: none", "  compliance: hippa", "needs.compliance", "did you mean `hipaa`"),
    BadEdit("  traffic: steady", "  traffic: [steady]", "needs.traffic", "not a list"),
    BadEdit("  multi_region: false", "  multi_region: \"false\"", "needs.multi_region", "without quotes"),
    BadEdit("  multi_region: false", "  multi_region: 2", "needs.multi_region", "true or false"),
    BadEdit("target: selfhosted", "target: kubernetes", "target", "recommended, selfhosted, digitalocean, aws"),
    BadEdit("  version: \"1.1.0\"", "  version: latest", "app.version", "latest"),
    BadEdit("  version: \"1.1.0\"", "  version: \"\"", "app.version", "must not be empty"),
    BadEdit("  version: \"1.1.0\"", "  version: 1.10", "app.version", "put it in quotes"),
    BadEdit("  domain: track.freshtrack.io", "  domain: track..freshtrack.io", "app.domain", "empty label"),
    BadEdit("  domain: track.freshtrack.io", "  domain: localhost", "app.domain", "at least one dot"),
    BadEdit("  acme_email: ops@freshtrack.io", "  acme_email: ops-at-freshtrack.io", "app.acme_email", "'@'"),
    BadEdit("  acme_email: ops@freshtrack.io", "", "app.acme_email", "Let's Encrypt"),
    BadEdit("  database_host: db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", "  database_host: db_host",
            "digitalocean.database_host", "RFC 1123"),
    BadEdit("  database_port: 25060", "  database_port: 70000", "digitalocean.database_port", "1 to 65535"),
    BadEdit("  database_port: 25060", "  database_port: \"25060\"", "digitalocean.database_port", "without quotes"),
    BadEdit("  database_user: doadmin", "  database_user: yes", "digitalocean.database_user", "put it in quotes"),
    BadEdit("  spaces_region: nyc3", "  spaces_region: nyc1", "digitalocean.spaces_region", "Spaces region"),
    BadEdit("  spaces_bucket: freshtrack-files", "  spaces_bucket: freshtrack.files", "digitalocean.spaces_bucket", "no '.'"),
    BadEdit("  region: us-east-1", "  region: us-east-7", "aws.region", "not an AWS region"),
    BadEdit("  account_id: \"123456789012\"", "  account_id: 123456789012", "aws.account_id", "quote it"),
    BadEdit("  account_id: \"123456789012\"", "  account_id: 012345678901", "aws.account_id", "leading zeros"),
    BadEdit("  account_id: \"123456789012\"", "  account_id: \"12345\"", "aws.account_id", "12 digits"),
    BadEdit("  rds_endpoint: freshtrack.abc123xyz.us-east-1.rds.amazonaws.com",
            "  rds_endpoint: freshtrack.abc123xyz.eu-west-1.rds.amazonaws.com", "aws.rds_endpoint", "aws.region is us-east-1"),
    BadEdit("  s3_bucket: freshtrack-files-prod", "  s3_bucket: amzn-s3-demo-files", "aws.s3_bucket", "amzn-s3-demo-"),
    BadEdit("  s3_bucket: freshtrack-files-prod", "  s3_bucket: files--x-s3", "aws.s3_bucket", "--x-s3"),
    BadEdit("  dir: secrets", "  dir: \"\"", "secrets.dir", "must not be empty"),
    BadEdit("  dir: secrets", "  dir: \"a\\0b\"", "secrets.dir", "NUL"),
    BadEdit("  dir: secrets", "  dir: ../etc", "secrets.dir", "must not contain \"..\""),
    BadEdit("  dir: secrets", "  dir: /", "secrets.dir", "is not allowed"),
    BadEdit("    rds_password: file:/root/rds-password.txt", "    rds_pasword: file:/root/rds-password.txt",
            "secrets.sources.rds_pasword", "did you mean `rds_password`"),
    BadEdit("    rds_password: file:/root/rds-password.txt", "    rds_password: generate",
            "secrets.sources.rds_password", "cannot be generated"),
    BadEdit("    rds_password: file:/root/rds-password.txt", "    redis_password: env:2BAD",
            "secrets.sources.redis_password", "variable name"),
    BadEdit("  users: 1200", "  userz: 1200", "needs.userz", "did you mean `users`"),
    BadEdit("target: selfhosted", "targte: selfhosted", "targte", "did you mean `target`"),
    BadEdit("  acme_email: ops@freshtrack.io", "  acme-email: ops@freshtrack.io", "app.acme-email", "did you mean `acme_email`"),
])
func eachBadValueIsReportedAtItsPath(_ e: BadEdit) {
    let found = issues(edited(e.old, e.new))
    let atPath = found.filter { $0.path == e.path }
    #expect(!atPath.isEmpty, "no issue at \(e.path); got \(found.map(\.description))")
    #expect(atPath.contains { $0.message.contains(e.says) }, "\(atPath.map(\.description)) lacks \(e.says.debugDescription)")
}

@Test func everyProblemIsReportedAtOnceWithLines() {
    let yaml = """
        version: 3
        enviroment: production
        needs:
          users: 0
          budget_usd_per_month: "lots"
          compliance: hippa
          traffic: steady
          multi_region: maybe
        target: digitalocean
        app:
          version: latest
          domain: Track.Example.com
          acme_email: not-an-address
        aws:
          region: us-east-7
          account_id: 123456789012
          rds_endpoint: rds
          database_name: freshtrack
          database_user: freshtrack
          elasticache_endpoint: cache.example.com
          s3_bucket: Bad_Bucket
        secrets:
          dir: secrets
          sources:
            rds_pasword: file:/x

        """
    let found = issues(yaml)
    let expected: [(String, Int?)] = [
        ("version", 1), ("enviroment", 2), ("needs.users", 4), ("needs.budget_usd_per_month", 5),
        ("needs.compliance", 6), ("needs.multi_region", 8), ("app.version", 11), ("app.domain", 12),
        ("app.acme_email", 13), ("aws.region", 15), ("aws.account_id", 16), ("aws.rds_endpoint", 17),
        ("aws.s3_bucket", 21), ("secrets.sources.rds_pasword", 25),
        ("digitalocean", nil),  // the target is digitalocean and the section is missing
    ]
    for (path, line) in expected {
        #expect(found.contains { $0.path == path && $0.line == line }, "missing \(path) at line \(line.map(String.init) ?? "-")")
    }
    // Required operator secrets of digitalocean with no source and no file: all three named.
    for name in ["do_database_password", "spaces_access_key", "spaces_secret_key"] {
        #expect(found.contains { $0.path == "secrets.sources.\(name)" && $0.message.contains("file:PATH") && $0.message.contains("env:NAME") })
    }
    #expect(found.count == expected.count + 3, "\(found.map(\.description).joined(separator: "\n"))")
    // In file order.
    let lines = found.compactMap(\.line)
    #expect(lines == lines.sorted())
    // Each message shows the value as written.
    #expect(found.first { $0.path == "needs.users" }?.description == "needs.users (line 4): \"0\" must be a whole number >= 1 (expected active users)")
}

@Test func secretTextNeverAppearsInIssues() {
    let sentinel = "S3NTINEL-9f8e7d6c"
    let yaml = edited("    rds_password: file:/root/rds-password.txt", """
            rds_password: \(sentinel)
            spaces_access_key: 4242\(sentinel.count)4242
            spaces_secret_key: env:\(sentinel)
            do_database_password: "file:"
            elasticache_auth_token: [\(sentinel)]
            redis_password: {v: \(sentinel)}
            stack_auth_secret: "\(sentinel) with spaces"
        """)
    let found = issues(yaml)
    #expect(found.count == 7, "\(found.map(\.description))")
    for issue in found {
        #expect(!issue.description.contains(sentinel))
        #expect(!issue.description.contains("4242"))
        #expect(issue.path.hasPrefix("secrets.sources."))
    }
    #expect(found.first { $0.path == "secrets.sources.spaces_secret_key" }?.value == "env:")
}

@Test func syntaxErrorsGiveOneIssueWithALineAndNoSnippet() {
    let broken = issues("version: 1\nneeds:\n  users: [1200\napp: x\n")
    #expect(broken.count == 1)
    #expect(broken.first?.path == "")
    #expect(broken.first?.line != nil)
    #expect(broken.first?.message.contains("not valid YAML") == true)
    let dup = issues("version: 1\nversion: 1\n")
    #expect(dup.count == 1)
    #expect(dup.first?.message.contains("`version` twice") == true)
    let leak = issues("version: 1\nsecrets:\n  sources:\n    rds_password: \"S3NTINEL\n")
    #expect(leak.count == 1)
    #expect(!leak.description.contains("S3NTINEL"))
    #expect(issues("").first?.message.contains("is empty") == true)
    #expect(issues("# only a comment\n").first?.message.contains("is empty") == true)
    #expect(issues("- a list\n").first?.message.contains("must be a mapping") == true)
}

@Test func targetSectionsAreRequiredOnlyForTheResolvedTarget() {
    let noCloud = edited(edited(
        validAnswersYAML.components(separatedBy: "\n").filter { line in
            !line.hasPrefix("  database_") && !line.hasPrefix("  spaces_") && !line.hasPrefix("  region:")
                && !line.hasPrefix("  account_id") && !line.hasPrefix("  rds_endpoint") && !line.hasPrefix("  elasticache")
                && !line.hasPrefix("  s3_bucket")
        }.joined(separator: "\n"), "digitalocean:", ""), "aws:", "")
    #expect(issues(noCloud).isEmpty, "\(issues(noCloud))")
    let doIssues = issues(edited(noCloud, "target: selfhosted", "target: digitalocean"), exists: { _, _ in true })
    #expect(doIssues.map(\.path) == ["digitalocean"])
    #expect(doIssues.first?.message.contains("the target is digitalocean") == true)
    let awsIssues = issues(edited(noCloud, "target: selfhosted", "target: aws"), exists: { _, _ in true })
    #expect(awsIssues.map(\.path) == ["aws"])
    // `recommended` resolves through the recommender: the section for its pick is required.
    let recommended = edited(noCloud, "target: selfhosted", "target: recommended")
    let needs = Needs(users: 1200, budgetUSDPerMonth: 120)
    let pick = Recommender.recommend(needs).recommended
    let recIssues = issues(recommended, exists: { _, _ in true })
    switch pick {
    case .selfhosted: #expect(recIssues.isEmpty)
    case .digitalocean, .aws:
        #expect(recIssues.map(\.path) == [pick.rawValue])
        #expect(recIssues.first?.message.contains("the recommended target for these needs is \(pick.rawValue)") == true)
    }
}

@Test func acmeEmailIsRequiredWhereCaddyRunsOutsideDev() {
    let noEmail = edited("  acme_email: ops@freshtrack.io", "")
    #expect(issues(noEmail).map(\.path) == ["app.acme_email"])
    #expect(issues(edited(noEmail, "target: selfhosted", "target: digitalocean"), exists: { _, _ in true }).map(\.path)
            == ["app.acme_email"])
    #expect(issues(edited(noEmail, "environment: production", "environment: dev")).isEmpty)
    #expect(issues(edited(noEmail, "environment: production", "environment: staging")).map(\.path) == ["app.acme_email"])
    #expect(issues(edited(noEmail, "target: selfhosted", "target: aws")).isEmpty)
    #expect(issues(edited("  acme_email: ops@freshtrack.io", "  acme_email:")).map(\.path) == ["app.acme_email"])
}

@Test func acmeDirectoryIsOptionalCheckedAndRoundTrips() throws {
    let plain = try AnswersCodec.decode(validAnswersYAML, secretExists: { _, _ in false })
    #expect(plain.app.acmeCA == nil)
    #expect(plain.app.acmeDirectory(environment: .production) == ACMEDirectory.letsEncrypt)
    #expect(plain.app.acmeDirectory(environment: .staging) == ACMEDirectory.letsEncryptStaging)
    let pebble = edited("  acme_email: ops@freshtrack.io", "  acme_email: ops@freshtrack.io\n  acme_ca: https://acme.freshtrack.test:14000/dir")
    let decoded = try AnswersCodec.decode(pebble, secretExists: { _, _ in false })
    #expect(decoded.app.acmeCA == "https://acme.freshtrack.test:14000/dir")
    #expect(decoded.app.acmeDirectory(environment: .staging) == "https://acme.freshtrack.test:14000/dir")
    #expect(try AnswersCodec.decode(AnswersCodec.encode(decoded), secretExists: { _, _ in false }) == decoded)
    let bad = issues(edited("  acme_email: ops@freshtrack.io", "  acme_email: ops@freshtrack.io\n  acme_ca: http://acme.freshtrack.test/dir"))
    #expect(bad.map(\.path) == ["app.acme_ca"])
    #expect(bad.first?.description.contains("http://acme.freshtrack.test/dir") == true)
    #expect(bad.first?.description.contains("https://") == true)
}

@Test func requiredOperatorSecretsNeedASourceOrAnExistingFile() {
    let aws = edited("target: selfhosted", "target: aws")
    #expect(issues(aws).isEmpty)
    let noSource = edited(aws, "    rds_password: file:/root/rds-password.txt", "    stack_auth_secret: generate")
    let found = issues(noSource)
    #expect(found.map(\.path) == ["secrets.sources.rds_password"])
    #expect(found.first?.message.contains("file:PATH") == true)
    #expect(found.first?.message.contains("env:NAME") == true)
    #expect(found.first?.message.contains("secrets/rds_password.txt") == true)
    // An existing file in secrets.dir (as written) is enough.
    var asked: [String] = []
    let withFile = issues(edited(noSource, "  dir: secrets", "  dir: /opt/freshtrack-pro/secrets")) { dir, name in
        asked.append("\(dir)|\(name.rawValue)")
        return name == .rdsPassword
    }
    #expect(withFile.isEmpty)
    #expect(asked == ["/opt/freshtrack-pro/secrets|rds_password"])
    // The optional ElastiCache token is not required, and dev needs no provider secret.
    #expect(issues(edited(noSource, "environment: production", "environment: dev")).isEmpty)
    // digitalocean needs its three provider secrets.
    let doFound = issues(edited("target: selfhosted", "target: digitalocean"))
    #expect(Set(doFound.map(\.path)) == ["secrets.sources.do_database_password", "secrets.sources.spaces_access_key",
                                         "secrets.sources.spaces_secret_key"])
}

@Test func encodeWritesTheCanonicalKeyOrder() throws {
    let a = try AnswersCodec.decode(validAnswersYAML)
    let text = AnswersCodec.encode(a)
    #expect(text.hasPrefix(AnswersCodec.header))
    let topKeys = text.components(separatedBy: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && $0.contains(":") }
        .map { String($0.prefix { $0 != ":" }) }
    #expect(topKeys == AnswersSchema.rootKeys)
    #expect(text.contains("  version: \"1.1.0\"\n"))
    #expect(text.contains("  account_id: \"123456789012\"\n"))
    #expect(text.contains("  multi_region: false\n"))
    #expect(text.contains("    rds_password: file:/root/rds-password.txt\n"))
    #expect(try AnswersCodec.decode(text) == a)
    // Encoding is stable: decode(encode(x)) encodes to the same bytes.
    #expect(AnswersCodec.encode(try AnswersCodec.decode(text)) == text)
}

@Test(arguments: ["selfhosted", "digitalocean", "aws", "recommended"])
func exampleAnswersDecodeCleanly(_ name: String) throws {
    let text = try #require(Assets.text("examples/\(name).yaml"))
    let a = try AnswersCodec.decode(text)
    if name == "recommended" {
        #expect(a.target == .recommended)
    } else {
        #expect(a.target == .explicit(try #require(Target(rawValue: name))))
    }
    #expect(try AnswersCodec.decode(AnswersCodec.encode(a)) == a)
}

@Test func aSecretWrittenDirectlyUnderSecretsIsPointedToSourcesWithoutItsValue() {
    let found = issues(edited("  dir: secrets", "  rds_password: S3NTINEL-value"))
    #expect(found.map(\.path) == ["secrets.rds_password"])
    #expect(found.first?.message.contains("goes under secrets.sources") == true)
    #expect(!found.description.contains("S3NTINEL"))
}

@Test func anInvalidChoiceDoesNotCauseFollowOnIssues() {
    // With the environment unknown, whether acme_email is needed is unknown: one issue only.
    let found = issues(edited(edited("  acme_email: ops@freshtrack.io", ""), "environment: production", "environment: [dev]"))
    #expect(found.map(\.path) == ["environment"])
    // With the target unknown, no section or secret is demanded.
    let target = issues(edited("target: selfhosted", "target: azure"))
    #expect(target.map(\.path) == ["target"])
}

@Test func issueDescriptionsNameLocationValueAndRule() {
    #expect(AnswersIssue(path: "aws.region", value: "us-east-7", message: "is not an AWS region", line: 24).description
            == "aws.region (line 24): \"us-east-7\" is not an AWS region")
    #expect(AnswersIssue(path: "", value: nil, message: "is not valid YAML", line: 3).description
            == "line 3: is not valid YAML")
    #expect(AnswersIssue(path: "digitalocean", value: nil, message: "is required").description == "digitalocean: is required")
}

@Test func editorArtefactsAreHandled() throws {
    // CRLF line ends and a UTF-8 byte order mark read the same as plain LF text.
    let plain = try AnswersCodec.decode(validAnswersYAML)
    #expect(try AnswersCodec.decode(validAnswersYAML.replacingOccurrences(of: "\n", with: "\r\n")) == plain)
    #expect(try AnswersCodec.decode("\u{FEFF}" + validAnswersYAML) == plain)
    // A tab in the indentation is named as the cause.
    let tab = issues(edited("  users: 1200", "\tusers: 1200"))
    #expect(tab.count == 1)
    #expect(tab.first?.line == 4)
    #expect(tab.first?.message.contains("tabs") == true)
}

import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// One bundle that triggers each rule and one that does not.
struct CheckRuleTests {
    struct Bundle: Sendable {
        var files: [(String, String)]
        var env: String? = ".env"
        var facts: [String: SecretFileFacts] = CheckRuleTests.goodFacts
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var rule: RuleID
        var triggers: Bundle
        var clean: Bundle
        var testDescription: String { rule.rawValue }
    }

    static let goodEnv = "VERSION=1.1.0\nDOMAIN=example.com\n"

    static let goodFacts: [String: SecretFileFacts] = [
        "./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 70, gid: 70),
        "./secrets/postgres_password.1001.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 1001, gid: 1001),
    ]

    /// A base that passes every rule; each case edits it.
    static let good = """
        x-logging: &logging
          driver: json-file
          options: {max-size: 10m, max-file: "3"}
        x-limits: &limits
          resources: {limits: {cpus: "1", memory: 1G}}
        services:
          backend:
            image: freshtrack-backend:${VERSION:?set VERSION in .env}
            user: "1001:1001"
            environment:
              NODE_ENV: production
              DATABASE_PASSWORD_FILE: /run/secrets/postgres_password_backend
              PUBLIC_URL: https://${DOMAIN}
            secrets:
              - source: postgres_password_backend
                target: postgres_password_backend
            healthcheck:
              test: ["CMD", "wget", "-q", "--spider", "http://localhost:3000/health"]
            depends_on:
              postgres: {condition: service_healthy}
            deploy: *limits
            logging: *logging
          postgres:
            image: postgres:16.4-alpine
            environment:
              POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password
            secrets: [postgres_password]
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -U postgres"]
            ports: ["127.0.0.1:5432:5432"]
            deploy: *limits
            logging: *logging
          caddy:
            image: caddy:2.8.4-alpine
            ports: ["80:80", "443:443"]
            deploy: *limits
            logging: {driver: local}
        secrets:
          postgres_password: {file: ./secrets/postgres_password.txt}
          postgres_password_backend: {file: ./secrets/postgres_password.1001.txt}
        """

    static func edit(_ replace: String, _ with: String) -> String {
        precondition(good.contains(replace), "fixture edit not found: \(replace)")
        return good.replacingOccurrences(of: replace, with: with)
    }

    static func one(_ text: String, env: String? = goodEnv, facts: [String: SecretFileFacts] = goodFacts) -> Bundle {
        Bundle(files: [("docker-compose.yml", text)], env: env, facts: facts)
    }

    static let clean = one(good)

    static let cases: [Case] = [
        Case(rule: .unpinnedImage, triggers: one(edit("postgres:16.4-alpine", "postgres:latest")), clean: clean),
        Case(rule: .unpinnedImage, triggers: one(edit("caddy:2.8.4-alpine", "caddy")), clean: clean),
        Case(rule: .unpinnedImage, triggers: one(edit("${VERSION:?set VERSION in .env}", "${TAG}"), env: "DOMAIN=x\n"),
             clean: one(edit("${VERSION:?set VERSION in .env}", "${TAG}"), env: "TAG=1.2.3\nDOMAIN=x\n")),
        Case(rule: .noResourceLimits, triggers: one(edit("    deploy: *limits\n    logging: *logging\n  postgres", "    logging: *logging\n  postgres")),
             clean: clean),
        Case(rule: .inlineSecret, triggers: one(edit("NODE_ENV: production", "NODE_ENV: production\n      STACK_AUTH_SECRET: ${STACK_AUTH_SECRET}"),
                                                env: goodEnv + "STACK_AUTH_SECRET=abc\n"),
             clean: one(edit("NODE_ENV: production", "NODE_ENV: production\n      STACK_AUTH_SECRET_FILE: /run/secrets/stack_auth_secret"))),
        Case(rule: .inlineSecret, triggers: one(edit("NODE_ENV: production", "NODE_ENV: production\n      DATABASE_URL: postgresql://app:pw@postgres/db")),
             clean: one(edit("NODE_ENV: production", "NODE_ENV: production\n      DATABASE_URL: postgresql://app@postgres/db"))),
        Case(rule: .missingHealthcheck, triggers: one(edit("      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n", "      disable: true\n")),
             clean: clean),
        Case(rule: .missingHealthcheck, triggers: one(edit("[\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost:3000/health\"]",
                                                          "[\"CMD\", \"curl\", \"-f\", \"http://localhost:3000/health\"]")),
             clean: clean),
        Case(rule: .noLogRotation, triggers: one(edit("logging: {driver: local}", "logging: {driver: json-file}")), clean: clean),
        Case(rule: .publicInternalPort, triggers: one(edit("[\"127.0.0.1:5432:5432\"]", "[\"5432\"]")), clean: clean),
        Case(rule: .publicInternalPort,
             triggers: Bundle(files: [("docker-compose.yml", edit("[\"127.0.0.1:5432:5432\"]", "[\"5432:5432\"]")),
                                      ("compose.production.yaml", "services:\n  postgres:\n    ports: [\"127.0.0.1:5432:5432\"]\n")], env: goodEnv),
             clean: Bundle(files: [("docker-compose.yml", edit("[\"127.0.0.1:5432:5432\"]", "[\"5432:5432\"]")),
                                   ("compose.production.yaml", "services:\n  postgres:\n    ports: !override [\"127.0.0.1:5432:5432\"]\n")], env: goodEnv)),
        Case(rule: .runsAsRoot, triggers: one(edit("    user: \"1001:1001\"\n", "")), clean: clean),
        Case(rule: .runsAsRoot, triggers: one(edit("user: \"1001:1001\"", "user: root")), clean: clean),
        Case(rule: .dependsOnDisabled,
             triggers: Bundle(files: [("docker-compose.yml", good), ("compose.aws.yaml", "services:\n  postgres:\n    profiles: [disabled]\n")], env: goodEnv),
             clean: Bundle(files: [("docker-compose.yml", good),
                                   ("compose.aws.yaml", "services:\n  postgres:\n    profiles: [disabled]\n  backend:\n    depends_on: !reset {}\n")], env: goodEnv)),
        Case(rule: .secretAndFileEnv,
             triggers: Bundle(files: [("docker-compose.yml", good), ("compose.dev.yaml", "services:\n  postgres:\n    environment: {POSTGRES_PASSWORD: \"${PGPW:-x}\"}\n")], env: goodEnv),
             clean: Bundle(files: [("docker-compose.yml", good), ("compose.dev.yaml", "services:\n  postgres:\n    environment: {POSTGRES_DB: app}\n")], env: goodEnv)),
        Case(rule: .secretFileMode, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o644, uid: 70)]) { $1 }),
             clean: clean),
        Case(rule: .secretFileMode, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 0)]) { $1 }),
             clean: clean),
        Case(rule: .secretFileMode, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 70, directoryMode: 0o755)]) { $1 }),
             clean: clean),
        Case(rule: .secretFileMode, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, isSymlink: true, mode: 0o600, uid: 70)]) { $1 }),
             clean: clean),
        Case(rule: .secretFileMissing, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": .missing]) { $1 }),
             clean: clean),
        Case(rule: .secretTrailingNewline, triggers: one(good, facts: goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 70, endsWithLineBreak: true)]) { $1 }),
             clean: clean),
        Case(rule: .envQuoting, triggers: one(good, env: goodEnv + "SMTP_PASSWORD=ab$cd\n"), clean: one(good, env: goodEnv + "SMTP_PASSWORD='ab$cd'\n")),
        Case(rule: .envQuoting, triggers: one(good, env: goodEnv + "GREETING=hello #world\n"), clean: one(good, env: goodEnv + "GREETING='hello #world'\n")),
        Case(rule: .envQuoting, triggers: one(good, env: goodEnv + "NOTE=\"cost ${AMOUNT}\"\n"), clean: one(good, env: goodEnv + "NOTE='cost ${AMOUNT}'\n")),
        Case(rule: .requiredVarUnset, triggers: one(good, env: "DOMAIN=example.com\n"), clean: clean),
        Case(rule: .requiredVarUnset, triggers: one(good, env: "VERSION=1.1.0\n"), clean: clean),
    ]

    @Test(arguments: cases)
    func ruleTriggersAndStaysQuiet(_ c: Case) throws {
        let hit = try CheckFixtures.check(c.triggers.files, env: c.triggers.env, facts: c.triggers.facts)
        #expect(hit.contains { $0.rule == c.rule }, "expected \(c.rule.rawValue); got \(hit.map(\.rule.rawValue))")
        for f in hit where f.rule == c.rule {
            #expect(f.location != nil && !f.message.isEmpty && !f.fix.isEmpty)
        }
        let quiet = try CheckFixtures.check(c.clean.files, env: c.clean.env, facts: c.clean.facts)
        #expect(!quiet.contains { $0.rule == c.rule }, "unexpected: \(quiet.filter { $0.rule == c.rule }.map(\.message))")
    }

    /// The baseline bundle is clean under every rule, and real Compose accepts it.
    @Test func goodBundleHasNoFindingsAndComposeAcceptsIt() throws {
        let f = try CheckFixtures.check(Self.clean.files, env: Self.goodEnv, facts: Self.goodFacts)
        #expect(f.isEmpty, "\(f.map { "\($0.rule.rawValue): \($0.message)" })")
        let dir = try TempDirectory.make("check", files: ["docker-compose.yml": Self.good, ".env": Self.goodEnv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try DockerCompose.run(["config", "-q"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// Two copies of one secret holding different values are an error naming both files;
    /// equal copies (or unknown contents) give nothing.
    @Test func copiesOfOneSecretThatDifferAreAnError() throws {
        func facts(_ a: Int?, _ b: Int?) -> [String: SecretFileFacts] {
            [
                "./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 70, gid: 70, contentDigest: a),
                "./secrets/postgres_password.1001.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 1001, gid: 1001, contentDigest: b),
            ]
        }
        let differ = try CheckFixtures.check(Self.clean.files, env: Self.goodEnv, facts: facts(1, 2))
        let hit = differ.filter { $0.rule == .secretCopiesDiffer }
        #expect(hit.count == 1 && hit.first?.severity == .error)
        #expect(hit.first?.message.contains("./secrets/postgres_password.txt and ./secrets/postgres_password.1001.txt") == true)
        for same in [facts(7, 7), facts(nil, 2), facts(nil, nil)] {
            #expect(try !CheckFixtures.check(Self.clean.files, env: Self.goodEnv, facts: same).contains { $0.rule == .secretCopiesDiffer })
        }
    }

    /// A secret file ending in a line break is an error, as `apply` refuses such a file.
    @Test func aSecretEndingInALineBreakIsAnError() throws {
        let facts = Self.goodFacts.merging(["./secrets/postgres_password.txt": SecretFileFacts(exists: true, mode: 0o600, uid: 70, endsWithLineBreak: true)]) { $1 }
        let f = try CheckFixtures.check(Self.clean.files, env: Self.goodEnv, facts: facts)
        #expect(f.contains { $0.rule == .secretTrailingNewline && $0.severity == .error })
    }

    @Test func devEnvironmentSkipsResourceLimits() throws {
        let text = Self.edit("    deploy: *limits\n    logging: *logging\n  postgres", "    logging: *logging\n  postgres")
        let f = try CheckFixtures.check([("docker-compose.yml", text)], env: Self.goodEnv, environment: .dev, facts: Self.goodFacts)
        #expect(!f.contains { $0.rule == .noResourceLimits })
    }

    @Test func unreadableYAMLIsAnInputError() {
        #expect(throws: CheckInputError.self) {
            _ = try CheckFixtures.check([("docker-compose.yml", "services:\n  a: [\n")])
        }
    }

    @Test func reportSortsAndCountsAndExitStatus() throws {
        let f = try CheckFixtures.check([("docker-compose.yml", Self.edit("postgres:16.4-alpine", "postgres:latest"))], env: Self.goodEnv, facts: Self.goodFacts)
        let r = CheckReport(inputs: [["docker-compose.yml"]], findings: f + f)
        #expect(r.findings.count == f.count)
        #expect(r.exitStatus == 1)
        let line = try #require(Self.good.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("postgres:16.4-alpine") }) + 1
        #expect(r.renderText().contains("docker-compose.yml:\(line): error [unpinned-image] service postgres:"))
        let json = try JSONSerialization.jsonObject(with: Data(r.renderJSON().utf8)) as? [String: Any]
        #expect(json?["errors"] as? Int == r.findings.filter { $0.severity == .error }.count)
        #expect(r.errorCount >= 1)
        #expect(CheckReport(inputs: [], findings: []).exitStatus == 0)
    }
}

struct CheckSecretNameTests {
    @Test(arguments: [("DATABASE_PASSWORD", true), ("POSTGRES_PASSWORD", true), ("STACK_AUTH_SECRET", true), ("S3_SECRET_KEY", true),
                      ("API_KEY", true), ("GITHUB_TOKEN", true), ("REDIS_PASS", true),
                      ("DATABASE_PASSWORD_FILE", false), ("S3_ACCESS_KEY", false), ("AWS_ACCESS_KEY_ID", false),
                      ("S3_BUCKET", false), ("NODE_ENV", false), ("KEY", false)])
    func looksSecret(_ name: String, _ expected: Bool) {
        #expect(ComposeChecker.looksSecret(name) == expected)
    }
}

struct CheckMessageTests {
    @Test func unpinnedImageNamesTheTagVariableOnly() throws {
        let f = try CheckFixtures.check([("docker-compose.yml", """
            services:
              a: {image: "${REGISTRY}/app:latest"}
              b: {image: "registry.example.com/app:${TAG}"}
            """)])
        let a = try #require(f.first { $0.rule == .unpinnedImage && $0.service == "a" })
        #expect(a.message.contains("uses the `latest` tag"))
        let b = try #require(f.first { $0.rule == .unpinnedImage && $0.service == "b" })
        #expect(b.message.contains("the tag comes from ${TAG}"))
    }

    @Test func urlPasswordLiteralOrInterpolated() throws {
        let f = try CheckFixtures.check([("docker-compose.yml", """
            services:
              a:
                image: app:1.0
                environment:
                  LITERAL_URL: postgresql://u:pw@${HOST}/db
                  ENV_URL: postgresql://u:${PW}@db/db
            """)], env: "HOST=db\nPW=x\n")
        let messages = f.filter { $0.rule == .inlineSecret }.map(\.message).sorted()
        #expect(messages == ["ENV_URL is a URL with a password in it (interpolated from .env)",
                             "LITERAL_URL is a URL with a password in it (written literally)"])
    }
}


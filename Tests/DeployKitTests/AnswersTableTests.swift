import Foundation
import Testing
import Yams
@testable import DeployKit

/// `AnswersTables` is the one declaration of every answers key: the README's key table,
/// reading and writing all follow it.
@Suite struct AnswersTableTests {
    /// The README's answers key table: the rows between its header and the first line that
    /// is not a table row.
    static func readmeRows() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let lines = try String(contentsOf: readme, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex(of: "| Key | Type | Allowed values | Default |"))
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map(String.init)
    }

    /// Full YAML paths of the tables' keys, as the README rows name them.
    static var tablePaths: [String] {
        AnswersTables.readmeRows.map { row in String(row.dropFirst(3).prefix { $0 != "`" }) }
    }

    @Test func readmeKeyTableIsGeneratedFromTheTables() throws {
        let readme = try Self.readmeRows()
        let expected = AnswersTables.readmeRows
        #expect(readme == expected, "README.md's answers key table should read:\n\(expected.joined(separator: "\n"))")
    }

    /// Answers with every optional key set, so every key of every table is written.
    static var everyKey: Answers {
        var a = RenderFixtures.answers(.aws)
        a.app.acmeCA = "https://ca.internal.example.net/acme/directory"
        a.app.acmeEmail = "ops@freshtrack.io"
        a.digitalocean = DigitalOceanSettings(databaseHost: "db.internal.example.net", databaseName: "freshtrack",
                                              databaseUser: "doadmin", spacesRegion: "nyc3", spacesBucket: "freshtrack-files")
        a.digitalocean?.platform = .appPlatform
        a.digitalocean?.appPlatform = AppPlatformSettings(registryType: .ghcr, registry: "freshtrack",
                                                          databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey")
        a.aws?.ecs = ECSFixtures.ecs
        a.aws?.ecs?.maxCount = 6
        a.secrets.sources = [.rdsPassword: .env("RDS_PASSWORD")]
        return a
    }

    @Test func everyTableKeyIsWrittenReadBackAndInTheReadme() throws {
        let a = Self.everyKey
        let text = AnswersCodec.encode(a)
        #expect(try AnswersCodec.decode(text) == a)
        let root = try #require(try Yams.compose(yaml: text))
        let readme = try Self.readmeRows().joined(separator: "\n")
        for path in Self.tablePaths {
            var node: Node? = root
            for key in path.split(separator: ".") where key != "<name>" { node = node?[String(key)] }
            #expect(node != nil, "\(path) is not written by encode")
            #expect(readme.contains("| `\(path)` |"), "\(path) has no README row")
        }
        // The canonical order is the tables' order.
        #expect(root.mapping?.keys.compactMap(\.string) == AnswersTables.root.keys)
        #expect(root["aws"]?["ecs"]?.mapping?.keys.compactMap(\.string) == AnswersTables.ecs.keys)
        #expect(root["digitalocean"]?["app_platform"]?.mapping?.keys.compactMap(\.string) == AnswersTables.appPlatform.keys)
    }

    /// Each default is the table blank's value: leaving every defaulted key out reads back
    /// the very values `encode` writes for them.
    @Test func leftOutDefaultsReadAsTheTablesBlanks() throws {
        let yaml = """
            version: 1
            needs: {users: 10, budget_usd_per_month: 50}
            target: digitalocean
            app: {version: "1.1.0", domain: track.freshtrack.io, acme_email: ops@freshtrack.io}
            digitalocean:
              database_host: db.internal.example.net
              database_name: freshtrack
              database_user: doadmin
              spaces_region: nyc3
              spaces_bucket: freshtrack-files
            """
        let a = try AnswersCodec.decode(yaml, secretExists: { _, _ in true })
        #expect(a.digitalocean?.databasePort == AnswersTables.digitalocean.blank.databasePort)
        #expect(a.digitalocean?.databasePort == 25060)
        #expect(a.secrets == AnswersTables.secrets.blank)
        #expect(a.secrets.dir == "secrets")
        #expect(a.environment == AnswersTables.root.blank.environment)
    }

    @Test(arguments: [
        ("  users: 1200", "  user: 1200", "needs.user", "users"),
        ("    cluster: freshtrack", "    clustr: freshtrack", "aws.ecs.clustr", "cluster"),
        ("      cpu: 1024", "      cpus: 1024", "aws.ecs.backend.cpus", "cpu"),
        ("    app_name: freshtrack-pro", "    app_nam: freshtrack-pro", "digitalocean.app_platform.app_nam", "app_name"),
        ("  database_port: 25060", "  databse_port: 25060", "digitalocean.databse_port", "database_port"),
    ])
    func anUnknownKeyInAnySectionGetsADidYouMean(old: String, new: String, path: String, hint: String) throws {
        let text = AnswersCodec.encode(Self.everyKey)
        #expect(text.contains(old + "\n"), "fixture lacks \(old)")
        let edited = text.replacingOccurrences(of: old + "\n", with: new + "\n")
        let issues: [AnswersIssue]
        do { _ = try AnswersCodec.decode(edited); issues = [] } catch { issues = error.issues }
        let issue = issues.first { $0.path == path }
        #expect(issue?.message.contains("did you mean `\(hint)`?") == true, "\(issues.map(\.description))")
        #expect(issue?.line != nil)
    }

    @Test func everyBadFieldOfEverySectionIsReportedInOneRunWithItsLine() throws {
        let yaml = """
            version: 1
            needs:
              users: 10
              budget_usd_per_month: 50
            target: aws
            app:
              version: "1.1.0"
              domain: track.freshtrack.io
            digitalocean:
              database_host: db.internal.example.net
              database_port: 70000
              database_name: freshtrack
              database_user: doadmin
              spaces_region: nyc3
              spaces_bucket: freshtrack-files
              platform: app_platform
              app_platform:
                app_name: FreshTrack
                registry_type: DOCR
                registry: acme
                instance_count: 0
                database_cluster: pg
                cache_cluster: freshtrack-valkey
            aws:
              region: us-east-1
              account_id: "123456789012"
              rds_endpoint: freshtrack.abc.eu-west-1.rds.amazonaws.com
              database_name: freshtrack
              database_user: freshtrack
              elasticache_endpoint: cache.internal.example.net
              s3_bucket: freshtrack-files-prod
              ecs:
                cluster: fresh track
                execution_role_arn: arn:aws:iam::999999999999:role/exec
                task_role_arn: arn:aws:iam::123456789012:role/task
                subnets: [subnet-zz]
                security_groups: [sg-0a1b2c3d4e5f60718, sg-0a1b2c3d4e5f60718]
                target_group_arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/freshtrack/0123456789abcdef
                desired_count: 2
                backend: {cpu: 1024, memory: 3}
                worker: {cpu: 1000, memory: 1024}
                max_count: 2
                target_cpu_percent: 95
            secrets:
              sources:
                rds_password: env:RDS_PASSWORD

            """
        var issues: [AnswersIssue] = []
        do { _ = try AnswersCodec.decode(yaml) } catch { issues = error.issues }
        let expected: [(String, Int)] = [
            ("digitalocean.database_port", 11), ("digitalocean.app_platform.app_name", 18),
            ("digitalocean.app_platform.registry", 20), ("digitalocean.app_platform.instance_count", 21),
            ("digitalocean.app_platform.database_cluster", 22), ("aws.rds_endpoint", 27),
            ("aws.ecs.cluster", 33), ("aws.ecs.execution_role_arn", 34), ("aws.ecs.subnets[0]", 36),
            ("aws.ecs.security_groups", 37), ("aws.ecs.backend.memory", 40), ("aws.ecs.worker.cpu", 41),
            ("aws.ecs.max_count", 42), ("aws.ecs.target_cpu_percent", 43),
        ]
        for (path, line) in expected {
            #expect(issues.contains { $0.path == path && $0.line == line }, "missing \(path) at line \(line): \(issues.map(\.description))")
        }
        #expect(issues.count == expected.count, "\(issues.map(\.description).joined(separator: "\n"))")
        #expect(issues.map { $0.line ?? 0 } == issues.map { $0.line ?? 0 }.sorted())
    }

    /// The wizard's and `apply`'s validation of a model are the same rules: validating a
    /// model reports what decoding its encoding reports (paths and messages).
    @Test func validatingAModelEqualsDecodingItsEncoding() throws {
        var a = Self.everyKey
        a.aws?.ecs?.cluster = "fresh track"
        a.aws?.rdsEndpoint = "freshtrack.abc.eu-west-1.rds.amazonaws.com"
        a.digitalocean?.appPlatform?.registry = nil
        a.digitalocean?.databasePort = 0
        a.app.acmeEmail = nil
        a.target = .explicit(.digitalocean)
        let direct = AnswersRules.validate(a, secretExists: { _, _ in true })
        var decoded: [AnswersIssue] = []
        do { _ = try AnswersCodec.decode(AnswersCodec.encode(a), secretExists: { _, _ in true }) } catch { decoded = error.issues }
        #expect(direct.count == 5, "\(direct.map(\.description))")
        #expect(Set(direct.map { "\($0.path) \($0.message)" }) == Set(decoded.map { "\($0.path) \($0.message)" }))
    }
}

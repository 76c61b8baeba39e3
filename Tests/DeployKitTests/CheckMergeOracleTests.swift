import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// Our merge (ComposeProject.load) must agree with the real `docker-compose config` v2.
struct CheckMergeOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var order: [String]
        var testDescription: String { name }
    }

    /// A comparable summary of one service.
    struct ServiceView: Equatable, CustomStringConvertible {
        var image: String?
        var ports: [String]
        var environment: [String: String?]
        var dependsOn: [String: String]
        var user: String?
        var healthcheckTest: [String]
        var profiles: [String]
        var command: [String]
        var volumeTargets: [String]
        var secrets: [String]
        var limits: [String: String]
        var logging: String?
        var description: String {
            "image=\(image ?? "-") ports=\(ports) env=\(environment) depends=\(dependsOn) user=\(user ?? "-") hc=\(healthcheckTest) profiles=\(profiles) cmd=\(command) vols=\(volumeTargets) secrets=\(secrets) limits=\(limits) logging=\(logging ?? "-")"
        }
    }

    static func str(_ any: Any?) -> String? {
        switch any {
        case nil, is NSNull: return nil
        // `config` prints a literal `$` escaped as `$$`.
        case let s as String: return s.replacingOccurrences(of: "$$", with: "$")
        case let n as NSNumber: return n.stringValue
        default: return "\(any!)"
        }
    }

    static func fromCompose(_ s: [String: Any]) -> ServiceView {
        let ports = (s["ports"] as? [[String: Any]] ?? []).map { p in
            "\(str(p["host_ip"]) ?? "")|\(str(p["published"]) ?? "")|\(str(p["target"]) ?? "")|\(str(p["protocol"]) ?? "tcp")"
        }
        var env: [String: String?] = [:]
        for (k, v) in s["environment"] as? [String: Any] ?? [:] { env[k] = str(v) }
        var deps: [String: String] = [:]
        for (k, v) in s["depends_on"] as? [String: Any] ?? [:] {
            deps[k] = str((v as? [String: Any])?["condition"]) ?? ""
        }
        let hc = ((s["healthcheck"] as? [String: Any])?["test"] as? [Any] ?? []).compactMap(str)
        var limits: [String: String] = [:]
        let lim = ((s["deploy"] as? [String: Any])?["resources"] as? [String: Any])?["limits"] as? [String: Any] ?? [:]
        for (k, v) in lim { limits[k] = str(v) }
        return ServiceView(
            image: str(s["image"]), ports: ports.sorted(), environment: env, dependsOn: deps, user: str(s["user"]),
            healthcheckTest: hc, profiles: (s["profiles"] as? [Any] ?? []).compactMap(str),
            command: (s["command"] as? [Any] ?? []).compactMap(str),
            volumeTargets: (s["volumes"] as? [[String: Any]] ?? []).compactMap { str($0["target"]) },
            secrets: (s["secrets"] as? [[String: Any]] ?? []).compactMap { str($0["source"]) },
            limits: limits, logging: str((s["logging"] as? [String: Any])?["driver"]))
    }

    static func memoryBytes(_ s: String) -> String {
        // Compose prints memory limits in bytes.
        let units: [Character: Double] = ["k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024]
        var t = s.lowercased()
        if t.hasSuffix("b") { t.removeLast() }
        if let u = t.last, let f = units[u], let n = Double(t.dropLast()) { return String(Int(n * f)) }
        return s
    }

    static func fromOurs(_ s: ComposeNode) -> ServiceView {
        let ports = (s["ports"]?.items ?? []).compactMap(PortBinding.parse).map {
            "\($0.hostIP ?? "")|\($0.published ?? "")|\($0.target)|\($0.proto)"
        }
        var env: [String: String?] = [:]
        for e in s["environment"]?.entries ?? [] { env[e.key] = e.node.text }
        var deps: [String: String] = [:]
        for e in s["depends_on"]?.entries ?? [] { deps[e.key] = e.node["condition"]?.text ?? "" }
        var hc: [String] = []
        if let t = s.at("healthcheck", "test") {
            hc = t.items?.compactMap(\.text) ?? t.text.map { ["CMD-SHELL", $0] } ?? []
        }
        var limits: [String: String] = [:]
        for e in s.at("deploy", "resources", "limits")?.entries ?? [] {
            limits[e.key] = e.key == "memory" ? memoryBytes(e.node.text ?? "") : (e.node.text.flatMap { Double($0) }.map { String($0) } ?? e.node.text)
        }
        let command = s["command"]?.items?.compactMap(\.text) ?? s["command"]?.text.map { $0.split(separator: " ").map(String.init) } ?? []
        return ServiceView(
            image: s["image"]?.text, ports: ports.sorted(), environment: env, dependsOn: deps, user: s["user"]?.text,
            healthcheckTest: hc, profiles: s["profiles"]?.items?.compactMap(\.text) ?? [], command: command,
            volumeTargets: (s["volumes"]?.items ?? []).map { ComposeMerge.mountTarget($0, kind: "volumes") },
            secrets: (s["secrets"]?.items ?? []).compactMap { $0.text ?? $0["source"]?.text },
            limits: limits, logging: s.at("logging", "driver")?.text)
    }

    static func normalizeComposeLimits(_ v: ServiceView) -> ServiceView {
        var v = v
        for (k, val) in v.limits where k == "cpus" { v.limits[k] = Double(val).map { String($0) } ?? val }
        return v
    }

    static let base = """
        x-logging: &logging
          driver: json-file
          options: {max-size: 10m, max-file: "3"}
        services:
          backend:
            image: freshtrack-backend:${VERSION:-1.0.0}
            user: "1001:1001"
            command: ["node", "dist/index.js"]
            environment:
              - NODE_ENV=production
              - LOG_LEVEL=${LOG_LEVEL:-info}
              - DATABASE_PASSWORD_FILE=/run/secrets/postgres_password
              - EMPTY
            secrets: [postgres_password]
            depends_on: [postgres, redis]
            healthcheck:
              test: ["CMD", "wget", "-q", "--spider", "http://localhost:3000/health"]
              interval: 30s
            logging: *logging
            <<: {restart: unless-stopped}
          postgres:
            image: postgres:16.4-alpine
            ports: ["5432:5432", "6000:6000/udp"]
            volumes: [pgdata:/var/lib/postgresql/data, ./init:/docker-entrypoint-initdb.d]
            environment: {POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password, POSTGRES_DB: freshtrack}
            healthcheck: {test: "pg_isready -U postgres", interval: 5s}
          redis:
            image: redis:7.2-alpine
            command: redis-server --appendonly no
        volumes: {pgdata: {}, pgdata2: {}}
        secrets:
          postgres_password: {file: ./secrets/postgres_password.txt}
        """

    static let cases: [Case] = [
        Case(name: "seed production overlay appends the loopback port",
             files: ["docker-compose.yml": base, "compose.production.yaml": """
                services:
                  postgres:
                    ports: ["127.0.0.1:5432:5432", "5432:5432"]
                    deploy: {resources: {limits: {memory: 3G}}}
                  backend:
                    environment: {LOG_LEVEL: warn, ENABLE_METRICS: "true"}
                    deploy: {resources: {limits: {cpus: '2', memory: 2G}}}
                    healthcheck: {test: ["CMD", "node", "healthcheck.js"]}
                """], order: ["docker-compose.yml", "compose.production.yaml"]),
        Case(name: "!override and !reset",
             files: ["docker-compose.yml": base, "compose.aws.yaml": """
                services:
                  postgres:
                    profiles: ["disabled"]
                  backend:
                    depends_on: !override [redis]
                    environment:
                      DATABASE_PASSWORD_FILE: !reset null
                      DATABASE_URL: postgresql://app@${RDS_ENDPOINT:-db.example.com}:5432/freshtrack
                    secrets: !reset []
                    user: "1001"
                  redis:
                    command: !override ["redis-server", "--appendonly", "yes"]
                """], order: ["docker-compose.yml", "compose.aws.yaml"]),
        Case(name: "volumes replace by target, lists append, profiles merge",
             files: ["docker-compose.yml": base, "compose.staging.yaml": """
                services:
                  postgres:
                    volumes: [pgdata2:/var/lib/postgresql/data]
                    ports: [{target: 5432, published: "5433", host_ip: 127.0.0.1}]
                  redis:
                    profiles: [cache]
                  backend:
                    depends_on:
                      postgres: {condition: service_healthy}
                    logging: {options: {max-size: 20m}}
                """, ".env": "COMPOSE_PROFILES=cache\nVERSION=1.1.0\nLOG_LEVEL='debug # not a comment'\n"],
             order: ["docker-compose.yml", "compose.staging.yaml"]),
        Case(name: "three files, environment list and mapping mixed",
             files: ["docker-compose.yml": base,
                     "compose.production.yaml": "services:\n  backend:\n    environment: [A=1, B=2]\n",
                     "compose.staging.yaml": "services:\n  backend:\n    environment: {B: \"3\", C: 4}\n    image: freshtrack-backend:${TAG-2.0.0}\n"],
             order: ["docker-compose.yml", "compose.production.yaml", "compose.staging.yaml"]),
    ]

    @Test(arguments: cases)
    func mergeAgreesWithDockerCompose(_ c: Case) throws {
        let dir = try TempDirectory.make("check", files: c.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = c.order.flatMap { ["-f", $0] } + ["config", "--format", "json"]
        let r = try DockerCompose.run(args, in: dir.path)
        try #require(r.status == 0, "docker-compose config failed: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let theirs = json["services"] as? [String: [String: Any]] ?? [:]

        let input = CheckInput(files: c.order.map { ComposeSource(name: $0, text: c.files[$0]!) },
                               dotEnv: c.files[".env"].map { ComposeSource(name: ".env", text: $0) })
        let project = try ComposeProject.load(input)
        let ours = Dictionary(uniqueKeysWithValues: project.enabledServices.map { ($0.key, Self.fromOurs($0.node)) })
        #expect(Set(ours.keys) == Set(theirs.keys))
        for (name, theirService) in theirs {
            let t = Self.normalizeComposeLimits(Self.fromCompose(theirService))
            let o = Self.normalizeComposeLimits(ours[name] ?? Self.fromOurs(ComposeNode(.null, at: ComposeLocation(file: "", line: 0))))
            #expect(o == t, "service \(name)\n ours:   \(o)\n theirs: \(t)")
        }
    }

    /// The seed's AWS overlay: Compose rejects the project; our check names the reason.
    @Test func seedAWSOverlayIsRejectedByComposeAndByCheck() throws {
        let files = ["docker-compose.yml": try CheckFixtures.seed("docker-compose.yml").text,
                     "compose.aws.yaml": try CheckFixtures.seed("compose.aws.yaml").text]
        let dir = try TempDirectory.make("check", files: files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try DockerCompose.run(["-f", "docker-compose.yml", "-f", "compose.aws.yaml", "config"], in: dir.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("depends on undefined service"))
        let findings = try CheckFixtures.check([("docker-compose.yml", files["docker-compose.yml"]!),
                                                ("compose.aws.yaml", files["compose.aws.yaml"]!)])
        let disabled = findings.filter { $0.rule == .dependsOnDisabled }
        #expect(Set(disabled.compactMap { $0.message.split(separator: "`").dropFirst().first.map(String.init) }) == ["postgres", "redis", "minio"])
        #expect(disabled.allSatisfy { $0.severity == .error && $0.service == "backend" })
    }
}

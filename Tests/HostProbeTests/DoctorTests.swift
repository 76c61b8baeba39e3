#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing
import DeployKit
@testable import HostProbe

/// A resolver answering from a table; names not in it fail like NXDOMAIN.
struct TableResolver: HostResolver {
    var table: [String: [String]]
    func resolve(_ host: String, timeout: Double) -> Result<[String], ProbeFailure> {
        table[host].map { .success($0) } ?? .failure(.unresolved(host: nil, reason: "Name or service not known"))
    }
}

func config(_ dir: URL, target: Target = .selfhosted, answers: LooseAnswers? = nil,
            resolver: [String: [String]] = [:]) -> DoctorConfig {
    var c = DoctorConfig(directory: dir.path, target: target, answers: answers, dockerHost: "unix://\(dir.path)/no-docker.sock")
    c.resolver = TableResolver(table: resolver)
    c.daemonJSONPath = dir.appendingPathComponent("daemon.json").path
    c.clockSynchronized = { true }
    c.timeout = 3
    c.composePluginCommand = ["sh", "-c", "echo v2.40.3"]
    c.composeStandaloneCommand = ["sh", "-c", "exit 127"]
    return c
}

struct DoctorPortTests {
    @Test func listeningPortFailsAndFreePortPasses() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let listener = try LoopbackListener()
        let free = try LoopbackListener.freePort()
        var c = config(dir)
        c.requiredFreePorts = [listener.port, free]
        let r = Doctor.ports(c)
        #expect(r.map(\.status) == [.fail, .pass])
        #expect(r[0].reason.contains("port \(listener.port)"))
        #expect(r[0].fix?.contains("ss -ltnp") == true)
    }

    @Test func awsSkipsPortChecks() throws {
        let r = Doctor.ports(config(TempDirectory.makeURL("hostprobe"), target: .aws))
        #expect(r.allSatisfy { $0.status == .skip })
    }
}

struct DoctorNetworkTests {
    @Test func endpointThatAcceptsTCPPasses() throws {
        let l = try LoopbackListener()
        let c = config(TempDirectory.makeURL("hostprobe"), resolver: ["redis.cache.test": ["127.0.0.1"]])
        let e = Doctor.Endpoint(id: "endpoint-elasticache", name: "ElastiCache", host: "redis.cache.test", port: l.port, startTLS: nil, tls: false)
        let r = Doctor.probe(e, c)
        #expect(r.status == .pass, "\(r.reason)")
        #expect(r.reason.contains("127.0.0.1"))
    }

    @Test func closedPortFailsWithReason() throws {
        let port = try LoopbackListener.freePort()
        let c = config(TempDirectory.makeURL("hostprobe"), resolver: ["db.test": ["127.0.0.1"]])
        let r = Doctor.probe(.init(id: "endpoint-rds", name: "Amazon RDS", host: "db.test", port: port, startTLS: nil, tls: false), c)
        #expect(r.status == .fail)
        #expect(r.reason.contains("does not accept TCP"))
        #expect(r.reason.contains("refused"))
        #expect(Connect.tcp(host: "127.0.0.1", port: port, timeout: 2) == .failure(.connectFailed(errno: ECONNREFUSED)))
    }

    @Test func unresolvableEndpointFails() throws {
        let c = config(TempDirectory.makeURL("hostprobe"))
        let r = Doctor.probe(.init(id: "endpoint-rds", name: "Amazon RDS", host: "nowhere.test", port: 5432, startTLS: nil, tls: false), c)
        #expect(r.status == .fail)
        #expect(r.reason.contains("does not resolve"))
    }

    @Test func aHostWithoutLibsslFailsTheTLSCheckSayingWhatToInstall() throws {
        let l = try LoopbackListener()
        var c = config(TempDirectory.makeURL("hostprobe"), resolver: ["tls.test": ["127.0.0.1"]])
        c.libssl = "libssl-that-is-not-installed.so.0"
        let r = Doctor.probe(.init(id: "endpoint-elasticache", name: "ElastiCache", host: "tls.test", port: l.port, startTLS: nil, tls: true), c)
        #expect(r.status == .fail)
        #expect(r.reason.contains("TLS handshake was not tried"), "\(r.reason)")
        #expect(r.reason.contains("libssl3"), "\(r.reason)")
        #expect(r.fix == "apt-get install libssl3, then run doctor again")
    }

    @Test func tlsHandshakeWithRealServer() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let server = try TLSServer(dir: dir)
        let c = config(dir, resolver: ["tls.test": ["127.0.0.1"]])
        let r = Doctor.probe(.init(id: "endpoint-elasticache", name: "ElastiCache", host: "tls.test", port: server.port, startTLS: nil, tls: true), c)
        #expect(r.status == .pass, "\(r.reason)")
        #expect(r.reason.contains("TLSv1."))
        #expect(r.reason.contains("self-signed"))
    }

    @Test func tlsHandshakeFailsOnPlainTCP() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let l = try LoopbackListener()
        // Accept and close each connection (the TCP probe's, then openssl's): a TCP server
        // that speaks no TLS.
        let fd = l.fd
        Thread { for _ in 0..<2 { let c = accept(fd, nil, nil); if c >= 0 { close(c) } } }.start()
        let c = config(dir, resolver: ["plain.test": ["127.0.0.1"]])
        let r = Doctor.probe(.init(id: "endpoint-elasticache", name: "ElastiCache", host: "plain.test", port: l.port, startTLS: nil, tls: true), c)
        #expect(r.status == .fail)
        #expect(r.reason.contains("TLS handshake failed"))
        withExtendedLifetime(l) {}
    }

    @Test func domainFromAnswersResolvesThroughInjectedResolver() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let ok = Doctor.dns(config(dir, answers: LooseAnswers(domain: "app.example.com"), resolver: ["app.example.com": ["203.0.113.7"]]), progress: { _ in })
        #expect(ok.first?.status == .pass)
        #expect(ok.first?.reason.contains("203.0.113.7") == true)
        let bad = Doctor.dns(config(dir, answers: LooseAnswers(domain: "app.example.com")), progress: { _ in })
        #expect(bad.first?.status == .fail)
        let none = Doctor.dns(config(dir), progress: { _ in })
        #expect(none.first?.status == .skip)
    }

    @Test func endpointsComeFromAnswersPerTarget() throws {
        let a = LooseAnswers(rdsEndpoint: "db.abc.us-east-1.rds.amazonaws.com", elasticacheEndpoint: "c.abc.cache.amazonaws.com:6380",
                             elasticacheTLS: true, doDatabaseHost: "db-do.ondigitalocean.com", doDatabasePort: 25060)
        let dir = TempDirectory.makeURL("hostprobe")
        let aws = Doctor.endpoints(for: config(dir, target: .aws, answers: a))
        #expect(aws.map(\.port) == [5432, 6380])
        #expect(aws.map(\.startTLS) == ["postgres", nil])
        #expect(Doctor.endpoints(for: config(dir, target: .digitalocean, answers: a)).map(\.port) == [25060])
        #expect(Doctor.endpoints(for: config(dir, target: .selfhosted, answers: a)).isEmpty)
    }
}

struct DoctorEngineTests {
    @Test func missingSocketSaysNoEngineClearly() throws {
        let r = Doctor.dockerEngine(config(TempDirectory.makeURL("hostprobe")))
        #expect(r.map(\.status) == [.fail, .skip])
        #expect(r[0].reason.hasPrefix("no Docker engine on this machine"))
        #expect(r[0].fix?.contains("docs.docker.com/engine/install") == true)
    }

    @Test func listeningUnixSocketPasses() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let sock = dir.appendingPathComponent("docker.sock").path
        let l = try UnixListener(path: sock)
        var c = config(dir)
        c.dockerHost = "unix://\(sock)"
        let r = Doctor.dockerEngine(c)
        #expect(r.map(\.status) == [.pass, .pass])
        withExtendedLifetime(l) {}
    }

    @Test func deadUnixSocketFails() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let sock = dir.appendingPathComponent("docker.sock").path
        do { _ = try UnixListener(path: sock) }  // closed again: the file stays, nobody listens
        FileManager.default.createFile(atPath: sock, contents: nil)
        var c = config(dir)
        c.dockerHost = "unix://\(sock)"
        let r = Doctor.dockerEngine(c)
        #expect(r[0].status == .fail)
        #expect(r[0].reason.contains("does not answer"))
        guard case .failure(.connectFailed(errno: ECONNREFUSED)) = Connect.unix(path: sock, timeout: 2) else {
            Issue.record("a socket nobody listens on is not ECONNREFUSED"); return
        }
    }

    @Test func tcpDockerHost() throws {
        let l = try LoopbackListener()
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.dockerHost = "tcp://127.0.0.1:\(l.port)"
        #expect(Doctor.dockerEngine(c).map(\.status) == [.pass, .pass])
    }

    static let noPlugin = ["sh", "-c", "echo 'docker: unknown command: docker compose' >&2; exit 1"]
    static let none = ["sh", "-c", "exit 127"]

    /// The plugin (`docker compose`) is what `apply` prints, so it alone can pass.
    @Test(arguments: [("v2.40.3", DoctorStatus.pass), ("2.24.0", .pass), ("2.23.3", .fail), ("garbage", .fail)])
    func pluginVersion(_ output: String, _ expected: DoctorStatus) throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.composePluginCommand = ["sh", "-c", "echo '\(output)'"]
        c.composeStandaloneCommand = Self.none
        let r = Doctor.composeVersion(c)
        #expect(r.status == expected, "\(r.reason)")
        if expected == .pass { #expect(r.reason.contains("`docker compose`")) }
    }

    /// Every form the Compose binaries print: v2 plugin and standalone (with and without
    /// `--short`, Desktop suffixes) and v1's `docker-compose version 1.29.2, build ...`
    /// (the comma after the version must not cost the patch number).
    @Test(arguments: [
        ("Docker Compose version v2.40.3", 2, 40, 3),
        ("2.40.3", 2, 40, 3),
        ("v2.24.0-desktop.1", 2, 24, 0),
        ("2.40.3-desktop.1", 2, 40, 3),
        ("Docker Compose version 2.29.7+ds1-0ubuntu1", 2, 29, 7),
        ("docker-compose version 1.29.2, build 5becea4c", 1, 29, 2),
        ("docker-compose version 1.25.0, build unknown\ndocker-py version: 4.1.0\nCPython version: 3.8.10", 1, 25, 0),
        ("1.29.2", 1, 29, 2),
    ])
    func parseVersionForms(_ text: String, _ major: Int, _ minor: Int, _ patch: Int) throws {
        let v = try #require(Doctor.parseVersion(text), "no version in \(text)")
        #expect(v.0 == major && v.1 == minor && v.2 == patch, "\(text) -> \(v)")
    }

    /// v1's full `version` output is reported with its real patch number.
    @Test func composeV1FullOutputShowsItsPatch() throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.composePluginCommand = Self.noPlugin
        c.composeStandaloneCommand = ["sh", "-c", "echo 'docker-compose version 1.29.2, build 5becea4c'"]
        let r = Doctor.composeVersion(c)
        #expect(r.status == .fail)
        #expect(r.reason.contains("Compose v1 (1.29.2)"), "\(r.reason)")
    }

    /// Only the standalone `docker-compose` v2: WARN with the exact alternative command and
    /// the fix; too old or v1: FAIL; nothing: FAIL.
    @Test(arguments: [("2.40.3", DoctorStatus.warn), ("v2.24.0", .warn), ("2.23.3", .fail), ("1.29.2", .fail), ("garbage", .fail)])
    func standaloneOnly(_ output: String, _ expected: DoctorStatus) throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.composePluginCommand = Self.noPlugin
        c.composeStandaloneCommand = ["sh", "-c", "echo '\(output)'"]
        let r = Doctor.composeVersion(c)
        #expect(r.status == expected, "\(r.reason)")
        if expected == .warn {
            #expect(r.reason.contains("docker: unknown command: docker compose"), "\(r.reason)")
            #expect(r.reason.contains("`docker compose up -d`"))
            #expect(r.fix?.contains("`docker-compose up -d`") == true)
            #expect(r.fix?.contains("docker-compose-plugin") == true)
        }
    }

    @Test func neitherPluginNorStandaloneFails() throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.composePluginCommand = Self.noPlugin
        c.composeStandaloneCommand = Self.none
        let r = Doctor.composeVersion(c)
        #expect(r.status == .fail)
        #expect(r.fix?.contains("docker-compose-plugin") == true)
    }

    /// This machine has only the standalone binary (`docker compose` is an unknown command):
    /// the real commands must give WARN, not PASS.
    @Test func realComposeOnThisMachineMatchesWhatDockerComposeDoes() throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        let defaults = DoctorConfig(directory: "/", target: .selfhosted)
        c.composePluginCommand = defaults.composePluginCommand
        c.composeStandaloneCommand = defaults.composeStandaloneCommand
        let plugin = Subprocess.run(defaults.composePluginCommand, timeout: 10)
        let r = Doctor.composeVersion(c)
        if plugin.status == 0 {
            #expect(r.status == .pass, "\(r.reason)")
        } else {
            #expect(r.status == .warn, "\(r.reason)")
            #expect(r.fix?.contains("`docker-compose up -d`") == true)
            // docker's own words about the plugin, e.g. "docker: unknown command: docker compose".
            if let said = plugin.stderr.split(separator: "\n").first {
                #expect(r.reason.contains(said.trimmingCharacters(in: .whitespaces)), "\(r.reason)")
            }
        }
    }
}

struct DoctorHostTests {
    func proc(_ dir: URL, cpus: Int, memKiB: Int) throws -> String {
        let p = dir.appendingPathComponent("proc")
        try FileManager.default.createDirectory(at: p, withIntermediateDirectories: true)
        let cpuinfo = (0..<cpus).map { "processor\t: \($0)\nmodel name\t: test\n" }.joined(separator: "\n")
        try cpuinfo.write(to: p.appendingPathComponent("cpuinfo"), atomically: true, encoding: .utf8)
        try "MemTotal:       \(memKiB) kB\nMemFree:        1000 kB\n".write(to: p.appendingPathComponent("meminfo"), atomically: true, encoding: .utf8)
        return p.path
    }

    @Test func sizingAgainstTheSeedsVM() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        var c = config(dir)
        c.procRoot = try proc(dir, cpus: 4, memKiB: 8_000_000)  // a "8 GB" VM: about 7.6 GiB
        c.diskWarnGiB = 0.001
        #expect(Doctor.sizing(c).map(\.status) == [.pass, .pass, .pass])
        c.procRoot = try proc(dir, cpus: 2, memKiB: 4_000_000)
        #expect(Doctor.sizing(c).prefix(2).map(\.status) == [.warn, .warn])
        c.target = .digitalocean
        #expect(Doctor.sizing(c).prefix(2).map(\.status) == [.pass, .pass])
        c.diskWarnGiB = 1_000_000
        #expect(Doctor.sizing(c)[2].status == .fail)
    }

    @Test func clock() throws {
        var c = config(TempDirectory.makeURL("hostprobe"))
        c.now = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(Doctor.clock(c).status == .fail)
        c.now = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(Doctor.clock(c).status == .pass)
        c.clockSynchronized = { false }
        #expect(Doctor.clock(c).status == .warn)
    }

    @Test func logRotationFromDaemonJSONOrBundle() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let c = config(dir)
        #expect(Doctor.logRotation(c).status == .warn)
        try #"{"log-driver": "json-file", "log-opts": {"max-size": "10m"}}"#.write(toFile: c.daemonJSONPath, atomically: true, encoding: .utf8)
        #expect(Doctor.logRotation(c).status == .pass)
        try #"{"log-driver": "json-file"}"#.write(toFile: c.daemonJSONPath, atomically: true, encoding: .utf8)
        try "services:\n  a:\n    image: x:1\n    logging: {driver: local}\n".write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        #expect(Doctor.logRotation(c).status == .pass)
    }

    @Test func everyCheckIsReportedWithoutAnEngine() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        var c = config(dir, target: .aws, answers: LooseAnswers(target: .aws, domain: "app.example.com", rdsEndpoint: "db.test"),
                       resolver: ["app.example.com": ["203.0.113.7"]])
        c.procRoot = try DoctorHostTests().proc(dir, cpus: 2, memKiB: 8_000_000)
        var steps: [String] = []
        let r = Doctor.run(c) { steps.append($0) }
        #expect(r.map(\.id) == ["docker-engine", "docker-access", "compose-version", "cpu", "memory", "disk", "port-80", "port-443",
                                "log-rotation", "domain", "endpoint-rds", "secrets", "clock"])
        #expect(r[0].status == .fail)
        #expect(r.first { $0.id == "domain" }?.status == .pass)
        #expect(r.first { $0.id == "endpoint-rds" }?.status == .fail)
        #expect(steps.contains("resolving db.test"))
        let report = DoctorReport(target: .aws, results: r)
        #expect(report.exitStatus == 1)
        #expect(report.renderText().contains("FAIL  Docker engine reachable"))
        #expect((try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any])?["results"] != nil)
    }
}

/// A long check title (a managed database's host name) no longer widens the title column of
/// every row past 80 columns: it goes on its own line, its reason below at the column.
@Test func doctorTextKeepsItsTitleColumnNarrow() {
    let host = "DigitalOcean managed PostgreSQL db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com:25060"
    let report = DoctorReport(target: .digitalocean, results: [
        DoctorResult(id: "docker", title: "Docker engine reachable", status: .fail, reason: "no engine", fix: "install it"),
        DoctorResult(id: "db", title: host, status: .pass, reason: "TLS handshake ok"),
    ])
    let lines = report.renderText().split(separator: "\n").map(String.init)
    let column = 6 + "Docker engine reachable".count + 2
    #expect(lines.contains("FAIL  Docker engine reachable  no engine"), "\(lines)")
    #expect(lines.contains(String(repeating: " ", count: column) + "fix: install it"), "\(lines)")
    #expect(lines.contains("PASS  " + host))
    #expect(lines.contains(String(repeating: " ", count: column) + "TLS handshake ok"))
    #expect(lines.filter { !$0.contains("ondigitalocean") }.allSatisfy { $0.count <= 80 }, "\(lines)")
}

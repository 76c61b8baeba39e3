import DeployKit
import Foundation
import TestSupport

/// One bundle written by the real `freshtrack-deploy apply` and run on the real engine.
///
/// Layout under a fresh temporary `root`:
/// - `bundle/`: the bundle exactly as `apply` writes it; every command runs here.
/// - `provider/`: the secrets a provider issues (DigitalOcean, AWS), the answers' `file:`
///   sources.
/// - `standin/`: what the stand-ins of managed services read (TLS files, their copies of the
///   provider secrets, Pebble's configuration), mounted read-only at `/standin`.
/// - `engine.test.yaml`: the test-only Compose file (see `EngineOverlay`): an
///   `internal: true` default network, no published port, the stand-ins of managed
///   services under their real host names, Pebble as the ACME server and a tester
///   container. It is added through `COMPOSE_FILE` in the environment of each command, so
///   the bundle and the commands run in it are the ones an operator has.
///
/// Every stack has its own Compose project name; `down()` removes its containers, networks
/// and volumes, and nothing else.
final class Stack {
    var target: Target
    let environment: DeployEnvironment
    let root: String
    var bundle: String { root + "/bundle" }
    var standin: String { root + "/standin" }
    var overlayPath: String { root + "/engine.test.yaml" }
    let project: String
    /// ElastiCache with AUTH (and so TLS) for target aws.
    let elastiCacheAuth: Bool
    /// Provider secrets by name (`do_database_password`, `aws_access_key_id`, ...): test
    /// values, never printed.
    private(set) var provided: [String: String] = [:]
    /// More services (or service changes) for the test-only Compose file, in its YAML.
    var extraServices: [String] = []
    /// What the last `apply` printed.
    private(set) var applyOutput = ""

    init(_ target: Target, _ environment: DeployEnvironment, elastiCacheAuth: Bool = false, label: String = "stack") throws {
        self.target = target
        self.environment = environment
        self.elastiCacheAuth = elastiCacheAuth
        root = TempDirectory.make("freshtrack-engine-\(label)", suffix: .mkdtemp)
        project = "ftengine-" + String(root.suffix(6)).lowercased().filter { $0.isLetter || $0.isNumber }
        try makeProviderSecrets()
        _ = try TestPKI(in: standin + "/tls", hosts: EngineOverlay.tlsHosts)
        // The stand-in PostgreSQL reads its key as uid 70 and wants it 0600.
        guard chown(standin + "/tls/server.key", 70, 70) == 0 else { throw StackFailure("chown server.key: errno \(errno)") }
        try EngineOverlay.pebbleConfiguration.write(toFile: standin + "/pebble.json", atomically: true, encoding: .utf8)
    }

    private func makeProviderSecrets() throws {
        // uid 70: the stand-in PostgreSQL's entrypoint reads its password file as postgres.
        let owners: [String: uid_t] = ["do_database_password": 70, "rds_password": 70]
        for name in ["do_database_password", "spaces_access_key", "spaces_secret_key", "rds_password",
                     "elasticache_auth_token", "aws_access_key_id", "aws_secret_access_key"] {
            let value = testSecretValue()
            provided[name] = value
            try writeFile(root + "/provider/\(name).txt", value)
            let uid = owners[name] ?? 0
            try writeFile(standin + "/secrets/\(name).txt", value, uid: uid, gid: uid)
        }
    }

    /// Runs the real binary's `apply` on `answers` (default: `EngineAnswers.yaml(for: self)`)
    /// and writes the test-only Compose file. Throws with apply's output when it fails.
    func apply(_ answers: String? = nil) throws {
        let path = root + "/answers.yaml"
        try (answers ?? EngineAnswers.yaml(for: self)).write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Subprocess.run(BuiltProducts.freshtrackDeploy, ["apply", "--answers", path, "--dir", bundle],
                                   stdin: .nullDevice, mergeStderr: true)
        applyOutput = r.stdout
        guard r.status == 0 else { throw StackFailure("apply exited \(r.status):\n\(r.stdout)") }
        try EngineOverlay(stack: self).yaml.write(toFile: overlayPath, atomically: true, encoding: .utf8)
    }

    /// `COMPOSE_FILE` of the bundle's `.env`, then the test-only file.
    func composeEnvironment() throws -> [String: String] {
        let env = try String(contentsOfFile: bundle + "/.env", encoding: .utf8)
        guard let line = env.split(separator: "\n").first(where: { $0.hasPrefix("COMPOSE_FILE=") }) else {
            throw StackFailure("the bundle's .env has no COMPOSE_FILE")
        }
        let files = line.dropFirst("COMPOSE_FILE=".count).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        var e = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPOSE_") }
        e["COMPOSE_FILE"] = files + ":" + overlayPath
        e["COMPOSE_PROJECT_NAME"] = project
        return e
    }

    /// `docker compose ARGS` in the bundle directory.
    @discardableResult
    func compose(_ arguments: [String], stdin: StandardInput = .nullDevice) throws -> ProcessResult {
        try Engine.run(["compose"] + arguments, environment: try composeEnvironment(), in: bundle, stdin: stdin)
    }

    /// A command line as an operator pastes it, run by `/bin/sh -c` in the bundle directory.
    @discardableResult
    func paste(_ commandLine: String) throws -> ProcessResult {
        try Subprocess.run("/bin/sh", ["-c", commandLine], environment: try composeEnvironment(),
                           currentDirectory: bundle, stdin: .nullDevice, mergeStderr: true)
    }

    /// Wall time of the last `upWait`, in seconds.
    private(set) var upWaitSeconds = 0.0

    /// `docker compose up -d --wait`; throws with the stack's evidence when it fails.
    func upWait(timeoutSeconds: Int = 240) throws {
        let start = Date()
        let r = try compose(["up", "-d", "--wait", "--wait-timeout", String(timeoutSeconds)])
        upWaitSeconds = Date().timeIntervalSince(start)
        guard r.status == 0 else {
            throw StackFailure("docker compose up -d --wait exited \(r.status): \(r.stderr.suffix(1500))\n\(diagnostics())")
        }
    }

    /// A command line as an operator pastes it on a host that reaches the managed services
    /// (pg_dump, pg_restore): run in the tester container, which resolves their host names
    /// and has the bundle directory mounted at the same path, from that directory.
    @discardableResult
    func pasteOnNetwork(_ commandLine: String) throws -> ProcessResult {
        try compose(["exec", "-T", "-w", bundle, "tester", "sh", "-c", commandLine])
    }

    /// A shell script run in the tester container (curl, psql, redis-cli, python3 + boto3).
    @discardableResult
    func tester(_ script: String) throws -> ProcessResult {
        try compose(["exec", "-T", "tester", "sh", "-c", script])
    }

    /// Each service's state and health, with the last 25 log lines of every service that is
    /// not running healthy: what an operator would look at.
    func diagnostics() -> String {
        var out = ""
        for s in (try? states()) ?? [] {
            out += "\(s.service): \(s.state) \(s.health)\n"
            if s.state != "running" || !(s.health.isEmpty || s.health == "healthy") {
                let health = (try? Engine.run(["inspect", "--format", "{{json .State.Health}}", s.id]))?.stdout ?? ""
                out += "  health: \(health.trimmed.suffix(800))\n"
                let logs = (try? compose(["logs", "--no-color", "--tail", "25", s.service]))?.stdout ?? ""
                out += logs.split(separator: "\n").map { "  | \($0)" }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    /// The last 30 log lines of `services`.
    func logs(_ services: [String]) -> String {
        ((try? compose(["logs", "--no-color", "--tail", "30"] + services))?.stdout) ?? ""
    }

    /// For each container with a healthcheck, the seconds from its start to its first
    /// passing probe (from the engine's health log, which keeps the last five probes).
    func firstPassingProbe() throws -> [(service: String, seconds: Double)] {
        try states().filter { !$0.health.isEmpty }.compactMap { s in
            let r = try Engine.run(["inspect", "--format", "{{json .State}}", s.id])
            let state = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let probes = (state?["Health"] as? [String: Any])?["Log"] as? [[String: Any]] ?? []
            guard let started = (state?["StartedAt"] as? String).flatMap(Self.engineTime),
                  let end = (probes.first { $0["ExitCode"] as? Int == 0 }?["End"] as? String).flatMap(Self.engineTime)
            else { return nil }
            return (s.service, end.timeIntervalSince(started))
        }
    }

    /// An engine timestamp (`2026-12-04T03:38:29.123456789Z`) to the millisecond.
    static func engineTime(_ text: String) -> Date? {
        guard let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else {
            return try? Date(text, strategy: .iso8601)
        }
        let fraction = text[text.index(after: dot)...].dropLast().prefix(3)
        return try? Date(text[..<dot] + "." + fraction.padding(toLength: 3, withPad: "0", startingAt: 0) + "Z",
                         strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// One line for `scripts/bench healthy`: the wall time of `up --wait` next to the
    /// slowest service's first passing probe.
    func timeToHealthyFigure() -> String {
        let probes = ((try? firstPassingProbe()) ?? []).sorted { $0.seconds > $1.seconds }
        let slowest = probes.first.map { String(format: "%@ %.1f s after its start", $0.service, $0.seconds) } ?? "none"
        let all = probes.map { String(format: "%@ %.1f", $0.service, $0.seconds) }.joined(separator: ", ")
        return String(format: "time to healthy %@/%@: up --wait %.1f s; slowest first passing probe: %@ (%@)",
                      target.rawValue, environment.rawValue, upWaitSeconds, slowest, all)
    }

    /// One container of the project.
    struct ServiceState { var service: String; var id: String; var state: String; var health: String }

    /// Every container of the project, also stopped ones.
    func states() throws -> [ServiceState] {
        let r = try compose(["ps", "-a", "--format", "{{.Service}}\t{{.ID}}\t{{.State}}\t{{.Health}}"])
        return r.stdout.split(separator: "\n").compactMap {
            let f = $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return f.count == 4 ? ServiceState(service: f[0], id: f[1], state: f[2], health: f[3]) : nil
        }
    }

    /// Removes the project's containers, networks and volumes, then the temporary files.
    func down() {
        _ = try? compose(["down", "--volumes", "--remove-orphans", "--timeout", "5"])
        TempDirectory.remove(root)
    }
}

import DeployKit
import Foundation
import Testing
import TestSupport

/// Every target x environment, applied by the real binary and started by `docker compose up
/// -d --wait` on the real engine: every service healthy (the worker by its heartbeat), the
/// backend logged in to PostgreSQL, Redis and the object store with the secrets the bundle
/// wrote, data written through it read back, and `https://DOMAIN/health` answered by Caddy
/// with a certificate from the local ACME server where the target runs Caddy.
@Suite(.serialized) struct BundleRunsTests {
    /// Every target and environment, or those named (comma-separated) in
    /// `FRESHTRACK_ENGINE_TARGETS` / `FRESHTRACK_ENGINE_ENVIRONMENTS` (`scripts/bench healthy`
    /// runs one stack that way).
    static let targets = only(Target.allCases, "FRESHTRACK_ENGINE_TARGETS")
    static let environments = only([DeployEnvironment.production, .staging, .dev], "FRESHTRACK_ENGINE_ENVIRONMENTS")

    static func only<T: RawRepresentable<String>>(_ all: [T], _ variable: String) -> [T] {
        guard let names = ProcessInfo.processInfo.environment[variable], !names.isEmpty else { return all }
        let wanted = Set(names.split(separator: ",").map(String.init))
        return all.filter { wanted.contains($0.rawValue) }
    }

    /// The bundle's services that run for a target and environment (the others are in a
    /// `disabled` profile); each must end up healthy.
    static func runningServices(_ target: Target, _ environment: DeployEnvironment) -> Set<String> {
        if environment == .dev { return ["backend", "worker", "postgres", "redis", "minio"] }
        switch target {
        case .selfhosted: return ["backend", "worker", "postgres", "redis", "minio", "caddy"]
        case .digitalocean: return ["backend", "worker", "redis", "caddy"]
        case .aws: return ["backend", "worker"]
        }
    }

    /// The images a stack of `target` needs, all of them stand-ins built offline.
    static func images(_ target: Target) -> [String] {
        ["postgres", "redis", "minio/minio", "caddy"].map(EngineOverlay.image)
            + [EngineAnswers.backendImage, Engine.pebbleImage, Engine.testerImage]
    }

    @Test(arguments: targets, environments)
    func theStackComesUpHealthyAndServes(target: Target, environment: DeployEnvironment) throws {
        try Engine.require(images: Self.images(target))
        if target == .aws { try Engine.tag(EngineAnswers.backendImage, as: EngineAnswers.ecrBackendImage) }
        let stack = try Stack(target, environment, label: "\(target.rawValue)-\(environment.rawValue)")
        defer { stack.down() }
        try stack.apply()
        try stack.upWait()
        try expectHealthy(stack, Self.runningServices(target, environment))
        print(stack.timeToHealthyFigure())
        try createBucket(stack)
        try expectContract(stack)
        try expectDataRoundTrip(stack)
        if BundleLayout.runsCaddy(target: target, environment: environment) { try expectHTTPS(stack) }
        try stack.apply()
        #expect(stack.applyOutput.contains("Nothing to write"), "a re-run with the stack up wrote: \(stack.applyOutput)")
    }

    @Test func elastiCacheWithAuthTokenConnectsOverTLS() throws {
        try Engine.require(images: Self.images(.aws))
        try Engine.tag(EngineAnswers.backendImage, as: EngineAnswers.ecrBackendImage)
        let stack = try Stack(.aws, .production, elastiCacheAuth: true, label: "aws-auth")
        defer { stack.down() }
        try stack.apply()
        #expect(stack.applyOutput.contains("compose.elasticache-auth.yaml"))
        try stack.upWait()
        try expectHealthy(stack, Self.runningServices(.aws, .production))
        try expectContract(stack)
    }
}

/// Every bundle service of `expected` runs and is healthy, and no other bundle service runs.
func expectHealthy(_ stack: Stack, _ expected: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let bundleServices: Set<String> = ["backend", "worker", "postgres", "redis", "minio", "caddy"]
    let states = try stack.states().filter { bundleServices.contains($0.service) }
    let running = Set(states.filter { $0.state == "running" }.map(\.service))
    let healthy = Set(states.filter { $0.health == "healthy" }.map(\.service))
    #expect(running == expected, "running: \(running.sorted())\n\(stack.diagnostics())", sourceLocation: sourceLocation)
    #expect(healthy == expected, "healthy: \(healthy.sorted())\n\(stack.diagnostics())", sourceLocation: sourceLocation)
}

/// Creates the bucket: with the command `apply` printed where the bundle runs MinIO, else
/// in the stand-in object store (the provider's console step).
func createBucket(_ stack: Stack) throws {
    if let command = printedCommands(stack.applyOutput).first(where: { $0.hasPrefix("docker compose exec minio") }) {
        let r = try stack.paste(command)
        #expect(r.status == 0, "the printed MinIO bucket command failed: \(command)\n\(r.stdout)")
        return
    }
    let (service, bucket) = stack.target == .aws ? ("s3", EngineAnswers.s3Bucket) : ("spaces", EngineAnswers.spacesBucket)
    let r = try stack.compose(["exec", "-T", service, "sh", "-c",
                               "MC_HOST_local=\"http://$MINIO_ROOT_USER:$(cat \"$MINIO_ROOT_PASSWORD_FILE\")@127.0.0.1:9000\" mc mb --ignore-existing local/\(bucket)"])
    #expect(r.status == 0, "creating the bucket in the \(service) stand-in failed: \(r.stdout)\(r.stderr)")
}

/// The backend's contract probe: every dependency answers, and it holds the value of the
/// bundle's `stack_auth_secret` file (compared by HMAC, never shown).
func expectContract(_ stack: Stack, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let contract = try backendContract(stack)
    let checks = contract["checks"] as? [String: String] ?? [:]
    #expect(Set(checks.keys) == ["postgres", "redis", "s3"] && checks.values.allSatisfy { $0.hasPrefix("ok") },
            "contract checks: \(checks)", sourceLocation: sourceLocation)
    #expect(contract["auth_hmac"] as? String == (try secretHMAC(stack, "stack_auth_secret")),
            "the backend does not hold the bundle's stack_auth_secret", sourceLocation: sourceLocation)
}

/// The backend stand-in's `GET /contract`: its settings, checks and secret HMACs.
func backendContract(_ stack: Stack) throws -> [String: Any] {
    let r = try stack.tester("curl -sS http://backend:3000/contract")
    guard let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
        throw StackFailure("GET /contract: \(r.stdout) \(r.stderr)\n\(stack.diagnostics())")
    }
    return json
}

/// HMAC-SHA256 (key: the bundle's secret file `name`, message `freshtrack-standin`), the
/// form in which the backend stand-in shows which value it holds.
func secretHMAC(_ stack: Stack, _ name: String) throws -> String {
    try Subprocess.python3(
        ["-c", "import hmac, hashlib, sys; print(hmac.new(open(sys.argv[1], 'rb').read(), b'freshtrack-standin', hashlib.sha256).hexdigest())",
         stack.bundle + "/secrets/\(name).txt"], stdin: .nullDevice).stdout.trimmed
}

/// A row in PostgreSQL, an object in the store and a job through Redis to the worker, each
/// written through the backend and read back.
func expectDataRoundTrip(_ stack: Stack, tag: String = "before", sourceLocation: SourceLocation = #_sourceLocation) throws {
    let script = """
        set -e
        curl -fsS -X POST --data-binary 'row-\(tag)' http://backend:3000/rows >/dev/null
        curl -fsS http://backend:3000/rows; echo
        printf 'object-\(tag)' | curl -fsS -X PUT --data-binary @- http://backend:3000/objects/probe-\(tag).txt >/dev/null
        curl -fsS http://backend:3000/objects/probe-\(tag).txt; echo
        curl -fsS -X POST --data-binary 'job-\(tag)' http://backend:3000/jobs >/dev/null
        for i in $(seq 1 40); do
          if curl -fsS http://backend:3000/jobs/done | grep -q 'job-\(tag)'; then echo job-done; exit 0; fi
          sleep 0.5
        done
        echo job-not-done
        """
    let r = try stack.tester(script)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3 && lines[0].contains("\"row-\(tag)\"") && lines[1] == "object-\(tag)" && lines[2] == "job-done",
            "round trip: \(r.stdout) \(r.stderr)\n\(stack.diagnostics())", sourceLocation: sourceLocation)
}

/// `https://DOMAIN/health` through Caddy answers 200 with a certificate that chains to the
/// local ACME server's issuing root (fetched from Pebble's management API).
func expectHTTPS(_ stack: Stack, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let script = """
        curl -fsS --cacert /standin/tls/ca.crt https://acme.freshtrack.test:15000/roots/0 -o /tmp/acme-root.pem || exit 2
        for i in $(seq 1 90); do
          code=$(curl -sS --cacert /tmp/acme-root.pem -o /tmp/health -w '%{http_code}' https://\(EngineAnswers.domain)/health 2>/tmp/err)
          if [ "$code" = 200 ]; then cat /tmp/health; exit 0; fi
          sleep 1
        done
        echo "last: $code $(cat /tmp/err)"; exit 1
        """
    let r = try stack.tester(script)
    #expect(r.status == 0 && r.stdout.contains("\"status\""),
            "https://\(EngineAnswers.domain)/health: \(r.stdout) \(r.stderr)\n\(stack.logs(["caddy", "pebble"]))",
            sourceLocation: sourceLocation)
}

/// The worker's healthcheck means something: `up --wait` fails while the worker cannot
/// reach its dependencies, though every other service is healthy.
@Suite(.serialized) struct WorkerHealthTests {
    @Test func upWaitFailsWhileTheWorkerCannotReachRedis() throws {
        try Engine.require(images: BundleRunsTests.images(.selfhosted))
        let stack = try Stack(.selfhosted, .production, label: "stuck-worker")
        defer { stack.down() }
        // No start period, so the bundle's check (5 s interval, 3 retries) marks the stuck
        // worker unhealthy within seconds and `up --wait` fails on that, not on its timeout.
        stack.extraServices = ["  worker:\n    environment:\n      REDIS_PORT: \"1\"\n    healthcheck:\n      start_period: 0s"]
        try stack.apply()
        let r = try stack.compose(["up", "-d", "--wait", "--wait-timeout", "120"])
        #expect(r.status != 0, "up --wait succeeded with a worker that reaches no Redis: \(r.stderr)\n\(stack.diagnostics())")
        #expect(r.stderr.contains("worker") && r.stderr.contains("unhealthy"), "up --wait: \(r.stderr)")
        let worker = try stack.states().first { $0.service == "worker" }
        #expect(worker?.state == "running" && worker?.health == "unhealthy", "worker: \(String(describing: worker))\n\(stack.diagnostics())")
        let backend = try stack.states().first { $0.service == "backend" }
        #expect(backend?.health == "healthy", "\(stack.diagnostics())")
    }
}

/// `doctor` on a host with a running engine says what the engine and Compose really are.
@Suite struct DoctorOnEngineTests {
    @Test func doctorNamesTheEngineVersionAndTheComposeThePrintedCommandUses() throws {
        try Engine.require(images: [])
        let server = try Engine.run(["version", "--format", "{{.Server.Version}}"]).stdout.trimmed
        let compose = try Engine.run(["compose", "version", "--short"]).stdout.trimmed
        let stack = try Stack(.selfhosted, .production, label: "doctor")
        defer { stack.down() }
        try stack.apply()
        let r = try Subprocess.run(BuiltProducts.freshtrackDeploy, ["doctor", "--dir", stack.bundle, "--format", "json"],
                                   stdin: .nullDevice)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let results = (json?["results"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
            $0[$1["id"] as? String ?? ""] = $1
        }
        let engine = results["docker-engine"], plugin = results["compose-version"]
        #expect(engine?["status"] as? String == "pass" && (engine?["reason"] as? String)?.contains("Docker Engine \(server)") == true,
                "\(String(describing: engine))")
        #expect(plugin?["status"] as? String == "pass" && (plugin?["reason"] as? String)?.contains("`docker compose` is \(compose.drop { $0 == "v" })") == true,
                "\(String(describing: plugin))")
        #expect(stack.applyOutput.contains("Next: cd \(stack.bundle) && docker compose up -d"))
    }
}

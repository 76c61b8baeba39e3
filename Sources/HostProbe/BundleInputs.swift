import Foundation
import DeployKit

/// Finds and reads the Compose files of a bundle directory for `check` (and `doctor`).
public enum BundleInputs {
    /// The file combinations to check in `directory`:
    /// `files` when given (one combination, in order); else `COMPOSE_FILE` from `DIR/.env`
    /// (split on `COMPOSE_PATH_SEPARATOR`, default `:`); else `docker-compose.yml` (or
    /// `compose.yaml`) with each `compose.*.yaml` one at a time (or alone when there is none).
    /// - Throws: `CheckInputError` when no Compose file is found.
    public static func combinations(directory: String, files: [String]) throws(CheckInputError) -> [[String]] {
        if !files.isEmpty { return [files] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard let combos = ComposeChecker.defaultCombinations(fileNames: names, dotEnv: readDotEnv(directory)) else {
            throw CheckInputError(file: directory, reason: "no docker-compose.yml (or compose.yaml) here and no COMPOSE_FILE in .env; pass --dir or -f")
        }
        return combos
    }

    /// The parsed `.env` of `directory`, if present.
    public static func readDotEnv(_ directory: String) -> DotEnvFile? {
        guard let text = try? String(contentsOfFile: directory + "/.env", encoding: .utf8) else { return nil }
        return DotEnvParser.parse(text, file: ".env")
    }

    /// The environment the bundle is for: `environment:` of `freshtrack-answers.yaml`, else
    /// `dev` when the combination includes `compose.dev.yaml`, else `production`.
    public static func environment(directory: String, combination: [String]) -> DeployEnvironment {
        if let a = LooseAnswers.read(directory: directory), let e = a.environment { return e }
        return combination.contains { ($0 as NSString).lastPathComponent == "compose.dev.yaml" } ? .dev : .production
    }

    /// The Compose project directory of a combination, as Docker Compose sets it without
    /// `--project-directory`: the directory holding the first file (`directory` joined with
    /// the file's path when relative). Compose reads `.env` from here, not from the current
    /// directory, and resolves relative `secrets: file:` paths against it.
    public static func projectDirectory(directory: String, combination: [String]) -> String {
        guard let first = combination.first else { return directory }
        let path = first.hasPrefix("/") ? first : directory + "/" + first
        return URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
    }

    /// Reads one combination into a `CheckInput` with real secret-file facts. `.env`,
    /// `freshtrack-answers.yaml` and secret files are read from the project directory
    /// (`projectDirectory(directory:combination:)`), as Compose does.
    /// - Throws: `CheckInputError` naming the file that cannot be read.
    public static func load(directory: String, combination: [String]) throws(CheckInputError) -> CheckInput {
        var sources: [ComposeSource] = []
        for name in combination {
            let path = name.hasPrefix("/") ? name : directory + "/" + name
            do {
                sources.append(ComposeSource(name: name, text: try String(contentsOfFile: path, encoding: .utf8)))
            } catch {
                let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (\(error.localizedDescription))" : "does not exist"
                throw CheckInputError(file: name, reason: reason)
            }
        }
        let dir = projectDirectory(directory: directory, combination: combination)
        let envText = try? String(contentsOfFile: dir + "/.env", encoding: .utf8)
        let envName = dir == URL(fileURLWithPath: directory).standardizedFileURL.path ? ".env" : dir + "/.env"
        return CheckInput(files: sources, dotEnv: envText.map { ComposeSource(name: envName, text: $0) },
                          environment: environment(directory: dir, combination: combination),
                          secretFacts: { SecretFileInspector.facts(path: $0, relativeTo: dir) })
    }

    /// The `bundle-dir-writable` finding for `directory` (symbolic links followed): an error
    /// when every local user may write to it, a warning when its group may; `nil` otherwise or
    /// when it cannot be read.
    public static func directoryModeFinding(_ directory: String) -> Finding? {
        var st = stat()
        guard stat(directory, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
        return BundleDirectoryMode.finding(path: directory, mode: UInt16(st.st_mode & 0o7777))
    }

    /// Runs `check` over every combination of `directory` (plus the permissions of the
    /// project directory, that of the first file, rule `bundle-dir-writable`) and merges the
    /// findings.
    /// - Throws: `CheckInputError` (exit status 2).
    public static func check(directory: String, files: [String]) throws(CheckInputError) -> CheckReport {
        let combos = try combinations(directory: directory, files: files)
        var findings: [Finding] = []
        for c in combos {
            findings += try ComposeChecker.check(try load(directory: directory, combination: c))
        }
        // The project directory: where Compose reads .env and the files from.
        let project = combos.first.map { projectDirectory(directory: directory, combination: $0) } ?? directory
        if let f = directoryModeFinding(project) { findings.append(f) }
        return CheckReport(inputs: combos, findings: findings)
    }
}

/// The fields of `freshtrack-answers.yaml` that `doctor` uses, read leniently (a partly
/// valid answers file still lets every other check run).
public struct LooseAnswers: Sendable, Hashable {
    public var target: Target?
    public var environment: DeployEnvironment?
    public var domain: String?
    public var rdsEndpoint: String?
    public var elasticacheEndpoint: String?
    /// Whether an ElastiCache AUTH token is configured (then in-transit TLS is on).
    public var elasticacheTLS: Bool
    public var doDatabaseHost: String?
    public var doDatabasePort: Int?
    public var secretsDir: String?

    public init(target: Target? = nil, environment: DeployEnvironment? = nil, domain: String? = nil,
                rdsEndpoint: String? = nil, elasticacheEndpoint: String? = nil, elasticacheTLS: Bool = false,
                doDatabaseHost: String? = nil, doDatabasePort: Int? = nil, secretsDir: String? = nil) {
        self.target = target
        self.environment = environment
        self.domain = domain
        self.rdsEndpoint = rdsEndpoint
        self.elasticacheEndpoint = elasticacheEndpoint
        self.elasticacheTLS = elasticacheTLS
        self.doDatabaseHost = doDatabaseHost
        self.doDatabasePort = doDatabasePort
        self.secretsDir = secretsDir
    }

    /// Reads `DIR/freshtrack-answers.yaml`; `nil` when absent or not YAML.
    public static func read(directory: String) -> LooseAnswers? {
        guard let text = try? String(contentsOfFile: directory + "/freshtrack-answers.yaml", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// Keys: `target`, `environment`, `app.domain`, `aws.rds_endpoint`,
    /// `aws.elasticache_endpoint`, `digitalocean.database_host`, `digitalocean.database_port`,
    /// `secrets.dir`, `secrets.sources.elasticache_auth_token`.
    public static func parse(_ text: String) -> LooseAnswers? {
        guard let root = try? ComposeParser.parse(text, file: "freshtrack-answers.yaml") else { return nil }
        var a = LooseAnswers()
        a.target = root["target"]?.text.flatMap(Target.init(rawValue:))
        a.environment = root["environment"]?.text.flatMap(DeployEnvironment.init(rawValue:))
        a.domain = root.at("app", "domain")?.text
        a.rdsEndpoint = root.at("aws", "rds_endpoint")?.text
        a.elasticacheEndpoint = root.at("aws", "elasticache_endpoint")?.text
        a.elasticacheTLS = root.at("secrets", "sources", "elasticache_auth_token") != nil
        a.doDatabaseHost = root.at("digitalocean", "database_host")?.text
        a.doDatabasePort = root.at("digitalocean", "database_port")?.text.flatMap { Int($0) }
        a.secretsDir = root.at("secrets", "dir")?.text
        return a
    }
}

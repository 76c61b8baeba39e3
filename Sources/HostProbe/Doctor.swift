#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import DeployKit

/// Outcome of one `doctor` check.
public enum DoctorStatus: String, Sendable, Hashable, Codable {
    case pass, warn, fail
    /// Not applicable here (e.g. no managed endpoint for this target), or impossible to check
    /// because an earlier check failed; the reason says which.
    case skip
}

/// One line of the `doctor` report.
public struct DoctorResult: Sendable, Hashable, Codable {
    /// Stable id, e.g. `docker-engine`, `port-443`, `endpoint-rds`.
    public var id: String
    public var title: String
    public var status: DoctorStatus
    /// What was found, in one line.
    public var reason: String
    /// What to do; `nil` when nothing needs doing.
    public var fix: String?

    public init(id: String, title: String, status: DoctorStatus, reason: String, fix: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.reason = reason
        self.fix = fix
    }
}

/// The target's host sizing, from the seed (README, "The seed").
public struct HostSizing: Sendable, Hashable {
    public var vcpus: Int
    /// Memory in GiB as sold (a "8 GB" VM shows about 7.7 GiB in /proc/meminfo).
    public var memoryGiB: Double
    /// Where the figure comes from.
    public var source: String

    public static func forTarget(_ t: Target) -> HostSizing {
        switch t {
        case .selfhosted: return HostSizing(vcpus: 4, memoryGiB: 8, source: "seed: self-hosted single VM, 4 vCPU / 8 GB")
        case .digitalocean: return HostSizing(vcpus: 2, memoryGiB: 4, source: "seed: DigitalOcean hybrid Droplet, 2 vCPU / 4 GB")
        case .aws: return HostSizing(vcpus: 2, memoryGiB: 8, source: "seed: AWS option B, EC2 t3.large = 2 vCPU / 8 GiB")
        }
    }
}

/// Everything `doctor` looks at; defaults are the real host, tests inject the rest.
public struct DoctorConfig: Sendable {
    public var directory: String
    public var target: Target
    public var answers: LooseAnswers?
    /// `DOCKER_HOST` (`unix:///path`, `tcp://host:port`); `nil` = `/var/run/docker.sock`.
    public var dockerHost: String?
    public var procRoot: String = "/proc"
    public var daemonJSONPath: String = "/etc/docker/daemon.json"
    public var resolver: any HostResolver = SystemResolver()
    /// The libssl the TLS probes load (`TLSProbe.handshake`'s `libssl`); `nil`: its default.
    public var libssl: String? = nil
    /// Seconds each network probe may take.
    public var timeout: Double = 5
    /// Ports that must be free (80 and 443 for targets where Caddy terminates TLS).
    public var requiredFreePorts: [Int] = [80, 443]
    /// The Compose plugin's version command. `apply` prints `docker compose up -d`, so the
    /// plugin is what must work. (No `--short`: without the plugin, docker then says "unknown
    /// flag" instead of the clearer "unknown command: docker compose".)
    public var composePluginCommand: [String] = ["docker", "compose", "version"]
    /// The standalone binary's version command, tried when the plugin does not answer.
    public var composeStandaloneCommand: [String] = ["docker-compose", "version", "--short"]
    public var now: Date = Date()
    /// Whether NTP keeps the clock synchronised (`timedatectl`); `nil` = unknown.
    public var clockSynchronized: @Sendable () -> Bool? = { Doctor.ntpSynchronized() }
    /// Free disk below this many GiB warns; below a quarter of it fails. Our figure: images
    /// (about 2 GiB) plus PostgreSQL, MinIO and log growth for a small install.
    public var diskWarnGiB: Double = 20

    public init(directory: String, target: Target, answers: LooseAnswers? = nil, dockerHost: String? = nil) {
        self.directory = directory
        self.target = target
        self.answers = answers
        self.dockerHost = dockerHost
    }
}

/// `doctor`: a preflight of the host, every check with a timeout, each independent of the
/// others (a missing Docker engine does not stop the rest).
public enum Doctor {
    /// Minimum Docker Compose version: `!reset`/`!override` need 2.24.
    public static let minimumCompose = (2, 24, 0)
    /// The clock must not be before this tool's release (ACME certificates would look not yet valid).
    public static let clockFloor = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// Runs every check in order, calling `progress` before each.
    public static func run(_ c: DoctorConfig, progress: (String) -> Void = { _ in }) -> [DoctorResult] {
        var out: [DoctorResult] = []
        out += bundleDirectory(c)
        out += targetAgreement(c)
        progress("Docker engine")
        out += dockerEngine(c)
        progress("Docker Compose version")
        out.append(composeVersion(c))
        progress("CPU, memory and disk")
        out += sizing(c)
        out += ports(c)
        out.append(logRotation(c))
        out += dns(c, progress: progress)
        out += endpoints(c, progress: progress)
        out.append(secrets(c))
        out.append(clock(c))
        return out
    }

    // MARK: Bundle

    /// FAIL up front when `--dir` does not exist (or is not a directory): the bundle checks
    /// then have nothing to read, while the host checks still run. FAIL when every local user
    /// may write to it, WARN when its group may (`BundleDirectoryMode`).
    static func bundleDirectory(_ c: DoctorConfig) -> [DoctorResult] {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: c.directory, isDirectory: &isDir)
        if exists && isDir.boolValue {
            guard let f = BundleInputs.directoryModeFinding(c.directory) else { return [] }
            return [DoctorResult(id: "bundle-directory", title: "Bundle directory", status: f.severity == .error ? .fail : .warn,
                                 reason: f.message, fix: f.fix)]
        }
        return [DoctorResult(id: "bundle-directory", title: "Bundle directory", status: .fail,
                             reason: "\(c.directory) " + (exists ? "is not a directory" : "does not exist")
                                 + "; only the host is checked (log rotation, domain and secret files need the bundle)",
                             fix: "pass --dir with the directory `freshtrack-deploy apply` wrote, or run `freshtrack-deploy apply` first")]
    }

    /// WARN when `--target` differs from `target:` in `freshtrack-answers.yaml`, saying what
    /// the checks were run for.
    static func targetAgreement(_ c: DoctorConfig) -> [DoctorResult] {
        guard let answered = c.answers?.target, answered != c.target else { return [] }
        return [DoctorResult(id: "target", title: "Target", status: .warn,
                             reason: "checking for --target \(c.target.rawValue), but freshtrack-answers.yaml says target \(answered.rawValue): sizing, ports and DNS are checked for \(c.target.rawValue); managed endpoints only from the answers' \(c.target.rawValue) section",
                             fix: "drop --target to check the bundle as written, or change `target:` in the answers and run `freshtrack-deploy apply` again")]
    }

    // MARK: Docker

    static func dockerEngine(_ c: DoctorConfig) -> [DoctorResult] {
        let host = c.dockerHost ?? "unix:///var/run/docker.sock"
        let title = "Docker engine reachable"
        let accessTitle = "This user can talk to the engine"
        let install = "install Docker Engine (https://docs.docker.com/engine/install/), then `sudo systemctl enable --now docker`"
        if host.hasPrefix("unix://") {
            let path = String(host.dropFirst("unix://".count))
            var st = stat()
            guard stat(path, &st) == 0 else {
                let client = Subprocess.run(["which", "docker"], timeout: c.timeout).status == 0
                return [
                    DoctorResult(id: "docker-engine", title: title, status: .fail,
                                 reason: "no Docker engine on this machine: \(path) does not exist" + (client ? " (only the docker client is installed)" : ""),
                                 fix: install),
                    DoctorResult(id: "docker-access", title: accessTitle, status: .skip, reason: "no engine to talk to"),
                ]
            }
            switch Connect.unix(path: path, timeout: c.timeout) {
            case .success:
                let reason = engineVersion(c).map { "Docker Engine \($0) answers on \(path)" } ?? "\(path) accepts connections"
                return [DoctorResult(id: "docker-engine", title: title, status: .pass, reason: reason),
                        DoctorResult(id: "docker-access", title: accessTitle, status: .pass, reason: "connected to \(path) as uid \(getuid())")]
            case .failure(let f) where f == .connectFailed(errno: EACCES):
                return [DoctorResult(id: "docker-engine", title: title, status: .pass, reason: "\(path) exists"),
                        DoctorResult(id: "docker-access", title: accessTitle, status: .fail,
                                     reason: "\(path): \(f) for uid \(getuid())",
                                     fix: "sudo usermod -aG docker $USER, then log out and back in (or run with sudo)")]
            case .failure(let f):
                return [DoctorResult(id: "docker-engine", title: title, status: .fail,
                                     reason: "\(path) exists but the engine does not answer: \(f)",
                                     fix: "sudo systemctl start docker (and check `journalctl -u docker`)"),
                        DoctorResult(id: "docker-access", title: accessTitle, status: .skip, reason: "the engine is not running")]
            }
        }
        if host.hasPrefix("tcp://"), let url = URLComponents(string: host), let h = url.host {
            let port = url.port ?? 2376
            switch Connect.tcp(host: h, port: port, timeout: c.timeout) {
            case .success(let addr):
                return [DoctorResult(id: "docker-engine", title: title, status: .pass, reason: "DOCKER_HOST \(h):\(port) (\(addr)) accepts TCP"),
                        DoctorResult(id: "docker-access", title: accessTitle, status: .pass, reason: "TCP connection accepted")]
            case .failure(let f):
                return [DoctorResult(id: "docker-engine", title: title, status: .fail, reason: "DOCKER_HOST \(h):\(port): \(f)",
                                     fix: "check DOCKER_HOST, or unset it to use the local engine"),
                        DoctorResult(id: "docker-access", title: accessTitle, status: .skip, reason: "the engine is not reachable")]
            }
        }
        return [DoctorResult(id: "docker-engine", title: title, status: .skip, reason: "DOCKER_HOST \(host) cannot be checked without running commands on it"),
                DoctorResult(id: "docker-access", title: accessTitle, status: .skip, reason: "not checked")]
    }

    /// The engine's own version and API version as `docker version` reports them
    /// (`20.10.24+dfsg1 (API 1.41)`), or nil when the docker client is missing or the
    /// engine does not say.
    static func engineVersion(_ c: DoctorConfig) -> String? {
        let r = Subprocess.run(["docker", "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"], timeout: c.timeout)
        let parts = r.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard r.status == 0, parts.count == 2, !parts[0].isEmpty else { return nil }
        return "\(parts[0]) (API \(parts[1]))"
    }

    /// The first `MAJOR.MINOR[.PATCH]` in a version command's output, as (major, minor,
    /// patch; 0 when absent). Reads every form the Compose binaries print: `2.40.3`,
    /// `v2.24.0-desktop.1`, `Docker Compose version v2.40.3`, `2.29.7+ds1-0ubuntu1`, and
    /// v1's `docker-compose version 1.29.2, build 5becea4c` (each word's leading run of
    /// digits and dots is read, so a trailing `,` or suffix is ignored). nil when none.
    public static func parseVersion(_ text: String) -> (Int, Int, Int)? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            var w = Substring(word)
            if w.hasPrefix("v") { w = w.dropFirst() }
            let core = w.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let parts = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            if parts.count >= 2, let a = parts[0], let b = parts[1] {
                return (a, b, parts.count > 2 ? (parts[2] ?? 0) : 0)
            }
        }
        return nil
    }

    /// `docker compose` (the plugin) first: it is what the printed `docker compose up -d`
    /// runs. PASS when it is 2.24 or later; when only the standalone `docker-compose` v2
    /// (2.24 or later) exists, WARN naming the alternative command and how to install the
    /// plugin; FAIL when Compose is older than 2.24, is v1, or is missing.
    static func composeVersion(_ c: DoctorConfig) -> DoctorResult {
        let title = "Docker Compose v2 >= 2.24"
        let wait = max(c.timeout, 10)
        func shown(_ v: (Int, Int, Int)) -> String { "\(v.0).\(v.1).\(v.2)" }
        let plugin = Subprocess.run(c.composePluginCommand, timeout: wait)
        if plugin.status == 0, let v = parseVersion(plugin.stdout), v.0 >= 2 {
            if v < minimumCompose {
                return DoctorResult(id: "compose-version", title: title, status: .fail,
                                    reason: "`docker compose` is \(shown(v)); the bundle's `!reset`/`!override` need 2.24 or later",
                                    fix: "upgrade: sudo apt-get install --only-upgrade docker-compose-plugin")
            }
            return DoctorResult(id: "compose-version", title: title, status: .pass,
                                reason: "`docker compose` is \(shown(v)) (the command the bundle's instructions use)")
        }
        let pluginWhy: String = {
            let err = plugin.stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
            if let err { return err }
            if plugin.status == nil { return "did not finish within \(Int(wait)) s" }
            return plugin.status == 0 ? "printed no Compose v2 version" : "exit status \(plugin.status!)"
        }()
        let install = "sudo apt-get install docker-compose-plugin (Docker's apt repository), then `docker compose version`"
        let standalone = Subprocess.run(c.composeStandaloneCommand, timeout: wait)
        if standalone.status == 0, let v = parseVersion(standalone.stdout) {
            if v.0 < 2 {
                return DoctorResult(id: "compose-version", title: title, status: .fail,
                                    reason: "`docker compose` does not work (\(pluginWhy)) and `docker-compose` is Compose v1 (\(shown(v))), which cannot read this bundle",
                                    fix: "install the Compose v2 plugin: " + install)
            }
            if v < minimumCompose {
                return DoctorResult(id: "compose-version", title: title, status: .fail,
                                    reason: "`docker compose` does not work (\(pluginWhy)) and `docker-compose` is \(shown(v)); the bundle's `!reset`/`!override` need 2.24 or later",
                                    fix: "install the Compose v2 plugin: " + install)
            }
            return DoctorResult(id: "compose-version", title: title, status: .warn,
                                reason: "only the standalone `docker-compose` \(shown(v)) is installed; `docker compose` does not work (\(pluginWhy)), so the printed `docker compose up -d` fails here",
                                fix: "run `docker-compose up -d` (and `docker-compose` wherever the instructions say `docker compose`), or install the plugin: " + install)
        }
        return DoctorResult(id: "compose-version", title: title, status: .fail,
                            reason: "no Docker Compose v2: `docker compose` does not work (\(pluginWhy)) and there is no `docker-compose`",
                            fix: "install the Compose plugin: " + install)
    }

    // MARK: Sizing

    /// Number of `processor` lines in `/proc/cpuinfo`.
    public static func cpuCount(procRoot: String) -> Int? {
        guard let t = try? String(contentsOfFile: procRoot + "/cpuinfo", encoding: .utf8) else { return nil }
        let n = t.split(separator: "\n").filter { $0.hasPrefix("processor") }.count
        return n > 0 ? n : nil
    }

    /// `MemTotal` of `/proc/meminfo` in KiB.
    public static func memTotalKiB(procRoot: String) -> Int? {
        guard let t = try? String(contentsOfFile: procRoot + "/meminfo", encoding: .utf8) else { return nil }
        guard let line = t.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Free bytes for unprivileged users on the file system holding `path` (`statvfs`).
    public static func freeBytes(path: String) -> UInt64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return UInt64(s.f_bavail) * UInt64(s.f_frsize)
    }

    static func sizing(_ c: DoctorConfig) -> [DoctorResult] {
        let need = HostSizing.forTarget(c.target)
        var out: [DoctorResult] = []
        if let n = cpuCount(procRoot: c.procRoot) {
            out.append(DoctorResult(id: "cpu", title: "CPU for \(c.target.rawValue)", status: n >= need.vcpus ? .pass : .warn,
                                    reason: "\(n) vCPU; \(need.source)",
                                    fix: n >= need.vcpus ? nil : "resize the VM to at least \(need.vcpus) vCPU, or expect slower responses under load"))
        } else {
            out.append(DoctorResult(id: "cpu", title: "CPU for \(c.target.rawValue)", status: .warn,
                                    reason: "cannot read \(c.procRoot)/cpuinfo", fix: "check the VM has \(need.vcpus) vCPU"))
        }
        if let kib = memTotalKiB(procRoot: c.procRoot) {
            let gib = Double(kib) / 1_048_576
            // A VM sold as N GB shows a little less in MemTotal (kernel reservations): allow 10%.
            let ok = gib >= need.memoryGiB * 0.9
            out.append(DoctorResult(id: "memory", title: "Memory for \(c.target.rawValue)", status: ok ? .pass : .warn,
                                    reason: String(format: "%.1f GiB; ", gib) + need.source,
                                    fix: ok ? nil : "resize the VM to \(Int(need.memoryGiB)) GB, or lower the services' memory limits"))
        } else {
            out.append(DoctorResult(id: "memory", title: "Memory for \(c.target.rawValue)", status: .warn,
                                    reason: "cannot read \(c.procRoot)/meminfo", fix: nil))
        }
        // A bundle directory not written yet: measure the file system it will be created on.
        var measured = c.directory
        while !FileManager.default.fileExists(atPath: measured), measured != "/" {
            measured = (measured as NSString).deletingLastPathComponent
            if measured.isEmpty { measured = "/" }
        }
        if let free = freeBytes(path: measured) {
            let gib = Double(free) / 1_073_741_824
            let status: DoctorStatus = gib >= c.diskWarnGiB ? .pass : (gib >= c.diskWarnGiB / 4 ? .warn : .fail)
            let note = measured == c.directory ? "" : " (\(c.directory) does not exist yet)"
            out.append(DoctorResult(id: "disk", title: "Free disk", status: status,
                                    reason: String(format: "%.1f GiB free under %@%@ (want %.0f GiB or more)", gib, measured, note, c.diskWarnGiB),
                                    fix: status == .pass ? nil : "free space or grow the disk (images, database and logs live here)"))
        } else {
            out.append(DoctorResult(id: "disk", title: "Free disk", status: .warn, reason: "cannot statvfs \(c.directory)", fix: nil))
        }
        return out
    }

    // MARK: Ports, logs

    static func ports(_ c: DoctorConfig) -> [DoctorResult] {
        guard c.target != .aws else {
            return c.requiredFreePorts.map {
                DoctorResult(id: "port-\($0)", title: "Port \($0) free", status: .skip, reason: "the AWS target puts the load balancer in front")
            }
        }
        let listening = ListeningPorts.read(procRoot: c.procRoot)
        return c.requiredFreePorts.map { p in
            listening.contains(p)
                ? DoctorResult(id: "port-\(p)", title: "Port \(p) free", status: .fail,
                               reason: "another program already listens on port \(p); Caddy cannot bind it",
                               fix: "find it with `sudo ss -ltnp 'sport = :\(p)'` and stop it")
                : DoctorResult(id: "port-\(p)", title: "Port \(p) free", status: .pass, reason: "nothing listens on port \(p)")
        }
    }

    static func logRotation(_ c: DoctorConfig) -> DoctorResult {
        let title = "Log rotation"
        if let data = FileManager.default.contents(atPath: c.daemonJSONPath),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let driver = json["log-driver"] as? String ?? "json-file"
            let opts = json["log-opts"] as? [String: Any] ?? [:]
            if driver == "local" || (driver == "json-file" && opts["max-size"] != nil) {
                return DoctorResult(id: "log-rotation", title: title, status: .pass,
                                    reason: "\(c.daemonJSONPath): \(driver)" + (opts["max-size"].map { " max-size \($0)" } ?? ""))
            }
        }
        if let report = try? BundleInputs.check(directory: c.directory, files: []) {
            let missing = Set(report.findings.filter { $0.rule == .noLogRotation }.compactMap(\.service))
            if missing.isEmpty {
                return DoctorResult(id: "log-rotation", title: title, status: .pass, reason: "every service in the bundle sets logging rotation")
            }
            return DoctorResult(id: "log-rotation", title: title, status: .warn,
                                reason: "no rotation in \(c.daemonJSONPath), and \(missing.sorted().joined(separator: ", ")) set none in the bundle",
                                fix: "add {\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}} to \(c.daemonJSONPath) and restart docker")
        }
        return DoctorResult(id: "log-rotation", title: title, status: .warn,
                            reason: "no rotation in \(c.daemonJSONPath) and no bundle in \(c.directory) to look at",
                            fix: "add {\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}} to \(c.daemonJSONPath)")
    }

    // MARK: Network

    static func domain(_ c: DoctorConfig) -> String? {
        if let d = c.answers?.domain, !d.isEmpty { return d }
        return BundleInputs.readDotEnv(c.directory)?.variables["DOMAIN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func dns(_ c: DoctorConfig, progress: (String) -> Void) -> [DoctorResult] {
        let title = "Domain resolves"
        guard let d = domain(c) else {
            return [DoctorResult(id: "domain", title: title, status: .skip,
                                 reason: "no domain: no freshtrack-answers.yaml (app.domain) or DOMAIN in .env in \(c.directory)")]
        }
        let fix = c.target == .aws
            ? "add a CNAME for \(d) to the ALB's DNS name (or a Route 53 alias A/AAAA record to the ALB); ACM validates the certificate through its own DNS (CNAME) validation record, not through this host"
            : "add an A (and AAAA) record for \(d) pointing at this host; Caddy's Let's Encrypt certificate needs it"
        progress("resolving \(d)")
        switch c.resolver.resolve(d, timeout: c.timeout) {
        case .success(let addrs) where !addrs.isEmpty:
            return [DoctorResult(id: "domain", title: title, status: .pass, reason: "\(d) resolves to \(addrs.prefix(4).joined(separator: ", "))")]
        case .success:
            return [DoctorResult(id: "domain", title: title, status: .fail, reason: "\(d) has no address", fix: fix)]
        case .failure(let f):
            return [DoctorResult(id: "domain", title: title, status: .fail, reason: "\(d): \(f)", fix: fix)]
        }
    }

    /// A managed service the bundle connects to.
    public struct Endpoint: Sendable, Hashable {
        public var id: String
        public var name: String
        public var host: String
        public var port: Int
        /// `nil`: plain TLS; `"postgres"`: PostgreSQL's SSLRequest first; no TLS check when `tls` is false.
        public var startTLS: String?
        public var tls: Bool
    }

    /// Splits `host[:port]`.
    static func hostPort(_ s: String, defaultPort: Int) -> (String, Int) {
        if let colon = s.lastIndex(of: ":"), let p = Int(s[s.index(after: colon)...]) { return (String(s[..<colon]), p) }
        return (s, defaultPort)
    }

    /// The managed endpoints of the target, from the answers.
    public static func endpoints(for c: DoctorConfig) -> [Endpoint] {
        guard let a = c.answers else { return [] }
        var out: [Endpoint] = []
        switch c.target {
        case .aws:
            if let r = a.rdsEndpoint, !r.isEmpty {
                let (h, p) = hostPort(r, defaultPort: 5432)
                out.append(Endpoint(id: "endpoint-rds", name: "Amazon RDS", host: h, port: p, startTLS: "postgres", tls: true))
            }
            if let e = a.elasticacheEndpoint, !e.isEmpty {
                let (h, p) = hostPort(e, defaultPort: 6379)
                out.append(Endpoint(id: "endpoint-elasticache", name: "ElastiCache", host: h, port: p, startTLS: nil, tls: a.elasticacheTLS))
            }
        case .digitalocean:
            if let h = a.doDatabaseHost, !h.isEmpty {
                out.append(Endpoint(id: "endpoint-do-database", name: "DigitalOcean managed PostgreSQL", host: h,
                                    port: a.doDatabasePort ?? AnswersSchema.defaultDigitalOceanDatabasePort, startTLS: "postgres", tls: true))
            }
        case .selfhosted:
            break
        }
        return out
    }

    static func endpoints(_ c: DoctorConfig, progress: (String) -> Void) -> [DoctorResult] {
        let list = endpoints(for: c)
        if list.isEmpty {
            let keys: String, services: String
            switch c.target {
            case .selfhosted: return []
            case .aws: (keys, services) = ("aws.rds_endpoint, aws.elasticache_endpoint", "RDS and ElastiCache")
            case .digitalocean: (keys, services) = ("digitalocean.database_host", "the managed database")
            }
            let source = c.answers == nil ? "there is no freshtrack-answers.yaml in \(c.directory)"
                : "freshtrack-answers.yaml sets none of \(keys)" + (c.answers?.target.map { $0 != c.target ? " (its target is \($0.rawValue))" : "" } ?? "")
            return [DoctorResult(id: "endpoints", title: "Managed endpoints", status: .skip,
                                 reason: "\(services) not checked: \(source)",
                                 fix: "add them to the answers' \(c.target.rawValue) section, or run doctor for the bundle's own target")]
        }
        return list.map { probe($0, c, progress: progress) }
    }

    /// Resolve, connect, and (when the service uses TLS) complete a TLS handshake.
    public static func probe(_ e: Endpoint, _ c: DoctorConfig, progress: (String) -> Void = { _ in }) -> DoctorResult {
        let title = "\(e.name) \(e.host):\(e.port)"
        progress("resolving \(e.host)")
        let addrs: [String]
        switch c.resolver.resolve(e.host, timeout: c.timeout) {
        case .success(let a) where !a.isEmpty: addrs = a
        case .success:
            return DoctorResult(id: e.id, title: title, status: .fail, reason: "\(e.host) has no address",
                                fix: "copy the endpoint again from the provider's console")
        case .failure(let f):
            return DoctorResult(id: e.id, title: title, status: .fail, reason: "\(e.host) does not resolve: \(f)",
                                fix: "copy the endpoint again from the provider's console; private endpoints resolve only inside their VPC")
        }
        progress("connecting to \(e.host):\(e.port)")
        var connected: String? = nil
        var lastError = ""
        for a in addrs {
            switch Connect.tcp(host: a, port: e.port, timeout: c.timeout) {
            case .success(let addr): connected = addr
            case .failure(let f): lastError = f.description
            }
            if connected != nil { break }
        }
        guard let connected else {
            return DoctorResult(id: e.id, title: title, status: .fail,
                                reason: "\(e.host) resolves (\(addrs[0])) but port \(e.port) does not accept TCP: \(lastError)",
                                fix: "allow this host in the service's firewall / security group / trusted sources")
        }
        guard e.tls else {
            return DoctorResult(id: e.id, title: title, status: .pass, reason: "resolves to \(connected) and accepts TCP on \(e.port)")
        }
        progress("TLS handshake with \(e.host):\(e.port)")
        switch TLSProbe.handshake(host: connected, port: e.port, serverName: e.host.first?.isLetter == true ? e.host : nil,
                                  startTLS: e.startTLS, timeout: c.timeout, libssl: c.libssl) {
        case .success(let r):
            let note = r.verifyError.map { " (certificate not verified against the system CAs: \($0))" } ?? ", certificate verified"
            return DoctorResult(id: e.id, title: title, status: .pass,
                                reason: "accepts TCP on \(e.port) and completes a \(r.protocolVersion) handshake\(note)")
        case .failure(let f):
            if case .libsslMissing = f {
                // This host lacks the library, not the endpoint its TLS: the handshake was not tried.
                return DoctorResult(id: e.id, title: title, status: .fail,
                                    reason: "accepts TCP on \(e.port); its TLS handshake was not tried: \(f)",
                                    fix: "apt-get install libssl3, then run doctor again")
            }
            return DoctorResult(id: e.id, title: title, status: .fail, reason: "accepts TCP on \(e.port) but \(f)",
                                fix: "check the endpoint and port are the TLS ones the provider lists")
        }
    }

    // MARK: Secrets, clock

    /// The secret files the services Compose starts mount (per combination), each checked
    /// by `check`'s secret-file rules (including copies of one secret, `<name>.txt` and
    /// `<name>.<user>.txt`, that differ: both files named, the values never shown); missing
    /// ones FAIL by name.
    static func secrets(_ c: DoctorConfig) -> DoctorResult {
        let title = "Secret files"
        let combos: [[String]]
        do {
            combos = try BundleInputs.combinations(directory: c.directory, files: [])
        } catch {
            return DoctorResult(id: "secrets", title: title, status: .skip, reason: "no bundle in \(c.directory) yet (run `freshtrack-deploy apply`)")
        }
        var findings: [Finding] = []
        var declared = 0
        var used: [String: String] = [:]  // full path -> path as written
        for combo in combos {
            guard let input = try? BundleInputs.load(directory: c.directory, combination: combo),
                  let project = try? ComposeProject.load(input),
                  let f = try? ComposeChecker.check(input) else { continue }
            let projectDir = BundleInputs.projectDirectory(directory: c.directory, combination: combo)
            for s in project.root["secrets"]?.entries ?? [] {
                guard let path = s.node["file"]?.text else { continue }
                declared += 1
                guard !project.consumers(ofSecret: s.key).isEmpty else { continue }
                let full = URL(fileURLWithPath: path.hasPrefix("/") ? path : projectDir + "/" + path).standardizedFileURL.path
                used[full] = path
            }
            findings += f.filter { [.secretFileMode, .secretTrailingNewline, .secretCopiesDiffer].contains($0.rule) }
        }
        if declared == 0 {
            return DoctorResult(id: "secrets", title: title, status: .warn,
                                reason: "the bundle declares no secret files, so passwords must be inline (see `freshtrack-deploy check`)",
                                fix: "regenerate the bundle with `freshtrack-deploy apply`")
        }
        let checked = combos.map { $0.joined(separator: " + ") }.joined(separator: "; ")
        if used.isEmpty {
            return DoctorResult(id: "secrets", title: title, status: .pass,
                                reason: "no service Compose starts (\(checked)) mounts a secret file")
        }
        let paths = used.keys.sorted()
        let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
        let present = paths.filter { FileManager.default.fileExists(atPath: $0) }
        var problems: [(DoctorStatus, String, String?)] = []
        if !missing.isEmpty {
            problems.append((.fail, "\(missing.count) of \(paths.count) secret files the services mount \(missing.count == 1 ? "is" : "are") missing: \(missing.map { used[$0]! }.joined(separator: ", "))",
                             "run `freshtrack-deploy apply` in \(c.directory) to generate them (mode 0600, no trailing newline)"))
        }
        // Copies of one secret are compared by `check` (rule secret-copies-differ); a copy this
        // user cannot read is not compared, which the result says.
        let unreadable = Dictionary(grouping: present, by: ComposeChecker.secretCopyFamily).values
            .filter { $0.count > 1 }.flatMap { $0 }.filter { access($0, R_OK) != 0 }.sorted()
        let report = CheckReport(inputs: combos, findings: findings)
        if let first = report.findings.first {
            let more = report.findings.count > 1 ? " (and \(report.findings.count - 1) more; run `freshtrack-deploy check`)" : ""
            problems.append((report.errorCount > 0 ? .fail : .warn, first.message + more, first.fix))
        }
        let note = unreadable.isEmpty ? "" : "; copies not compared, cannot read \(unreadable.map { used[$0] ?? $0 }.joined(separator: ", ")) (run doctor with sudo)"
        if problems.isEmpty {
            return DoctorResult(id: "secrets", title: title, status: unreadable.isEmpty ? .pass : .warn,
                                reason: "\(paths.count) secret file\(paths.count == 1 ? "" : "s") mounted by the services Compose starts: each 0600, in a 0700 directory, owned by its container's user, no trailing newline, copies equal" + note,
                                fix: unreadable.isEmpty ? nil : "sudo freshtrack-deploy doctor")
        }
        let status: DoctorStatus = problems.contains { $0.0 == .fail } ? .fail : .warn
        return DoctorResult(id: "secrets", title: title, status: status,
                            reason: problems.map(\.1).joined(separator: "; ") + note,
                            fix: problems.compactMap(\.2).first)
    }

    /// `timedatectl show -p NTPSynchronized --value` (systemd); `nil` when unavailable.
    public static func ntpSynchronized() -> Bool? {
        let out = Subprocess.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], timeout: 5)
        guard out.status == 0 else { return nil }
        switch out.stdout.ckTrim() {
        case "yes": return true
        case "no": return false
        default: return nil
        }
    }

    static func clock(_ c: DoctorConfig) -> DoctorResult {
        let title = "Clock"
        let iso = ISO8601DateFormatter().string(from: c.now)
        if c.now < clockFloor {
            return DoctorResult(id: "clock", title: title, status: .fail,
                                reason: "the clock says \(iso), before this tool was released; TLS certificates will look not yet valid",
                                fix: "sudo timedatectl set-ntp true (or set the time)")
        }
        let synced = c.clockSynchronized()
        if synced == false {
            return DoctorResult(id: "clock", title: title, status: .warn,
                                reason: "\(iso), but the kernel reports the clock is not synchronised (NTP); ACME and TLS need a correct clock",
                                fix: "sudo timedatectl set-ntp true")
        }
        return DoctorResult(id: "clock", title: title, status: .pass, reason: "\(iso)" + (synced == true ? ", synchronised by NTP" : " (NTP state unknown: no timedatectl)"))
    }
}

/// The `doctor` report.
public struct DoctorReport: Sendable, Hashable, Codable {
    public var target: Target
    public var results: [DoctorResult]

    public init(target: Target, results: [DoctorResult]) {
        self.target = target
        self.results = results
    }

    /// 1 when any check failed, else 0.
    public var exitStatus: Int32 { results.contains { $0.status == .fail } ? 1 : 0 }

    /// The widest title column: a longer title (e.g. a managed database's host name) goes
    /// on its own line with its reason below it, so the report stays readable at 80 columns.
    static let titleColumn = 30

    /// `STATUS  title  reason` per check (and `fix:` under a failure or warning), then counts.
    public func renderText() -> String {
        var out = "doctor for target \(target.rawValue)\n"
        // As wide as the titles that fit need; a longer one goes on its own line.
        let w = results.map(\.title.count).filter { $0 <= Self.titleColumn }.max() ?? Self.titleColumn
        for r in results {
            let status = r.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)
            if r.title.count > w {
                out += "\(status)  \(r.title)\n" + String(repeating: " ", count: 6 + w + 2) + "\(r.reason)\n"
            } else {
                let pad = String(repeating: " ", count: max(0, w - r.title.count))
                out += "\(status)  \(r.title)\(pad)  \(r.reason)\n"
            }
            if let fix = r.fix, r.status != .pass { out += String(repeating: " ", count: 6 + w + 2) + "fix: \(fix)\n" }
        }
        func n(_ s: DoctorStatus) -> Int { results.filter { $0.status == s }.count }
        out += "\(n(.pass)) passed, \(n(.warn)) warning\(n(.warn) == 1 ? "" : "s"), \(n(.fail)) failed, \(n(.skip)) skipped\n"
        return out
    }

    public func renderJSON() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }
}

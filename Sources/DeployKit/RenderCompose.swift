import Foundation
import Yams

/// Which files make up a bundle for a target and environment, and what the compose files in
/// `assets/compose/` declare (services, images, disabled services).
///
/// The compose files are data: they are copied byte for byte from `assets/compose/`, and
/// every answer-dependent value reaches them through `.env` interpolation. The planner
/// parses them with Yams to find images and disabled services, and to validate them.
public enum BundleLayout {
    /// The base compose file name (seed: `docker-compose.yml`).
    public static let baseComposeFile = "docker-compose.yml"
    /// The staging overlay, added over the target overlay for environment `staging`.
    public static let stagingOverlay = "compose.staging.yaml"
    /// The development overlay, applied over the base only for environment `dev`.
    public static let devOverlay = "compose.dev.yaml"
    /// Added after `compose.aws.yaml` when an ElastiCache AUTH token is configured.
    public static let elastiCacheAuthOverlay = "compose.elasticache-auth.yaml"
    /// The answers file written into the bundle.
    public static let answersFile = "freshtrack-answers.yaml"
    /// The Caddyfile, for targets that run Caddy.
    public static let caddyfile = "Caddyfile"
    /// The project name, so container/volume names do not depend on the directory name.
    public static let projectName = "freshtrack"
    /// Every service of the base file, in file order.
    public static let services = ["backend", "worker", "postgres", "redis", "minio", "caddy"]

    /// Compose files in `COMPOSE_FILE` order: base first, later files override earlier.
    ///
    /// `dev`: base + `compose.dev.yaml` (whatever the target). Otherwise base + the target
    /// overlay (+ `compose.elasticache-auth.yaml` for AWS with a token) + `compose.staging.yaml`
    /// for staging.
    public static func composeFiles(target: Target, environment: DeployEnvironment,
                                    elastiCacheAuth: Bool) -> [String] {
        if environment == .dev { return [baseComposeFile, devOverlay] }
        var files = [baseComposeFile, target.overlayFileName]
        if target == .aws && elastiCacheAuth { files.append(elastiCacheAuthOverlay) }
        if environment == .staging { files.append(stagingOverlay) }
        return files
    }

    /// Whether the bundle runs Caddy (and so needs a `Caddyfile` and an ACME e-mail).
    public static func runsCaddy(target: Target, environment: DeployEnvironment) -> Bool {
        environment != .dev && target != .aws
    }

    /// The embedded text of a compose file of `assets/compose/`.
    public static func assetText(_ file: String) -> String { Assets.required("compose/" + file) }

    /// Parses a compose file's YAML (Yams) and checks it is a mapping.
    /// - Throws: `PlanError` naming the file.
    public static func parse(_ file: String, text: String) throws(PlanError) -> Node {
        let node: Node?
        do { node = try YAMLTree.compose(text) } catch {
            throw PlanError.notYAML(file: file, reason: "\(error)")
        }
        guard let node, node.mapping != nil else { throw PlanError.notAMapping(file: file) }
        return node
    }

    /// Parses a compose file of `assets/compose/`, once per process: the same tree as
    /// `parse(file, text: assetText(file))` (so `.bool`, `.int` and tags read as they would
    /// there; `YAMLTree.compose` resolves them without Yams' regular expressions where the
    /// answer is certain), cached because the embedded assets are immutable (a memo of a
    /// pure function; DeployKit stays free of I/O). Shared by every reader: the planner's
    /// service and image lists, `ComposeServiceFacts`, `ComposeEnvironment`.
    /// - Throws: `PlanError` naming the file, as `parse(_:text:)`.
    static func assetNode(_ file: String) throws(PlanError) -> Node {
        try ComposeAssetCache.shared.node(file)
    }

    /// The bucket the bundle's own MinIO serves: `S3_BUCKET` of the backend's environment in
    /// the base compose file (`assets/compose/docker-compose.yml`, a literal there, e.g.
    /// `freshtrack-files`); `nil` if that file no longer sets it literally.
    public static var minioBucket: String? {
        guard let node = try? assetNode(baseComposeFile),
              let value = node["services"]?["backend"]?["environment"]?["S3_BUCKET"]?.string,
              !value.contains("$") else { return nil }
        return value
    }

    /// The root user of the bundle's own MinIO: `MINIO_ROOT_USER` of the `minio` service in
    /// the base compose file (a literal there, e.g. `freshtrack`); `nil` if that file no
    /// longer sets it literally.
    public static var minioRootUser: String? {
        guard let node = try? assetNode(baseComposeFile),
              let value = node["services"]?["minio"]?["environment"]?["MINIO_ROOT_USER"]?.string,
              !value.contains("$") else { return nil }
        return value
    }

    /// The `MC_HOST_local=...` assignment that gives the MinIO client inside the `minio`
    /// container its own server as alias `local`: the root user, and the root password read
    /// from the container's secret file by the shell there (never on a command line). For a
    /// single-quoted `sh -c '...'`.
    public static var minioClientHost: String {
        "MC_HOST_local=\"http://\(minioRootUser ?? "<minio root user>"):$(cat /run/secrets/minio_root_password)@127.0.0.1:9000\""
    }

    /// The services that run with `files` applied: base services minus those an overlay
    /// puts in a profile (`profiles: ["disabled"]`), in base order.
    /// - Throws: `PlanError` when a file does not parse.
    public static func activeServices(files: [String]) throws(PlanError) -> [String] {
        var disabled: Set<String> = []
        for file in files {
            let root = try assetNode(file)
            guard let services = root["services"]?.mapping else { continue }
            for (key, value) in services {
                guard let name = key.string else { continue }
                if let profiles = value["profiles"]?.sequence, !profiles.isEmpty { disabled.insert(name) }
            }
        }
        return services.filter { !disabled.contains($0) }
    }

    /// Each service's `image:` as written in the last of `files` that sets it.
    /// - Throws: `PlanError` when a file does not parse.
    public static func images(files: [String]) throws(PlanError) -> [String: String] {
        var out: [String: String] = [:]
        for file in files {
            let root = try assetNode(file)
            guard let services = root["services"]?.mapping else { continue }
            for (key, value) in services {
                if let name = key.string, let image = value["image"]?.string { out[name] = image }
            }
        }
        return out
    }
}

/// The per-process cache behind `BundleLayout.assetNode`: each compose asset is parsed the
/// first time it is asked for (so a bundle parses only its own 2-4 files).
private final class ComposeAssetCache: @unchecked Sendable {
    static let shared = ComposeAssetCache()
    private let lock = NSLock()
    private var nodes: [String: Result<Node, PlanError>] = [:]

    /// The tree of `file`, parsed on first request. The lock guards only the dictionary:
    /// two threads asking for different files (two plans made at once, e.g. parallel tests)
    /// parse them at the same time, and two asking for the same file at once may both
    /// parse it; the first stored tree is the one every caller gets.
    func node(_ file: String) throws(PlanError) -> Node {
        lock.lock()
        let cached = nodes[file]
        lock.unlock()
        if let cached { return try cached.get() }
        let result: Result<Node, PlanError>
        do {
            let text = BundleLayout.assetText(file)
            let node = try YAMLTree.compose(text)
            if let node, node.mapping != nil {
                Self.resolveTags(node)
                result = .success(node)
            } else {
                result = .failure(PlanError.notAMapping(file: file))
            }
        } catch {
            result = .failure(PlanError.notYAML(file: file, reason: "\(error)"))
        }
        lock.lock()
        let stored = nodes[file] ?? result
        nodes[file] = stored
        lock.unlock()
        return try stored.get()
    }

    /// Resolves every node's tag now, before the tree is shared: Yams resolves an implicit
    /// tag on first read by writing it into the shared `Tag` object, so a stored tree is only
    /// ever read afterwards (safe to share between threads, e.g. parallel tests).
    private static func resolveTags(_ node: Node) {
        _ = node.tag
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping { resolveTags(key); resolveTags(value) }
        case .sequence(let sequence):
            for item in sequence { resolveTags(item) }
        case .scalar, .alias:
            break
        }
    }
}

/// Where each secret lives on disk and who reads it.
///
/// A secret read by containers running as different users gets one file per user:
/// `<dir>/<name>.txt` owned by the first consumer's user and `<dir>/<name>.<user>.txt` for
/// each other user (same bytes). The compose files' top-level `secrets:` use exactly these
/// file names (`<name>` and `<name>_<user>` as Compose secret names).
public enum SecretLayout {
    /// The services that read `name`, first consumer first.
    public static func consumers(of name: SecretName) -> [String] {
        switch name {
        case .postgresPassword: return ["postgres", "backend", "worker"]
        case .redisPassword: return ["redis", "backend", "worker"]
        case .minioRootPassword: return ["minio", "backend", "worker"]
        case .stackAuthSecret, .doDatabasePassword, .spacesAccessKey, .spacesSecretKey,
             .rdsPassword, .elasticacheAuthToken:
            return ["backend", "worker"]
        }
    }

    /// One planned secret file: its name relative to the secrets directory and its owner.
    public struct File: Sendable, Hashable {
        public var fileName: String
        public var owner: FileOwner
    }

    /// The files for `name` given the running services and their images.
    /// - Throws: `PlanError` when no running service reads the secret or an image has no
    ///   entry in `image-users.yaml`.
    public static func files(for name: SecretName, activeServices: [String], images: [String: String],
                             users: [String: ImageUser] = ImageUsers.table) throws(PlanError) -> [File] {
        var owners: [FileOwner] = []
        for service in consumers(of: name) where activeServices.contains(service) {
            guard let image = images[service] else { throw PlanError.asset("compose", problem: "service \(service) has no image") }
            guard let user = ImageUsers.user(forImage: image, in: users) else {
                throw PlanError.asset("image-users.yaml", problem: "no user for image \(image) (service \(service)); add its repository \(ImageUsers.repository(ofImage: image))")
            }
            if !owners.contains(where: { $0.name == user.owner.name }) { owners.append(user.owner) }
        }
        guard let first = owners.first else {
            throw PlanError.secretUnused(name)
        }
        var out = [File(fileName: name.rawValue + ".txt", owner: first)]
        for other in owners.dropFirst() {
            out.append(File(fileName: "\(name.rawValue).\(other.name).txt", owner: other))
        }
        return out
    }
}

import Yams

/// What kind of service an image provides.
public enum ServiceKind: String, Sendable, Hashable {
    /// Database, cache or object store: must not be published on a public interface.
    case data
    /// The public entry point (Caddy, nginx, ...).
    case proxy
    /// Application code: must not run as root.
    case app
}

/// Facts about one image family, from `assets/check/images.yaml`.
public struct ImageFacts: Sendable, Hashable {
    /// Glob on `repository:tag` (`*` = any run of characters).
    public var match: String
    public var kind: ServiceKind
    /// Programs a healthcheck may call; `nil` = unknown.
    public var tools: Set<String>?
    /// Uid of the main process when `user:` is not set; `nil` = unknown.
    public var runtimeUID: UInt32?
    /// User names defined in the image and their uid.
    public var users: [String: UInt32]

    /// Every entry of the asset, in file order.
    public static let all: [ImageFacts] = load(Assets.required("check/images.yaml"))

    static func load(_ text: String) -> [ImageFacts] {
        guard let node = try? FastYAML.compose(text), let list = node["images"]?.sequence else { return [] }
        return list.compactMap { item in
            guard let m = item["match"]?.string, let k = item["kind"]?.string.flatMap(ServiceKind.init) else {
                return nil
            }
            let tools = item["tools"]?.sequence.map { Set($0.compactMap(\.string)) }
            let uid = item["runtime_uid"]?.int.map { UInt32($0) }
            var users: [String: UInt32] = [:]
            for (k, v) in item["users"]?.mapping ?? [:] {
                if let name = k.string, let id = v.int { users[name] = UInt32(id) }
            }
            return ImageFacts(match: m, kind: k, tools: tools, runtimeUID: uid, users: users)
        }
    }

    /// The first entry matching `image` (a reference as written in Compose), if any.
    public static func lookup(_ image: String) -> ImageFacts? {
        let ref = ImageReference(image).normalized
        return all.first { glob($0.match, ref) }
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo: [Int: Bool] = [:]
        func m(_ i: Int, _ j: Int) -> Bool {
            if let r = memo[i * (t.count + 1) + j] { return r }
            let r: Bool
            if i == p.count { r = j == t.count }
            else if p[i] == "*" { r = m(i + 1, j) || (j < t.count && m(i, j + 1)) }
            else { r = j < t.count && p[i] == t[j] && m(i + 1, j + 1) }
            memo[i * (t.count + 1) + j] = r
            return r
        }
        return m(0, 0)
    }
}

/// An image reference split into repository, tag and digest.
public struct ImageReference: Sendable, Hashable {
    /// e.g. `minio/minio` or `123.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend`.
    public var repository: String
    /// `nil` when no tag is written.
    public var tag: String?
    /// `sha256:...` when pinned by digest.
    public var digest: String?

    public init(_ text: String) {
        var s = text
        if let at = s.firstIndex(of: "@") {
            digest = String(s[s.index(after: at)...])
            s = String(s[..<at])
        }
        let lastSlash = s.lastIndex(of: "/")
        if let colon = s.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(s[s.index(after: colon)...])
            repository = String(s[..<colon])
        } else {
            repository = s
        }
    }

    /// `repository:tag` without `docker.io/library/`, for matching.
    public var normalized: String {
        var r = repository
        for prefix in ["docker.io/library/", "docker.io/", "library/"] where r.hasPrefix(prefix) {
            r = String(r.dropFirst(prefix.count))
            break
        }
        return tag.map { "\(r):\($0)" } ?? r
    }
}

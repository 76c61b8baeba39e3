/// What kind of service an image provides.
public enum ServiceKind: String, CaseIterable, Sendable, Hashable {
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

    /// Every entry of the asset, in file order (`Assets.load`: a file that does not read
    /// traps).
    public static let all: [ImageFacts] = Assets.load("check/images.yaml", parse)

    /// Parses a list in the `check/images.yaml` format (`YAMLFields`: `match` and `kind`
    /// required, no unknown key).
    /// - Throws: `AssetReadError` naming the file, the key's path and what is allowed.
    static func parse(_ text: String) throws -> [ImageFacts] {
        let fail: (String) -> any Error = { AssetReadError(message: $0) }
        let top = try YAMLFields.document(text, file: "check/images.yaml", keys: ["images"], fail: fail)
        return try top.list("images", keys: ["match", "kind", "tools", "runtime_uid", "users"]).map { item in
            let uid = try item.optionalInt("runtime_uid")
            return ImageFacts(
                match: try item.string("match"), kind: try item.value("kind"),
                tools: try item.optionalStrings("tools").map(Set.init),
                runtimeUID: try uid.map { v in
                    guard let id = UInt32(exactly: v) else { throw fail("check/images.yaml: runtime_uid \(v) is not a uid") }
                    return id
                },
                users: try (item.optionalIntMap("users") ?? [:]).mapValues { v in
                    guard let id = UInt32(exactly: v) else { throw fail("check/images.yaml: uid \(v) is not a uid") }
                    return id
                })
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

/// The user an image's main process runs as, from `assets/image-users.yaml`.
///
/// Compose ignores `uid`/`gid`/`mode` of file secrets outside Swarm (README, "What gets
/// written"), so a 0600 secret file is readable in a container only when the host file
/// belongs to the container's user. This table says who that is for each image repository.
public struct ImageUser: Sendable, Hashable {
    /// Image repository without registry or tag, e.g. `postgres`, `minio/minio`.
    public var repository: String
    /// Numeric uid/gid and user name inside the image (e.g. 70/70 `postgres`).
    public var owner: FileOwner
    /// Where the uid comes from (a Dockerfile line, the image's documentation).
    public var source: String

    public init(repository: String, owner: FileOwner, source: String) {
        self.repository = repository
        self.owner = owner
        self.source = source
    }
}

/// Lookup of container users by image.
public enum ImageUsers {
    /// The embedded `assets/image-users.yaml`, parsed once (`Assets.load`: a file that
    /// does not read traps).
    public static let table: [String: ImageUser] = Assets.load("image-users.yaml", parse)

    /// Parses an image-user table: `images: {<repository>: {uid, gid, name, source}}`, read
    /// by `YAMLFields` (every key of an entry required, no other key allowed).
    /// - Throws: `PlanError` naming the entry and the missing or malformed field.
    public static func parse(_ yaml: String) throws(PlanError) -> [String: ImageUser] {
        do {
            let top = try YAMLFields.document(yaml, file: "image-users.yaml", keys: ["images"], fail: { PlanError.assetField($0) })
            var out: [String: ImageUser] = [:]
            for (repo, entry) in try top.fieldsByKey("images", keys: ["uid", "gid", "name", "source"]) {
                out[repo] = try user(repo, entry)
            }
            return out
        } catch let error as PlanError {
            throw error
        } catch {
            throw PlanError.asset("image-users.yaml", problem: "\(error)")
        }
    }

    /// One entry of the table, its values checked.
    private static func user(_ repo: String, _ entry: YAMLFields) throws -> ImageUser {
        let uid = try entry.int("uid"), gid = try entry.int("gid")
        guard let uidValue = UInt32(exactly: uid), let gidValue = UInt32(exactly: gid) else {
            throw PlanError.asset("image-users.yaml", problem: "images.\(repo) needs integer uid and gid >= 0")
        }
        let name = try entry.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw PlanError.asset("image-users.yaml", problem: "images.\(repo).name must be a user name of letters, digits, _ or -")
        }
        let source = try entry.string("source")
        guard !source.isEmpty else { throw PlanError.asset("image-users.yaml", problem: "images.\(repo).source must say where uid \(uid) comes from") }
        return ImageUser(repository: repo, owner: FileOwner(uid: uidValue, gid: gidValue, name: name), source: source)
    }

    /// The repository part of an image reference: registry host and tag removed.
    ///
    /// `postgres:15.14-alpine` -> `postgres`; `minio/minio:RELEASE...` -> `minio/minio`;
    /// `123.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0` -> `freshtrack-backend`.
    public static func repository(ofImage image: String) -> String {
        var name = image
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        // The tag starts at the first ":" after the last "/" (a tag may itself be a
        // `${VAR:?message}` interpolation, which holds further colons).
        let afterSlash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        if let colon = name[afterSlash...].firstIndex(of: ":") {
            name = String(name[..<colon])
        }
        var parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // A first component with a "." or ":" (or "localhost") is a registry host.
        if parts.count > 1, let first = parts.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            parts.removeFirst()
        }
        return parts.joined(separator: "/")
    }

    /// The user of `image`, or `nil` when the table has no entry for its repository.
    public static func user(forImage image: String, in table: [String: ImageUser] = ImageUsers.table) -> ImageUser? {
        table[repository(ofImage: image)]
    }
}

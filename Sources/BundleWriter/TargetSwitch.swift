import DeployKit
import Foundation

/// What an existing bundle was written for, as found on disk.
public struct PreviousBundle: Sendable, Hashable {
    public var target: Target
    public var environment: DeployEnvironment
    /// The previous answers, when its answers file decoded.
    public var answers: Answers?
    /// Where the target was read from: the answers file, or `.env`'s `COMPOSE_FILE`.
    public var source: String
    /// The compose files the previous `.env` named in `COMPOSE_FILE` (empty if none).
    public var composeFiles: [String] = []
}

/// Recognising a previous bundle and explaining a target switch. The advice is pure text.
public enum TargetSwitch {
    /// The answers file a bundle carries.
    public static let answersFileName = "freshtrack-answers.yaml"

    /// Reads the bundle in `directory`: its answers file first (decoded with
    /// `AnswersCodec.decode`), failing that the overlay named by `COMPOSE_FILE` in `.env`.
    /// Returns nil when neither says anything. Reads only.
    public static func detectPrevious(directory: String) -> PreviousBundle? {
        let dir = absolutePath(directory)
        var composeFiles: [String] = []
        if let env = try? BundleWriter.readIfPresent(joinPath(dir, ".env"), secret: false) {
            for line in String(decoding: env, as: UTF8.self).split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("COMPOSE_FILE=") else { continue }
                let value = t.dropFirst("COMPOSE_FILE=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                composeFiles = value.split(whereSeparator: { $0 == ":" || $0 == "," }).map(String.init)
            }
        }
        if let bytes = try? BundleWriter.readIfPresent(joinPath(dir, answersFileName), secret: false),
           let answers = try? AnswersCodec.decode(String(decoding: bytes, as: UTF8.self),
                                                  secretExists: { _, _ in true }) {
            return PreviousBundle(target: answers.resolvedTarget, environment: answers.environment,
                                  answers: answers, source: answersFileName, composeFiles: composeFiles)
        }
        let environment: DeployEnvironment = composeFiles.contains("compose.dev.yaml") ? .dev
            : composeFiles.contains("compose.staging.yaml") ? .staging : .production
        for t in Target.allCases where composeFiles.contains(t.overlayFileName) {
            return PreviousBundle(target: t, environment: environment, answers: nil, source: ".env COMPOSE_FILE",
                                  composeFiles: composeFiles)
        }
        return nil
    }

    /// Files of the previous bundle that a new plan no longer writes and `--prune` moves
    /// aside: the previous compose files and a Caddyfile the new target does not use.
    public static func staleFiles(previous: PreviousBundle, plan: Plan) -> [String] {
        let planned = Set(plan.files.map(\.path))
        var candidates = previous.composeFiles
        if !candidates.contains(previous.target.overlayFileName) { candidates.append(previous.target.overlayFileName) }
        candidates.append("Caddyfile")
        var seen = Set<String>()
        return candidates.filter { !planned.contains($0) && !$0.contains("/") && seen.insert($0).inserted }
    }

    enum Place: Equatable {
        case local, digitalocean, aws
    }

    static func database(_ t: Target, _ e: DeployEnvironment) -> Place {
        if e == .dev { return .local }
        switch t { case .selfhosted: return .local; case .digitalocean: return .digitalocean; case .aws: return .aws }
    }
    static func objects(_ t: Target, _ e: DeployEnvironment) -> Place { database(t, e) }
    static func redis(_ t: Target, _ e: DeployEnvironment) -> Place { database(t, e) == .aws ? .aws : .local }
    static func caddy(_ t: Target, _ e: DeployEnvironment) -> Bool { e == .dev || t != .aws }

    /// A libpq connection string for a managed database (no password: it comes from
    /// `PGPASSWORD="$(cat FILE)"` in the operator's shell, never from argv).
    static func conninfo(_ place: Place, _ a: Answers?) -> (String, String) {
        switch place {
        case .digitalocean:
            let d = a?.digitalocean
            return ("host=\(d?.databaseHost ?? "<do host>") port=\(d.map { String($0.databasePort) } ?? "25060") dbname=\(d?.databaseName ?? "<database>") user=\(d?.databaseUser ?? "<user>") sslmode=require",
                    "do_database_password")
        case .aws:
            let w = a?.aws
            return ("host=\(w?.rdsEndpoint ?? "<rds endpoint>") port=5432 dbname=\(w?.databaseName ?? "<database>") user=\(w?.databaseUser ?? "<user>") sslmode=require",
                    "rds_password")
        case .local:
            return ("", "postgres_password")
        }
    }

    static func placeName(_ p: Place, db: Bool) -> String {
        switch p {
        case .local: return db ? "the local `postgres` service (volume postgres_data)" : "the local `minio` service (volume minio_data)"
        case .digitalocean: return db ? "the DigitalOcean managed PostgreSQL" : "DigitalOcean Spaces"
        case .aws: return db ? "Amazon RDS" : "Amazon S3"
        }
    }

    /// What the operator must stop or migrate after switching from `old` to `new`, as
    /// ordered lines (sentences and indented shell commands run from the bundle directory).
    /// Empty when nothing moves. `secretsDir` is the answers' secrets directory as written.
    public static func advice(from old: PreviousBundle, to new: Answers, secretsDir: String) -> [String] {
        let nt = new.resolvedTarget, ne = new.environment
        let ot = old.target, oe = old.environment
        var out: [String] = []
        var stop: [String] = []
        let oldDB = database(ot, oe), newDB = database(nt, ne)
        func secretFile(_ name: String) -> String { joinPath(secretsDir, "\(name).txt") }
        // Commands aimed at the services of the previous bundle name its compose files
        // explicitly (COMPOSE_FILE now points at the new ones, where they are disabled).
        let oldFiles = old.composeFiles.isEmpty ? ["docker-compose.yml", old.target.overlayFileName] : old.composeFiles
        let oldCompose = "docker compose " + oldFiles.map { "-f \($0)" }.joined(separator: " ")

        if oldDB != newDB {
            out.append("Data: PostgreSQL moves from \(placeName(oldDB, db: true)) to \(placeName(newDB, db: true)). The old database still holds the data; copy it before starting the new stack:")
            let dumpCmd: String
            switch oldDB {
            case .local:
                dumpCmd = "  \(oldCompose) exec -T postgres sh -c 'pg_dump -U \"$POSTGRES_USER\" -Fc \"$POSTGRES_DB\"' > freshtrack.dump"
                stop.append("postgres")
            default:
                let (c, s) = conninfo(oldDB, old.answers)
                dumpCmd = "  PGPASSWORD=\"$(cat \(secretFile(s)))\" pg_dump -Fc -d \"\(c)\" > freshtrack.dump"
            }
            out.append(dumpCmd)
            switch newDB {
            case .local:
                out.append("  docker compose up -d postgres && docker compose exec -T postgres sh -c 'pg_restore -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" --no-owner --clean --if-exists' < freshtrack.dump")
                out.append("  (the local postgres_data volume may still hold data from before an earlier switch: --clean replaces it with the dump)")
            default:
                let (c, s) = conninfo(newDB, new)
                out.append("  PGPASSWORD=\"$(cat \(secretFile(s)))\" pg_restore --no-owner --no-acl -d \"\(c)\" freshtrack.dump")
            }
            out.append("  (pg_dump/pg_restore outside a container come from the postgresql-client package, version 15 or newer)")
        }
        let oldObj = objects(ot, oe), newObj = objects(nt, ne)
        if oldObj != newObj {
            out.append("Files: object storage moves from \(placeName(oldObj, db: false)) to \(placeName(newObj, db: false)); existing objects are not copied. Mirror them with rclone or the MinIO client, e.g.:")
            out.append("  rclone sync old:<bucket> new:\(new.aws?.s3Bucket ?? new.digitalocean?.spacesBucket ?? "<bucket>")")
            if oldObj == .local { stop.append("minio") }
        }
        let oldRedis = redis(ot, oe), newRedis = redis(nt, ne)
        if oldRedis != newRedis {
            out.append("Queue: Redis moves from \(oldRedis == .local ? "the local `redis` service" : "ElastiCache") to \(newRedis == .local ? "the local `redis` service" : "ElastiCache"); let the worker finish queued jobs first (nothing is copied).")
            if oldRedis == .local { stop.append("redis") }
        }
        if caddy(ot, oe) && !caddy(nt, ne) {
            out.append("TLS: Caddy no longer runs; point \(new.app.domain) at the load balancer or instance that now terminates TLS.")
            stop.append("caddy")
        } else if !caddy(ot, oe) && caddy(nt, ne) {
            out.append("TLS: Caddy now terminates TLS on this host; point the DNS records of \(new.app.domain) here and open ports 80 and 443.")
        }
        if !stop.isEmpty {
            out.append("Stop the services the new target no longer runs (after copying their data; their volumes are kept):")
            out.append("  \(oldCompose) stop \(stop.joined(separator: " "))")
            out.append("Volumes are never deleted by this tool; remove them yourself once the migration is checked (docker volume ls).")
        }
        return out
    }
}

import DeployKit
import Foundation

/// The result of `BundleWriter.rotate`.
public struct RotationReport: Sendable, Hashable {
    public var secret: SecretName
    /// Secret files (every per-user copy) that now hold the new value, as planned paths.
    public var replaced: [String]
    /// 0600 copies of the old value (`<file>.bak.<UTC timestamp>`), as planned paths.
    public var backups: [String]
    /// `chown` commands that remain when not run as root (absolute paths).
    public var chownCommands: [String]
    /// The interrupted run finished or rolled back first, if any.
    public var recovery: RecoveryReport?
}

extension BundleWriter {
    /// Replaces every copy of secret `secret` in the prepared bundle with `newValue`: each
    /// old file is first copied to `<file>.bak.<UTC timestamp>` (0600, same owner), then
    /// replaced atomically; all copies change in one journaled transaction under the lock,
    /// so a crash leaves either all old or (after the next run's recovery) all new.
    ///
    /// This is the only operation that replaces an existing secret file. Secret backups are
    /// never pruned.
    /// - Throws: `BundleError.secretNotInBundle` (listing the bundle's secrets) when the plan
    ///   has no file for `secret`; the hostile-filesystem errors of `write`.
    public static func rotate(_ prepared: PreparedBundle, secret: SecretName, newValue: SecretValue,
                              options: WriteOptions = WriteOptions()) throws -> RotationReport {
        let dir = prepared.directory
        let files = prepared.plan.files.filter { $0.kind == .secret(secret) }
        guard !files.isEmpty else {
            let present = Set(prepared.plan.files.compactMap { f -> SecretName? in
                if case .secret(let n) = f.kind { return n }
                return nil
            }).sorted()
            throw BundleError.secretNotInBundle(secret: secret, directory: dir, present: present)
        }
        try makeDirectories(dir, mode: 0o755)
        let lock = try BundleLock(directory: dir)
        defer { lock.release() }
        let bundle = try DirHandle(path: dir)
        let recovery = try Recovery.run(bundle: bundle)
        var tx = Transaction(bundle: bundle, options: options)
        var report = RotationReport(secret: secret, replaced: [], backups: [], chownCommands: [], recovery: recovery)
        let stamp = Backups.timestamp(options.now)

        // Checks first: the secrets directory and every copy.
        for parent in Set(files.map { splitPath(resolve($0.path, in: dir)).dir }).sorted() {
            try makeDirectories(parent, mode: 0o700)
            let es = try tx.dir(parent).stat()
            if es.uid != effectiveUID {
                throw BundleError.directoryOwnedByAnotherUser(path: parent, owner: es.uid, expected: effectiveUID)
            }
            if es.permissions & 0o022 != 0 { throw BundleError.directoryWritableByOthers(path: parent, mode: es.permissions) }
        }
        var staged: [(PlannedFile, String, String)] = []
        for f in files {
            let abs = resolve(f.path, in: dir)
            let (d, n) = splitPath(abs)
            let handle = try tx.dir(d)
            if let c = try handle.lstat(n) {
                if c.isSymlink { throw BundleError.symlinkRefused(path: abs, what: "secret file") }
                if !c.isRegular { throw BundleError.notARegularFile(path: abs, found: c.kindDescription) }
            }
            staged.append((f, d, n))
        }
        for (f, d, n) in staged {
            let handle = try tx.dir(d)
            let wantOwner: (uid: UInt32, gid: UInt32)? = isRoot ? f.owner.map { ($0.uid, $0.gid) } : nil
            if let c = try handle.lstat(n), let old = try handle.read(n, what: "secret file") {
                let bak = Backups.freshName(for: n, stamp: stamp, taken: Set(try handle.list()))
                tx.stage(dir: d, final: bak, bytes: old, mode: 0o600, owner: isRoot ? (c.uid, c.gid) : nil, op: .replace)
                report.backups.append(sibling(of: f.path, named: bak))
            }
            tx.stage(dir: d, final: n, bytes: newValue.bytes, mode: 0o600, owner: wantOwner, op: .replace)
            report.replaced.append(f.path)
        }
        try tx.run()
        if !isRoot {
            for (f, d, n) in staged {
                guard let o = f.owner, let es = try tx.dir(d).lstat(n), es.uid != o.uid || es.gid != o.gid else { continue }
                report.chownCommands.append("chown \(o.uid):\(o.gid) \(shellQuote(joinPath(d, n)))")
            }
        }
        return report
    }
}

/// What the operator must do after a secret changed: pure text, no I/O.
public enum RotationAdvice {
    /// The Compose services that read `secret` and must be recreated to see the new value.
    public static func services(for secret: SecretName) -> [String] {
        switch secret {
        case .postgresPassword: return ["postgres", "backend", "worker"]
        case .redisPassword: return ["redis", "backend", "worker"]
        case .minioRootPassword: return ["minio", "backend", "worker"]
        default: return ["backend", "worker"]
        }
    }

    /// Ordered steps, as shell commands or sentences, to run from the bundle directory.
    /// `secretFile` is the path (relative to the bundle) of the copy readable by root;
    /// `oldBackup` the 0600 copy of the old value, when one was made. Values only ever
    /// travel through stdin or `$(cat ...)` inside the operator's shell, never in argv.
    public static func steps(for secret: SecretName, secretFile: String, oldBackup: String?, answers: Answers?) -> [String] {
        let recreate = "docker compose up -d --force-recreate \(services(for: secret).joined(separator: " "))"
        switch secret {
        case .postgresPassword:
            // KNOWN-FAULTS 5: the postgres image only reads POSTGRES_PASSWORD_FILE when it
            // initialises an empty data directory, so the role's password must be changed in
            // the running database first. The value goes through psql's stdin, never argv.
            return [
                "FIRST, before restarting anything, set the new password inside the running PostgreSQL (the image ignores a changed password file once its data directory exists, so without this the backend can no longer log in):",
                "  printf \"ALTER USER CURRENT_USER WITH PASSWORD '%s';\\n\" \"$(cat \(secretFile))\" | docker compose exec -T postgres sh -c 'psql -v ON_ERROR_STOP=1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"'",
                "THEN recreate the services that read it: \(recreate)",
            ]
        case .redisPassword:
            return ["Recreate Redis and its clients together (queued jobs survive in the redis volume): \(recreate)"]
        case .minioRootPassword:
            return ["Recreate MinIO and its clients (MinIO reads its root password at start): \(recreate)"]
        case .stackAuthSecret:
            return ["Recreate the app (every signed session becomes invalid; users sign in again): \(recreate)"]
        case .doDatabasePassword:
            let user = answers?.digitalocean?.databaseUser ?? "<database user>"
            return ["FIRST set the same new password for user \(user) in the DigitalOcean control panel (Databases > Users & Databases > Reset password), or `doctl databases user reset`; a managed database does not read this file.",
                    "THEN: \(recreate)"]
        case .rdsPassword:
            let a = answers?.aws
            let conn = "host=\(a?.rdsEndpoint ?? "<rds endpoint>") port=5432 dbname=\(a?.databaseName ?? "<database>") user=\(a?.databaseUser ?? "<user>") sslmode=require"
            return ["FIRST, before restarting anything, set the new password on RDS (psql reads the SQL from stdin; it logs in with the old password from the backup copy):",
                    "  printf \"ALTER USER CURRENT_USER WITH PASSWORD '%s';\\n\" \"$(cat \(secretFile))\" | PGPASSWORD=\"$(cat \(oldBackup ?? "<old password file>"))\" psql -v ON_ERROR_STOP=1 \"\(conn)\"",
                    "THEN: \(recreate)"]
        case .elasticacheAuthToken:
            return ["FIRST add the new token in the ElastiCache console (Modify > AUTH token, update strategy ROTATE, apply immediately) so the old and new tokens both work; after the clients moved, modify again with strategy SET.",
                    "THEN: \(recreate)"]
        case .spacesAccessKey, .spacesSecretKey:
            return ["The new Spaces key must exist first (DigitalOcean control panel > API > Spaces Keys); rotate spaces_access_key and spaces_secret_key together, then: \(recreate)"]
        }
    }
}

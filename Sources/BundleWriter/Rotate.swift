import DeployKit
import Foundation

/// The result of `BundleWriter.rotate`.
public struct RotationReport: Sendable, Hashable {
    public var secret: SecretName
    /// Secret files (every per-user copy) that now hold the new value, as planned paths.
    public var replaced: [String]
    /// Those of `replaced` that did not exist before (the secret had no file): created, not replaced.
    public var created: [String] = []
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
    /// - Throws: `BundleError.plan` when `newValue` breaks the planner's rules for this secret
    ///   (`Planner.checkSecretValue`: a later `apply` would refuse it), before anything is
    ///   touched; `BundleError.secretNotInBundle` (listing the bundle's secrets) when the plan
    ///   has no file for `secret`; the hostile-filesystem errors of `write`.
    public static func rotate(_ prepared: PreparedBundle, secret: SecretName, newValue: SecretValue,
                              options: WriteOptions = WriteOptions()) throws -> RotationReport {
        do { try Planner.checkSecretValue(secret, newValue) } catch { throw BundleError.plan(error) }
        let dir = prepared.directory
        let files = try rotationFiles(of: secret, in: prepared)
        try makeDirectories(dir, mode: 0o755)
        let lock = try BundleLock(directory: dir)
        defer { lock.release() }
        let bundle = try DirHandle(path: dir)
        let recovery = try Recovery.run(bundle: bundle)
        var tx = Transaction(bundle: bundle, options: options)
        var report = RotationReport(secret: secret, replaced: [], backups: [], chownCommands: [], recovery: recovery)
        let stamp = Backups.timestamp(options.now)

        // Checks first: the secrets directory and every copy.
        try checkRotationDirectories(files, in: dir, tx: &tx)
        let staged = try checkRotationFiles(files, in: dir, tx: &tx)
        try stageRotation(staged, newValue: newValue, stamp: stamp, tx: &tx, report: &report)
        try tx.run()
        if !isRoot {
            for (f, d, n) in staged {
                guard let o = f.owner, let es = try tx.dir(d).lstat(n), es.uid != o.uid || es.gid != o.gid else { continue }
                report.chownCommands.append("chown \(o.uid):\(o.gid) \(shellQuote(joinPath(d, n)))")
            }
        }
        return report
    }

    /// The files of `secret` to rotate: the plan's, else those kept from an earlier target
    /// (after a switch), each keeping its current owner. Reads only.
    /// - Throws: `BundleError.secretNotInBundle` (listing the bundle's secrets) when there is none.
    private static func rotationFiles(of secret: SecretName, in prepared: PreparedBundle) throws -> [PlannedFile] {
        var files = prepared.plan.files.filter { $0.kind == .secret(secret) }
        if files.isEmpty {
            // A secret file kept from an earlier target (after a switch): its copies on disk,
            // each keeping its current owner.
            files = keptFiles(of: secret, in: prepared)
        }
        guard !files.isEmpty else {
            let present = Set(prepared.plan.files.compactMap { f -> SecretName? in
                if case .secret(let n) = f.kind { return n }
                return nil
            }).sorted()
            throw BundleError.secretNotInBundle(secret: secret, directory: prepared.directory, present: present)
        }
        return files
    }

    /// Creates (0700) each secrets directory of `files` that is missing, in sorted order,
    /// and refuses one owned by another user or writable by group or others.
    private static func checkRotationDirectories(_ files: [PlannedFile], in dir: String, tx: inout Transaction) throws {
        for parent in Set(files.map { splitPath(resolve($0.path, in: dir)).dir }).sorted() {
            try makeDirectories(parent, mode: 0o700)
            let es = try tx.dir(parent).stat()
            if es.uid != effectiveUID {
                throw BundleError.directoryOwnedByAnotherUser(path: parent, owner: es.uid, expected: effectiveUID)
            }
            if es.permissions & 0o022 != 0 { throw BundleError.directoryWritableByOthers(path: parent, mode: es.permissions) }
        }
    }

    /// Each of `files` with its directory and name; refuses a link or special file where one
    /// goes. Reads only.
    private static func checkRotationFiles(_ files: [PlannedFile], in dir: String,
                                           tx: inout Transaction) throws -> [(PlannedFile, String, String)] {
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
        return staged
    }

    /// Stages, per file, a 0600 backup of the old value (when it exists, with its owner) and
    /// the new value, 0600; records both in `report`.
    private static func stageRotation(_ staged: [(PlannedFile, String, String)], newValue: SecretValue, stamp: String,
                                      tx: inout Transaction, report: inout RotationReport) throws {
        for (f, d, n) in staged {
            let handle = try tx.dir(d)
            let wantOwner: (uid: UInt32, gid: UInt32)? = isRoot ? f.owner.map { ($0.uid, $0.gid) } : nil
            if let c = try handle.lstat(n), let old = try handle.read(n, what: "secret file") {
                let bak = Backups.freshName(for: n, stamp: stamp, taken: Set(try handle.list()))
                tx.stage(dir: d, final: bak, bytes: old, mode: 0o600, owner: isRoot ? (c.uid, c.gid) : nil, op: .replace)
                report.backups.append(sibling(of: f.path, named: bak))
            } else {
                report.created.append(f.path)
            }
            tx.stage(dir: d, final: n, bytes: newValue.bytes, mode: 0o600, owner: wantOwner, op: .replace)
            report.replaced.append(f.path)
        }
    }
}

extension BundleWriter {
    /// The files of `secret` that the prepared plan does not write but that exist in its
    /// secrets directory, kept from an earlier target (`TargetSwitch.unusedSecretFiles`):
    /// `<name>.txt` and `<name>.<user>.txt`, mode 0600, each with its current owner. Empty
    /// when the bundle's target uses `secret` or no such file exists.
    public static func keptFiles(of secret: SecretName, in prepared: PreparedBundle) -> [PlannedFile] {
        guard !prepared.plan.files.contains(where: { $0.kind == .secret(secret) }) else { return [] }
        let dir = absolutePath(prepared.directory)
        return TargetSwitch.unusedSecretFiles(directory: dir, plan: prepared.plan).compactMap { path in
            let name = splitPath(path).name
            guard name == "\(secret.rawValue).txt" || (name.hasPrefix(secret.rawValue + ".") && name.dropFirst(secret.rawValue.count + 1).split(separator: ".").count == 2) else { return nil }
            var st = stat()
            guard lstat(resolve(path, in: dir), &st) == 0 else { return nil }
            return PlannedFile(path: path, contents: [], mode: 0o600, owner: FileOwner(uid: st.st_uid, gid: st.st_gid, name: "kept"),
                               kind: .secret(secret), action: .keep)
        }
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

    /// Where the answers run the app besides Compose: ECS on Fargate (`aws/`, target `aws`
    /// with `aws.ecs`) or App Platform (`do/`, target `digitalocean` with `platform:
    /// app_platform`); nil otherwise (and always in `dev`, where neither is written).
    public enum Managed: Sendable, Hashable { case ecs, appPlatform }

    /// The managed deployment the bundle of `answers` has, if any.
    public static func managed(_ answers: Answers?) -> Managed? {
        guard let a = answers, a.environment != .dev else { return nil }
        switch a.resolvedTarget {
        case .aws: return a.aws?.ecs != nil ? .ecs : nil
        case .digitalocean: return a.digitalocean?.platform == .appPlatform ? .appPlatform : nil
        case .selfhosted: return nil
        }
    }

    /// The shell pipeline that sets the password in `secretFile` on the PostgreSQL role
    /// psql logs in as: the SQL is built by `printf` (a shell builtin) from the file with
    /// every `'` doubled (`standard_conforming_strings` is on, PostgreSQL's default since
    /// 9.1, so `'` is the only character to escape in a literal) and reaches psql on stdin;
    /// the value is on no command line. `psql` is the rest of the pipeline.
    public static func alterUserCommand(secretFile: String, psql: String) -> String {
        "printf \"ALTER USER CURRENT_USER WITH PASSWORD '%s';\\n\" \"$(sed \"s/'/''/g\" \(BundleWriter.shellQuote(secretFile)))\" | \(psql)"
    }

    /// The line printed when `rotate` is asked for a provider-issued secret without
    /// `--from`: what to do at the provider first.
    public static func providerFirst(for secret: SecretName, answers: Answers?) -> String {
        switch secret {
        case .rdsPassword:
            return "\(secret.rawValue) is the password of \((answers?.aws?.databaseUser).map { "the RDS user \($0)" } ?? "the RDS database user (aws.database_user)"); rotate does not change it on RDS. First set the new password there (ALTER USER through psql, or the RDS console for the master user), put it in a 0600 file, then run: freshtrack-deploy rotate \(secret.rawValue) --from file:PATH (or --from env:NAME)"
        case .doDatabasePassword:
            return "\(secret.rawValue) is issued by DigitalOcean; rotate does not change it there. First reset the password of \((answers?.digitalocean?.databaseUser).map { "user \($0)" } ?? "the database user (digitalocean.database_user)") (control panel: Databases > Users & Databases > Reset password, or `doctl databases user reset CLUSTER_ID \(answers?.digitalocean?.databaseUser ?? "USER")`), put the new one in a 0600 file, then run: freshtrack-deploy rotate \(secret.rawValue) --from file:PATH (or --from env:NAME)"
        case .spacesAccessKey, .spacesSecretKey:
            return "\(secret.rawValue) is issued by DigitalOcean; first create a new Spaces key (control panel: API > Spaces Keys), then rotate both halves: freshtrack-deploy rotate spaces_access_key --from file:PATH and freshtrack-deploy rotate spaces_secret_key --from file:PATH"
        case .elasticacheAuthToken:
            return "\(secret.rawValue) is set on ElastiCache; first add the new token there (Modify > AUTH token, strategy ROTATE, so the old and the new both work), then run: freshtrack-deploy rotate \(secret.rawValue) --from file:PATH (or --from env:NAME)"
        default:
            return "\(secret.rawValue) (\(secret.summary)) is issued by the managed service; change it there first, then give the new value with --from file:PATH or --from env:NAME"
        }
    }

    /// The secrets the bundle of `answers` has: those its target and environment need
    /// (`SecretName.required`, with `elasticache_auth_token` when `secrets.sources` names it).
    public static func bundleSecrets(_ answers: Answers) -> [SecretName] {
        SecretName.required(target: answers.resolvedTarget, environment: answers.environment,
                            optionalProvided: Set(answers.secrets.sources.keys))
    }

    /// The refusal of `rotate` for a secret the bundle of `answers` does not have (and no
    /// file of it is kept from an earlier target): names the secret, the target and the
    /// secrets the bundle has.
    public static func notInBundle(_ secret: SecretName, answers: Answers) -> String {
        let target = answers.resolvedTarget.rawValue
        var text = "\(secret.rawValue) is not a secret of this \(target) bundle (environment \(answers.environment.rawValue)); its secrets: \(bundleSecrets(answers).map(\.rawValue).joined(separator: ", ")). No file \(joinPath(answers.secrets.dir, secret.rawValue + ".txt")) is kept from an earlier target either; nothing was written."
        if secret == .elasticacheAuthToken && answers.resolvedTarget == .aws && answers.environment != .dev {
            text += " (elasticache_auth_token is part of an aws bundle once secrets.sources names it; add it there and run apply.)"
        }
        return text
    }

    /// The refusal of `rotate` without `--from` for a secret whose file `file` is only kept
    /// from an earlier target: a generated value would match nothing that still holds the
    /// old one (RDS, an old database volume).
    public static func keptNeedsFrom(_ secret: SecretName, file: String, answers: Answers) -> String {
        "\(secret.rawValue) is not used by this \(answers.resolvedTarget.rawValue) bundle; \(file) is kept from an earlier target (the commands a target switch prints read it, e.g. pg_dump from the old database). A generated value would not match the service that still has the old one, so rotate does not generate it: if that value changed, put the current one in a 0600 file and run: freshtrack-deploy rotate \(secret.rawValue) --from file:PATH (or --from env:NAME); nothing was written."
    }

    /// The steps after replacing `file`, a secret file kept from an earlier target: nothing
    /// in the bundle reads it, so nothing restarts.
    public static func keptSteps(_ secret: SecretName, file: String, answers: Answers) -> [String] {
        ["No service of this \(answers.resolvedTarget.rawValue) bundle reads \(secret.rawValue): \(file) is kept from an earlier target, so nothing restarts. The commands a target switch printed (e.g. pg_dump from the old database) and a later switch back to that target use the new value."]
    }

    /// Ordered steps, as shell commands or sentences, to run from the bundle directory.
    /// `secretFile` is the path (relative to the bundle) of the copy readable by root;
    /// `oldBackup` the 0600 copy of the old value, when one was made. Values only ever
    /// travel through stdin or `$(...)` inside the operator's shell, never in argv. For a
    /// bundle with ECS (`aws/`) or App Platform (`do/`), the redeploy script is named too.
    public static func steps(for secret: SecretName, secretFile: String, oldBackup: String?, answers: Answers?) -> [String] {
        let recreate = "docker compose up -d --force-recreate \(services(for: secret).joined(separator: " "))"
        let managed = managed(answers)
        // How the new value reaches the running app, per place it runs.
        var restart: [String] = []
        switch managed {
        case .ecs where ![.postgresPassword, .redisPassword, .minioRootPassword].contains(secret):
            restart.append("  ECS on Fargate: aws/deploy-aws.sh   (puts the new value into Secrets Manager as freshtrack/\(answers!.environment.rawValue)/\(secret.rawValue), registers new task definitions and rolls the backend and worker tasks; `aws/deploy-aws.sh --dry-run` shows the calls)")
            restart.append("  Compose on EC2 (if you run it there instead): \(recreate)")
        case .appPlatform where [.spacesAccessKey, .spacesSecretKey, .stackAuthSecret].contains(secret):
            restart.append("  App Platform: do/deploy-app-platform.sh   (sends the new value as the app's SECRET and redeploys; `--dry-run` shows the calls)")
            restart.append("  Droplet stack (if you run it there instead): \(recreate)")
        case .appPlatform where secret == .doDatabasePassword:
            restart.append("  App Platform: do/deploy-app-platform.sh   (the app reads the database password through ${db.PASSWORD} at deploy time, so it must redeploy)")
            restart.append("  Droplet stack (if you run it there instead): \(recreate)")
        default:
            restart.append("  \(recreate)")
        }
        let then = "THEN restart what reads it:"
        switch secret {
        case .postgresPassword:
            // The postgres image only reads POSTGRES_PASSWORD_FILE when it initialises an
            // empty data directory (https://hub.docker.com/_/postgres, "Initialization
            // scripts"; README, "Rotating a secret"), so the role's password must be changed
            // in the running database first. The value goes through psql's stdin, never argv.
            return [
                "FIRST, before restarting anything, set the new password inside the running PostgreSQL (the image ignores a changed password file once its data directory exists, so without this the backend can no longer log in):",
                "  " + alterUserCommand(secretFile: secretFile, psql: "docker compose exec -T postgres sh -c 'psql -v ON_ERROR_STOP=1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"'"),
                "THEN recreate the services that read it: \(recreate)",
            ]
        case .redisPassword:
            if managed == .appPlatform {
                return ["App Platform uses the Valkey cluster's own password (${cache.PASSWORD}), not this file; it only matters for the Droplet stack: \(recreate)"]
            }
            return ["Recreate Redis and its clients together (queued jobs survive in the redis volume): \(recreate)"]
        case .minioRootPassword:
            return ["Recreate MinIO and its clients (MinIO reads its root password at start): \(recreate)"]
        case .stackAuthSecret:
            return ["Every signed session becomes invalid once the app restarts; users sign in again. Restart the app:"] + restart
        case .doDatabasePassword:
            return ["This assumes the new password is already set at DigitalOcean (reset before this rotate; the managed database does not read this file). If not, reset it now and run rotate --from again with the value it gives.",
                    then] + restart
        case .rdsPassword:
            let a = answers?.aws
            let conn = "host=\(a?.rdsEndpoint ?? "<rds endpoint>") port=5432 dbname=\(a?.databaseName ?? "<database>") user=\(a?.databaseUser ?? "<user>") sslmode=require"
            var out = ["This assumes the new password is already set on RDS (rotate does not change it there). If it is not yet, set it now, BEFORE restarting anything: psql reads the SQL from stdin and logs in with the old password\(oldBackup == nil ? "" : " kept in \(oldBackup!)"):"]
            let login = oldBackup.map { "PGPASSWORD=\"$(cat \(BundleWriter.shellQuote($0)))\" " } ?? "PGPASSWORD=\"$(cat <file with the old password>)\" "
            out.append("  " + alterUserCommand(secretFile: secretFile, psql: login + "psql -v ON_ERROR_STOP=1 \"\(conn)\""))
            return out + [then] + restart
        case .elasticacheAuthToken:
            return ["This assumes the new token was added on ElastiCache first (Modify > AUTH token, strategy ROTATE, apply immediately: old and new both work).",
                    then] + restart +
                   ["Once the clients use the new token, modify the cluster again with strategy SET so the old token stops working."]
        case .spacesAccessKey, .spacesSecretKey:
            return ["The new Spaces key must already exist (DigitalOcean control panel > API > Spaces Keys); rotate spaces_access_key and spaces_secret_key together (both halves of one key), then:"] + restart +
                   ["Delete the old key in the control panel once the app works with the new one."]
        }
    }
}

import DeployKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// The managed deployment the previous bundle had (ECS on Fargate, App Platform): from
    /// its answers, or (without answers) from `aws/service-backend.json` / `do/app.yaml` on disk.
    public var managed: RotationAdvice.Managed? = nil
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
                                  answers: answers, source: answersFileName, composeFiles: composeFiles,
                                  managed: RotationAdvice.managed(answers))
        }
        var st = stat()
        let onDisk: RotationAdvice.Managed? = lstat(joinPath(dir, "aws/service-backend.json"), &st) == 0 ? .ecs
            : lstat(joinPath(dir, "do/app.yaml"), &st) == 0 ? .appPlatform : nil
        let environment: DeployEnvironment = composeFiles.contains("compose.dev.yaml") ? .dev
            : composeFiles.contains("compose.staging.yaml") ? .staging : .production
        for t in Target.allCases where composeFiles.contains(t.overlayFileName) {
            return PreviousBundle(target: t, environment: environment, answers: nil, source: ".env COMPOSE_FILE",
                                  composeFiles: composeFiles, managed: onDisk)
        }
        return nil
    }

    /// Top-level files this tool writes for some target or environment but not always: every
    /// overlay and the Caddyfile (the base compose file, `.env`, `.gitignore` and the answers
    /// file are in every plan).
    public static let optionalTopLevelFiles: [String] =
        Target.allCases.map(\.overlayFileName) + [BundleLayout.elastiCacheAuthOverlay, BundleLayout.stagingOverlay,
                                                   BundleLayout.devOverlay, BundleLayout.caddyfile]

    /// The directories of a managed deployment (`aws/` for ECS on Fargate, `do/` for App
    /// Platform) and the file names the renderers write into them.
    public static let managedDirectories: [(dir: String, files: [String])] = [
        ("aws", ["task-definition-backend.json", "task-definition-worker.json", "service-backend.json", "service-worker.json",
                 "scalable-target-backend.json", "scaling-policy-backend.json", "deploy-aws.sh", "README-aws.md"]),
        ("do", ["app.yaml", "deploy-app-platform.sh", "README-app-platform.md"]),
    ]

    /// What `--prune` moves aside: files and directories of ours in `directory` that `plan`
    /// no longer writes, whenever they were left (at this switch or an earlier one): each
    /// overlay and the Caddyfile not in the plan; `aws/` or `do/` as a whole when the plan
    /// has nothing in it, otherwise its known files the plan no longer writes. Only regular
    /// files (and those two directories) are listed, as paths relative to `directory`,
    /// sorted. Reads only.
    public static func staleFiles(directory: String, plan: Plan) -> [String] {
        let dir = absolutePath(directory)
        let planned = Set(plan.files.map(\.path))
        func kind(_ rel: String) -> EntryStat? {
            var st = stat()
            return lstat(joinPath(dir, rel), &st) == 0 ? EntryStat(st) : nil
        }
        var out: [String] = []
        for name in optionalTopLevelFiles where !planned.contains(name) && kind(name)?.isRegular == true {
            out.append(name)
        }
        for (sub, names) in managedDirectories where kind(sub)?.isDirectory == true {
            if !planned.contains(where: { $0.hasPrefix(sub + "/") }) {
                out.append(sub)
            } else {
                for n in names where !planned.contains("\(sub)/\(n)") && kind("\(sub)/\(n)")?.isRegular == true {
                    out.append("\(sub)/\(n)")
                }
            }
        }
        return out.sorted()
    }

    /// Secret files in the plan's secrets directory that `plan` does not write: a known
    /// secret's `<name>.txt` or per-user copy `<name>.<user>.txt` (regular files only; the
    /// `<file>.bak.<UTC timestamp>` backups are not listed), kept from an earlier target.
    /// `apply` never deletes or moves a secret (`--prune` included), so they stay until the
    /// operator removes them. Paths as in `PlannedFile.path` (relative to `directory` when
    /// the secrets directory is), sorted; empty when the plan has no secret. Reads only.
    public static func unusedSecretFiles(directory: String, plan: Plan) -> [String] {
        let secretPaths = plan.files.filter { $0.kind.isSecret }.map(\.path)
        guard let first = secretPaths.first else { return [] }
        let secretsDir = splitPath(first).dir
        let planned = Set(secretPaths)
        let abs = BundleWriter.resolve(secretsDir, in: absolutePath(directory))
        guard let names = try? DirHandle(path: abs).list() else { return [] }
        var out: [String] = []
        for name in names where name.hasSuffix(".txt") {
            let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, SecretName(rawValue: String(parts[0])) != nil,
                  parts.count == 1 || !parts[1].isEmpty else { continue }
            let rel = joinPath(secretsDir, name)
            var st = stat()
            guard !planned.contains(rel), lstat(joinPath(abs, name), &st) == 0, EntryStat(st).isRegular else { continue }
            out.append(rel)
        }
        return out.sorted()
    }

    /// Whether going from `old` to a plan for `new` is a switch the operator must act on:
    /// another target or environment, or a managed deployment (ECS, App Platform) the new
    /// answers no longer have.
    public static func isSwitch(from old: PreviousBundle, to new: Answers) -> Bool {
        old.target != new.resolvedTarget || old.environment != new.environment
            || (old.managed != nil && old.managed != RotationAdvice.managed(new))
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
            return ("host=\(d?.databaseHost ?? "<do host>") port=\(d?.databasePort ?? AnswersSchema.defaultDigitalOceanDatabasePort) dbname=\(d?.databaseName ?? "<database>") user=\(d?.databaseUser ?? "<user>") sslmode=require",
                    "do_database_password")
        case .aws:
            let w = a?.aws
            return ("host=\(w?.rdsEndpoint ?? "<rds endpoint>") port=5432 dbname=\(w?.databaseName ?? "<database>") user=\(w?.databaseUser ?? "<user>") sslmode=require",
                    "rds_password")
        case .local:
            return ("", "postgres_password")
        }
    }

    /// The object-storage bucket at `place` for the bundle answered by `a`: the Spaces
    /// bucket (`digitalocean.spaces_bucket`), the S3 bucket (`aws.s3_bucket`), or for the
    /// local MinIO the `S3_BUCKET` the bundle's base compose file gives the backend; a
    /// `<...>` placeholder when the answers are unknown.
    static func bucket(_ place: Place, _ a: Answers?) -> String {
        switch place {
        case .digitalocean: return a?.digitalocean?.spacesBucket ?? "<spaces bucket>"
        case .aws: return a?.aws?.s3Bucket ?? "<s3 bucket>"
        case .local:
            return BundleLayout.minioBucket ?? "<minio bucket>"
        }
    }

    /// The command that copies every object between the bundle's MinIO and DigitalOcean
    /// Spaces, either way, with the MinIO client in the local `minio` container (the old
    /// stack's when MinIO is the source; the new stack's, started first, when it is the
    /// destination). The Spaces keys reach `mc alias set` on standard input (it reads the
    /// access key and the secret key as two lines when they are not arguments; minio/mc
    /// `cmd/alias-set.go`), and the alias is removed afterwards. `nil` for any other pair
    /// (S3 has no static keys here) or when the Spaces answers are unknown.
    static func spacesMirror(from: Place, to: Place, old: Answers?, new: Answers, oldCompose: String,
                             secretFile: (String) -> String) -> String? {
        let spaces: DigitalOceanSettings?
        switch (from, to) {
        case (.local, .digitalocean): spaces = new.digitalocean
        case (.digitalocean, .local): spaces = old?.digitalocean
        default: return nil
        }
        guard let spaces else { return nil }
        let local = "local/" + (BundleLayout.minioBucket ?? "<minio bucket>")
        let remote = "spaces/" + spaces.spacesBucket
        let (source, target) = from == .local ? (local, remote) : (remote, local)
        let keys = "{ cat \(secretFile("spaces_access_key")); echo; cat \(secretFile("spaces_secret_key")); echo; }"
        let script = "mc alias set --api S3v4 spaces https://\(spaces.spacesRegion).digitaloceanspaces.com >/dev/null && "
            + "export \(BundleLayout.minioClientHost) && mc mb --ignore-existing \(local) >/dev/null && "
            + "mc mirror --overwrite \(source) \(target); s=$?; mc alias remove spaces >/dev/null; exit $s"
        if from == .local { return "\(keys) | \(oldCompose) exec -T minio sh -c '\(script)'" }
        return "docker compose up -d --wait minio && \(keys) | docker compose exec -T minio sh -c '\(script)'"
    }

    static func placeName(_ p: Place, db: Bool) -> String {
        switch p {
        case .local: return db ? "the local `postgres` service (volume postgres_data)" : "the local `minio` service (volume minio_data)"
        case .digitalocean: return db ? "the DigitalOcean managed PostgreSQL" : "DigitalOcean Spaces"
        case .aws: return db ? "Amazon RDS" : "Amazon S3"
        }
    }

    /// The commands that stop and remove the previous bundle's ECS services (scale to zero,
    /// then delete, then its Secrets Manager entries), for `old.answers`; placeholders when
    /// the previous answers are unknown. Printed, never run.
    static func ecsCommands(_ old: PreviousBundle) -> (stop: [String], remove: [String], names: String) {
        let a = old.answers?.aws, ecs = a?.ecs
        let region = a?.region ?? "<region>", cluster = ecs?.cluster ?? "<cluster>"
        let env = old.environment
        let backend = ECSRenderer.serviceName(.backend, environment: env), worker = ECSRenderer.serviceName(.worker, environment: env)
        var stop: [String] = []
        if ecs?.maxCount != nil || ecs == nil {
            // A registered scalable target would raise the desired count again.
            stop.append("  aws application-autoscaling deregister-scalable-target --region \(region) --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/\(cluster)/\(backend)")
        }
        for s in [backend, worker] {
            stop.append("  aws ecs update-service --region \(region) --cluster \(cluster) --service \(s) --desired-count 0 --query service.serviceName --output text")
        }
        stop.append("  aws ecs wait services-stable --region \(region) --cluster \(cluster) --services \(backend) \(worker)")
        var remove = [backend, worker].map {
            "  aws ecs delete-service --region \(region) --cluster \(cluster) --service \($0) --force --query service.serviceName --output text"
        }
        let secrets = old.answers.map { ECSRenderer.secrets(for: $0) } ?? SecretName.required(target: .aws, environment: env)
        for secret in secrets {
            remove.append("  aws secretsmanager delete-secret --region \(region) --secret-id \(ECSRenderer.secretsManagerName(secret, environment: env)) --recovery-window-in-days 30")
        }
        return (stop, remove, "ECS services \(backend) and \(worker) in cluster \(cluster) (\(region))")
    }

    /// The commands that delete the previous App Platform app (App Platform cannot scale a
    /// component to zero). Printed, never run.
    static func appPlatformCommands(_ old: PreviousBundle) -> (delete: [String], name: String) {
        let name = old.answers?.digitalocean?.appPlatform?.appName ?? AppPlatformSettings.defaultAppName
        return (["  APP_ID=\"$(doctl apps list --format ID,Spec.Name --no-header | awk '$2 == \"\(name)\" {print $1}')\"",
                 "  doctl apps delete \"$APP_ID\" --force"], name)
    }

    /// What the operator must stop or migrate after switching from `old` to `new`, as
    /// ordered lines (sentences and indented shell commands run from the bundle directory),
    /// in a safe order: the old backend and worker stop before the database is dumped (writes
    /// between the dump and the restore would be lost), the data is copied, the new stack
    /// starts, and only then is the rest of the old deployment stopped or deleted, including
    /// an ECS or App Platform deployment the new answers no longer have. Empty when nothing
    /// moves. `secretsDir` is the answers' secrets directory as written.
    ///
    /// `oldFilesNow` maps a file of the previous bundle (`.env`, its compose files) to the
    /// name its previous content has after this run (the backup of a changed `.env`, the
    /// name `--prune` moved an overlay to); a file not in it is still in place unchanged.
    /// The commands aimed at the old services use those names (`--env-file`, `-f`), because
    /// the new `.env` may lack the variables the old overlay requires.
    public static func advice(from old: PreviousBundle, to new: Answers, secretsDir: String,
                              oldFilesNow: [String: String] = [:]) -> [String] {
        var a = SwitchAdvice(from: old, to: new, secretsDir: secretsDir, oldFilesNow: oldFilesNow)
        if a.oldDB != a.newDB {
            a.copyDatabase()
        } else if a.oldRedis != a.newRedis {
            a.drainQueue()
        }
        if a.oldRedis != a.newRedis, a.oldRedis == .local { a.stop.append("redis") }
        a.moveObjects()
        a.moveTLS()
        a.startNewStack()
        a.stopRetiredServices()
        a.retireManaged()
        if !a.stop.isEmpty {
            a.out.append("Volumes are never deleted by this tool; remove them yourself once the migration is checked (docker volume ls).")
        }
        return a.out
    }

    /// The lines of `advice(from:to:secretsDir:oldFilesNow:)` as they are built: what moves
    /// between the previous bundle and the new answers, the numbered steps so far (`out`,
    /// `step`), and the old services to stop once the new stack runs (`stop`, in order).
    private struct SwitchAdvice {
        let old: PreviousBundle, new: Answers
        let nt: Target, ne: DeployEnvironment, ot: Target, oe: DeployEnvironment
        let oldDB: Place, newDB: Place
        let oldRedis: Place, newRedis: Place
        let oldManaged: RotationAdvice.Managed?, newManaged: RotationAdvice.Managed?
        let leavesManaged: Bool
        let secretsDir: String
        /// `docker compose` aimed at the services of the previous bundle.
        let oldCompose: String
        var out: [String] = []
        var stop: [String] = []
        var step = 0

        /// What moves from `old` to `new`. Commands aimed at the services of the previous
        /// bundle name its compose files and its .env explicitly (COMPOSE_FILE now points at
        /// the new ones, where they are disabled, and the new .env may lack what the old
        /// overlay requires), under their names after this run (`oldFilesNow`).
        init(from old: PreviousBundle, to new: Answers, secretsDir: String, oldFilesNow: [String: String]) {
            self.old = old
            self.new = new
            nt = new.resolvedTarget; ne = new.environment
            ot = old.target; oe = old.environment
            oldDB = database(ot, oe); newDB = database(nt, ne)
            oldManaged = old.managed; newManaged = RotationAdvice.managed(new)
            leavesManaged = oldManaged != nil && oldManaged != newManaged
            self.secretsDir = secretsDir
            let oldFiles = (old.composeFiles.isEmpty ? [BundleLayout.baseComposeFile, old.target.overlayFileName] : old.composeFiles)
                .map { oldFilesNow[$0] ?? $0 }
            let envFile = oldFilesNow[".env"].map { "--env-file \(BundleWriter.shellQuote($0)) " } ?? ""
            oldCompose = "docker compose \(envFile)" + oldFiles.map { "-f \(BundleWriter.shellQuote($0))" }.joined(separator: " ")
            oldRedis = redis(ot, oe); newRedis = redis(nt, ne)
        }

        /// Appends the next numbered step.
        mutating func next(_ text: String) { step += 1; out.append("\(step). \(text)") }

        /// The shell-quoted path of secret file `name` in `secretsDir`.
        static func secretFile(_ name: String, in secretsDir: String) -> String {
            BundleWriter.shellQuote(joinPath(secretsDir, "\(name).txt"))
        }

        /// PostgreSQL moves: stop the old app, dump the old database, restore it into the new one.
        mutating func copyDatabase() {
            out.append("Data: PostgreSQL moves from \(placeName(oldDB, db: true)) to \(placeName(newDB, db: true)). The old database keeps its data; copy it in this order (the app is down from step 1 until the new stack starts):")
            stopOldApp()
            dumpOldDatabase()
            restoreNewDatabase()
            out.append("  (pg_dump/pg_restore outside a container come from the postgresql-client package, version 15 or newer)")
        }

        /// Step 1 of a database move: nothing may write to the old database between the dump
        /// and the restore (the old backend, the worker once idle, an old ECS service or App
        /// Platform app).
        mutating func stopOldApp() {
            next("Stop the old app, backend first so no new work arrives\(oldRedis != newRedis ? "; let the worker finish the queued jobs (Redis moves too and nothing is copied), then stop it" : ", then the worker"):")
            out.append("  \(oldCompose) stop backend")
            if oldRedis != newRedis {
                out.append("  \(oldCompose) logs --tail 50 worker   # repeat until the worker is idle")
            }
            out.append("  \(oldCompose) stop worker")
            if oldManaged == .ecs {
                let ecs = ecsCommands(old)
                out.append("  The old \(ecs.names) write to it too; scale them to zero:")
                out += ecs.stop
            } else if oldManaged == .appPlatform {
                let app = appPlatformCommands(old)
                out.append("  The old App Platform app \(app.name) writes to it too, and App Platform cannot scale to zero; delete the app (do/app.yaml can create it again):")
                out += app.delete
            }
        }

        /// The dump of the old database (a local one's `postgres` service is stopped later).
        mutating func dumpOldDatabase() {
            next("Dump the old database:")
            switch oldDB {
            case .local:
                out.append("  \(oldCompose) exec -T postgres sh -c 'pg_dump -U \"$POSTGRES_USER\" -Fc \"$POSTGRES_DB\"' > freshtrack.dump")
                stop.append("postgres")
            default:
                let (c, s) = conninfo(oldDB, old.answers)
                out.append("  PGPASSWORD=\"$(cat \(Self.secretFile(s, in: secretsDir)))\" pg_dump -Fc -d \"\(c)\" > freshtrack.dump")
            }
        }

        /// The restore of the dump into the new database.
        mutating func restoreNewDatabase() {
            next("Restore it into the new database:")
            switch newDB {
            case .local:
                out.append("  docker compose up -d --wait postgres && docker compose exec -T postgres sh -c 'pg_restore -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" --no-owner --clean --if-exists' < freshtrack.dump")
                out.append("  (the local postgres_data volume may still hold data from before an earlier switch: --clean replaces it with the dump)")
            default:
                let (c, s) = conninfo(newDB, new)
                out.append("  PGPASSWORD=\"$(cat \(Self.secretFile(s, in: secretsDir)))\" pg_restore --no-owner --no-acl -d \"\(c)\" freshtrack.dump")
            }
        }

        /// Only Redis moves: stop the old backend and let the worker drain the queue.
        mutating func drainQueue() {
            out.append("Queue: Redis moves from \(oldRedis == .local ? "the local `redis` service" : "ElastiCache") to \(newRedis == .local ? "the local `redis` service" : "ElastiCache") and nothing is copied:")
            next("Stop the old backend, let the worker finish the queued jobs, then stop it:")
            out.append("  \(oldCompose) stop backend")
            out.append("  \(oldCompose) logs --tail 50 worker   # repeat until the worker is idle")
            out.append("  \(oldCompose) stop worker")
        }

        /// Object storage moves: the MinIO client mirror when one applies, else an rclone example.
        mutating func moveObjects() {
            let oldObj = objects(ot, oe), newObj = objects(nt, ne)
            guard oldObj != newObj else { return }
            let moves = "Files: object storage moves from \(placeName(oldObj, db: false)) to \(placeName(newObj, db: false))"
            let dir = secretsDir
            if let copy = spacesMirror(from: oldObj, to: newObj, old: old.answers, new: new, oldCompose: oldCompose,
                                       secretFile: { Self.secretFile($0, in: dir) }) {
                next("\(moves); copy the objects with the MinIO client in the `minio` container (the Spaces keys go in through a pipe, never on a command line):")
                out.append("  " + copy)
            } else {
                next("\(moves); existing objects are not copied. Mirror them with rclone or the MinIO client, e.g.:")
                out.append("  rclone sync old:\(bucket(oldObj, old.answers)) new:\(bucket(newObj, new))")
            }
            if oldObj == .local { stop.append("minio") }
        }

        /// Caddy stops or starts terminating TLS: where the domain must point.
        mutating func moveTLS() {
            if caddy(ot, oe) && !caddy(nt, ne) {
                next("TLS: Caddy no longer runs; point \(new.app.domain) at the load balancer or instance that now terminates TLS.")
                stop.append("caddy")
            } else if !caddy(ot, oe) && caddy(nt, ne) {
                next("TLS: Caddy now terminates TLS on this host; point the DNS records of \(new.app.domain) here and open ports 80 and 443.")
            }
        }

        /// Starting the new stack, once anything moved or a managed deployment is left.
        mutating func startNewStack() {
            guard step > 0 || leavesManaged else { return }
            var start = "docker compose up -d (the Next command below)"
            if newManaged == .ecs { start += ", or aws/deploy-aws.sh for ECS on Fargate" }
            if newManaged == .appPlatform { start += ", or do/deploy-app-platform.sh for App Platform" }
            next("Start the new stack: \(start).")
        }

        /// Stopping the old services the new target no longer runs.
        mutating func stopRetiredServices() {
            guard !stop.isEmpty else { return }
            next("Stop the services the new target no longer runs (their data is copied; their volumes are kept):")
            out.append("  \(oldCompose) stop \(stop.joined(separator: " "))")
        }

        /// Deleting the ECS services or App Platform app the new answers no longer have, and
        /// what stays for the operator to remove by hand.
        mutating func retireManaged() {
            guard leavesManaged, let oldManaged else { return }
            switch oldManaged {
            case .ecs:
                let ecs = ecsCommands(old)
                if oldDB != newDB {
                    next("The old \(ecs.names) are at zero tasks; once the new stack serves traffic, delete them and their Secrets Manager entries (30 days to restore):")
                } else {
                    next("The old \(ecs.names) still run (and bill). Once the new stack serves traffic, scale them to zero, delete them and their Secrets Manager entries (30 days to restore):")
                    out += ecs.stop
                }
                out += ecs.remove
                if nt != .aws || ne == .dev {
                    out.append("  RDS, ElastiCache, the S3 bucket, the load balancer, ECR and the log group are not touched: remove them in the AWS console once the data is checked.")
                }
            case .appPlatform:
                let app = appPlatformCommands(old)
                if oldDB == newDB {
                    next("The old App Platform app \(app.name) still runs (and bills). Once the new stack serves traffic, delete it:")
                    out += app.delete
                }
                out.append("  The managed PostgreSQL and Valkey clusters are not part of the app and keep running (and billing): `doctl databases list`; delete what the new stack no longer uses once the data is checked.")
            }
        }
    }
}

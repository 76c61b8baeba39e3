import ArgumentParser
import BundleWriter
import DeployKit
import Foundation

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Reads an answers file and decodes it against the bundle in `dir`; on any problem prints
/// every issue (path, value, what is allowed) to stderr and exits 1, having written nothing.
func loadAnswers(_ path: String, bundle dir: String) throws -> Answers {
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory; give the answers YAML file"
            : "permission denied or not a regular file"
        printError("error: cannot read answers file \(path): \(reason)")
        throw ExitCode(1)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        printError("error: answers file \(path) is not UTF-8 text")
        throw ExitCode(1)
    }
    do {
        return try AnswersCodec.decode(text, secretExists: BundleWriter.secretExists(bundleDirectory: dir))
    } catch {
        printError("error: \(path) has \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"); nothing was written:")
        for issue in error.issues { printError("  \(issue.description)") }
        throw ExitCode(1)
    }
}

/// `--dir` made absolute against the current directory (`BundleWriter.absoluteDirectory`).
/// When the current directory no longer exists (deleted or moved under the shell) and `dir`
/// is relative, prints why and what to do to stderr and exits with `status` before the
/// command does anything else (no probe, no read, no write).
func absoluteBundleDirectory(_ dir: String, exitStatus status: Int32) throws -> String {
    do { return try BundleWriter.absoluteDirectory(dir) } catch {
        printError("error: the current directory no longer exists (was it deleted or moved?), so --dir \(dir) has no location; cd to an existing directory, or pass an absolute --dir")
        throw ExitCode(status)
    }
}

/// Exits 1 with a message naming `--dir` when the existing part of `absolute` (the path
/// itself, or the nearest ancestor that exists) is not a directory, e.g. `--dir
/// /srv/afile is a regular file; --dir must be a directory (or a path to create)`.
/// Symbolic links are followed (a link to a directory is fine). Reads only.
/// `mayCreate` false (rotate, which needs an existing bundle) drops "or a path to create".
func requireDirectoryPath(_ dirArgument: String, absolute: String, mayCreate: Bool = true) throws {
    var path = absolute
    while path.count > 1 {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            let what = (st.st_mode & S_IFMT) == S_IFREG ? "a regular file" : "not a directory"
            let subject = path == absolute || path + "/" == absolute ? "--dir \(dirArgument)" : "--dir \(dirArgument): \(path)"
            let must = mayCreate ? "a directory (or a path to create)" : "the bundle directory"
            printError("error: \(subject) is \(what); --dir must be \(must); nothing was written")
            throw ExitCode(1)
        }
        // ENOTDIR/ENOENT: look at the parent.
        guard let slash = path.lastIndex(of: "/") else { return }
        path = slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// `Fix commands below use paths relative to DIR: run them there (cd DIR).` when `directory`
/// (absolute) is not the current directory, so a fix such as `cat secrets/a.txt >
/// secrets/a.1001.txt` is never run against another bundle; else nil.
func relativePathsNote(_ directory: String) -> String? {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
    let there = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
    guard here != there else { return nil }
    return "Fix commands below use paths relative to \(directory): run them there (cd \(BundleWriter.shellQuote(directory))).\n"
}

/// Runs `body`, turning a `BundleError` into its message on stderr and exit status 1.
func reportingBundleErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as BundleError {
        printError("error: \(error.description)")
        throw ExitCode(1)
    }
}

/// `0644`, `0600`.
func octal(_ mode: UInt16) -> String {
    let s = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// `70:70 (postgres)` or `you` when the file belongs to whoever runs the tool.
func ownerText(_ owner: FileOwner?) -> String {
    guard let o = owner else { return "you" }
    return "\(o.uid):\(o.gid) (\(o.name))"
}

/// `freshtrack-deploy apply`: answers in, a bundle on disk out.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write (or update) the deployment bundle in --dir from an answers file.",
        discussion: """
            Every file is rendered and checked before the first one is written; each is then \
            written atomically (temporary file, fsync, rename). Existing secret files are \
            never overwritten (use `rotate`). A changed non-secret file is first copied to \
            <name>.bak.<UTC timestamp> (the newest 5 are kept). The same answers twice write \
            nothing. A run killed half-way is finished or rolled back by the next run, and a \
            lock stops two runs on one directory at once.
            """)

    @Option(name: .long, help: ArgumentHelp("Answers file (YAML, schema version 1).", valueName: "file"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Bundle directory (created if missing).", valueName: "dir"))
    var dir: String = "."

    @Flag(name: .long, help: "Print the plan (create/update/unchanged/keep, mode, owner, a diff of each non-secret file) and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Move files of ours that the plan no longer uses (another target's overlay, an unused Caddyfile, a left-over aws/ or do/) aside to <name>.bak.<UTC timestamp> instead of leaving them; also after an earlier switch.")
    var prune = false

    func run() throws {
        let directory = BundleWriter.resolve(".", in: try absoluteBundleDirectory(dir, exitStatus: 1))
        try requireDirectoryPath(dir, absolute: directory)
        let previous = TargetSwitch.detectPrevious(directory: directory)
        let answers = try loadAnswers(self.answers, bundle: directory)
        let environment = ProcessInfo.processInfo.environment

        if dryRun {
            if BundleWriter.hasInterruptedRun(directory: directory) {
                print("Note: an interrupted run's journal is in \(directory); a real apply finishes or rolls it back first.\n")
            }
            let prepared = try reportingBundleErrors {
                try BundleWriter.prepare(answers: answers, directory: directory, environment: environment)
            }
            let statuses = try reportingBundleErrors { try BundleWriter.status(prepared) }
            print(DryRunReport.text(prepared: prepared, statuses: statuses, previous: previous, pruneRequested: prune,
                                    dirArgument: dir), terminator: "")
            return
        }

        let recovery = try reportingBundleErrors { try BundleWriter.recoverInterruptedRun(directory: directory) }
        if let recovery { print(recovery.summary + "\n") }
        let prepared = try reportingBundleErrors {
            try BundleWriter.prepare(answers: answers, directory: directory, environment: environment)
        }
        // Stale files of ours, whether this run switches target or an earlier one did.
        let retire = prune ? TargetSwitch.staleFiles(directory: directory, plan: prepared.plan) : []
        let report = try reportingBundleErrors {
            try BundleWriter.write(prepared, options: WriteOptions(retire: retire))
        }
        print(ApplySummary.text(prepared: prepared, report: report, previous: previous, pruneRequested: prune, dirArgument: dir),
              terminator: "")
    }
}

/// The text `apply` prints after writing.
enum ApplySummary {
    /// `digitalocean (DigitalOcean App Platform)` for a bundle that writes do/ for App
    /// Platform, otherwise the target's display name, e.g. `selfhosted (Self-hosted VM)`.
    static func targetLabel(_ plan: Plan, _ answers: Answers) -> String {
        if RotationAdvice.managed(answers) == .appPlatform { return "\(plan.target.rawValue) (DigitalOcean App Platform)" }
        return "\(plan.target.rawValue) (\(plan.target.displayName))"
    }

    /// `Target switch: selfhosted/production -> aws/production`, plus the managed
    /// deployment (ECS, App Platform) when that is what changed.
    static func switchHeadline(_ previous: PreviousBundle, _ plan: Plan, _ answers: Answers) -> String {
        func label(_ m: RotationAdvice.Managed?) -> String {
            switch m { case .ecs: return " (ECS on Fargate)"; case .appPlatform: return " (App Platform)"; case nil: return "" }
        }
        let newManaged = RotationAdvice.managed(answers)
        let newLabel = newManaged == nil && previous.managed != nil ? " (Compose)" : label(newManaged)
        return "Target switch: \(previous.target.rawValue)/\(previous.environment.rawValue)\(label(previous.managed)) -> \(plan.target.rawValue)/\(plan.environment.rawValue)\(newLabel)"
    }

    /// A planner warning with `--dir DIR` added to the `freshtrack-deploy rotate ...` command
    /// it suggests, when the bundle is not the current directory (`dirArgument` is `--dir`
    /// as given; the absolute `directory` is what is added, so it works from anywhere).
    static func withDir(_ warning: String, dirArgument: String, directory: String) -> String {
        guard dirArgument != ".", dirArgument != "./",
              let start = warning.range(of: "`freshtrack-deploy rotate "),
              let end = warning.range(of: "`", range: start.upperBound..<warning.endIndex) else { return warning }
        var w = warning
        w.insert(contentsOf: " --dir \(BundleWriter.shellQuote(directory))", at: end.lowerBound)
        return w
    }

    /// Where the previous bundle's `.env` and compose files are after this run: the backup
    /// of each one this run changed, the backup name of each one `--prune` moved aside.
    static func previousFilesNow(_ report: ApplyReport, previous: PreviousBundle) -> [String: String] {
        var now: [String: String] = [:]
        for r in report.retired {
            let parts = r.components(separatedBy: " -> ")
            if parts.count == 2 { now[parts[0]] = parts[1] }
        }
        let names = [".env", BundleLayout.baseComposeFile, previous.target.overlayFileName] + previous.composeFiles
        for name in names where now[name] == nil {
            if let b = report.backups.first(where: { $0.hasPrefix(name + ".bak.") && !$0.dropFirst(name.count + 5).contains(".") }) {
                now[name] = b
            }
        }
        return now
    }

    /// `Kept from an earlier target ...: secrets/rds_password.txt` naming the secret files on
    /// disk that this plan does not use (empty text when there are none).
    static func unusedSecretsLine(directory: String, plan: Plan) -> String {
        let unused = TargetSwitch.unusedSecretFiles(directory: directory, plan: plan)
        guard !unused.isEmpty else { return "" }
        return "Kept from an earlier target (this \(plan.target.rawValue) bundle does not use them; apply never deletes a secret, --prune included): \(unused.joined(separator: ", "))\n"
    }

    static func text(prepared: PreparedBundle, report: ApplyReport, previous: PreviousBundle?, pruneRequested: Bool,
                     dirArgument: String = ".") -> String {
        let plan = prepared.plan
        var out = "Bundle \(prepared.directory): target \(targetLabel(plan, prepared.answers)), environment \(plan.environment.rawValue)\n"
        if let r = report.recovery { out += r.summary + "\n" }
        if report.wroteNothing {
            out += "Nothing to write: every file is already up to date (\(report.unchanged.count) unchanged, \(report.kept.count) secret\(report.kept.count == 1 ? "" : "s") kept).\n"
        } else {
            let created = Set(report.written).subtracting(prepared.existing.map { Set($0.files.keys).union($0.secrets.keys) } ?? [])
            if report.written.isEmpty {
                // Only --prune moved files aside (listed below): no empty "Wrote 0 files:".
                out += "No file written: every planned file is already up to date; files were only moved aside (below).\n"
            } else {
                out += "Wrote \(report.written.count) file\(report.written.count == 1 ? "" : "s"):\n"
            }
            for path in report.written {
                out += "  \(created.contains(path) ? "created" : "updated")  \(path)\n"
            }
            if !report.unchanged.isEmpty { out += "Unchanged (not rewritten): \(report.unchanged.joined(separator: ", "))\n" }
        }
        if !report.kept.isEmpty && !report.wroteNothing {
            out += "Kept secrets (never overwritten): \(report.kept.joined(separator: ", "))\n"
        }
        out += unusedSecretsLine(directory: prepared.directory, plan: plan)
        if !report.backups.isEmpty {
            out += "Backups of the previous versions:\n"
            for b in report.backups { out += "  \(b)\n" }
        }
        if !report.prunedBackups.isEmpty { out += "Removed \(report.prunedBackups.count) old backup\(report.prunedBackups.count == 1 ? "" : "s") (keeping the newest \(Backups.defaultKeep) per file).\n" }
        let switching = previous.map { TargetSwitch.isSwitch(from: $0, to: prepared.answers) } ?? false
        if !report.retired.isEmpty {
            out += "Moved aside (--prune; nothing deleted):\n"
            for r in report.retired { out += "  \(r)\n" }
            if !switching {
                out += "Migration commands printed by an earlier switch name the old files: use these backup names instead.\n"
            }
        }
        for n in prepared.notices { out += "Note: \(n)\n" }
        for w in prepared.plan.warnings { out += "Warning: \(withDir(w, dirArgument: dirArgument, directory: prepared.directory))\n" }
        let stale = pruneRequested ? [] : TargetSwitch.staleFiles(directory: prepared.directory, plan: plan)
        if !stale.isEmpty {
            out += "Left in place (harmless; COMPOSE_FILE no longer uses them): \(stale.joined(separator: ", ")); `apply --prune` moves them aside.\n"
        }
        if let previous, switching {
            out += "\n\(switchHeadline(previous, plan, prepared.answers)) (previous bundle read from \(previous.source)). Every existing secret was kept byte for byte.\n"
            let now = previousFilesNow(report, previous: previous)
            if !now.isEmpty {
                out += "The commands below aimed at the old services use the previous files as they are now: \(now.sorted { $0.key < $1.key }.map { "\($0.key) -> \($0.value)" }.joined(separator: ", ")).\n"
            }
            for line in TargetSwitch.advice(from: previous, to: prepared.answers, secretsDir: prepared.answers.secrets.dir,
                                            oldFilesNow: now) {
                out += line + "\n"
            }
        }
        if !report.chownCommands.isEmpty {
            out += "\nNot running as root: the secret files belong to you for now. Each container reads its secret as its own user, so run as root:\n"
            for c in report.chownCommands { out += "  \(c)\n" }
        }
        out += "\nNext: cd \(BundleWriter.shellQuote(prepared.directory)) && \(plan.nextCommand)\n"
        return out
    }
}

/// The text `apply --dry-run` prints.
enum DryRunReport {
    static func text(prepared: PreparedBundle, statuses: [FileStatus], previous: PreviousBundle?,
                     pruneRequested: Bool = false, dirArgument: String = ".") -> String {
        let plan = prepared.plan
        var out = "Dry run: nothing is written.\n"
        out += "Plan for \(prepared.directory): target \(ApplySummary.targetLabel(plan, prepared.answers)), environment \(plan.environment.rawValue)\n\n"
        let width = max(20, statuses.map(\.path.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
        out += "  \(pad("ACTION", 11))\(pad("MODE", 6))\(pad("OWNER", 22))PATH\n"
        for d in plan.directories {
            let abs = BundleWriter.resolve(d.path, in: prepared.directory)
            let exists = FileManager.default.fileExists(atPath: abs)
            out += "  \(pad(exists ? "exists" : "create", 11))\(pad(octal(d.mode), 6))\(pad(ownerText(d.owner), 22))\(d.path)/\n"
        }
        for s in statuses {
            var action = s.action.rawValue
            if s.metadataOnly { action += "*" }
            let path = s.kind.isSecret ? pad(s.path, width) + " (secret, never shown)" : s.path
            out += "  \(pad(action, 11))\(pad(octal(s.mode), 6))\(pad(ownerText(s.owner), 22))\(path)\n"
        }
        if statuses.contains(where: \.metadataOnly) { out += "  * mode or owner only; the bytes are already right\n" }
        let counts = Dictionary(grouping: statuses, by: \.action).mapValues(\.count)
        out += "\n\(counts[.create] ?? 0) to create, \(counts[.update] ?? 0) to update, \(counts[.unchanged] ?? 0) unchanged, \(counts[.keep] ?? 0) secret\((counts[.keep] ?? 0) == 1 ? "" : "s") kept.\n"
        out += ApplySummary.unusedSecretsLine(directory: prepared.directory, plan: plan)
        for n in prepared.notices { out += "Note: \(n)\n" }
        for w in plan.warnings { out += "Warning: \(ApplySummary.withDir(w, dirArgument: dirArgument, directory: prepared.directory))\n" }
        let stale = TargetSwitch.staleFiles(directory: prepared.directory, plan: plan)
        if !stale.isEmpty {
            out += pruneRequested
                ? "Would move aside (--prune) to <name>.bak.<UTC timestamp>: \(stale.joined(separator: ", "))\n"
                : "Left in place (not used by the new plan; `apply --prune` moves them aside): \(stale.joined(separator: ", "))\n"
        }
        if let previous, TargetSwitch.isSwitch(from: previous, to: prepared.answers) {
            out += "\n\(ApplySummary.switchHeadline(previous, plan, prepared.answers)). After applying:\n"
            // The old .env is backed up when it changes; a pruned overlay gets a backup name.
            var now: [String: String] = [:]
            if statuses.contains(where: { $0.path == ".env" && $0.action == .update && !$0.metadataOnly }) {
                now[".env"] = ".env.bak.<UTC timestamp>"
            }
            if pruneRequested { for f in stale { now[f] = f + ".bak.<UTC timestamp>" } }
            for line in TargetSwitch.advice(from: previous, to: prepared.answers, secretsDir: prepared.answers.secrets.dir,
                                            oldFilesNow: now) {
                out += line + "\n"
            }
        }
        for s in statuses where !s.kind.isSecret && !s.metadataOnly && (s.action == .create || s.action == .update) {
            let old = s.oldContents.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let new = s.newContents.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let diff = LineDiff.unified(old: old, new: new,
                                        oldName: s.action == .create ? "/dev/null" : "a/\(s.path)", newName: "b/\(s.path)")
            if !diff.isEmpty { out += "\n" + diff }
        }
        return out
    }
}

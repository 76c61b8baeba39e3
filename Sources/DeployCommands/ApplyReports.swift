import BundleWriter
import DeployKit
import Foundation

/// `0644`, `0600`: a file mode as four octal digits.
public func octal(_ mode: UInt16) -> String {
    let s = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// `70:70 (postgres)` or `you` when the file belongs to whoever runs the tool.
public func ownerText(_ owner: FileOwner?) -> String {
    guard let o = owner else { return "you" }
    return "\(o.uid):\(o.gid) (\(o.name))"
}

/// The text `apply` prints after writing (the wizard prints the same once the terminal is
/// restored).
public enum ApplySummary {
    /// `digitalocean (DigitalOcean App Platform)` for a bundle that writes do/ for App
    /// Platform, otherwise the target's display name, e.g. `selfhosted (Self-hosted VM)`.
    public static func targetLabel(_ plan: Plan, _ answers: Answers) -> String {
        if RotationAdvice.managed(answers) == .appPlatform { return "\(plan.target.rawValue) (DigitalOcean App Platform)" }
        return "\(plan.target.rawValue) (\(plan.target.displayName))"
    }

    /// `Target switch: selfhosted/production -> aws/production`, plus the managed
    /// deployment (ECS, App Platform) when that is what changed.
    public static func switchHeadline(_ previous: PreviousBundle, _ plan: Plan, _ answers: Answers) -> String {
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
    public static func withDir(_ warning: String, dirArgument: String, directory: String) -> String {
        guard dirArgument != ".", dirArgument != "./",
              let start = warning.range(of: "`freshtrack-deploy rotate "),
              let end = warning.range(of: "`", range: start.upperBound..<warning.endIndex) else { return warning }
        var w = warning
        w.insert(contentsOf: " --dir \(BundleWriter.shellQuote(directory))", at: end.lowerBound)
        return w
    }

    /// Where the previous bundle's `.env` and compose files are after this run: the backup
    /// of each one this run changed, the backup name of each one `--prune` moved aside.
    public static func previousFilesNow(_ report: ApplyReport, previous: PreviousBundle) -> [String: String] {
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
    public static func unusedSecretsLine(directory: String, plan: Plan) -> String {
        let unused = TargetSwitch.unusedSecretFiles(directory: directory, plan: plan)
        guard !unused.isEmpty else { return "" }
        return "Kept from an earlier target (this \(plan.target.rawValue) bundle does not use them; apply never deletes a secret, --prune included): \(unused.joined(separator: ", "))\n"
    }

    /// The whole report: the bundle and target, what was written, kept, backed up and moved
    /// aside, the plan's notes and warnings, the steps after a target switch, the `chown`
    /// commands when not root, and the next command. `dirArgument` is `--dir` as given
    /// (it decides whether suggested `rotate` commands need `--dir`).
    public static func text(prepared: PreparedBundle, report: ApplyReport, previous: PreviousBundle?, pruneRequested: Bool,
                            dirArgument: String = ".") -> String {
        let plan = prepared.plan
        var out = "Bundle \(prepared.directory): target \(targetLabel(plan, prepared.answers)), environment \(plan.environment.rawValue)\n"
        if let r = report.recovery { out += r.summary + "\n" }
        out += filesWritten(prepared: prepared, report: report)
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
        if let previous, switching { out += switchSteps(previous: previous, prepared: prepared, report: report) }
        if !report.chownCommands.isEmpty {
            out += "\nNot running as root: the secret files belong to you for now. Each container reads its secret as its own user, so run as root:\n"
            for c in report.chownCommands { out += "  \(c)\n" }
        }
        out += "\nNext: cd \(BundleWriter.shellQuote(prepared.directory)) && \(plan.nextCommand)\n"
        return out
    }

    /// `Wrote N files:` with each `created`/`updated`, the unchanged and kept files, the
    /// secrets kept from an earlier target, the backups made and the old backups removed;
    /// `Nothing to write: ...` instead when nothing changed.
    static func filesWritten(prepared: PreparedBundle, report: ApplyReport) -> String {
        var out = ""
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
        out += unusedSecretsLine(directory: prepared.directory, plan: prepared.plan)
        if !report.backups.isEmpty {
            out += "Backups of the previous versions:\n"
            for b in report.backups { out += "  \(b)\n" }
        }
        if !report.prunedBackups.isEmpty { out += "Removed \(report.prunedBackups.count) old backup\(report.prunedBackups.count == 1 ? "" : "s") (keeping the newest \(Backups.defaultKeep) per file).\n" }
        return out
    }

    /// After a target switch: the headline, where the previous files are now and the
    /// `TargetSwitch.advice` steps that use them.
    static func switchSteps(previous: PreviousBundle, prepared: PreparedBundle, report: ApplyReport) -> String {
        var out = "\n\(switchHeadline(previous, prepared.plan, prepared.answers)) (previous bundle read from \(previous.source)). Every existing secret was kept byte for byte.\n"
        let now = previousFilesNow(report, previous: previous)
        if !now.isEmpty {
            out += "The commands below aimed at the old services use the previous files as they are now: \(now.sorted { $0.key < $1.key }.map { "\($0.key) -> \($0.value)" }.joined(separator: ", ")).\n"
        }
        for line in TargetSwitch.advice(from: previous, to: prepared.answers, secretsDir: prepared.answers.secrets.dir,
                                        oldFilesNow: now) {
            out += line + "\n"
        }
        return out
    }
}

/// The text `apply --dry-run` prints.
public enum DryRunReport {
    /// The whole report: the plan's table (action, mode, owner, path of every directory and
    /// file), the counts, notes and warnings, the files a switch leaves or moves aside, the
    /// steps after a target switch, then a unified diff of each non-secret file to create
    /// or update. `statuses` are `BundleWriter.status(prepared)`; reads the disk only to
    /// tell which planned directories exist.
    public static func text(prepared: PreparedBundle, statuses: [FileStatus], previous: PreviousBundle?,
                            pruneRequested: Bool = false, dirArgument: String = ".") -> String {
        let plan = prepared.plan
        var out = "Dry run: nothing is written.\n"
        out += "Plan for \(prepared.directory): target \(ApplySummary.targetLabel(plan, prepared.answers)), environment \(plan.environment.rawValue)\n\n"
        out += table(prepared: prepared, statuses: statuses)
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
            let now = previousFilesAfterApply(statuses: statuses, movedAside: pruneRequested ? stale : [])
            for line in TargetSwitch.advice(from: previous, to: prepared.answers, secretsDir: prepared.answers.secrets.dir,
                                            oldFilesNow: now) {
                out += line + "\n"
            }
        }
        return out + diffs(statuses)
    }

    /// Where the previous bundle's files will be once the plan is applied, as far as it is
    /// known before writing: `.env` gets a backup when it changes, each file in
    /// `movedAside` (`--prune`) a backup name; the timestamp is written `<UTC timestamp>`.
    public static func previousFilesAfterApply(statuses: [FileStatus], movedAside: [String]) -> [String: String] {
        var now: [String: String] = [:]
        if statuses.contains(where: { $0.path == ".env" && $0.action == .update && !$0.metadataOnly }) {
            now[".env"] = ".env.bak.<UTC timestamp>"
        }
        for f in movedAside { now[f] = f + ".bak.<UTC timestamp>" }
        return now
    }

    /// The `ACTION MODE OWNER PATH` table: directories first (`exists` or `create`), then
    /// each file; a secret's row says it is never shown, `*` marks a mode- or owner-only change.
    static func table(prepared: PreparedBundle, statuses: [FileStatus]) -> String {
        let width = max(20, statuses.map(\.path.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
        var out = "  \(pad("ACTION", 11))\(pad("MODE", 6))\(pad("OWNER", 22))PATH\n"
        for d in prepared.plan.directories {
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
        return out
    }

    /// A unified diff (`LineDiff.unified`) of each non-secret file whose bytes change, each
    /// after a blank line; a new file is diffed against `/dev/null`.
    static func diffs(_ statuses: [FileStatus]) -> String {
        var out = ""
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

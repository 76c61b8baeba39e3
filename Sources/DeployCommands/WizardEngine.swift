import BundleWriter
import DeployKit
import Foundation
import HostProbe
import Wizard

/// Performs the wizard's effects with the real file system and the same `BundleWriter`
/// path as `apply`: the wizard's `Effect`s in, its `Msg`s out (`perform`).
public final class WizardEngine {
    /// The bundle directory shown in the wizard's header: absolute, computed once at start;
    /// every effect uses exactly this path and never the process's current directory.
    public let absoluteDirectory: String
    /// Whether the bundle directory existed when the wizard started (if it did, and is
    /// gone later, preparing and writing refuse instead of recreating it elsewhere).
    public let existedAtStart: Bool
    /// The process environment, read on first use (after the first frame).
    private(set) lazy var environment: [String: String] = environmentProvider()
    private let environmentProvider: () -> [String: String]
    private var prepared: PreparedBundle?
    private var lastRequest: (answers: Answers, typed: [SecretName: SecretValue])?
    private var previousBundle: PreviousBundle?
    public private(set) var summary: WriteSummary?
    /// What `apply` would print for the same write, printed once the terminal is restored.
    public private(set) var summaryText: String?

    /// An engine for the bundle directory `absoluteDirectory` (must be absolute) over the
    /// process environment `environment` (read for `env:` secret sources and `DOCKER_HOST`).
    public convenience init(absoluteDirectory: String, environment: [String: String]) {
        self.init(absoluteDirectory: absoluteDirectory) { environment }
    }

    /// As `init(absoluteDirectory:environment:)`, with the environment read by `environment`
    /// when first needed (after the first frame).
    public init(absoluteDirectory: String, environment: @escaping () -> [String: String]) {
        precondition(absoluteDirectory.hasPrefix("/"), "the bundle directory must be absolute")
        self.absoluteDirectory = absoluteDirectory
        self.environmentProvider = environment
        var isDir: ObjCBool = false
        existedAtStart = FileManager.default.fileExists(atPath: absoluteDirectory, isDirectory: &isDir) && isDir.boolValue
    }

    /// Why the bundle directory cannot be used now, or `nil`: it existed at start and is
    /// gone (deleted or moved), or is no longer a directory.
    func directoryProblem() -> WizardFailure? {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: absoluteDirectory, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            return .notADirectory(absoluteDirectory)
        }
        if existedAtStart && !exists {
            return .directoryGone(absoluteDirectory)
        }
        return nil
    }

    func secretExists(_ dir: String, _ name: SecretName) -> Bool {
        BundleWriter.secretExists(bundleDirectory: absoluteDirectory)(dir, name)
    }

    /// `perform(_:send:)` without progress messages.
    public func perform(_ effect: Effect) -> [Msg] { perform(effect, send: { _ in }) }

    /// Performs `effect` and returns the messages that carry its outcome; `send` receives
    /// the messages sent while it runs (doctor's progress).
    public func perform(_ effect: Effect, send: (Msg) -> Void) -> [Msg] {
        switch effect {
        case .runDoctor(let target):
            return [.doctorFinished(runDoctor(target: target, send: send))]
        case .loadPrevious:
            return [.previousLoaded(loadPrevious())]
        case .checkSecrets(let dir, let names):
            return [.secretsChecked(dir: dir, existing: Set(names.filter { secretExists(dir, $0) }))]
        case .checkFiles(let paths):
            var out: [String: String?] = [:]
            for p in paths { out[p] = Self.fileProblem(p) }
            return [.filesChecked(out)]
        case .prepare(let answers, let typed):
            return [.prepared(prepare(answers, typed: typed))]
        case .write:
            return [.written(write())]
        case .saveAnswers(let answers, let typed):
            summaryText = saveAnswers(answers, typedNotSaved: typed)
            return []
        case .quit:
            return []
        }
    }

    /// Saves `answers` after a failed write, as the operator quits, and returns the text
    /// printed once the terminal is restored: where they are and the command that writes
    /// the bundle from them. The file is new (never replacing one: `O_EXCL`), mode 0600,
    /// in the bundle directory when it is there, else in `$HOME`, else in the system
    /// temporary directory. Answers never hold a secret value; the typed secrets named in
    /// `typedNotSaved` are dropped, and the text says how to give them again.
    func saveAnswers(_ answers: Answers, typedNotSaved: [SecretName]) -> String {
        let text = AnswersCodec.encode(answers)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let name = "freshtrack-answers.unwritten-\(f.string(from: Date())).yaml"
        var places: [String] = []
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: absoluteDirectory, isDirectory: &isDir), isDir.boolValue {
            places.append(absoluteDirectory)
        }
        if let home = environment["HOME"], home.hasPrefix("/") { places.append(home) }
        places.append(NSTemporaryDirectory())
        var saved: String?
        var problems: [String] = []
        for dir in places {
            let path = (dir as NSString).appendingPathComponent(name)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { problems.append("\(path): \(String(cString: strerror(errno)))"); continue }
            let bytes = Array(text.utf8)
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            let ok = n == bytes.count && fsync(fd) == 0
            close(fd)
            if ok { saved = path; break }
            unlink(path)
            problems.append("\(path): could not be written in full")
        }
        var out = "The bundle was not written (the last write failed).\n"
        guard let saved else {
            out += "Your answers could not be saved (\(problems.joined(separator: "; "))). They are, without any secret value:\n\n\(text)\n"
            out += "Save them as freshtrack-answers.yaml and run: freshtrack-deploy apply --answers freshtrack-answers.yaml --dir \(BundleWriter.shellQuote(absoluteDirectory))\n"
            return out
        }
        out += "Your answers are saved in \(saved) (mode 0600, no secret value in it).\n"
        if !typedNotSaved.isEmpty {
            out += "Typed secret values are never saved: \(typedNotSaved.map(\.rawValue).joined(separator: ", ")) must be given again (type them in the wizard, or add a file: or env: source to that file).\n"
        }
        out += "Once the cause is fixed, either write the bundle from them:\n"
        out += "  freshtrack-deploy apply --answers \(BundleWriter.shellQuote(saved)) --dir \(BundleWriter.shellQuote(absoluteDirectory))\n"
        out += "or walk the wizard again with them pre-filled:\n"
        out += "  mkdir -p \(BundleWriter.shellQuote(absoluteDirectory)) && cp -i \(BundleWriter.shellQuote(saved)) \(BundleWriter.shellQuote((absoluteDirectory as NSString).appendingPathComponent(Wizard.answersFileName))) && freshtrack-deploy wizard --dir \(BundleWriter.shellQuote(absoluteDirectory))\n"
        return out
    }

    /// Why `path` cannot be read as a secret source file, or `nil` when it can.
    static func fileProblem(_ path: String) -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return "no such file: \(path)" }
        if isDir.boolValue { return "is a directory, not a file: \(path)" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "cannot be read (permissions): \(path)" }
        return nil
    }

    /// `doctor` exactly as `freshtrack-deploy doctor --dir DIR [--target T]` runs it, as plain data.
    func runDoctor(target: Target?, send: (Msg) -> Void) -> DoctorOutcome {
        let report = DoctorRun.report(directory: absoluteDirectory, target: target, timeout: 5,
                                          dockerHost: environment["DOCKER_HOST"]) { send(.doctorProgress($0)) }
        return DoctorOutcome(target: report.target.rawValue, lines: report.results.map {
            DoctorLine(status: $0.status.rawValue, title: $0.title, reason: $0.reason, fix: $0.fix)
        })
    }

    func loadPrevious() -> Result<PreviousRun?, WizardFailure> {
        let path = (absoluteDirectory as NSString).appendingPathComponent(Wizard.answersFileName)
        guard FileManager.default.fileExists(atPath: path) else { return .success(nil) }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let answers = try AnswersCodec.decode(text, secretExists: secretExists)
            var saved = "at an unknown time"
            if let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "UTC")
                f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
                saved = f.string(from: date)
            }
            return .success(PreviousRun(answers: answers, path: path, savedAt: saved))
        } catch {
            return .failure(.previousAnswers(file: Wizard.answersFileName, reason: "\(error)"))
        }
    }

    /// Prepares through `BundleWriter.prepare`, exactly as `apply` does, and compares the
    /// plan with the disk (`BundleWriter.status`) for the review's actions and diffs.
    func prepare(_ requested: Answers, typed: [SecretName: SecretValue]) -> Result<ReviewData, WizardFailure> {
        if let problem = directoryProblem() { return .failure(problem) }
        do {
            previousBundle = TargetSwitch.detectPrevious(directory: absoluteDirectory)
            let (answers, dropped) = droppingUnresolvableUnusedSources(requested)
            let p = try makePrepared(answers, typed: typed)
            lastRequest = (answers, typed)
            prepared = p
            var plan = p.plan
            var current: [String: [UInt8]] = [:]
            let statuses = try BundleWriter.status(p)
            for i in plan.files.indices {
                guard let st = statuses.first(where: { $0.path == plan.files[i].path }) else { continue }
                plan.files[i].action = st.action
                if st.action == .update, !st.kind.isSecret, let old = st.oldContents { current[st.path] = old }
            }
            var notes = p.notices
            notes += dropped
            if BundleWriter.hasInterruptedRun(directory: absoluteDirectory) {
                notes.append("An interrupted earlier run is finished or rolled back first, then this plan is made again.")
            }
            var data = ReviewData(plan: plan, currentContents: current, notes: notes)
            data.ownersNeedChown = geteuid() != 0
            Self.describeSwitch(&data, prepared: p, statuses: statuses, previous: previousBundle)
            return .success(data)
        } catch {
            return .failure(.bundle(reason: "\(error)"))
        }
    }

    /// What `apply --dry-run` says about the bundle already in the directory, for the review:
    /// the secrets kept from an earlier target, the old target's files left in place and,
    /// when this write switches target or environment, the switch headline and the steps
    /// that follow it, from the same `TargetSwitch`/`ApplySummary` functions `apply` uses.
    static func describeSwitch(_ data: inout ReviewData, prepared p: PreparedBundle, statuses: [FileStatus],
                               previous: PreviousBundle?) {
        data.unusedSecretFiles = TargetSwitch.unusedSecretFiles(directory: p.directory, plan: p.plan)
        data.staleFiles = TargetSwitch.staleFiles(directory: p.directory, plan: p.plan)
        guard let previous, TargetSwitch.isSwitch(from: previous, to: p.answers) else { return }
        data.switchHeadline = ApplySummary.switchHeadline(previous, p.plan, p.answers)
        // As `apply --dry-run` (the wizard never prunes).
        let now = DryRunReport.previousFilesAfterApply(statuses: statuses, movedAside: [])
        data.switchSteps = TargetSwitch.advice(from: previous, to: p.answers, secretsDir: p.answers.secrets.dir,
                                               oldFilesNow: now)
    }

    /// `answers` without the sources of secrets its target does not use (kept from
    /// another target) that cannot be resolved now (a file that cannot be read, an unset
    /// variable): `apply` resolves every source, so one of them would block the write
    /// with a field the current target's screens do not show. Returns a note per source
    /// dropped (never a value).
    func droppingUnresolvableUnusedSources(_ answers: Answers) -> (Answers, [String]) {
        var a = answers
        var notes: [String] = []
        let used = Set(SecretName.required(target: a.resolvedTarget, environment: a.environment,
                                           optionalProvided: [.elasticacheAuthToken]))
        for (name, source) in a.secrets.sources.sorted(by: { $0.key < $1.key }) where !used.contains(name) {
            switch source {
            case .file(let path):
                let full = BundleWriter.resolve(path, in: absoluteDirectory)
                if let problem = Self.fileProblem(full) {
                    a.secrets.sources[name] = nil
                    notes.append("Not kept in the answers: \(name.rawValue) (unused by \(a.resolvedTarget.rawValue)) from file:\(path), which \(problem.hasPrefix("no such") ? "does not exist" : "cannot be read") now.")
                }
            case .env(let variable):
                if environment[variable] == nil {
                    a.secrets.sources[name] = nil
                    notes.append("Not kept in the answers: \(name.rawValue) (unused by \(a.resolvedTarget.rawValue)) from env:\(variable), which is not set now.")
                }
            default: break
            }
        }
        return (a, notes)
    }

    /// `BundleWriter.prepare` for `answers`. Typed secrets reach the writer as `env:` sources
    /// over a private environment (never the process's), and the answers file in the plan is
    /// the one without them: typed values never reach the answers file, and once written the
    /// secret file exists, so `apply --answers` keeps it.
    func makePrepared(_ answers: Answers, typed: [SecretName: SecretValue]) throws -> PreparedBundle {
        var forWriter = answers
        var env = environment
        for (name, value) in typed {
            let variable = "FRESHTRACK_WIZARD_TYPED_\(name.rawValue.uppercased())"
            forWriter.secrets.sources[name] = .env(variable)
            env[variable] = String(decoding: value.bytes, as: UTF8.self)
        }
        var p = try BundleWriter.prepare(answers: forWriter, directory: absoluteDirectory, environment: env)
        if !typed.isEmpty {
            p.answers = answers
            let canonical = Array(AnswersCodec.encode(answers).utf8)
            for i in p.plan.files.indices where p.plan.files[i].kind == .answers {
                p.plan.files[i].contents = canonical
            }
        }
        return p
    }

    func write() -> Result<WriteSummary, WizardFailure> {
        guard var p = prepared, let request = lastRequest else { return .failure(.nothingPrepared) }
        if let problem = directoryProblem() { return .failure(problem) }
        guard p.directory == absoluteDirectory else {
            return .failure(.preparedForAnotherDirectory(prepared: p.directory, current: absoluteDirectory))
        }
        do {
            // As `apply`: finish or roll back an interrupted run first, then plan against the
            // bundle as it now is.
            if try BundleWriter.recoverInterruptedRun(directory: absoluteDirectory) != nil {
                p = try makePrepared(request.answers, typed: request.typed)
            }
            let r = try BundleWriter.write(p)
            summaryText = ApplySummary.text(prepared: p, report: r, previous: previousBundle, pruneRequested: false)
            var notes: [String] = []
            if let previous = previousBundle, TargetSwitch.isSwitch(from: previous, to: p.answers) {
                notes.append("\(ApplySummary.switchHeadline(previous, p.plan, p.answers)); every existing secret was kept.")
                notes += TargetSwitch.advice(from: previous, to: p.answers, secretsDir: p.answers.secrets.dir,
                                             oldFilesNow: ApplySummary.previousFilesNow(r, previous: previous))
            }
            var s = WriteSummary(written: r.written, unchanged: r.unchanged, kept: r.kept, backups: r.backups,
                                 chownCommands: r.chownCommands, directory: p.directory, nextCommand: p.plan.nextCommand)
            s.notes = notes
            summary = s
            return .success(s)
        } catch {
            return .failure(.bundle(reason: "\(error)"))
        }
    }
}

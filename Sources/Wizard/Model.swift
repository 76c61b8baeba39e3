import DeployKit
import TerminalUI

/// The wizard's steps, in journey order. `Esc` pops back along the path actually taken.
public enum Step: Int, CaseIterable, Sendable, Hashable {
    case welcome = 1, environment, needs, recommendation, costs, details, secrets, review, write

    /// Title shown in the top bar.
    public var title: String {
        switch self {
        case .welcome: return "Welcome"
        case .environment: return "Environment"
        case .needs: return "Your needs"
        case .recommendation: return "Recommendation"
        case .costs: return "Cost comparison"
        case .details: return "Target details"
        case .secrets: return "Secrets"
        case .review: return "Review"
        case .write: return "Write"
        }
    }
}

/// The answers found in `--dir` from a previous run.
public struct PreviousRun: Sendable, Hashable {
    /// The decoded answers.
    public var answers: Answers
    /// Path of the answers file, for the welcome screen.
    public var path: String
    /// When it was last saved, already formatted by the edge (e.g. `2026-11-29 09:41 UTC`).
    public var savedAt: String

    /// A previous run; see the properties.
    public init(answers: Answers, path: String, savedAt: String) {
        self.answers = answers
        self.path = path
        self.savedAt = savedAt
    }
}

/// A failure reported by the edge (reading, preparing or writing). `message` is the one
/// message the screen shows, naming the file or field; it never contains a secret value
/// (the engine's errors never do).
public enum WizardFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bundle directory existed when the wizard started and is gone now (deleted or
    /// moved); nothing was written.
    case directoryGone(String)
    /// The bundle directory's path is no longer a directory; nothing was written.
    case notADirectory(String)
    /// The previous run's answers file `file` could not be read or decoded; `reason` says
    /// why (every problem, with its YAML path and line).
    case previousAnswers(file: String, reason: String)
    /// Preparing or writing the bundle failed; `reason` is the writer's or the planner's
    /// message, as `apply` prints it.
    case bundle(reason: String)
    /// A write was asked for before any plan was prepared.
    case nothingPrepared
    /// The prepared plan is for the directory `prepared`, not the wizard's `current` one.
    case preparedForAnotherDirectory(prepared: String, current: String)

    /// What the screen shows.
    public var message: String {
        switch self {
        case .directoryGone(let directory):
            return """
            The bundle directory \(directory) no longer exists (deleted or moved since the wizard \
            started); nothing was written. Recreate it, or quit and start the wizard again with --dir.
            """
        case .notADirectory(let directory):
            return "The bundle directory \(directory) is no longer a directory; nothing was written."
        case .previousAnswers(let file, let reason): return "\(file): \(reason)"
        case .bundle(let reason): return reason
        case .nothingPrepared: return "nothing prepared"
        case .preparedForAnotherDirectory(let prepared, let current):
            return "The prepared bundle is for \(prepared), not \(current); nothing was written."
        }
    }

    /// The message.
    public var description: String { message }
}

/// What the review screen shows: the plan and, for files that will be updated, what is on
/// disk now (non-secret files only), so a diff can be drawn.
public struct ReviewData: Sendable, Hashable {
    /// The plan `BundleWriter.prepare` made.
    public var plan: Plan
    /// Path (as in `PlannedFile.path`) -> current bytes, for non-secret files being updated.
    public var currentContents: [String: [UInt8]]
    /// What the writer wants the operator to know before writing (e.g. a kept secret whose
    /// source now differs, an interrupted run to finish first); never a secret value.
    public var notes: [String]
    /// True when the wizard does not run as root: files are written as the operator, and
    /// the owners shown are what `chown` must still set (the write step lists the commands).
    public var ownersNeedChown = false
    /// When writing switches the bundle's target or environment (as `apply --dry-run` says,
    /// from `TargetSwitch.isSwitch`): `Target switch: digitalocean/production -> aws/production`.
    public var switchHeadline: String?
    /// Secret files on disk this plan does not use (kept from an earlier target; never
    /// deleted), relative paths, from `TargetSwitch.unusedSecretFiles` as `apply --dry-run`.
    public var unusedSecretFiles: [String] = []
    /// Files of an earlier plan this one no longer uses, left in place (the wizard never
    /// prunes), from `TargetSwitch.staleFiles` as `apply --dry-run`.
    public var staleFiles: [String] = []
    /// For a switch, the steps that follow the write (`TargetSwitch.advice`: stopping the old
    /// services, the data migration, DNS), as `apply --dry-run` prints them.
    public var switchSteps: [String] = []

    /// Review data for `plan`.
    public init(plan: Plan, currentContents: [String: [UInt8]] = [:], notes: [String] = []) {
        self.plan = plan
        self.currentContents = currentContents
        self.notes = notes
    }
}

/// What the write step reports (mirrors `BundleWriter.ApplyReport`; the Wizard module does
/// not depend on the writer).
public struct WriteSummary: Sendable, Hashable {
    /// Paths created or updated.
    public var written: [String]
    /// Paths already byte-identical.
    public var unchanged: [String]
    /// Existing secret files left as they were.
    public var kept: [String]
    /// Backup copies made before updates.
    public var backups: [String]
    /// `chown` commands the operator must still run (not root).
    public var chownCommands: [String]
    /// Absolute bundle directory.
    public var directory: String
    /// The exact command to run next, from the bundle directory.
    public var nextCommand: String
    /// Further lines for the operator (target-switch advice, pruned files); never a secret.
    public var notes: [String] = []

    /// A summary; see the properties.
    public init(written: [String], unchanged: [String], kept: [String], backups: [String],
                chownCommands: [String], directory: String, nextCommand: String) {
        self.written = written
        self.unchanged = unchanged
        self.kept = kept
        self.backups = backups
        self.chownCommands = chownCommands
        self.directory = directory
        self.nextCommand = nextCommand
    }
}

/// Side effects the wizard asks the edge to perform. They are values so `update` stays
/// pure and tests can assert them; the edge answers with a `Msg`.
public enum Effect: Sendable, Hashable {
    /// Read `freshtrack-answers.yaml` in the bundle directory; answer `.previousLoaded`.
    case loadPrevious
    /// Check which of `names` already have a file in secrets directory `dir` (as typed:
    /// relative to the bundle directory or absolute); answer `.secretsChecked`.
    case checkSecrets(dir: String, names: [SecretName])
    /// Check that each absolute path in `paths` is a readable regular file (a `file:`
    /// secret source); answer `.filesChecked`.
    case checkFiles([String])
    /// Run `BundleWriter.prepare` for `answers` with the typed secret values; answer `.prepared`.
    case prepare(Answers, typedSecrets: [SecretName: SecretValue])
    /// Write the last prepared bundle; answer `.written`.
    case write
    /// Run `doctor` (HostProbe's `Doctor.run`) for the bundle directory and `target` (`nil`:
    /// the target of `freshtrack-answers.yaml` there, else selfhosted); answer with
    /// `.doctorProgress` while it runs, then `.doctorFinished`.
    case runDoctor(target: Target?)
    /// Keep the answers after a failed write, as the operator quits: the edge saves them
    /// (never a secret value: typed values are not in `Answers`) to a new file with mode
    /// 0600 (in the bundle directory, else the home directory) and prints, after leaving,
    /// where they are and how to write the bundle from them, naming `typedNotSaved` (the
    /// secrets whose typed values are dropped and must be given again). Answers nothing.
    case saveAnswers(Answers, typedNotSaved: [SecretName])
    /// Restore the terminal and exit with `status`.
    case quit(status: Int32)
}

/// One `doctor` check's outcome as plain data (the Wizard module does not depend on
/// HostProbe; the edge converts `DoctorResult`s).
public struct DoctorLine: Sendable, Hashable {
    /// `pass`, `warn`, `fail` or `skip` (HostProbe's `DoctorStatus` raw values).
    public var status: String
    /// What was checked, e.g. `Docker engine reachable`.
    public var title: String
    /// What was found, in one line.
    public var reason: String
    /// What to do; `nil` when nothing needs doing.
    public var fix: String?

    /// A line; see the properties.
    public init(status: String, title: String, reason: String, fix: String? = nil) {
        self.status = status
        self.title = title
        self.reason = reason
        self.fix = fix
    }
}

/// A finished `doctor` run: the target it checked and every check's outcome, in order.
public struct DoctorOutcome: Sendable, Hashable {
    /// The target checked (raw value, e.g. `selfhosted`).
    public var target: String
    /// One line per check, in the order `doctor` prints them.
    public var lines: [DoctorLine]

    /// An outcome; see the properties.
    public init(target: String, lines: [DoctorLine]) {
        self.target = target
        self.lines = lines
    }
}

/// Everything that can happen to the wizard.
public enum Msg: Sendable, Hashable {
    /// Terminal input: keys, paste, resize, signals.
    case event(Event)
    /// The previous run's answers (`nil`: none there), or why they could not be read.
    case previousLoaded(Result<PreviousRun?, WizardFailure>)
    /// Which secrets already exist in `dir`.
    case secretsChecked(dir: String, existing: Set<SecretName>)
    /// Absolute path -> why it cannot be read (`nil`: a readable file), for `.checkFiles`.
    case filesChecked([String: String?])
    case prepared(Result<ReviewData, WizardFailure>)
    case written(Result<WriteSummary, WizardFailure>)
    /// `doctor` started the named check (e.g. `ports`).
    case doctorProgress(String)
    /// `doctor` finished.
    case doctorFinished(DoctorOutcome)
}

/// A window drawn over the current screen.
public enum Overlay: Sendable, Hashable {
    case help
    /// "Quit without writing?"; `status` is the exit status if confirmed.
    case confirmQuit(status: Int32)
    /// A scrollable diff of one planned file.
    case diff(title: String, view: ScrollView)
    /// Work in progress (e.g. `doctor`): a title and the step being done; keys wait.
    case progress(title: String, step: String)
}

/// What `check` (`ComposeChecker.check(plan:)`) says about the plan on the review screen.
public enum ReviewCheck: Sendable, Hashable {
    case report(CheckReport)
    /// The plan could not be checked (e.g. a compose file that is not YAML); the reason.
    case failed(String)
}

/// Progress of the review step.
public enum ReviewPhase: Sendable, Hashable {
    case preparing
    case ready(ReviewData)
    case failed(String)
}

/// Progress of the write step.
public enum WritePhase: Sendable, Hashable {
    case writing
    case done(WriteSummary)
    case failed(String)
}

/// The whole state of the wizard. Changed only by `Wizard.update`.
public struct WizardState: Sendable, Hashable {
    /// The bundle directory as the operator gave it (for display).
    public var directory: String
    /// The screen shown.
    public var step: Step = .welcome
    /// Steps to return to with `Esc`, most recent last.
    public var history: [Step] = []
    /// A window over the screen (help, quit, diff), if open.
    public var overlay: Overlay?
    /// Last known terminal size (for page-wise scrolling; the view gets the size itself).
    public var size: Size

    /// The previous run's answers, when found and valid.
    public var previous: PreviousRun?
    /// Why the previous answers could not be used (shown on the welcome screen).
    public var previousProblem: String?
    /// Welcome choices (edit / switch target / start over with previous answers).
    public var welcomeMenu = Menu(items: ["Start"])
    /// production / staging / dev.
    public var environmentMenu = Menu(items: DeployEnvironment.allCases.map(\.rawValue))
    /// The needs fields.
    public var needs: Form
    /// Targets in ranking order (raw values).
    public var recommendationMenu = Menu(items: [])
    /// The recommender's pick for the current needs (kept to tell accept from override).
    public var recommended: Target?
    /// Set when the operator chose a target on the recommendation screen.
    public var chosenTarget: Target?
    /// The cost view's what-if users figure.
    public var costUsers: Int = 0
    /// First cost item row shown when they do not all fit (Up/Down scroll).
    public var costScroll: Int = 0
    /// The chosen target's endpoint fields.
    public var details: Form
    /// Every details field seen in this session or pre-filled from previous answers, by
    /// id, as last left: other targets' fields live here while another target is chosen,
    /// so switching target loses nothing and complete sections are kept in the answers.
    public var detailsStash: [String: FormField] = [:]
    /// Secrets-screen fields of secrets the current target does not show (e.g. the
    /// DigitalOcean ones while AWS is chosen), by id, as last left.
    public var secretsStash: [String: FormField] = [:]
    /// Secrets directory and per-secret sources.
    public var secrets: Form
    /// Secrets whose value was typed ("type it") for a target the operator then switched
    /// away from: typed values are not kept across a switch, so the review names them
    /// (never their values). Cleared for a secret once the target shows it again.
    public var droppedTypedSecrets: Set<SecretName> = []
    /// Secrets found on disk for `secretsCheckedDir`.
    public var existingSecrets: Set<SecretName> = []
    /// The secrets directory `existingSecrets` was checked for.
    public var secretsCheckedDir: String?
    /// Progress of the review step.
    public var review: ReviewPhase = .preparing
    /// Planned files plus the final "write" item.
    public var reviewMenu = Menu(items: [])
    /// `check`'s findings for the plan under review; `nil` until the plan arrives.
    public var reviewCheck: ReviewCheck?
    /// Progress of the write step.
    public var writePhase: WritePhase = .writing
    /// One line shown above the status line (a hint or why Enter did nothing).
    public var notice: String?
    /// True once the operator changed anything, until the bundle is written.
    public var dirty = false
    /// Secret sources carried over from previous answers for secrets shown as kept.
    public var carriedSources: [SecretName: SecretSource] = [:]
    /// Absolute path -> why it cannot be read as a secret source file (`nil`: readable),
    /// as last checked by the edge.
    public var fileProblems: [String: String?] = [:]
    /// Secrets directory to start the secrets screen with.
    public var previousSecretsDir = AnswersSchema.defaultSecretsDir
    /// On small windows the recommendation screen shows either the reasons or the matrix.
    public var recommendationShowsMatrix = false
    /// Problems `AnswersCodec.decode` found across fields at the last Enter on the details
    /// screen, by field id (YAML path).
    public var crossFieldIssues: [String: String] = [:]

    /// The welcome screen with default answers.
    public init(directory: String, size: Size) {
        self.directory = directory
        self.size = size
        self.needs = NeedsScreen.form(from: nil)
        self.details = DetailsScreen.form(for: .selfhosted, from: nil)
        self.secrets = Form(fields: [])
    }

    /// The environment chosen on the environment screen.
    public var environment: DeployEnvironment {
        DeployEnvironment.allCases[environmentMenu.selected]
    }

    /// The target the details and secrets are for.
    public var target: Target { chosenTarget ?? recommended ?? .selfhosted }
}

import BundleWriter
import DeployKit

/// The text `rotate` prints.
public enum RotateSummary {
    /// After a rotation: each copy replaced (or created), each backup of the old value, a
    /// warning when `weakWarning` is set (the planner's strength rule for a `--from` value),
    /// the `chown` commands when not root, then the steps: for a secret of this bundle, the
    /// services that read it and `RotationAdvice.steps`; for one only kept from an earlier
    /// target (`keptOnly`), `RotationAdvice.keptSteps`. `directory` is the absolute bundle
    /// directory.
    public static func text(secret: SecretName, directory: String, report: RotationReport, answers: Answers,
                            weakWarning: String?, keptOnly: Bool) -> String {
        var out = "Rotated \(secret.rawValue) (\(secret.summary)) in \(directory):\n"
        for p in report.replaced { out += "  \(report.created.contains(p) ? "created " : "replaced")  \(p) (0600)\n" }
        for b in report.backups { out += "  old value \(b) (0600)\n" }
        if let weakWarning { out += "Warning: \(weakWarning) Run rotate without --from to generate one.\n" }
        if !report.chownCommands.isEmpty {
            out += "Not running as root; run as root:\n"
            for c in report.chownCommands { out += "  \(c)\n" }
        }
        // The main copy `<name>.txt` (root reads every copy) and its backup, for the steps.
        let main = report.replaced.first { $0.hasSuffix("/\(secret.rawValue).txt") || $0 == "\(secret.rawValue).txt" }
        let file = main ?? report.replaced.first ?? "\(answers.secrets.dir)/\(secret.rawValue).txt"
        let oldBackup = report.backups.first { $0.hasPrefix(file + ".bak.") } ?? report.backups.first
        if keptOnly {
            return out + "\n" + RotationAdvice.keptSteps(secret, file: file, answers: answers).joined(separator: "\n") + "\n"
        }
        out += "\nServices that read it: \(RotationAdvice.services(for: secret).joined(separator: ", ")). Next, from \(BundleWriter.shellQuote(directory)):\n"
        for line in RotationAdvice.steps(for: secret, secretFile: file, oldBackup: oldBackup, answers: answers) {
            out += line + "\n"
        }
        return out
    }

    /// Why the `--from` source of a new value could not be read, in the words `rotate`
    /// prints after `--from SOURCE: ` (never the value).
    public static func sourceFailure(_ error: BundleError) -> String {
        switch error {
        case .secretSourceUnreadable(_, _, let why): return "cannot read it: \(why)"
        case .secretSourceUnset: return "the variable is not set in the environment"
        case .secretSourceEmpty: return "it is empty; a secret needs a value"
        default: return error.description
        }
    }
}

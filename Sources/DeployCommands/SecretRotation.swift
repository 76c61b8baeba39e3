import BundleWriter
import DeployKit

/// Why `rotate` refuses before writing anything. `description` is the message printed
/// after `error: `; none holds a secret's value.
public enum RotateRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The secret is not one of this bundle's target and has no file kept from an earlier one.
    case notInBundle(SecretName, answers: Answers)
    /// The secret's file is only kept from an earlier target (`file`): only `--from` may
    /// replace it, since this bundle's services do not use it.
    case keptNeedsFrom(SecretName, file: String, answers: Answers)
    /// The provider issues this secret: it cannot be generated, so `--from` is needed.
    case providerFirst(SecretName, answers: Answers)
    /// `--from` (as typed) could not be read: the variable is unset, the file unreadable or
    /// the value empty.
    case sourceUnusable(from: String, BundleError)
    /// `--from`'s value breaks the planner's rules for this secret; every later apply and
    /// rotate would refuse it.
    case valueRefused(from: String, PlanError)

    public var description: String {
        switch self {
        case .notInBundle(let secret, let answers): return RotationAdvice.notInBundle(secret, answers: answers)
        case .keptNeedsFrom(let secret, let file, let answers):
            return RotationAdvice.keptNeedsFrom(secret, file: file, answers: answers)
        case .providerFirst(let secret, let answers): return RotationAdvice.providerFirst(for: secret, answers: answers)
        case .sourceUnusable(let from, let error):
            return "--from \(from): \(RotateSummary.sourceFailure(error)); nothing was written"
        case .valueRefused(let from, let error): return "--from \(from): \(error.description); nothing was written"
        }
    }
}

/// Choosing `rotate`'s new value, before anything is written.
public enum SecretRotation {
    /// The source `--from` names: `file:PATH` or `env:NAME` with a non-empty rest; nil for
    /// any other text.
    public static func source(fromArgument text: String) -> SecretSource? {
        if text.hasPrefix("file:"), text.count > 5 { return .file(String(text.dropFirst(5))) }
        if text.hasPrefix("env:"), text.count > 4 { return .env(String(text.dropFirst(4))) }
        return nil
    }

    /// The new value of `secret` for the bundle in `directory` (absolute) whose answers are
    /// `answers`: read from `from` (`--from` as typed, already checked by
    /// `source(fromArgument:)`) through `environment`, else generated; and whether the
    /// secret is only kept from an earlier target (`keptOnly`, which changes the steps
    /// `RotateSummary` prints).
    /// - Throws: `RotateRefusal` when the secret is not this bundle's, needs `--from`, or
    ///   the `--from` value cannot be read or breaks the planner's rules.
    public static func newValue(for secret: SecretName, from: String?, answers: Answers, directory: String,
                                environment: [String: String],
                                generator: any SecretGenerator = SystemSecretGenerator())
        throws(RotateRefusal) -> (value: SecretValue, keptOnly: Bool) {
        // A secret this bundle's target does not have: refused, unless its file is kept from
        // an earlier target (after a switch), which only --from may replace.
        let keptOnly = !RotationAdvice.bundleSecrets(answers).contains(secret)
        if keptOnly {
            guard BundleWriter.secretExists(bundleDirectory: directory)(answers.secrets.dir, secret) else {
                throw .notInBundle(secret, answers: answers)
            }
            if from == nil {
                let dir = answers.secrets.dir.hasSuffix("/") ? answers.secrets.dir : answers.secrets.dir + "/"
                throw .keptNeedsFrom(secret, file: dir + "\(secret.rawValue).txt", answers: answers)
            }
        }
        guard let from, let source = source(fromArgument: from) else {
            guard secret.canGenerate else { throw .providerFirst(secret, answers: answers) }
            return (generator.generate(for: secret), keptOnly)
        }
        let value: SecretValue
        do {
            value = try BundleWriter.readSecretSource(source, for: secret, environment: environment)!
        } catch let error as BundleError {
            throw .sourceUnusable(from: from, error)
        } catch {
            throw .sourceUnusable(from: from, .io(path: from, operation: "read", reason: "\(error)"))
        }
        do { try Planner.checkSecretValue(secret, value) } catch { throw .valueRefused(from: from, error) }
        return (value, keptOnly)
    }
}

import BundleWriter
import DeployKit
import Foundation
import Testing
import TestSupport
@testable import DeployCommands

/// Makes each secret's value from its name, so a test knows every value and can look for it.
struct NamedSecretGenerator: SecretGenerator {
    func generate(for name: SecretName) -> SecretValue { SecretValue("generated0\(name.rawValue.replacingOccurrences(of: "_", with: "0"))") }
}

/// The selfhosted example answers (assets/examples/selfhosted.yaml), read as `apply` reads them.
func selfhostedAnswers() throws -> Answers {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("assets/examples/selfhosted.yaml"), encoding: .utf8)
    return try AnswersCodec.decode(text, secretExists: { _, _ in false })
}

/// The apply, dry-run and rotate reports rendered from real plans of the selfhosted example,
/// prepared and written by `BundleWriter` in a temporary directory (no binary is run).
@Suite struct ReportTextTests {
    func prepare(_ dir: String) throws -> PreparedBundle {
        try BundleWriter.prepare(answers: try selfhostedAnswers(), directory: dir, environment: [:],
                                 generator: NamedSecretGenerator())
    }

    /// The values `NamedSecretGenerator` gives every secret of `prepared`'s plan.
    func secretValues(_ prepared: PreparedBundle) -> [String] {
        SecretName.allCases.map { String(decoding: NamedSecretGenerator().generate(for: $0).bytes, as: UTF8.self) }
    }

    @Test func dryRunOfAFreshDirectoryPlansEveryFileAsCreateAndDiffsOnlyTheNonSecretOnes() throws {
        let work = TempDirectory.make("freshtrack-report")
        defer { TempDirectory.remove(work) }
        let prepared = try prepare(work + "/bundle")
        let statuses = try BundleWriter.status(prepared)
        let text = DryRunReport.text(prepared: prepared, statuses: statuses, previous: nil)
        let lines = text.components(separatedBy: "\n")
        #expect(lines.first == "Dry run: nothing is written.")
        #expect(lines.dropFirst().first == "Plan for \(prepared.directory): target selfhosted (Self-hosted VM), environment production")
        #expect(text.contains("\n\(statuses.count) to create, 0 to update, 0 unchanged, 0 secrets kept.\n"), "\(text)")
        let secrets = statuses.filter(\.kind.isSecret)
        #expect(!secrets.isEmpty)
        for s in statuses {
            let row = lines.first { $0.hasPrefix("  create") && $0.contains(" \(s.path)") }
            #expect(row != nil, "no create row for \(s.path)")
            #expect(row?.hasSuffix("(secret, never shown)") == s.kind.isSecret, "\(row ?? "")")
            #expect(text.contains("+++ b/\(s.path)\n") == !s.kind.isSecret, "diff of \(s.path)")
        }
        for value in secretValues(prepared) { #expect(!text.contains(value)) }
    }

    @Test func applySummarySaysCreatedOnTheFirstWriteAndNothingToWriteOnTheSecond() throws {
        let work = TempDirectory.make("freshtrack-report")
        defer { TempDirectory.remove(work) }
        let first = try prepare(work + "/bundle")
        let report = try BundleWriter.write(first)
        let text = ApplySummary.text(prepared: first, report: report, previous: nil, pruneRequested: false)
        #expect(text.hasPrefix("Bundle \(first.directory): target selfhosted (Self-hosted VM), environment production\n"))
        #expect(text.contains("Wrote \(report.written.count) files:\n"), "\(text)")
        for path in report.written { #expect(text.contains("\n  created  \(path)\n"), "\(path)") }
        #expect(text.hasSuffix("\nNext: cd \(BundleWriter.shellQuote(first.directory)) && \(first.plan.nextCommand)\n"))
        for value in secretValues(first) { #expect(!text.contains(value)) }

        let second = try prepare(work + "/bundle")
        let again = try BundleWriter.write(second)
        let secretCount = second.plan.files.filter(\.kind.isSecret).count
        let unchanged = second.plan.files.count - secretCount
        let text2 = ApplySummary.text(prepared: second, report: again, previous: nil, pruneRequested: false)
        #expect(text2.contains("\nNothing to write: every file is already up to date (\(unchanged) unchanged, \(secretCount) secrets kept).\n"),
                "\(text2)")
        #expect(!text2.contains("Wrote "))
        let dry = DryRunReport.text(prepared: second, statuses: try BundleWriter.status(second), previous: nil)
        #expect(dry.contains("\n0 to create, 0 to update, \(unchanged) unchanged, \(secretCount) secrets kept.\n"), "\(dry)")
        #expect(!dry.contains("+++ "))
    }

    @Test func rotateSummaryNamesEachCopyItsBackupAndTheServicesThatReadIt() throws {
        let work = TempDirectory.make("freshtrack-report")
        defer { TempDirectory.remove(work) }
        _ = try BundleWriter.write(try prepare(work + "/bundle"))
        let prepared = try prepare(work + "/bundle")
        let newValue = "rotated0value0of0redis0password0x"
        let report = try BundleWriter.rotate(prepared, secret: .redisPassword, newValue: SecretValue(newValue))
        let text = RotateSummary.text(secret: .redisPassword, directory: prepared.directory, report: report,
                                      answers: prepared.answers, weakWarning: nil, keptOnly: false)
        #expect(text.hasPrefix("Rotated redis_password (\(SecretName.redisPassword.summary)) in \(prepared.directory):\n"))
        #expect(!report.replaced.isEmpty && report.backups.count == report.replaced.count)
        for p in report.replaced { #expect(text.contains("\n  replaced  \(p) (0600)\n"), "\(p)") }
        for b in report.backups { #expect(text.contains("\n  old value \(b) (0600)\n"), "\(b)") }
        #expect(text.contains("\nServices that read it: \(RotationAdvice.services(for: .redisPassword).joined(separator: ", ")). Next, from "))
        #expect(!text.contains("Warning:"))
        #expect(!text.contains(newValue))
        let weak = RotateSummary.text(secret: .redisPassword, directory: prepared.directory, report: report,
                                      answers: prepared.answers, weakWarning: "too short.", keptOnly: false)
        #expect(weak.contains("\nWarning: too short. Run rotate without --from to generate one.\n"))
    }

    @Test func rotateNamesWhyAFromSourceFailedWithoutRepeatingTheSecretsField() {
        #expect(RotateSummary.sourceFailure(.secretSourceUnset(secret: .redisPassword, source: "env:X"))
                == "the variable is not set in the environment")
        #expect(RotateSummary.sourceFailure(.secretSourceEmpty(secret: .redisPassword, source: "file:/a"))
                == "it is empty; a secret needs a value")
        #expect(RotateSummary.sourceFailure(.secretSourceUnreadable(secret: .redisPassword, source: "file:/a", reason: "no such file"))
                == "cannot read it: no such file")
    }
}

/// `CommandInputs`: the answers file and `--dir` checks `apply` and `rotate` run first.
@Suite struct CommandInputsTests {
    @Test func aDirUnderARegularFileNamesTheFileAndWhatDirMustBe() throws {
        let work = TempDirectory.make("freshtrack-inputs")
        defer { TempDirectory.remove(work) }
        FileManager.default.createFile(atPath: work + "/afile", contents: Data("x".utf8))
        #expect(CommandInputs.directoryPathProblem("afile", absolute: work + "/afile")
                == "--dir afile is a regular file; --dir must be a directory (or a path to create); nothing was written")
        #expect(CommandInputs.directoryPathProblem("afile/sub", absolute: work + "/afile/sub", mayCreate: false)
                == "--dir afile/sub: \(work)/afile is a regular file; --dir must be the bundle directory; nothing was written")
        #expect(CommandInputs.directoryPathProblem("new/sub", absolute: work + "/new/sub") == nil)
        #expect(CommandInputs.directoryPathProblem(".", absolute: work) == nil)
    }

    @Test func answersFileProblemsAreCasesNamingThePath() throws {
        let work = TempDirectory.make("freshtrack-inputs")
        defer { TempDirectory.remove(work) }
        #expect(throws: AnswersFileError.unreadable(path: work + "/none.yaml", reason: "no such file")) {
            try CommandInputs.answers(work + "/none.yaml", bundle: work)
        }
        #expect(throws: AnswersFileError.unreadable(path: work, reason: "it is a directory; give the answers YAML file")) {
            try CommandInputs.answers(work, bundle: work)
        }
        FileManager.default.createFile(atPath: work + "/bin.yaml", contents: Data([0xff, 0xfe, 0x00]))
        #expect(throws: AnswersFileError.notUTF8(path: work + "/bin.yaml")) {
            try CommandInputs.answers(work + "/bin.yaml", bundle: work)
        }
        FileManager.default.createFile(atPath: work + "/bad.yaml", contents: Data("version: 1\nenvironment: prod\n".utf8))
        do {
            _ = try CommandInputs.answers(work + "/bad.yaml", bundle: work)
            Issue.record("bad.yaml was accepted")
        } catch {
            guard case .invalid(let path, let issues) = error else { Issue.record("\(error)"); return }
            #expect(path == work + "/bad.yaml")
            #expect(issues.contains { $0.description.contains("environment") && $0.description.contains("prod") }, "\(issues)")
            #expect(error.description.hasPrefix("\(path) has \(issues.count) problem"))
        }
    }
}

/// `SecretRotation`: the new value `rotate` writes, or why it refuses, on a real bundle of
/// the selfhosted example written in a temporary directory.
@Suite struct SecretRotationTests {
    @Test func fromAcceptsFileAndEnvSourcesWithANameOnly() {
        #expect(SecretRotation.source(fromArgument: "file:/run/pw") == .file("/run/pw"))
        #expect(SecretRotation.source(fromArgument: "env:PG") == .env("PG"))
        for bad in ["file:", "env:", "generate", "/run/pw", "pw"] { #expect(SecretRotation.source(fromArgument: bad) == nil, "\(bad)") }
    }

    @Test func eachRefusalIsItsCaseAndANewValueIsGeneratedOrRead() throws {
        let work = TempDirectory.make("freshtrack-rotation")
        defer { TempDirectory.remove(work) }
        let answers = try selfhostedAnswers()
        let prepared = try BundleWriter.prepare(answers: answers, directory: work, environment: [:], generator: NamedSecretGenerator())
        _ = try BundleWriter.write(prepared)
        func newValue(_ secret: SecretName, from: String?, env: [String: String] = [:]) throws(RotateRefusal) -> (value: SecretValue, keptOnly: Bool) {
            try SecretRotation.newValue(for: secret, from: from, answers: answers, directory: prepared.directory,
                                        environment: env, generator: NamedSecretGenerator())
        }
        let generated = try newValue(.redisPassword, from: nil)
        #expect(generated.value == NamedSecretGenerator().generate(for: .redisPassword) && !generated.keptOnly)
        let read = try newValue(.redisPassword, from: "env:NEW", env: ["NEW": "a-new-redis-password-1"])
        #expect(read.value == SecretValue("a-new-redis-password-1"))
        #expect(throws: RotateRefusal.notInBundle(.rdsPassword, answers: answers)) { try newValue(.rdsPassword, from: nil) }
        #expect(throws: RotateRefusal.sourceUnusable(from: "env:UNSET", .secretSourceUnset(secret: .redisPassword, source: "env:UNSET"))) {
            try newValue(.redisPassword, from: "env:UNSET")
        }
        do {
            _ = try newValue(.redisPassword, from: "env:NEW", env: ["NEW": "has space"])
            Issue.record("a redis password with a space was accepted")
        } catch {
            guard case .valueRefused(from: "env:NEW", .secretValueRefused(.redisPassword, _)) = error else { Issue.record("\(error)"); return }
            #expect(error.description.hasPrefix("--from env:NEW: secret redis_password must be printable ASCII"))
            #expect(!error.description.contains("has space"))
        }
    }
}

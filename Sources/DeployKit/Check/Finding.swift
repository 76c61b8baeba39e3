import Foundation

/// How bad a finding is. Errors make `check` exit 1; warnings do not.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// The rules `check` applies (README, "`check`: lint any Compose bundle", lists each).
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable {
    case unpinnedImage = "unpinned-image"
    case noResourceLimits = "no-resource-limits"
    case inlineSecret = "inline-secret"
    case missingHealthcheck = "missing-healthcheck"
    case noLogRotation = "no-log-rotation"
    case publicInternalPort = "public-internal-port"
    case runsAsRoot = "runs-as-root"
    case dependsOnDisabled = "depends-on-disabled"
    case secretAndFileEnv = "secret-and-file-env"
    case secretFileMode = "secret-file-mode"
    /// A `secrets:` entry's `file:` that a running service mounts does not exist.
    case secretFileMissing = "secret-file-missing"
    case secretTrailingNewline = "secret-trailing-newline"
    /// Two copies of one secret (`<name>.txt`, `<name>.<user>.txt`) hold different values.
    case secretCopiesDiffer = "secret-copies-differ"
    case envQuoting = "env-quoting"
    case requiredVarUnset = "required-var-unset"
    /// A key, type or value Docker Compose's schema refuses (`docker compose config` fails):
    /// a misspelt top-level or service key, `ports: 3000`, ... (`assets/check/compose-schema.yaml`).
    case composeSchema = "compose-schema"
    /// A `restart:` policy the Docker Engine refuses when `docker compose up` creates the container.
    case restartPolicy = "restart-policy"
    /// The bundle directory can be written by others (error) or its group (warning): whoever
    /// can write there can replace the files root runs.
    case bundleDirWritable = "bundle-dir-writable"
}

/// One problem in a bundle. Never contains a secret's or `.env` value.
public struct Finding: Sendable, Hashable, Codable {
    public var rule: RuleID
    public var severity: Severity
    /// Where to look; `nil` only when the problem has no single place.
    public var location: ComposeLocation?
    /// The Compose service concerned, if any.
    public var service: String?
    /// One line: what is wrong and why it matters.
    public var message: String
    /// One line: what to change.
    public var fix: String

    public init(rule: RuleID, severity: Severity, location: ComposeLocation?, service: String?,
                message: String, fix: String) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.service = service
        self.message = message
        self.fix = fix
    }

    enum CodingKeys: String, CodingKey { case rule, severity, file, line, service, message, fix }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(RuleID.self, forKey: .rule)
        severity = try c.decode(Severity.self, forKey: .severity)
        if let f = try c.decodeIfPresent(String.self, forKey: .file) {
            location = ComposeLocation(file: f, line: try c.decodeIfPresent(Int.self, forKey: .line) ?? 1)
        }
        service = try c.decodeIfPresent(String.self, forKey: .service)
        message = try c.decode(String.self, forKey: .message)
        fix = try c.decode(String.self, forKey: .fix)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encodeIfPresent(location?.file, forKey: .file)
        try c.encodeIfPresent(location?.line, forKey: .line)
        try c.encodeIfPresent(service, forKey: .service)
        try c.encode(message, forKey: .message)
        try c.encode(fix, forKey: .fix)
    }
}

/// The result of checking one or more file combinations.
public struct CheckReport: Sendable, Hashable, Codable {
    /// Each combination checked, e.g. `[["docker-compose.yml", "compose.aws.yaml"]]`.
    public var inputs: [[String]]
    /// Findings, de-duplicated, sorted by file, line, rule.
    public var findings: [Finding]

    public init(inputs: [[String]], findings: [Finding]) {
        self.inputs = inputs
        var seen = Set<Finding>()
        self.findings = findings.filter { seen.insert($0).inserted }.sorted { a, b in
            let ka = (a.location?.file ?? "", a.location?.line ?? 0, a.rule.rawValue, a.service ?? "")
            let kb = (b.location?.file ?? "", b.location?.line ?? 0, b.rule.rawValue, b.service ?? "")
            return ka < kb
        }
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// `check`'s exit status: 0 without errors, 1 with errors.
    public var exitStatus: Int32 { errorCount > 0 ? 1 : 0 }

    /// Human-readable report: one block per finding, then a summary line.
    public func renderText() -> String {
        var out = ""
        for f in findings {
            let loc = f.location.map { "\($0.file):\($0.line)" } ?? "-"
            let svc = f.service.map { " service \($0):" } ?? ""
            out += "\(loc): \(f.severity.rawValue) [\(f.rule.rawValue)]\(svc) \(f.message)\n"
            out += "    fix: \(f.fix)\n"
        }
        let checked = inputs.map { $0.joined(separator: " + ") }.joined(separator: "; ")
        out += "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        out += " (checked: \(checked))\n"
        return out
    }

    /// Machine-readable report: `{"errors": n, "warnings": n, "inputs": [[...]], "findings": [...]}`
    /// with each finding's `rule severity file line service message fix`.
    public func renderJSON() -> String {
        struct Out: Encodable {
            var errors: Int
            var warnings: Int
            var inputs: [[String]]
            var findings: [Finding]
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? enc.encode(Out(errors: errorCount, warnings: warningCount, inputs: inputs, findings: findings))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The cross-field rules over whole answers, used by `AnswersCodec.decode` and by the
/// wizard as the operator types: the sections the resolved target requires, the ACME e-mail
/// when Caddy runs, and the secrets the provider issues. (Rules within one section, such as
/// the RDS endpoint's region or App Platform's registry, are that section's checks in
/// `AnswersTables`.) Pure.
public enum AnswersRules {
    /// Every field rule and every cross-field check over `answers`: what `decode` would
    /// report for the same values written out, without line numbers. Secrets are asked
    /// about through `secretExists`, as `decode` does.
    public static func validate(_ answers: Answers,
                                secretExists: (_ dir: String, _ name: SecretName) -> Bool) -> [AnswersIssue] {
        let own = AnswersTables.root.validate(answers, path: "", context: RuleContext())
        let refused = Set(own.map(\.issue.path))
        return (own + issues(answers, refused: refused, secretExists: secretExists)).map(\.issue)
    }

    /// The answers-level cross-field problems of `answers`, skipping every rule that reads
    /// a value in `refused` (full YAML paths of values already refused: a rule over a
    /// refused value would only repeat or guess).
    public static func issues(_ answers: Answers, refused: Set<String>,
                              secretExists: (_ dir: String, _ name: SecretName) -> Bool) -> [CheckIssue] {
        let valid: (String) -> Bool = { p in !refused.contains { $0 == p || $0.hasPrefix(p + ".") || $0.hasPrefix(p + "[") } }
        guard valid("target"), answers.target != .recommended || valid("needs") else { return [] }
        let target = answers.resolvedTarget
        let why = answers.target == .recommended
            ? "the recommended target for these needs is \(target.rawValue)" : "the target is \(target.rawValue)"
        var out = requiredSections(answers, target: target, why: why)
        guard valid("environment") else { return out }
        if acmeEmailRequired(target: target, environment: answers.environment), answers.app.acmeEmail == nil,
           !refused.contains("app"), !refused.contains("app.acme_email") {
            out.append(CheckIssue("app.acme_email",
                                  "is required because \(why) and Caddy obtains the TLS certificate from Let's Encrypt: give a contact address, e.g. ops@freshtrack.io"))
        }
        if !refused.contains("secrets"), !refused.contains("secrets.sources"), valid("secrets.dir") {
            out += requiredSecrets(answers, target: target, why: why, refused: refused, secretExists: secretExists)
        }
        return out
    }

    /// Whether `app.acme_email` must be given: the target runs Caddy (selfhosted and
    /// digitalocean; AWS sits behind an ALB) and the environment is not dev (no Caddy).
    public static func acmeEmailRequired(target: Target, environment: DeployEnvironment) -> Bool {
        environment != .dev && target != .aws
    }

    /// The region named in an RDS endpoint (`NAME.ID.REGION.rds.amazonaws.com`) when it is
    /// a known AWS region, else `nil`.
    public static func rdsRegion(_ endpoint: String) -> String? {
        let labels = endpoint.split(separator: ".").map(String.init)
        guard labels.count >= 5, labels.suffix(3) == ["rds", "amazonaws", "com"] else { return nil }
        let region = labels[labels.count - 4]
        return FieldRules.awsRegions.contains(region) ? region : nil
    }

    /// The target's own section when it is missing.
    static func requiredSections(_ answers: Answers, target: Target, why: String) -> [CheckIssue] {
        func required<M: Sendable>(_ table: AnswersTable<M>) -> String {
            table.fields.filter(\.isRequired).map(\.key).joined(separator: ", ")
        }
        switch target {
        case .digitalocean where answers.digitalocean == nil:
            return [CheckIssue("digitalocean", "is required because \(why): add a digitalocean: section with \(required(AnswersTables.digitalocean))")]
        case .aws where answers.aws == nil:
            return [CheckIssue("aws", "is required because \(why): add an aws: section with \(required(AnswersTables.aws))")]
        default:
            return []
        }
    }

    /// Provider-issued secrets the target needs with neither a source (a refused source
    /// counts as given: it is reported already) nor an existing file.
    static func requiredSecrets(_ answers: Answers, target: Target, why: String, refused: Set<String>,
                                secretExists: (String, SecretName) -> Bool) -> [CheckIssue] {
        let secrets = answers.secrets, dir = secrets.dir
        let named = Set(SecretName.allCases.filter {
            secrets.sources[$0] != nil || refused.contains("secrets.sources.\($0.rawValue)")
        })
        let required = SecretName.required(target: target, environment: answers.environment, optionalProvided: named)
        return required.filter { !$0.canGenerate && !named.contains($0) && !secretExists(dir, $0) }.map { name in
            CheckIssue("secrets.sources.\(name.rawValue)",
                       "is required because \(why): \(name.rawValue) (\(name.summary)) is issued by the provider and \(dir)/\(name.rawValue).txt does not exist. Give it a source under secrets.sources: `\(name.rawValue): file:PATH` or `\(name.rawValue): env:NAME`, or put the value in \(dir)/\(name.rawValue).txt",
                       anchors: ["secrets"])
        }
    }
}

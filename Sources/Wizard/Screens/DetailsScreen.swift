import DeployKit
import TerminalUI

/// Step 6: the endpoint fields the chosen target needs, validated like `apply`.
enum DetailsScreen {
    static let help = """
    The addresses the bundle points at. The self-hosted VM needs the domain and an ACME \
    e-mail for Let's Encrypt; DigitalOcean adds the managed PostgreSQL and Spaces details; \
    AWS adds region, account and the RDS, ElastiCache and S3 endpoints. Errors show beside \
    the field, with the same wording as `apply --answers`.
    """

    /// Whether `target` runs Caddy (and so needs an ACME e-mail). AWS sits behind an ALB.
    static func needsACME(_ t: Target) -> Bool { t != .aws }

    /// The ACME e-mail to record: `nil` for AWS, and for an empty field in `dev` (optional there).
    static func acmeEmail(_ s: WizardState) -> String? {
        guard needsACME(s.target) else { return nil }
        let v = s.details.text("app.acme_email")
        return v.isEmpty && s.environment == .dev ? nil : v
    }

    static func form(for target: Target, from a: Answers?) -> Form {
        var f: [FormField] = [
            .text("app.version", "FreshTrack version", a?.app.version ?? "",
                  help: "FreshTrack Pro image tag to deploy, e.g. 1.1.0 (an exact tag, never latest).", maxLength: 128),
            .text("app.domain", "Domain", a?.app.domain ?? "",
                  help: "Public DNS name that will serve FreshTrack, e.g. track.example.com."),
        ]
        if needsACME(target) {
            f.append(.text("app.acme_email", "ACME e-mail", a?.app.acmeEmail ?? "",
                           help: "Let's Encrypt contact for certificate notices (optional in dev)."))
        }
        switch target {
        case .selfhosted: break
        case .digitalocean:
            let d = a?.digitalocean
            f += [
                .text("digitalocean.database_host", "Database host", d?.databaseHost ?? "",
                      help: "Managed PostgreSQL host, e.g. db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com."),
                .text("digitalocean.database_port", "Database port", d.map { String($0.databasePort) } ?? "25060",
                      help: "TCP port of the managed database (DigitalOcean uses 25060).", maxLength: 5),
                .text("digitalocean.database_name", "Database name", d?.databaseName ?? "defaultdb",
                      help: "Database FreshTrack uses (DigitalOcean creates defaultdb)."),
                .text("digitalocean.database_user", "Database user", d?.databaseUser ?? "doadmin",
                      help: "Database user (DigitalOcean creates doadmin)."),
                .text("digitalocean.spaces_region", "Spaces region", d?.spacesRegion ?? "nyc3",
                      help: "Spaces region slug, e.g. nyc3, ams3, fra1, sgp1."),
                .text("digitalocean.spaces_bucket", "Spaces bucket", d?.spacesBucket ?? "",
                      help: "Spaces bucket (3-63 of a-z 0-9 . -)."),
            ]
        case .aws:
            let w = a?.aws
            f += [
                .text("aws.region", "AWS region", w?.region ?? "us-east-1", help: "AWS region code, e.g. us-east-1."),
                .text("aws.account_id", "Account id", w?.accountID ?? "",
                      help: "12-digit AWS account id (leading zeros matter).", maxLength: 12),
                .text("aws.rds_endpoint", "RDS endpoint", w?.rdsEndpoint ?? "",
                      help: "RDS PostgreSQL endpoint, e.g. freshtrack.abc123.us-east-1.rds.amazonaws.com."),
                .text("aws.database_name", "Database name", w?.databaseName ?? "freshtrack",
                      help: "Database FreshTrack uses on RDS."),
                .text("aws.database_user", "Database user", w?.databaseUser ?? "freshtrack",
                      help: "RDS database user."),
                .text("aws.elasticache_endpoint", "ElastiCache endpoint", w?.elasticacheEndpoint ?? "",
                      help: "ElastiCache Redis primary endpoint, e.g. master.freshtrack.abc123.use1.cache.amazonaws.com."),
                .text("aws.s3_bucket", "S3 bucket", w?.s3Bucket ?? "", help: "S3 bucket for uploads (3-63 of a-z 0-9 . -)."),
            ]
        }
        return Form(fields: f)
    }

    /// The field's problem: its own `FieldRules` rule, else a cross-field problem the
    /// answers decoder found at the last Enter (cleared when the field is edited).
    static func error(_ s: WizardState, _ id: String) -> String? {
        let v = s.details.text(id)
        let own: String?
        switch id {
        case "app.version": own = Rules.problem(FieldRules.imageTag(v))
        case "app.domain": own = Rules.problem(FieldRules.domain(v, environment: s.environment))
        case "app.acme_email":
            own = v.isEmpty && s.environment == .dev ? nil : Rules.problem(FieldRules.acmeEmail(v))
        case "digitalocean.database_host", "aws.rds_endpoint", "aws.elasticache_endpoint":
            own = Rules.problem(FieldRules.hostname(v))
        case "digitalocean.database_port": own = Rules.problem(FieldRules.port(v))
        case "digitalocean.database_name", "aws.database_name": own = Rules.problem(FieldRules.databaseName(v))
        case "digitalocean.database_user", "aws.database_user": own = Rules.problem(FieldRules.databaseUser(v))
        case "digitalocean.spaces_region": own = Rules.problem(FieldRules.spacesRegion(v))
        case "digitalocean.spaces_bucket": own = Rules.problem(FieldRules.spacesBucket(v))
        case "aws.s3_bucket": own = Rules.problem(FieldRules.s3Bucket(v))
        case "aws.region": own = Rules.problem(FieldRules.awsRegion(v))
        case "aws.account_id": own = Rules.problem(FieldRules.awsAccountID(v))
        default: own = nil
        }
        return own ?? s.crossFieldIssues[id]
    }

    /// Rebuilds the form for the chosen target, keeping what was typed.
    static func enter(_ s: inout WizardState) {
        var f = form(for: s.target, from: nil)
        f.keepValues(from: s.details)
        f.submitted = false
        s.details = f
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        let before = s.details
        let outcome = s.details.handle(key)
        if outcome == .handled, let f = before.focusedField, s.details.text(f.id) != before.text(f.id) {
            s.crossFieldIssues[f.id] = nil
        }
        guard outcome == .submit else { return [] }
        let state = s
        if !s.details.invalidFields({ error(state, $0) }).isEmpty {
            s.details.focusFirstError { error(state, $0) }
            s.notice = "Fix the fields marked ✗ first."
            return []
        }
        if let answers = Wizard.answers(s) {
            s.crossFieldIssues = Rules.crossFieldIssues(answers).filter { s.details.index(of: $0.key) != nil }
            if !s.crossFieldIssues.isEmpty {
                let state = s
                s.details.focusFirstError { error(state, $0) }
                s.notice = "Fix the fields marked ✗ first."
                return []
            }
        }
        return SecretsScreen.enter(&s)
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        b.write("Details for \(s.target.displayName)", x: rect.x, y: rect.y, style: .title, maxWidth: rect.width)
        s.details.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                         labelWidth: 24, inputWidth: rect.width >= 100 ? 48 : 30) { error(s, $0) }
    }
}

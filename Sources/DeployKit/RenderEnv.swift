/// The bundle's `.env`: every non-secret variable the compose files read, answer by answer.
public enum RenderEnv {
    /// The comment lines at the top of `.env`.
    public static func header(target: Target, environment: DeployEnvironment) -> [String] {
        [
            "FreshTrack Pro deployment settings: target \(target.rawValue), environment \(environment.rawValue).",
            "Written by freshtrack-deploy from freshtrack-answers.yaml; change the answers and run apply again.",
            "Docker Compose reads this file from this directory (run `docker compose up -d` here).",
            "No secret is ever stored here: secrets are the files in SECRETS_DIR, read through *_FILE variables.",
            "Values are quoted so that $, #, quotes and spaces are taken literally.",
        ]
    }

    /// The entries, in file order.
    /// - Throws: `PlanError` when the section the target needs (`digitalocean:`, `aws:`) or
    ///   `app.acme_email` (targets running Caddy) is missing.
    public static func entries(answers: Answers, target: Target, composeFiles: [String],
                               secretsDir: String) throws(PlanError) -> [EnvEntry] {
        let environment = answers.environment
        var e: [EnvEntry] = [
            EnvEntry(name: "COMPOSE_PROJECT_NAME", value: BundleLayout.projectName,
                     comment: "Compose project name: prefix of container, network and volume names."),
            EnvEntry(name: "COMPOSE_FILE", value: composeFiles.joined(separator: ":"),
                     comment: "Compose files merged in this order, so a plain `docker compose up -d` uses the right overlays."),
            EnvEntry(name: "FRESHTRACK_VERSION", value: answers.app.version,
                     comment: "FreshTrack Pro image tag for backend and worker (exact; never latest)."),
            EnvEntry(name: "LOG_LEVEL", value: environment == .dev ? "debug" : "info",
                     comment: "Backend and worker log level."),
            EnvEntry(name: "DOMAIN", value: answers.app.domain,
                     comment: "Public DNS name: the site Caddy serves and the backend's PUBLIC_URL host."),
        ]
        if BundleLayout.runsCaddy(target: target, environment: environment) {
            guard let email = answers.app.acmeEmail, !email.isEmpty else {
                throw PlanError.answerRequired(field: "app.acme_email", target: target, why: "Caddy registers it with Let's Encrypt")
            }
            e.append(EnvEntry(name: "ACME_EMAIL", value: email, comment: "Let's Encrypt account e-mail used by Caddy."))
            e.append(EnvEntry(name: "ACME_CA", value: answers.app.acmeDirectory(environment: environment),
                              comment: "ACME directory Caddy gets the certificate from (app.acme_ca; staging defaults to Let's Encrypt's staging CA)."))
        }
        e.append(EnvEntry(name: "SECRETS_DIR", value: secretsDir,
                          comment: "Directory of the secret files (relative to this directory, or absolute)."))
        guard environment != .dev else { return e }
        switch target {
        case .selfhosted:
            break
        case .digitalocean:
            guard let d = answers.digitalocean else {
                throw PlanError.sectionRequired(section: "digitalocean", target: .digitalocean, contents: "managed database and Spaces settings")
            }
            e += [
                EnvEntry(name: "DATABASE_HOST", value: d.databaseHost, comment: "DigitalOcean managed PostgreSQL host."),
                EnvEntry(name: "DATABASE_PORT", value: String(d.databasePort), comment: "Managed PostgreSQL port (DigitalOcean uses \(AnswersSchema.defaultDigitalOceanDatabasePort))."),
                EnvEntry(name: "DATABASE_NAME", value: d.databaseName, comment: "Database name on the managed cluster."),
                EnvEntry(name: "DATABASE_USER", value: d.databaseUser, comment: "Database user; its password is the secret do_database_password."),
                EnvEntry(name: "S3_ENDPOINT", value: "https://\(d.spacesRegion).digitaloceanspaces.com", comment: "Spaces S3-compatible endpoint of the region."),
                EnvEntry(name: "S3_REGION", value: d.spacesRegion, comment: "Spaces region slug."),
                EnvEntry(name: "S3_BUCKET", value: d.spacesBucket, comment: "Spaces bucket for uploaded files."),
            ]
        case .aws:
            guard let a = answers.aws else {
                throw PlanError.sectionRequired(section: "aws", target: .aws, contents: "region, account, RDS, ElastiCache and S3 settings")
            }
            e += [
                EnvEntry(name: "AWS_ACCOUNT_ID", value: a.accountID, comment: "AWS account of the ECR registry the image is pulled from."),
                EnvEntry(name: "AWS_REGION", value: a.region, comment: "AWS region of ECR, RDS, ElastiCache and S3."),
                EnvEntry(name: "DATABASE_HOST", value: a.rdsEndpoint, comment: "RDS PostgreSQL endpoint (TLS required)."),
                EnvEntry(name: "DATABASE_NAME", value: a.databaseName, comment: "Database name on RDS."),
                EnvEntry(name: "DATABASE_USER", value: a.databaseUser, comment: "Database user; its password is the secret rds_password."),
                EnvEntry(name: "REDIS_HOST", value: a.elasticacheEndpoint, comment: "ElastiCache Redis primary endpoint (port 6379)."),
                EnvEntry(name: "S3_BUCKET", value: a.s3Bucket, comment: "S3 bucket for uploaded files (access through the instance role)."),
            ]
        }
        return e
    }
}

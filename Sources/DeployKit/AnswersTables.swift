/// Every key of the answers file, one table per section, each field declared once (YAML
/// key, kind, presence, `FieldRules` rule, README text, wizard label and help, model key
/// path). Reading (`AnswersCodec.decode`), writing (`AnswersCodec.encode`, keys in table
/// order), `AnswersSchema`, the README's key table and the wizard's details fields are all
/// derived from these tables; defaults live in each section's blank value.
public enum AnswersTables {
    typealias F<M> = AnswersField<M>

    /// The top level.
    public static let root = AnswersTable<Answers>(
        blank: Answers(needs: needs.blank, app: app.blank), [
            .int("version", .required("the schema version; write version: 1"), \.version, allowed: "`1`",
                 rule: plain(FieldRules.schemaVersion)),
            .choice("environment", .defaulted, \.environment, rule: FieldRules.environment),
            .section("needs", .required("users and budget_usd_per_month at least"), \.needs, needs),
            .value("target", .text, .defaulted, \.target, show: \.yamlValue,
                   allowed: "`recommended`, " + Target.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                   rule: plain(FieldRules.target)),
            .section("app", .required("version and domain at least"), \.app, app),
            .section("digitalocean", .optional, \.digitalocean, digitalocean),
            .section("aws", .optional, \.aws, aws),
            .section("secrets", .defaulted, \.secrets, secrets),
        ],
        childContext: { answers, ctx, refused in
            var ctx = ctx
            if !refused.contains("environment") { ctx.environment = answers.environment }
            return ctx
        })

    /// `needs:`, the decision-matrix inputs.
    public static let needs = AnswersTable<Needs>(blank: Needs(users: 0, budgetUSDPerMonth: 0), [
        .int("users", .required("expected active users, a whole number >= 1"), \.users, allowed: "expected active users, >= 1",
             wizard: WizardSpec("Users", "Expected active users (a whole number, 1 or more).", suggestion: "500"),
             rule: plain(FieldRules.users)),
        .int("budget_usd_per_month", .required("monthly budget in USD, a whole number >= 0"), \.budgetUSDPerMonth,
             allowed: "USD per month, >= 0",
             wizard: WizardSpec("Monthly budget (USD)", "What you can spend on hosting per month, in US dollars (0 or more).",
                                suggestion: "100"),
             rule: plain(FieldRules.budget)),
        .choice("compliance", .defaulted, \.compliance,
                wizard: WizardSpec("Compliance", "HIPAA needs a signed BAA with the provider; SOC2 needs audit trails.",
                                   options: ["none", "HIPAA", "SOC2"]),
                rule: FieldRules.compliance),
        .choice("traffic", .defaulted, \.traffic,
                wizard: WizardSpec("Traffic", "Spiky or fast-growing traffic favours automatic scaling.",
                                   options: ["steady", "growing", "spiky"]),
                rule: FieldRules.traffic),
        .bool("multi_region", \.multiRegion,
              wizard: WizardSpec("Multi-region", "Must the service run in more than one region?", options: ["no", "yes"])),
    ])

    /// `app:`.
    public static let app = AnswersTable<AppSettings>(blank: AppSettings(version: "", domain: ""), [
        .text("version", .required("the FreshTrack Pro image tag, e.g. \"1.1.0\""), \.version, kind: .quoted(bareNumber: nil),
              allowed: "image tag: 1–128 of `A-Z a-z 0-9 _ . -`, not starting with `.` or `-`; `latest` and empty refused",
              wizard: WizardSpec("FreshTrack version", "FreshTrack Pro image tag to deploy, e.g. 1.1.0 (an exact tag, never latest)."),
              rule: plain(FieldRules.imageTag)),
        .text("domain", .required("the public DNS name, e.g. track.example.com"), \.domain,
              allowed: "lowercase DNS name (RFC 1123 labels, ≤ 253 chars, at least one dot, not an IP; `dev` also allows `localhost`)",
              wizard: WizardSpec("Domain", "Public DNS name that will serve FreshTrack, e.g. track.example.com."),
              rule: { text, _, ctx in FieldRules.domain(text, environment: ctx.environment) }),
        .optional("acme_email", .text, \.acmeEmail, show: { $0 },
                  allowed: "Let's Encrypt contact `local@domain`; `example.com/.net/.org` refused (Let's Encrypt rejects them)",
                  default: "required for `selfhosted` and `digitalocean` unless `environment: dev`",
                  wizard: WizardSpec("ACME e-mail", "Let's Encrypt contact for certificate notices (optional in dev)."),
                  rule: plain(FieldRules.acmeEmail)),
        .optional("acme_ca", .text, \.acmeCA, show: { $0 },
                  allowed: "the ACME directory Caddy gets its certificate from: `https://HOST[:PORT]/PATH`, HOST a DNS name (e.g. your own step-ca, or a test CA such as Pebble); not used where Caddy does not run (AWS, dev)",
                  default: "Let's Encrypt production; `staging`: Let's Encrypt's staging CA (untrusted test certificates, no production rate limits)",
                  rule: plain(FieldRules.acmeDirectory)),
    ])

    /// `digitalocean:`, the hybrid's managed PostgreSQL and Spaces, and the platform choice.
    public static let digitalocean = AnswersTable<DigitalOceanSettings>(
        blank: DigitalOceanSettings(databaseHost: "", databaseName: "", databaseUser: "", spacesRegion: "", spacesBucket: ""),
        inOptionalSection: true, [
            .text("database_host", .required("the managed PostgreSQL host from the DigitalOcean control panel"), \.databaseHost,
                  allowed: "managed PostgreSQL host name",
                  wizard: WizardSpec("Database host", "Managed PostgreSQL host, e.g. db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com."),
                  rule: plain(FieldRules.hostname)),
            .int("database_port", .defaulted, \.databasePort, allowed: "1–65535",
                 wizard: WizardSpec("Database port", "TCP port of the managed database (DigitalOcean uses \(AnswersSchema.defaultDigitalOceanDatabasePort))."),
                 rule: plain(FieldRules.port)),
            .text("database_name", .required("the database name, e.g. freshtrack"), \.databaseName, allowed: databaseNameRule,
                  wizard: WizardSpec("Database name", "Database FreshTrack uses (DigitalOcean creates defaultdb).", suggestion: "defaultdb"),
                  rule: plain(FieldRules.databaseName)),
            .text("database_user", .required("the database user, e.g. doadmin"), \.databaseUser, allowed: databaseNameRule,
                  wizard: WizardSpec("Database user", "Database user (DigitalOcean creates doadmin).", suggestion: "doadmin"),
                  rule: plain(FieldRules.databaseUser)),
            .text("spaces_region", .required("the Spaces region, e.g. nyc3"), \.spacesRegion,
                  allowed: "`\(FieldRules.spacesRegions.joined(separator: " "))` (`assets/regions.yaml`)",
                  wizard: WizardSpec("Spaces region", "Spaces region slug, e.g. nyc3, ams3, fra1, sgp1.", suggestion: "nyc3"),
                  rule: plain(FieldRules.spacesRegion)),
            .text("spaces_bucket", .required("the Spaces bucket name, e.g. freshtrack-files"), \.spacesBucket,
                  allowed: "3–63 of `a-z 0-9 -`, starting and ending with a letter or digit",
                  wizard: WizardSpec("Spaces bucket", "Spaces bucket: 3-63 of a-z 0-9 -, starting and ending with a letter or digit (no dots)."),
                  rule: plain(FieldRules.spacesBucket)),
            .choice("platform", .defaulted, \.platform, listed: false,
                    allowed: "`droplet` (the hybrid above) or `app_platform` (`do/app.yaml`, needs `app_platform:`)",
                    wizard: WizardSpec("Runs on", "Droplet hybrid: Compose on a Droplet; App Platform: do/app.yaml (←→ change).",
                                       options: ["Droplet hybrid", "App Platform"]),
                    rule: FieldRules.digitalOceanPlatform),
            .section("app_platform", .optional, \.appPlatform, appPlatform),
        ],
        checks: [{ d, path, isValid in
            guard d.platform == .appPlatform, d.appPlatform == nil, isValid("\(path).platform") else { return [] }
            return [CheckIssue("\(path).app_platform",
                               "is required because digitalocean.platform is app_platform: add an app_platform: section with database_cluster and cache_cluster at least",
                               anchors: ["\(path).app_platform", "\(path).platform"])]
        }])

    /// `digitalocean.app_platform:` (see `AppPlatformSettings`).
    public static let appPlatform = AnswersTable<AppPlatformSettings>(
        blank: AppPlatformSettings(databaseCluster: "", cacheCluster: ""), inOptionalSection: true, [
            .text("app_name", .defaulted, \.appName, allowed: "2–32 of `a-z 0-9 -`, starting with a letter",
                  wizard: WizardSpec("App name", "App Platform app name: 2-32 of a-z 0-9 -."),
                  rule: plain(FieldRules.appPlatformAppName)),
            .text("region", .defaulted, \.region, allowed: "`\(AppPlatformFacts.shared.regions.joined(separator: " "))` (`assets/do/app-platform.yaml`)",
                  wizard: WizardSpec("App region", "App Platform region slug: " + AppPlatformFacts.shared.regions.joined(separator: " ")),
                  rule: plain(FieldRules.appPlatformRegion)),
            .choice("registry_type", .defaulted, \.registryType, listed: false,
                    wizard: WizardSpec("Registry", "Where App Platform pulls the image: DOCR (this account's registry), DOCKER_HUB or GHCR.",
                                       options: AppPlatformRegistryType.allCases.map(\.rawValue)),
                    rule: FieldRules.appPlatformRegistryType),
            .optional("registry", .text, \.registry, show: { $0 },
                      allowed: "Docker Hub namespace or GitHub owner: lowercase letters and digits joined by `.`, `_` or `-`",
                      default: "required for `DOCKER_HUB` and `GHCR`, refused for `DOCR`",
                      wizard: WizardSpec("Registry owner", "Docker Hub namespace or GitHub owner (DOCKER_HUB / GHCR only; empty for DOCR)."),
                      rule: { text, _, _ in .success(text) }),  // checked with registry_type, below
            .text("repository", .defaulted, \.repository, allowed: "image repository: lowercase runs joined by `.`, `_`, `-` or `/`",
                  wizard: WizardSpec("Image repository", "Repository of the backend image; the tag is the FreshTrack version."),
                  rule: plain(FieldRules.imageRepository)),
            .text("instance_size", .defaulted, \.instanceSize, allowed: instanceSizes,
                  wizard: WizardSpec("Backend size", "Instance size slug (the seed's Basic 1 GB: \(AppPlatformSettings.defaultInstanceSize))."),
                  rule: plain(FieldRules.appPlatformInstanceSize)),
            .int("instance_count", .defaulted, \.instanceCount, allowed: instanceCountRule,
                 wizard: WizardSpec("Backend instances", "Backend instances, 1-250."),
                 rule: { text, ap, ctx in
                     FieldRules.appPlatformInstanceCount(text, size: ctx.refused.contains("instance_size") ? nil : ap.instanceSize)
                 }),
            .text("worker_instance_size", .defaulted, \.workerInstanceSize, allowed: instanceSizes,
                  wizard: WizardSpec("Worker size", "Worker instance size slug."),
                  rule: plain(FieldRules.appPlatformInstanceSize)),
            .int("worker_instance_count", .defaulted, \.workerInstanceCount, allowed: instanceCountRule,
                 wizard: WizardSpec("Worker instances", "Worker instances, 1-250."),
                 rule: { text, ap, ctx in
                     FieldRules.appPlatformInstanceCount(text, size: ctx.refused.contains("worker_instance_size") ? nil : ap.workerInstanceSize)
                 }),
            .text("database_cluster", .required("the name of the managed PostgreSQL cluster App Platform attaches, e.g. freshtrack-pg"),
                  \.databaseCluster, allowed: clusterNameRule,
                  wizard: WizardSpec("Database cluster", "Name of the managed PostgreSQL cluster App Platform attaches, e.g. freshtrack-pg."),
                  rule: plain(FieldRules.databaseClusterName)),
            .text("cache_cluster", .required("the name of the managed Valkey cluster App Platform attaches, e.g. freshtrack-valkey"),
                  \.cacheCluster, allowed: clusterNameRule,
                  wizard: WizardSpec("Cache cluster", "Name of the managed Valkey cluster App Platform attaches, e.g. freshtrack-valkey."),
                  rule: plain(FieldRules.databaseClusterName)),
        ],
        checks: [{ ap, path, isValid in
            guard isValid("\(path).registry_type"), isValid("\(path).registry") else { return [] }
            return AppPlatformSettings.registryIssues(ap.registryType, ap.registry, path: path)
                .map { CheckIssue($0.path, value: $0.value, $0.message, anchors: [$0.path, path]) }
        }])

    /// `aws:`, the region, account and managed-service endpoints.
    public static let aws = AnswersTable<AWSSettings>(
        blank: AWSSettings(region: "", accountID: "", rdsEndpoint: "", databaseName: "", databaseUser: "",
                           elasticacheEndpoint: "", s3Bucket: ""),
        inOptionalSection: true, [
            .text("region", .required("the AWS region code, e.g. us-east-1"), \.region,
                  allowed: "an AWS region code, e.g. `us-east-1`, `eu-central-2`, `us-gov-west-1` (`assets/regions.yaml`, checked against botocore)",
                  wizard: WizardSpec("AWS region", "AWS region code, e.g. us-east-1.", suggestion: "us-east-1"),
                  rule: plain(FieldRules.awsRegion)),
            .text("account_id", .required("the 12-digit AWS account id, quoted, e.g. \"123456789012\""), \.accountID,
                  kind: .quoted(bareNumber: "is a YAML number: quote it, account_id: \"{}\", so leading zeros are kept (an AWS account id is exactly 12 digits)"),
                  allowed: "exactly 12 digits; a bare number is refused because YAML would drop leading zeros",
                  wizard: WizardSpec("Account id", "12-digit AWS account id (leading zeros matter)."),
                  rule: plain(FieldRules.awsAccountID)),
            .text("rds_endpoint", .required("the RDS instance endpoint host name"), \.rdsEndpoint,
                  allowed: "host name; must be in `aws.region`",
                  wizard: WizardSpec("RDS endpoint", "RDS PostgreSQL endpoint, e.g. freshtrack.abc123.us-east-1.rds.amazonaws.com."),
                  rule: plain(FieldRules.hostname)),
            .text("database_name", .required("the database name, e.g. freshtrack"), \.databaseName, allowed: databaseNameRule,
                  wizard: WizardSpec("Database name", "Database FreshTrack uses on RDS.", suggestion: "freshtrack"),
                  rule: plain(FieldRules.databaseName)),
            .text("database_user", .required("the database user, e.g. freshtrack"), \.databaseUser, allowed: databaseNameRule,
                  wizard: WizardSpec("Database user", "RDS database user.", suggestion: "freshtrack"),
                  rule: plain(FieldRules.databaseUser)),
            .text("elasticache_endpoint", .required("the ElastiCache primary endpoint host name"), \.elasticacheEndpoint,
                  allowed: "host name",
                  wizard: WizardSpec("ElastiCache endpoint", "ElastiCache Redis primary endpoint, e.g. master.freshtrack.abc123.use1.cache.amazonaws.com."),
                  rule: plain(FieldRules.hostname)),
            .text("s3_bucket", .required("the S3 bucket name, e.g. freshtrack-files-prod"), \.s3Bucket,
                  allowed: "S3 naming rules: 3–63 of `a-z 0-9 . -`, letter/digit at both ends, no `..`, not an IP, no `xn--`/`sthree-`/`amzn-s3-demo-` prefix, no `-s3alias`/`--ol-s3`/`.mrap`/`--x-s3`/`--table-s3` suffix",
                  wizard: WizardSpec("S3 bucket", "S3 bucket for uploads (3-63 of a-z 0-9 . -)."),
                  rule: plain(FieldRules.s3Bucket)),
            .section("ecs", .optional, \.ecs, ecs,
                     wizard: WizardSpec("ECS on Fargate", "Also write aws/: ECS task and service definitions and deploy-aws.sh (←→ change).",
                                        options: ["Compose on EC2 only", "Also ECS on Fargate"])),
        ],
        checks: [{ a, path, isValid in
            guard isValid("\(path).region"), isValid("\(path).rds_endpoint"),
                  let inEndpoint = AnswersRules.rdsRegion(a.rdsEndpoint), inEndpoint != a.region else { return [] }
            return [CheckIssue("\(path).rds_endpoint", value: a.rdsEndpoint,
                               "is in region \(inEndpoint) but aws.region is \(a.region); the bundle's services must run in the database's region")]
        }],
        childContext: { a, ctx, refused in
            var ctx = ctx
            ctx.awsRegion = refused.contains("region") ? nil : a.region
            ctx.awsAccountID = refused.contains("account_id") ? nil : a.accountID
            return ctx
        })

    /// `aws.ecs:` (see `ECSSettings`). ARNs are checked against `aws.region` and
    /// `aws.account_id` when those are valid, else for shape only.
    public static let ecs = AnswersTable<ECSSettings>(
        blank: ECSSettings(executionRoleARN: "", taskRoleARN: "", subnets: [], securityGroups: [], targetGroupARN: ""),
        inOptionalSection: true, [
            .text("cluster", .defaulted, \.cluster, allowed: "ECS cluster name: 1–255 of `A-Z a-z 0-9 _ -`",
                  wizard: WizardSpec("ECS cluster", "ECS cluster name."),
                  rule: plain(FieldRules.ecsClusterName)),
            .text("execution_role_arn", .required("the IAM task execution role ARN (ECR pull, logs, secretsmanager:GetSecretValue), e.g. arn:aws:iam::123456789012:role/freshtrack-ecs-execution"),
                  \.executionRoleARN, allowed: "IAM role ARN in `aws.account_id`",
                  wizard: WizardSpec("Execution role ARN", "IAM role ECS uses to pull images and read secrets, e.g. arn:aws:iam::<account>:role/freshtrack-ecs-execution."),
                  rule: roleARN),
            .text("task_role_arn", .required("the IAM task role ARN (S3 access for the containers), e.g. arn:aws:iam::123456789012:role/freshtrack-ecs-task"),
                  \.taskRoleARN, allowed: "IAM role ARN in `aws.account_id`",
                  wizard: WizardSpec("Task role ARN", "IAM role the containers run as, e.g. arn:aws:iam::<account>:role/freshtrack-ecs-task."),
                  rule: roleARN),
            .idList("subnets", \.subnets, what: "subnet", max: 16, example: "subnet-0a1b2c3d4e5f60718",
                    allowed: "1–16 subnet ids (`subnet-` and 8 or 17 lowercase hex digits), none twice",
                    wizard: WizardSpec("Subnets", "1-16 subnet ids, comma-separated, e.g. subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829."),
                    rule: FieldRules.subnetID),
            .idList("security_groups", \.securityGroups, what: "security group", max: 5, example: "sg-0a1b2c3d4e5f60718",
                    allowed: "1–5 security group ids (`sg-` and 8 or 17 lowercase hex digits), none twice",
                    wizard: WizardSpec("Security groups", "1-5 security group ids, comma-separated, e.g. sg-0c3d4e5f60718293a."),
                    rule: FieldRules.securityGroupID),
            .text("target_group_arn", .required("the ALB target group ARN (target type ip, port 3000, health check /health)"),
                  \.targetGroupARN, allowed: "ALB target group ARN in `aws.region` and `aws.account_id`",
                  wizard: WizardSpec("Target group ARN", "ALB target group of the backend (port 3000), in the region and account above."),
                  rule: { text, _, ctx in
                      FieldRules.targetGroupARN(text, region: ctx.awsRegion ?? arnField(text, 3), accountID: ctx.awsAccountID ?? arnField(text, 4))
                  }),
            .int("desired_count", .defaulted, \.desiredCount, allowed: "backend tasks, 1–100",
                 wizard: WizardSpec("Backend tasks", "Backend tasks to run, 1-100 (the seed runs 2)."),
                 rule: plain(FieldRules.ecsDesiredCount)),
            .int("worker_desired_count", .defaulted, \.workerDesiredCount, allowed: "worker tasks, 0–100",
                 wizard: WizardSpec("Worker tasks", "Worker tasks to run."),
                 rule: plain(FieldRules.ecsWorkerDesiredCount)),
            .section("backend", .defaulted, \.backend, taskSize, row: (taskSizeRule, showSize)),
            .section("worker", .defaulted, \.worker, taskSize, row: (taskSizeRule, showSize)),
            .bool("assign_public_ip", \.assignPublicIP),
            .text("log_group", .defaulted, \.logGroup, allowed: "CloudWatch Logs group: 1–512 of `A-Z a-z 0-9 _ - / . #`",
                  rule: plain(FieldRules.logGroupName)),
            .int("health_check_grace_period_seconds", .defaulted, \.healthCheckGracePeriodSeconds,
                 allowed: "0–7200 seconds failing ALB health checks are ignored after a task starts",
                 rule: plain(FieldRules.healthCheckGracePeriod)),
            .optional("max_count", .integer, \.maxCount, show: { String($0) },
                      allowed: "autoscale the backend between `desired_count` and this (greater than it, at most 100)",
                      default: "none: a fixed count, no autoscaling",
                      wizard: WizardSpec("Autoscale up to", "Most backend tasks autoscaling may run (> backend tasks); empty: a fixed count."),
                      rule: { text, e, _ in FieldRules.ecsMaxCount(text, desiredCount: e.desiredCount) }),
            .int("target_cpu_percent", .defaulted, \.targetCPUPercent, allowed: "average CPU % autoscaling keeps, 10–90",
                 wizard: WizardSpec("Target CPU %", "Average CPU the autoscaling policy keeps the backend at, 10-90 (with autoscaling)."),
                 rule: plain(FieldRules.ecsTargetCPUPercent)),
        ])

    /// `aws.ecs.backend:` and `aws.ecs.worker:`, a Fargate task size.
    public static let taskSize = AnswersTable<FargateTaskSize>(blank: FargateTaskSize(cpu: 0, memoryMiB: 0), inOptionalSection: true, [
        .int("cpu", .required("Fargate task CPU units, one of \(FargateSizes.rows.map { String($0.cpu) }.joined(separator: ", ")) (1024 = 1 vCPU)"),
             \.cpu, allowed: "Fargate CPU units: \(FargateSizes.rows.map { String($0.cpu) }.joined(separator: ", ")) (1024 = 1 vCPU)",
             rule: plain(FieldRules.fargateCPU)),
        .int("memory", .required("task memory in MiB that Fargate allows with the cpu"), \.memoryMiB,
             allowed: "MiB Fargate allows with the cpu (`assets/aws/fargate-task-sizes.yaml`)",
             rule: { text, size, ctx in
                 // Without a valid cpu there is nothing to check the memory against.
                 ctx.refused.contains("cpu") ? .success(size.memoryMiB) : FieldRules.fargateMemory(text, cpu: size.cpu)
             }),
    ])

    /// `secrets:`.
    public static let secrets = AnswersTable<SecretsSettings>(blank: SecretsSettings(), [
        .text("dir", .defaulted, \.dir,
              allowed: "relative to `--dir`, or absolute; not empty, `.` or `/`, no `..` component, no control characters (checked first, on a fresh bundle and when it changes over an existing one)",
              rule: plain(FieldRules.secretsDir)),
        .sources("sources", \.sources,
                 allowed: "`file:PATH` (one trailing line break removed), `env:NAME` (taken as is), or `generate`; a value with any other line break or control character is refused",
                 default: "a secret not listed is generated if it can be"),
    ])

    /// The README's answers key table, one row per key, in table order.
    public static var readmeRows: [String] { root.readmeRows("") }

    // Texts shared by several fields.
    static let databaseNameRule = "1–63 of `A-Z a-z 0-9 _ -`, starting with a letter or `_`"
    static let clusterNameRule = "managed database cluster name: 3–63 of `a-z 0-9 -`, starting with a letter"
    static let instanceCountRule = "1–250; 1 for a single-instance size"
    static var instanceSizes: String { "an instance size slug of `assets/do/app-platform.yaml`" }
    static let taskSizeRule = "`cpu` and `memory`, a pair Fargate allows"
    static let showSize: @Sendable (FargateTaskSize) -> String = { "{cpu: \($0.cpu), memory: \($0.memoryMiB)}" }

    /// An IAM role ARN in `aws.account_id` (or, when that is invalid, the ARN's own account).
    static let roleARN: @Sendable (String, ECSSettings, RuleContext) -> Result<String, FieldProblem> = { text, _, ctx in
        FieldRules.iamRoleARN(text, accountID: ctx.awsAccountID ?? arnField(text, 4))
    }

    /// The `index`-th `:`-separated part of an ARN, `""` when it has fewer.
    static func arnField(_ arn: String, _ index: Int) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > index ? String(parts[index]) : ""
    }
}

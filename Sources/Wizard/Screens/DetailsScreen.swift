import DeployKit
import TerminalUI

/// Step 6: the endpoint fields the chosen target needs, validated like `apply`.
enum DetailsScreen {
    static let help = """
    The addresses the bundle points at: domain and ACME e-mail; DigitalOcean adds managed \
    PostgreSQL and Spaces, and "Runs on" picks the Droplet hybrid or App Platform (do/app.yaml, \
    with your PostgreSQL and Valkey cluster names); AWS adds region, account, RDS, ElastiCache \
    and S3, and "Also ECS on Fargate" writes aws/ too. Errors show beside the field, worded \
    as `apply --answers` words them.
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
                  help: "FreshTrack Pro image tag to deploy, e.g. 1.1.0 (an exact tag, never latest)."),
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
                      help: "TCP port of the managed database (DigitalOcean uses 25060)."),
                .text("digitalocean.database_name", "Database name", d?.databaseName ?? "defaultdb",
                      help: "Database FreshTrack uses (DigitalOcean creates defaultdb)."),
                .text("digitalocean.database_user", "Database user", d?.databaseUser ?? "doadmin",
                      help: "Database user (DigitalOcean creates doadmin)."),
                .text("digitalocean.spaces_region", "Spaces region", d?.spacesRegion ?? "nyc3",
                      help: "Spaces region slug, e.g. nyc3, ams3, fra1, sgp1."),
                .text("digitalocean.spaces_bucket", "Spaces bucket", d?.spacesBucket ?? "",
                      help: "Spaces bucket: 3-63 of a-z 0-9 -, starting and ending with a letter or digit (no dots)."),
            ]
            f += appPlatformFields(d)
        case .aws:
            let w = a?.aws
            f += [
                .text("aws.region", "AWS region", w?.region ?? "us-east-1", help: "AWS region code, e.g. us-east-1."),
                .text("aws.account_id", "Account id", w?.accountID ?? "",
                      help: "12-digit AWS account id (leading zeros matter)."),
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
            f += ecsFields(w?.ecs)
        }
        return Form(fields: f)
    }

    /// Option labels of the `digitalocean.platform` choice, in `DigitalOceanPlatform.allCases` order.
    static let platformOptions = ["Droplet hybrid", "App Platform"]
    /// Option labels of `digitalocean.app_platform.registry_type`, in `AppPlatformRegistryType.allCases` order.
    static let registryTypeOptions = AppPlatformRegistryType.allCases.map(\.rawValue)
    static let appPlatformPrefix = "digitalocean.app_platform."

    /// The platform choice and, shown only for App Platform, its settings with the
    /// defaults `apply` would use (`AppPlatformSettings`'s), pre-filled from `d`.
    static func appPlatformFields(_ d: DigitalOceanSettings?) -> [FormField] {
        let ap = d?.appPlatform
        let platform = DigitalOceanPlatform.allCases.firstIndex(of: d?.platform ?? .droplet) ?? 0
        let shown = (id: "digitalocean.platform", index: 1)
        func text(_ key: String, _ label: String, _ value: String, _ help: String) -> FormField {
            var f = FormField.text(appPlatformPrefix + key, label, value, help: help)
            f.visibleIf = shown
            return f
        }
        var registryType = FormField.choice(
            appPlatformPrefix + "registry_type", "Registry", registryTypeOptions,
            index: AppPlatformRegistryType.allCases.firstIndex(of: ap?.registryType ?? .docr) ?? 0,
            help: "Where App Platform pulls the image: DOCR (this account's registry), DOCKER_HUB or GHCR.")
        registryType.visibleIf = shown
        return [
            .choice("digitalocean.platform", "Runs on", platformOptions, index: platform,
                    help: "Droplet hybrid: Compose on a Droplet; App Platform: do/app.yaml (←→ change)."),
            text("database_cluster", "Database cluster", ap?.databaseCluster ?? "",
                 "Name of the managed PostgreSQL cluster App Platform attaches, e.g. freshtrack-pg."),
            text("cache_cluster", "Cache cluster", ap?.cacheCluster ?? "",
                 "Name of the managed Valkey cluster App Platform attaches, e.g. freshtrack-valkey."),
            text("app_name", "App name", ap?.appName ?? AppPlatformSettings.defaultAppName,
                 "App Platform app name: 2-32 of a-z 0-9 -."),
            text("region", "App region", ap?.region ?? AppPlatformSettings.defaultRegion,
                 "App Platform region slug: " + AppPlatformFacts.shared.regions.joined(separator: " ")),
            registryType,
            text("registry", "Registry owner", ap?.registry ?? "",
                 "Docker Hub namespace or GitHub owner (DOCKER_HUB / GHCR only; empty for DOCR)."),
            text("repository", "Image repository", ap?.repository ?? AppPlatformSettings.defaultRepository,
                 "Repository of the backend image; the tag is the FreshTrack version."),
            text("instance_size", "Backend size", ap?.instanceSize ?? AppPlatformSettings.defaultInstanceSize,
                 "Instance size slug (the seed's Basic 1 GB: apps-s-1vcpu-1gb)."),
            text("instance_count", "Backend instances", String(ap?.instanceCount ?? 1), "Backend instances, 1-250."),
            text("worker_instance_size", "Worker size", ap?.workerInstanceSize ?? AppPlatformSettings.defaultInstanceSize,
                 "Worker instance size slug."),
            text("worker_instance_count", "Worker instances", String(ap?.workerInstanceCount ?? 1), "Worker instances, 1-250."),
        ]
    }

    /// The App Platform settings the form describes (invalid numbers read as 1; the
    /// field rules refuse them before the answers are used).
    static func appPlatformSettings(_ d: Form) -> AppPlatformSettings {
        func t(_ key: String) -> String { d.text(appPlatformPrefix + key) }
        let type = AppPlatformRegistryType.allCases[safe: d.choiceIndex(appPlatformPrefix + "registry_type")] ?? .docr
        return AppPlatformSettings(
            appName: t("app_name"), region: t("region"), registryType: type,
            registry: t("registry").isEmpty ? nil : t("registry"), repository: t("repository"),
            instanceSize: t("instance_size"), instanceCount: Int(t("instance_count")) ?? 1,
            workerInstanceSize: t("worker_instance_size"), workerInstanceCount: Int(t("worker_instance_count")) ?? 1,
            databaseCluster: t("database_cluster"), cacheCluster: t("cache_cluster"))
    }

    /// The chosen `digitalocean.platform`.
    static func platform(_ d: Form) -> DigitalOceanPlatform {
        DigitalOceanPlatform.allCases[safe: d.choiceIndex("digitalocean.platform")] ?? .droplet
    }

    /// The problem of an App Platform field, by the rules `apply` uses.
    static func appPlatformError(_ d: Form, _ key: String) -> String? {
        let v = d.text(appPlatformPrefix + key)
        switch key {
        case "database_cluster", "cache_cluster": return Rules.problem(FieldRules.databaseClusterName(v))
        case "app_name": return Rules.problem(FieldRules.appPlatformAppName(v))
        case "region": return Rules.problem(FieldRules.appPlatformRegion(v))
        case "registry":
            let ap = appPlatformSettings(d)
            return AppPlatformSettings.registryIssues(ap.registryType, ap.registry, path: "").first?.message
        case "repository": return Rules.problem(FieldRules.imageRepository(v))
        case "instance_size", "worker_instance_size": return Rules.problem(FieldRules.appPlatformInstanceSize(v))
        case "instance_count":
            return Rules.problem(FieldRules.appPlatformInstanceCount(v, size: d.text(appPlatformPrefix + "instance_size")))
        case "worker_instance_count":
            return Rules.problem(FieldRules.appPlatformInstanceCount(v, size: d.text(appPlatformPrefix + "worker_instance_size")))
        default: return nil
        }
    }

    static let ecsPrefix = "aws.ecs."
    /// Option labels of the "ECS on Fargate" choice: without (index 0) or with `aws.ecs`.
    static let ecsOptions = ["Compose on EC2 only", "Also ECS on Fargate"]

    /// The "also write ECS on Fargate definitions" choice and, shown only when chosen, the
    /// `aws.ecs` fields `apply` requires plus the task counts and cluster (defaults shown).
    static func ecsFields(_ e: ECSSettings?) -> [FormField] {
        let shown = (id: "aws.ecs", index: 1)
        func text(_ key: String, _ label: String, _ value: String, _ help: String) -> FormField {
            var f = FormField.text(ecsPrefix + key, label, value, help: help)
            f.visibleIf = shown
            return f
        }
        return [
            .choice("aws.ecs", "ECS on Fargate", ecsOptions, index: e == nil ? 0 : 1,
                    help: "Also write aws/: ECS task and service definitions and deploy-aws.sh (←→ change)."),
            text("execution_role_arn", "Execution role ARN", e?.executionRoleARN ?? "",
                 "IAM role ECS uses to pull images and read secrets, e.g. arn:aws:iam::<account>:role/freshtrack-ecs-execution."),
            text("task_role_arn", "Task role ARN", e?.taskRoleARN ?? "",
                 "IAM role the containers run as, e.g. arn:aws:iam::<account>:role/freshtrack-ecs-task."),
            text("subnets", "Subnets", e?.subnets.joined(separator: ", ") ?? "",
                 "1-16 subnet ids, comma-separated, e.g. subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829."),
            text("security_groups", "Security groups", e?.securityGroups.joined(separator: ", ") ?? "",
                 "1-5 security group ids, comma-separated, e.g. sg-0c3d4e5f60718293a."),
            text("target_group_arn", "Target group ARN", e?.targetGroupARN ?? "",
                 "ALB target group of the backend (port 3000), in the region and account above."),
            text("cluster", "ECS cluster", e?.cluster ?? ECSSettings.defaultCluster, "ECS cluster name."),
            text("desired_count", "Backend tasks", String(e?.desiredCount ?? ECSSettings.defaultDesiredCount),
                 "Backend tasks to run, 1-100 (the seed runs 2)."),
            text("worker_desired_count", "Worker tasks", String(e?.workerDesiredCount ?? ECSSettings.defaultWorkerDesiredCount),
                 "Worker tasks to run."),
        ]
    }

    /// A comma- or space-separated list typed into one field, without empty entries.
    static func idList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// Whether the ECS choice is on.
    static func wantsECS(_ d: Form) -> Bool { d.choiceIndex("aws.ecs") == 1 }

    /// The `aws.ecs` settings the form describes; settings the form does not show (task
    /// sizes, log group, autoscaling, ...) come from `previous`, else `apply`'s defaults.
    static func ecsSettings(_ d: Form, previous: ECSSettings?) -> ECSSettings {
        func t(_ key: String) -> String { d.text(ecsPrefix + key) }
        var e = previous ?? ECSSettings(executionRoleARN: "", taskRoleARN: "", subnets: [], securityGroups: [], targetGroupARN: "")
        e.executionRoleARN = t("execution_role_arn")
        e.taskRoleARN = t("task_role_arn")
        e.subnets = idList(t("subnets"))
        e.securityGroups = idList(t("security_groups"))
        e.targetGroupARN = t("target_group_arn")
        e.cluster = t("cluster")
        e.desiredCount = Int(t("desired_count")) ?? ECSSettings.defaultDesiredCount
        e.workerDesiredCount = Int(t("worker_desired_count")) ?? ECSSettings.defaultWorkerDesiredCount
        return e
    }

    /// The problem of an ECS field, by the rules `apply` uses (ARNs against the account and
    /// region typed above).
    static func ecsError(_ d: Form, _ key: String) -> String? {
        let v = d.text(ecsPrefix + key)
        let account = d.text("aws.account_id"), region = d.text("aws.region")
        switch key {
        case "execution_role_arn", "task_role_arn": return Rules.problem(FieldRules.iamRoleARN(v, accountID: account))
        case "target_group_arn": return Rules.problem(FieldRules.targetGroupARN(v, region: region, accountID: account))
        case "subnets", "security_groups":
            return AnswersTables.ecs.apply({ $0 == key ? v : nil }, onto: AnswersTables.ecs.blank, context: RuleContext()).1[key]
        case "cluster": return Rules.problem(FieldRules.ecsClusterName(v))
        case "desired_count": return Rules.problem(FieldRules.ecsDesiredCount(v))
        case "worker_desired_count": return Rules.problem(FieldRules.ecsWorkerDesiredCount(v))
        default: return nil
        }
    }

    /// The field's problem: its own `FieldRules` rule, else a cross-field problem the
    /// answers decoder finds (checked at each edit and at Enter).
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
        case let k where k.hasPrefix(ecsPrefix):
            own = ecsError(s.details, String(k.dropFirst(ecsPrefix.count)))
        case let k where k.hasPrefix(appPlatformPrefix):
            own = appPlatformError(s.details, String(k.dropFirst(appPlatformPrefix.count)))
        default: own = nil
        }
        return own ?? s.crossFieldIssues[id]
    }

    /// The details form with every stashed field of other targets appended (hidden from
    /// no one: this form is for reading values, never drawn).
    static func allFields(_ s: WizardState) -> Form {
        var fields = s.details.fields
        let shown = Set(fields.map(\.id))
        fields += s.detailsStash.values.filter { !shown.contains($0.id) }.sorted { $0.id < $1.id }
        var f = Form(fields: fields)
        f.focus = s.details.focus
        f.touched = s.details.touched
        f.submitted = s.details.submitted
        return f
    }

    /// Whether every field of `target`'s own section (not `app.*`) holds a valid value in
    /// `all` (fields hidden by a choice, e.g. App Platform's under "Droplet hybrid", are
    /// not required).
    static func sectionComplete(_ target: Target, _ s: WizardState, all: Form) -> Bool {
        guard target != .selfhosted else { return false }
        var probe = s
        probe.details = all
        probe.crossFieldIssues = [:]
        let ids = form(for: target, from: nil).fields.map(\.id).filter { !$0.hasPrefix("app.") }
        return ids.allSatisfy { id in
            guard let i = all.index(of: id) else { return false }
            return !all.isVisible(i) || error(probe, id) == nil
        }
    }

    /// Stashes every field (so other targets' values survive) and rebuilds the form for
    /// the chosen target from the stash, keeping what was typed.
    static func enter(_ s: inout WizardState) {
        let all = allFields(s)
        for field in all.fields { s.detailsStash[field.id] = field }
        var f = form(for: s.target, from: nil)
        f.keepValues(from: all)
        f.submitted = false
        s.details = f
    }

    /// Stashes the fields of every target's form pre-filled from `a` (the chosen target's
    /// are then shown by `enter`).
    static func stashAll(_ s: inout WizardState, from a: Answers) {
        s.detailsStash = [:]
        for t in Target.allCases {
            for field in form(for: t, from: a).fields where s.detailsStash[field.id] == nil { s.detailsStash[field.id] = field }
        }
    }

    /// Checks across fields as the operator types, like each field's own rule: the
    /// problems `AnswersCodec.decode` finds (e.g. an RDS endpoint in another region than
    /// `aws.region`), kept for the fields this form shows. Shown once a field is touched.
    static func refreshCrossFieldIssues(_ s: inout WizardState) {
        guard let answers = Wizard.answers(s) else { s.crossFieldIssues = [:]; return }
        let form = s.details
        s.crossFieldIssues = Rules.crossFieldIssues(answers).filter { form.index(of: $0.key) != nil }
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        let before = s.details
        let outcome = s.details.handle(key)
        if outcome == .handled, before.fields != s.details.fields { refreshCrossFieldIssues(&s) }
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
        let name = s.target == .digitalocean && platform(s.details) == .appPlatform
            ? "DigitalOcean App Platform" : s.target.displayName
        b.write("Details for \(name)", x: rect.x, y: rect.y, style: .title, maxWidth: rect.width)
        s.details.render(into: &b, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2),
                         labelWidth: 24, inputWidth: rect.width >= 100 ? 48 : 30) { error(s, $0) }
    }
}

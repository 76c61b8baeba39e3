import Foundation

/// Renders `aws/deploy-aws.sh` and `aws/README-aws.md` from the templates
/// `assets/aws/deploy-aws.sh.in` and `assets/aws/README-aws.md.in`. Pure.
public enum ECSDeployScript {
    /// Single-quotes `s` for bash (`'` becomes `'\''`), so any value is one literal word.
    public static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The script's configuration block: plain assignments of validated values, each quoted.
    static func configBlock(answers: Answers, aws: AWSSettings, ecs: ECSSettings, secrets: [SecretName]) -> String {
        let env = answers.environment
        let prefix = "freshtrack/\(env.rawValue)"
        let arnPrefix = "arn:aws:secretsmanager:\(aws.region):\(aws.accountID):secret:\(prefix)/"
        let pairs: [(String, String)] = [
            ("REGION", aws.region),
            ("ACCOUNT_ID", aws.accountID),
            ("CLUSTER", ecs.cluster),
            ("ENVIRONMENT", env.rawValue),
            ("VERSION", answers.app.version),
            ("APP_DOMAIN", answers.app.domain),
            ("REPOSITORY", ECSRenderer.repositoryName),
            ("REGISTRY", ECSRenderer.registry(aws)),
            ("BACKEND_SERVICE", ECSRenderer.serviceName(.backend, environment: env)),
            ("WORKER_SERVICE", ECSRenderer.serviceName(.worker, environment: env)),
            ("SECRET_PREFIX", prefix),
            ("SECRET_ARN_PREFIX", arnPrefix),
            ("SECRETS_DIR_SPEC", answers.secrets.dir),
            ("AUTOSCALING", ecs.maxCount == nil ? "0" : "1"),
        ]
        var lines = ["# --- configuration (from the answers file) ---"]
        lines += pairs.map { "\($0.0)=\(shellQuote($0.1))" }
        lines.append("SECRET_NAMES=(" + secrets.map { shellQuote($0.rawValue) }.joined(separator: " ") + ")")
        lines.append("# --- end of configuration ---")
        return lines.joined(separator: "\n")
    }

    /// The text of `aws/deploy-aws.sh`.
    /// - Throws: `PlanError` when the template lacks its `@@CONFIG@@` marker (a build defect).
    public static func render(answers: Answers, aws: AWSSettings, ecs: ECSSettings,
                              secrets: [SecretName]) throws(PlanError) -> String {
        let template = Assets.required("aws/deploy-aws.sh.in")
        guard template.contains("@@CONFIG@@") else {
            throw PlanError.templateMarkerMissing(template: "assets/aws/deploy-aws.sh.in", marker: "@@CONFIG@@")
        }
        return template.replacingOccurrences(
            of: "@@CONFIG@@", with: configBlock(answers: answers, aws: aws, ecs: ecs, secrets: secrets))
    }

    /// The text of `aws/README-aws.md`.
    /// - Throws: `PlanError` when a `{{NAME}}` placeholder is left unfilled (a build defect).
    public static func readme(answers: Answers, aws: AWSSettings, ecs: ECSSettings,
                              secrets: [SecretName]) throws(PlanError) -> String {
        let env = answers.environment
        let minio = (try BundleLayout.images(files: [BundleLayout.baseComposeFile]))["minio"] ?? "minio/minio"
        let values: [String: String] = [
            "MINIO_IMAGE": minio,
            "ENVIRONMENT": env.rawValue,
            "VERSION": answers.app.version,
            "ACCOUNT_ID": aws.accountID,
            "REGION": aws.region,
            "CLUSTER": ecs.cluster,
            "DOMAIN": answers.app.domain,
            "BACKEND_SIZE": ecs.backend.description,
            "WORKER_SIZE": ecs.worker.description,
            "DESIRED": String(ecs.desiredCount),
            "WORKER_DESIRED": String(ecs.workerDesiredCount),
            "SUBNETS": ecs.subnets.joined(separator: ", "),
            "SECURITY_GROUPS": ecs.securityGroups.joined(separator: ", "),
            "RDS": aws.rdsEndpoint,
            "DATABASE_NAME": aws.databaseName,
            "DATABASE_USER": aws.databaseUser,
            "ELASTICACHE": aws.elasticacheEndpoint,
            "S3_BUCKET": aws.s3Bucket,
            "TARGET_GROUP": ecs.targetGroupARN,
            "EXECUTION_ROLE": ecs.executionRoleARN,
            "TASK_ROLE": ecs.taskRoleARN,
            "SECRET_ARN_PATTERN": "arn:aws:secretsmanager:\(aws.region):\(aws.accountID):secret:freshtrack/\(env.rawValue)/*",
            "SECRET_PREFIX": "freshtrack/\(env.rawValue)",
            "SECRET_LIST": secrets.map { "`\($0.rawValue)`" }.joined(separator: ", "),
            "REPOSITORY": ECSRenderer.repositoryName,
            "REGISTRY": ECSRenderer.registry(aws),
            "LOG_GROUP": ecs.logGroup,
            "SECRETS_DIR": answers.secrets.dir,
            "BACKEND_SERVICE": ECSRenderer.serviceName(.backend, environment: env),
            "WORKER_SERVICE": ECSRenderer.serviceName(.worker, environment: env),
        ]
        let text = TemplateFill.fill(Assets.required("aws/README-aws.md.in"), values)
        if let r = text.range(of: "{{") {
            let rest = text[r.lowerBound...].prefix(40)
            throw PlanError.unfilledPlaceholder(template: "assets/aws/README-aws.md.in", near: String(rest))
        }
        return text
    }
}

/// Field rules of the `aws.ecs:` answers, in `FieldRules`' shape (text in, value or problem
/// out), shared by `AnswersCodec.decode`, `ECSSettings.validate` and the wizard.
extension FieldRules {
    /// `aws.ecs.cluster`: 1-255 letters, digits, hyphens or underscores.
    public static func ecsClusterName(_ text: String) -> Result<String, FieldProblem> {
        ECSRules.isClusterName(text) ? .success(text)
            : .failure(FieldProblem("must be 1-255 letters, digits, hyphens or underscores (an ECS cluster name)"))
    }

    /// `aws.ecs.execution_role_arn`, `aws.ecs.task_role_arn`: an IAM role ARN in `accountID`.
    public static func iamRoleARN(_ text: String, accountID: String) -> Result<String, FieldProblem> {
        ECSRules.roleARNProblem(text, accountID: accountID).map { .failure(FieldProblem($0)) } ?? .success(text)
    }

    /// `aws.ecs.target_group_arn`: an ALB target group ARN in `region` and `accountID`.
    public static func targetGroupARN(_ text: String, region: String, accountID: String) -> Result<String, FieldProblem> {
        ECSRules.targetGroupARNProblem(text, region: region, accountID: accountID).map { .failure(FieldProblem($0)) }
            ?? .success(text)
    }

    /// One entry of `aws.ecs.subnets`: `subnet-` and 8 or 17 lowercase hex digits.
    public static func subnetID(_ text: String) -> Result<String, FieldProblem> {
        ECSRules.isResourceID(text, prefix: "subnet") ? .success(text)
            : .failure(FieldProblem("must be a subnet id: subnet- followed by 8 or 17 lowercase hex digits"))
    }

    /// One entry of `aws.ecs.security_groups`: `sg-` and 8 or 17 lowercase hex digits.
    public static func securityGroupID(_ text: String) -> Result<String, FieldProblem> {
        ECSRules.isResourceID(text, prefix: "sg") ? .success(text)
            : .failure(FieldProblem("must be a security group id: sg- followed by 8 or 17 lowercase hex digits"))
    }

    /// `aws.ecs.desired_count`: backend tasks, a whole number from 1 to 100 (the seed runs 2).
    public static func ecsDesiredCount(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 1...100, rule: "must be a whole number from 1 to 100 (backend tasks; the seed runs 2)")
    }

    /// `aws.ecs.worker_desired_count`: worker tasks, a whole number from 0 to 100.
    public static func ecsWorkerDesiredCount(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 0...100, rule: "must be a whole number from 0 to 100 (worker tasks)")
    }

    /// `aws.ecs.<backend|worker>.cpu`: a Fargate task CPU value (CPU units, 1024 = 1 vCPU).
    public static func fargateCPU(_ text: String) -> Result<Int, FieldProblem> {
        let cpus = FargateSizes.rows.map(\.cpu)
        let rule = "must be a Fargate task CPU value: \(cpus.map(String.init).joined(separator: ", ")) (CPU units, 1024 = 1 vCPU)"
        return wholeNumber(text, in: 0...Int.max, rule: rule).flatMap {
            cpus.contains($0) ? .success($0) : .failure(FieldProblem(rule))
        }
    }

    /// `aws.ecs.<backend|worker>.memory`: MiB that Fargate allows with `cpu`
    /// (`assets/aws/fargate-task-sizes.yaml`, from the Amazon ECS Developer Guide).
    public static func fargateMemory(_ text: String, cpu: Int) -> Result<Int, FieldProblem> {
        guard let row = FargateSizes.rows.first(where: { $0.cpu == cpu }) else {
            return wholeNumber(text, in: 1...Int.max, rule: "must be a whole number of MiB")
        }
        let rule = "is not a memory value Fargate allows with cpu \(cpu); allowed: \(row.memoryText) (MiB)"
        return wholeNumber(text, in: 1...Int.max, rule: rule).flatMap {
            row.memoryMiB.contains($0) ? .success($0) : .failure(FieldProblem(rule))
        }
    }

    /// `aws.ecs.log_group`: a CloudWatch Logs group name.
    public static func logGroupName(_ text: String) -> Result<String, FieldProblem> {
        ECSRules.isLogGroupName(text) ? .success(text)
            : .failure(FieldProblem("must be 1-512 characters of letters, digits, '_', '-', '/', '.', '#' (a CloudWatch Logs group)"))
    }

    /// `aws.ecs.health_check_grace_period_seconds`: seconds, 0 to 7200.
    public static func healthCheckGracePeriod(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 0...7200, rule: "must be a whole number of seconds from 0 to 7200")
    }

    /// `aws.ecs.max_count`: the autoscaling ceiling, greater than `desired_count`, at most 100.
    public static func ecsMaxCount(_ text: String, desiredCount: Int) -> Result<Int, FieldProblem> {
        let low = min(desiredCount + 1, 100)
        return wholeNumber(text, in: low...100,
                           rule: "must be a whole number from \(low) to 100: greater than desired_count \(desiredCount) (omit it for a fixed number of tasks)")
    }

    /// `aws.ecs.target_cpu_percent`: the average CPU percent autoscaling keeps, 10 to 90.
    public static func ecsTargetCPUPercent(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 10...90, rule: "must be a whole number of percent from 10 to 90")
    }
}

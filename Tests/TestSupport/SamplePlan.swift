import DeployKit

/// The hand-built plan that `bundle-fault-helper` writes and BundleWriterTests compare
/// against (the planner is not involved): compose-like files whose text names `variant`
/// (1, 2, 3...), and secrets whose value names it too, so a wrongly overwritten secret shows.
/// Odd variants are self-hosted (`compose.production.yaml`), even ones AWS
/// (`compose.aws.yaml`); from variant 2 on there is also `secrets/rds_password.txt`.
public func samplePlan(variant: Int) -> Plan {
    func text(_ name: String, lines: Int) -> [UInt8] {
        var s = "# \(name), variant \(variant)\n"
        for i in 0..<lines { s += "key_\(i): value \(i) of variant \(i % 3 == 0 ? variant : 0)\n" }
        return Array(s.utf8)
    }
    var files: [PlannedFile] = [
        PlannedFile(path: "secrets/postgres_password.txt", contents: Array("pg-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 70, gid: 70, name: "postgres"), kind: .secret(.postgresPassword)),
        PlannedFile(path: "secrets/postgres_password.backend.txt", contents: Array("pg-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.postgresPassword)),
        PlannedFile(path: "secrets/stack_auth_secret.txt", contents: Array("auth-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.stackAuthSecret)),
        PlannedFile(path: "docker-compose.yml", contents: text("docker-compose.yml", lines: 40), mode: 0o644, kind: .compose),
        PlannedFile(path: variant % 2 == 1 ? "compose.production.yaml" : "compose.aws.yaml",
                    contents: text("overlay", lines: 20), mode: 0o644, kind: .compose),
        PlannedFile(path: ".env", contents: text(".env", lines: 10), mode: 0o644, kind: .env),
        PlannedFile(path: "Caddyfile", contents: Array("{$DOMAIN} {\n\treverse_proxy backend:3000\n}\n".utf8), mode: 0o644, kind: .caddyfile),
    ]
    if variant >= 2 {
        files.insert(PlannedFile(path: "secrets/rds_password.txt", contents: Array("rds-secret-v\(variant)".utf8), mode: 0o600,
                                 owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.rdsPassword)), at: 0)
    }
    return Plan(target: variant % 2 == 1 ? .selfhosted : .aws, environment: .production,
                directories: [PlannedDirectory(path: "secrets", mode: 0o700)],
                files: files, warnings: [], nextCommand: "docker compose up -d")
}

/// The answers that go with `samplePlan` (100 users, USD 100 per month, app 1.1.0 at
/// example.com).
public func sampleAnswers() -> Answers {
    Answers(needs: Needs(users: 100, budgetUSDPerMonth: 100), app: AppSettings(version: "1.1.0", domain: "example.com"))
}

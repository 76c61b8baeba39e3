import Testing
@testable import DeployKit

@Suite struct PlannerTests {
    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func sameInputsGiveByteIdenticalPlans(target: Target, environment: DeployEnvironment) throws {
        let a = try Planner.plan(RenderFixtures.inputs(target, environment))
        let b = try Planner.plan(RenderFixtures.inputs(target, environment))
        #expect(a == b)
        #expect(a.target == target && a.environment == environment)
        #expect(a.nextCommand == "docker compose up -d")
    }

    /// `.env`'s ACME_CA follows app.acme_ca, else the environment's default; a staging bundle
    /// says that its certificate is an untrusted staging one, unless acme_ca was chosen.
    @Test(arguments: [Target.selfhosted, .digitalocean])
    func acmeDirectoryReachesEnvAndStagingSaysItsCertificateIsUntrusted(target: Target) throws {
        func plan(_ environment: DeployEnvironment, ca: String? = nil) throws -> Plan {
            var inputs = RenderFixtures.inputs(target, environment)
            inputs.answers.app.acmeCA = ca
            return try Planner.plan(inputs)
        }
        let untrusted = { (p: Plan) in p.warnings.contains { $0.hasPrefix("Staging gets its certificate from Let's Encrypt's staging CA") } }
        let production = try plan(.production), staging = try plan(.staging)
        let own = try plan(.staging, ca: "https://ca.internal.example.net/acme/directory")
        #expect(production.text(".env")?.contains("\nACME_CA='\(ACMEDirectory.letsEncrypt)'\n") == true)
        #expect(staging.text(".env")?.contains("\nACME_CA='\(ACMEDirectory.letsEncryptStaging)'\n") == true)
        #expect(own.text(".env")?.contains("\nACME_CA='https://ca.internal.example.net/acme/directory'\n") == true)
        #expect(!untrusted(production) && untrusted(staging) && !untrusted(own))
    }

    @Test func fileListPerTargetAndEnvironment() throws {
        func paths(_ t: Target, _ e: DeployEnvironment) throws -> [String] {
            try Planner.plan(RenderFixtures.inputs(t, e)).files.filter { !$0.kind.isSecret }.map(\.path)
        }
        let tail = [".env", ".gitignore", "freshtrack-answers.yaml"]
        #expect(try paths(.selfhosted, .production) == ["docker-compose.yml", "compose.production.yaml", "Caddyfile"] + tail)
        #expect(try paths(.digitalocean, .staging) == ["docker-compose.yml", "compose.digitalocean.yaml", "compose.staging.yaml", "Caddyfile"] + tail)
        #expect(try paths(.aws, .production) == ["docker-compose.yml", "compose.aws.yaml"] + tail)
        #expect(try paths(.aws, .dev) == ["docker-compose.yml", "compose.dev.yaml"] + tail)
    }

    @Test func compose_file_matches_the_files_written() throws {
        let plan = try Planner.plan(RenderFixtures.inputs(.digitalocean, .staging))
        let env = try #require(plan.text(".env"))
        #expect(env.contains("\nCOMPOSE_FILE='docker-compose.yml:compose.digitalocean.yaml:compose.staging.yaml'\n"))
        // Each compose file is the asset, byte for byte.
        for file in plan.files where file.kind == .compose {
            #expect(file.contents == Array(Assets.required("compose/" + file.path).utf8))
            #expect(file.mode == 0o644)
        }
    }

    @Test func selfhostedSecretsGetOneFilePerContainerUser() throws {
        let plan = try Planner.plan(RenderFixtures.inputs(.selfhosted))
        let secrets = plan.files.filter { $0.kind.isSecret }
        let owners = Dictionary(uniqueKeysWithValues: secrets.map { ($0.path, $0.owner?.uid) })
        #expect(owners == [
            "secrets/minio_root_password.txt": 0,
            "secrets/minio_root_password.nodejs.txt": 1001,
            "secrets/postgres_password.txt": 70,
            "secrets/postgres_password.nodejs.txt": 1001,
            "secrets/redis_password.txt": 999,
            "secrets/redis_password.nodejs.txt": 1001,
            "secrets/stack_auth_secret.txt": 1001,
        ])
        for s in secrets {
            #expect(s.mode == 0o600)
            #expect(s.action == .create)
            #expect(s.contents.last != UInt8(ascii: "\n"))
        }
        // Copies of one secret hold the same bytes.
        #expect(plan.file("secrets/postgres_password.txt")?.contents == plan.file("secrets/postgres_password.nodejs.txt")?.contents)
        #expect(plan.directories == [PlannedDirectory(path: "secrets", mode: 0o700)])
        // Write order: secrets first.
        let firstNonSecret = try #require(plan.files.firstIndex { !$0.kind.isSecret })
        #expect(plan.files[..<firstNonSecret].allSatisfy { $0.kind.isSecret })
        #expect(plan.files[firstNonSecret...].allSatisfy { !$0.kind.isSecret })
    }

    @Test func digitaloceanAndAWSUseTheOperatorsSecrets() throws {
        let d = try Planner.plan(RenderFixtures.inputs(.digitalocean))
        #expect(Set(d.files.filter { $0.kind.isSecret }.map(\.path)) == [
            "secrets/do_database_password.txt", "secrets/redis_password.txt", "secrets/redis_password.nodejs.txt",
            "secrets/spaces_access_key.txt", "secrets/spaces_secret_key.txt", "secrets/stack_auth_secret.txt",
        ])
        #expect(d.file("secrets/do_database_password.txt")?.contents == Array("providedDoDatabasePassword123".utf8))
        #expect(d.file("secrets/do_database_password.txt")?.owner?.name == "nodejs")
        let a = try Planner.plan(RenderFixtures.inputs(.aws))
        #expect(Set(a.files.filter { $0.kind.isSecret }.map(\.path)) == ["secrets/rds_password.txt", "secrets/stack_auth_secret.txt"])
    }

    @Test func elastiCacheTokenAddsItsOverlayAndSecret() throws {
        var inputs = RenderFixtures.inputs(.aws, .staging)
        inputs.providedSecrets[.elasticacheAuthToken] = SecretValue("providedElastiCacheToken123")
        let plan = try Planner.plan(inputs)
        #expect(plan.file("compose.elasticache-auth.yaml") != nil)
        #expect(plan.file("secrets/elasticache_auth_token.txt")?.owner?.uid == 1001)
        #expect(plan.text(".env")?.contains("COMPOSE_FILE='docker-compose.yml:compose.aws.yaml:compose.elasticache-auth.yaml:compose.staging.yaml'") == true)
    }

    @Test func existingSecretIsKeptAndFillsMissingCopies() throws {
        let existing = ExistingBundle(secrets: ["secrets/postgres_password.txt": SecretValue("oldPostgresPassword42")])
        let plan = try Planner.plan(RenderFixtures.inputs(.selfhosted, existing: existing))
        let kept = try #require(plan.file("secrets/postgres_password.txt"))
        #expect(kept.action == .keep)
        #expect(kept.contents == Array("oldPostgresPassword42".utf8))
        let copy = try #require(plan.file("secrets/postgres_password.nodejs.txt"))
        #expect(copy.action == .create)
        #expect(copy.contents == Array("oldPostgresPassword42".utf8))
    }

    @Test func existingCopyWinsOverAProvidedValueWithAWarning() throws {
        var inputs = RenderFixtures.inputs(.aws)
        inputs.existing = ExistingBundle(secrets: ["secrets/rds_password.txt": SecretValue("theOldRdsPassword")])
        let plan = try Planner.plan(inputs)
        #expect(plan.file("secrets/rds_password.txt")?.contents == Array("theOldRdsPassword".utf8))
        #expect(plan.file("secrets/rds_password.txt")?.action == .keep)
        #expect(plan.warnings.contains { $0.contains("rds_password") && $0.contains("kept") })
        #expect(!plan.warnings.joined().contains("theOldRdsPassword") && !plan.warnings.joined().contains("providedRdsPassword"))
    }

    @Test func missingOperatorSecretNamesTheSecretAndHowToProvideIt() throws {
        var inputs = RenderFixtures.inputs(.digitalocean)
        inputs.providedSecrets[.spacesSecretKey] = nil
        #expect {
            try Planner.plan(inputs)
        } throws: { error in
            guard let error = error as? PlanError, case .secretHasNoValue(.spacesSecretKey, target: .digitalocean, _) = error else { return false }
            let message = error.description
            return message.contains("spaces_secret_key") && message.contains("secrets.sources") && message.contains("file:PATH")
        }
    }

    @Test func actionsCompareWithTheExistingBundle() throws {
        let first = try Planner.plan(RenderFixtures.inputs(.selfhosted))
        var files: [String: [UInt8]] = [:]
        for f in first.files where !f.kind.isSecret { files[f.path] = f.contents }
        files["Caddyfile"] = Array("old".utf8)
        files[".env"] = nil
        var secrets: [String: SecretValue] = [:]
        for f in first.files where f.kind.isSecret { secrets[f.path] = SecretValue(bytes: f.contents) }
        let again = try Planner.plan(RenderFixtures.inputs(.selfhosted, existing: ExistingBundle(files: files, secrets: secrets)))
        #expect(again.file("docker-compose.yml")?.action == .unchanged)
        #expect(again.file("Caddyfile")?.action == .update)
        #expect(again.file(".env")?.action == .create)
        #expect(again.files.filter { $0.kind.isSecret }.allSatisfy { $0.action == .keep })
        // A re-run with every file in place keeps the secrets' bytes: same secret contents.
        #expect(again.files.filter { $0.kind.isSecret } .map(\.contents) == first.files.filter { $0.kind.isSecret }.map(\.contents))
    }

    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func noSecretValueInAnyNonSecretFile(target: Target, environment: DeployEnvironment) throws {
        let plan = try Planner.plan(RenderFixtures.inputs(target, environment))
        let values = plan.files.filter { $0.kind.isSecret }.map { String(decoding: $0.contents, as: UTF8.self) }
        #expect(!values.isEmpty)
        for file in plan.files where !file.kind.isSecret {
            let text = String(decoding: file.contents, as: UTF8.self)
            for v in values { #expect(!text.contains(v), "\(file.path) holds a secret value") }
            #expect(!file.contents.starts(with: [0xEF, 0xBB, 0xBF]))
        }
    }

    @Test func aSecretUsedAsASettingIsRefused() throws {
        var inputs = RenderFixtures.inputs(.aws)
        inputs.answers.aws?.databaseUser = "providedRdsPassword0123456789"
        #expect {
            try Planner.plan(inputs)
        } throws: { error in
            guard case .secretInFile(_, secret: .rdsPassword)? = error as? PlanError else { return false }
            return true
        }
    }

    @Test(arguments: ["latest", "LATEST", "", "-rc1", "1.0 beta", "v1:2"])
    func badImageTagsAreRefused(tag: String) {
        var inputs = RenderFixtures.inputs(.selfhosted)
        inputs.answers.app.version = tag
        #expect {
            try Planner.plan(inputs)
        } throws: { error in
            guard case .answerRefused(field: "app.version", _)? = error as? PlanError else { return false }
            return true
        }
    }

    @Test func redisPasswordThatCannotGoIntoRedisConfIsRefused() {
        var inputs = RenderFixtures.inputs(.selfhosted)
        inputs.providedSecrets[.redisPassword] = SecretValue("has \"quote\" and space")
        #expect {
            try Planner.plan(inputs)
        } throws: { error in
            guard case .secretValueRefused(.redisPassword, let problem)? = error as? PlanError else { return false }
            return problem.contains("redis.conf")
        }
    }

    @Test func missingSectionsAndEmailAreReported() {
        var d = RenderFixtures.inputs(.digitalocean)
        d.answers.digitalocean = nil
        #expect { try Planner.plan(d) } throws: { error in
            guard case .sectionRequired(section: "digitalocean", target: .digitalocean, _)? = error as? PlanError else { return false }
            return "\(error)".hasPrefix("digitalocean: section is required")
        }
        var s = RenderFixtures.inputs(.selfhosted)
        s.answers.app.acmeEmail = nil
        #expect { try Planner.plan(s) } throws: { error in
            guard case .answerRequired(field: "app.acme_email", target: .selfhosted, _)? = error as? PlanError else { return false }
            return "\(error)".hasPrefix("app.acme_email is required for target selfhosted")
        }
        // AWS and dev run no Caddy: no e-mail needed.
        var a = RenderFixtures.inputs(.aws)
        a.answers.app.acmeEmail = nil
        #expect(throws: Never.self) { try Planner.plan(a) }
    }

    @Test(arguments: ["", ".", "/", "../up", "a/../b"])
    func badSecretsDirIsRefused(dir: String) {
        var inputs = RenderFixtures.inputs(.selfhosted)
        inputs.answers.secrets.dir = dir
        #expect { try Planner.plan(inputs) } throws: { error in
            guard case .answerRefused(field: "secrets.dir", _)? = error as? PlanError else { return false }
            return "\(error)".hasPrefix("secrets.dir: \(dir.debugDescription)")
        }
    }

    @Test func absoluteAndNestedSecretsDirs() throws {
        var inputs = RenderFixtures.inputs(.aws)
        inputs.answers.secrets.dir = "/opt/freshtrack-pro/secrets/"
        let plan = try Planner.plan(inputs)
        #expect(plan.directories.map(\.path) == ["/opt/freshtrack-pro/secrets"])
        #expect(plan.file("/opt/freshtrack-pro/secrets/rds_password.txt") != nil)
        #expect(plan.text(".env")?.contains("\nSECRETS_DIR='/opt/freshtrack-pro/secrets'\n") == true)
        inputs.answers.secrets.dir = "./private/keys"
        let nested = try Planner.plan(inputs)
        #expect(nested.text(".gitignore") == "# Written by freshtrack-deploy: keeps secrets, local settings and backups out of git.\nsecrets/\n/private/keys/\n.env\n*.bak.*\n.freshtrack.lock\n.freshtrack-journal.json\n")
    }

    @Test func gitignoreAnswersFileAndModes() throws {
        let plan = try Planner.plan(RenderFixtures.inputs(.selfhosted))
        #expect(plan.text(".gitignore")?.split(separator: "\n").dropFirst() == ["secrets/", ".env", "*.bak.*", ".freshtrack.lock", ".freshtrack-journal.json"])
        let answers = try #require(plan.file("freshtrack-answers.yaml"))
        #expect(answers.kind == .answers && answers.mode == 0o644)
        #expect(answers.contents == Array(AnswersCodec.encode(RenderFixtures.answers(.selfhosted)).utf8))
        #expect(plan.file(".env")?.mode == 0o600)
    }

    @Test func operatorWarningsNameWhatMustBeCreated() throws {
        let d = try Planner.plan(RenderFixtures.inputs(.digitalocean))
        #expect(d.warnings.contains { $0.contains("managed PostgreSQL") && $0.contains("trusted sources") })
        #expect(d.warnings.contains { $0.contains("Spaces bucket freshtrack-files") })
        let a = try Planner.plan(RenderFixtures.inputs(.aws))
        #expect(a.warnings.contains { $0.contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0") })
        #expect(a.warnings.contains { $0.contains("Application Load Balancer") })
    }

    @Test func envFileHasEveryAnswerValueAndACommentPerVariable() throws {
        let plan = try Planner.plan(RenderFixtures.inputs(.digitalocean))
        let text = try #require(plan.text(".env"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in lines.enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            #expect(i > 0 && lines[i - 1].hasPrefix("# "), "\(line) has no comment")
        }
        for expected in ["DATABASE_HOST='db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com'",
                         "DATABASE_PORT='25060'", "S3_ENDPOINT='https://nyc3.digitaloceanspaces.com'",
                         "DOMAIN='track.example.com'", "ACME_EMAIL='ops@example.com'", "FRESHTRACK_VERSION='1.1.0'"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
    }
}

@Suite struct PlannerSecretPathsTests {
    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func secretPathsAreExactlyThePlannedSecretFiles(target: Target, environment: DeployEnvironment) throws {
        let inputs = RenderFixtures.inputs(target, environment)
        let plan = try Planner.plan(inputs)
        #expect(try Planner.secretPaths(for: inputs.answers) == plan.files.filter { $0.kind.isSecret }.map(\.path))
    }
}

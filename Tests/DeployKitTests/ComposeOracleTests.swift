import DeployKit
import Foundation
import Testing
import TestSupport

/// Every target x environment, from the example answers and from generated variants, is
/// written to a temp dir and checked by the real Docker Compose v2.40.3 and Caddy.
@Suite struct ComposeOracleTests {
    struct Variant: CustomStringConvertible, Sendable {
        var description: String
        var apply: @Sendable (inout Answers, String) -> Void
        var elastiCache = false
    }

    static let variants: [Variant] = [
        Variant(description: "example") { _, _ in },
        Variant(description: "odd characters") { a, _ in
            a.app.version = "2.0.0-rc.1_b7"
            a.app.domain = "app.staging.example.co.uk"
            a.secrets.dir = "./my secrets/$HOME #1 \"x\"/"
            a.digitalocean?.databaseUser = "user$name #x \"q\""
            a.digitalocean?.databaseName = "free track"
            a.digitalocean?.spacesBucket = "freshtrack-files-2026"
            a.aws?.databaseUser = "u$er #1"
            a.aws?.s3Bucket = "freshtrack.files.eu"
            a.aws?.region = "eu-central-1"
            a.app.acmeCA = "https://ca.internal.example.net:14000/acme/dir?x=$y&z=1#f"
        },
        Variant(description: "single quotes") { a, _ in
            a.secrets.dir = "it's secrets"
            a.app.acmeEmail = "o'brien@example.com"
            a.digitalocean?.databaseName = "it's $db"
            a.aws?.databaseName = "it's $db"
        },
        Variant(description: "absolute secrets dir") { a, dir in
            a.secrets.dir = dir + "/abs secrets"
        },
        Variant(description: "elasticache token", apply: { a, _ in
            a.secrets.sources[.elasticacheAuthToken] = .env("ELASTICACHE_AUTH_TOKEN")
        }, elastiCache: true),
    ]

    static let dataServices: Set<String> = ["postgres", "redis", "minio"]

    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func realComposeAcceptsEveryVariant(target: Target, environment: DeployEnvironment) throws {
        let compose = try DockerCompose.require()
        for variant in Self.variants {
            let dir = TempDirectory.make("freshtrack-render-\(target.rawValue)-\(environment.rawValue)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var answers = RenderFixtures.answers(target, environment)
            variant.apply(&answers, dir)
            let plan = try Planner.plan(PlanInputs(
                answers: answers, providedSecrets: RenderFixtures.provided(target, elastiCache: variant.elastiCache),
                generator: RenderFixedGenerator()))
            try TestBundle.write(plan, into: dir)
            try checkWithCompose(compose: compose, plan: plan, answers: answers, dir: dir, label: "\(target)/\(environment)/\(variant)")
        }
    }

    /// Generated variants: seeded (reproducible) random domains, versions, bucket names,
    /// database names/users and secrets dirs, the free-text ones drawn from an alphabet
    /// full of characters .env and YAML care about.
    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func generatedVariantsStayValid(target: Target, environment: DeployEnvironment) throws {
        let compose = try DockerCompose.require()
        for seed in UInt64(1)...4 {
            var rng = SplitMix64(seed: seed &* 7919 &+ UInt64(target.rawValue.count * 31 + environment.rawValue.count))
            var answers = RenderFixtures.answers(target, environment)
            let label = "generated seed \(seed) \(target)/\(environment)"
            answers.app.domain = rng.domain()
            answers.app.version = rng.version()
            answers.app.acmeEmail = "ops+\(rng.word(4))@\(rng.domain())"
            let odd = rng.oddText(length: 12)
            answers.secrets.dir = "s " + odd.replacingOccurrences(of: "/", with: "_")
            answers.digitalocean?.spacesBucket = rng.bucket()
            answers.digitalocean?.databaseUser = rng.oddText(length: 10)
            answers.digitalocean?.databaseName = rng.oddText(length: 8)
            answers.digitalocean?.databasePort = Int(rng.next() % 40000) + 1024
            answers.aws?.s3Bucket = rng.bucket()
            answers.aws?.databaseUser = rng.oddText(length: 10)
            answers.aws?.databaseName = rng.oddText(length: 8)
            answers.aws?.accountID = String((0..<12).map { _ in Character(String(rng.next() % 10)) })
            let dir = TempDirectory.make("freshtrack-render-gen")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let plan = try Planner.plan(PlanInputs(answers: answers, providedSecrets: RenderFixtures.provided(target),
                                                   generator: RenderFixedGenerator(salt: "S\(seed)")))
            try TestBundle.write(plan, into: dir)
            try checkWithCompose(compose: compose, plan: plan, answers: answers, dir: dir, label: label)
        }
    }

    /// The shipped example answers (`assets/examples/*.yaml`, decoded by the real codec), in
    /// every environment. An absolute secrets dir is moved into the temp dir.
    @Test(arguments: ["selfhosted", "digitalocean", "aws", "recommended"], DeployEnvironment.allCases)
    func exampleAnswersGiveBundlesComposeAccepts(example: String, environment: DeployEnvironment) throws {
        let compose = try DockerCompose.require()
        let yaml = try #require(Assets.text("examples/\(example).yaml"), "assets/examples/\(example).yaml missing")
        var answers = try AnswersCodec.decode(yaml)
        answers.environment = environment
        let dir = TempDirectory.make("freshtrack-render-example-\(example)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        if answers.secrets.dir.hasPrefix("/") { answers.secrets.dir = dir + answers.secrets.dir }
        let target = answers.resolvedTarget
        let plan = try Planner.plan(PlanInputs(
            answers: answers,
            providedSecrets: RenderFixtures.provided(target, elastiCache: answers.secrets.sources[.elasticacheAuthToken] != nil),
            generator: RenderFixedGenerator()))
        try TestBundle.write(plan, into: dir)
        try checkWithCompose(compose: compose, plan: plan, answers: answers, dir: dir, label: "example \(example)/\(environment)")
        // The answers file in the bundle reads back to the same answers.
        let written = try #require(plan.files.first { $0.kind == .answers })
        #expect(try AnswersCodec.decode(String(decoding: written.contents, as: UTF8.self)) == answers)
    }

    /// Runs `config` both through COMPOSE_FILE in .env and with explicit -f flags, then
    /// inspects the merged model.
    func checkWithCompose(compose: String, plan: Plan, answers: Answers, dir: String, label: String) throws {
        let comment = Comment(rawValue: label)
        // 1. Plain `docker compose config -q` in the bundle dir: COMPOSE_FILE from .env.
        let quiet = try Subprocess.isolated(compose, ["config", "-q"], in: dir)
        #expect(quiet.status == 0, comment)
        #expect(quiet.stderr.isEmpty, "\(label): stderr: \(quiet.stderr)")

        // 2. Explicit -f list (the order COMPOSE_FILE says) and the JSON model.
        let files = plan.files.filter { $0.kind == .compose }.map(\.path)
        let args = files.flatMap { ["-f", $0] } + ["config", "--format", "json"]
        let json = try Subprocess.isolated(compose, args, in: dir)
        #expect(json.status == 0, comment)
        #expect(json.stderr.isEmpty, "\(label): stderr: \(json.stderr)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], comment)
        let services = try #require(model["services"] as? [String: [String: Any]], comment)

        let secretFiles = plan.files.filter { $0.kind.isSecret }
        let secretValues = Set(secretFiles.map { String(decoding: $0.contents, as: UTF8.self) })
        let topSecrets = model["secrets"] as? [String: [String: Any]] ?? [:]

        // Expected running services.
        let expected: Set<String> = {
            if plan.environment == .dev { return ["backend", "worker", "postgres", "redis", "minio"] }
            switch plan.target {
            case .selfhosted: return ["backend", "worker", "postgres", "redis", "minio", "caddy"]
            case .digitalocean: return ["backend", "worker", "redis", "caddy"]
            case .aws: return ["backend", "worker"]
            }
        }()
        #expect(Set(services.keys) == expected, comment)

        for (name, service) in services {
            let where_ = "\(label) service \(name)"
            // Pinned image.
            let image = try #require(service["image"] as? String, "\(where_): no image")
            let lastPart = image.split(separator: "/").last.map(String.init) ?? image
            let tag = lastPart.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init)
            #expect(tag != nil && tag != "latest" && !(tag ?? "").isEmpty, "\(where_): image \(image) is not pinned")
            if name == "backend" || name == "worker" {
                #expect(tag == answers.app.version, "\(where_): image \(image)")
                if plan.target == .aws && plan.environment != .dev {
                    #expect(image == "\(answers.aws!.accountID).dkr.ecr.\(answers.aws!.region).amazonaws.com/freshtrack-backend:\(answers.app.version)", "\(where_)")
                }
            }
            // Containers that run as a fixed non-root user say so, and it is the user the
            // secret files are owned for (postgres starts as root and drops to uid 70 itself).
            if ["backend", "worker", "redis"].contains(name) {
                let user = try #require(ImageUsers.user(forImage: image), "\(where_): image \(image) not in image-users.yaml")
                #expect(service["user"] as? String == "\(user.owner.uid):\(user.owner.gid)", "\(where_): user \(String(describing: service["user"]))")
                #expect(user.owner.uid != 0, "\(where_): runs as root")
            }
            // Log rotation and restart policy.
            let logging = service["logging"] as? [String: Any]
            let options = logging?["options"] as? [String: Any]
            #expect(logging?["driver"] as? String == "json-file", "\(where_): logging")
            #expect(options?["max-size"] != nil && options?["max-file"] != nil, "\(where_): no rotation")
            #expect(service["restart"] as? String == "unless-stopped", "\(where_): restart")
            // No data-service port on a public interface; in production none at all.
            for port in service["ports"] as? [[String: Any]] ?? [] {
                if Self.dataServices.contains(name) {
                    #expect(plan.environment == .dev, "\(where_): data service publishes \(port)")
                    #expect(port["host_ip"] as? String == "127.0.0.1", "\(where_): port \(port) not on 127.0.0.1")
                }
                if plan.environment == .dev {
                    #expect(port["host_ip"] as? String == "127.0.0.1", "\(where_): dev port \(port) not on 127.0.0.1")
                }
            }
            // Environment: no secret values, never X together with X_FILE.
            let environment = service["environment"] as? [String: Any] ?? [:]
            for (key, raw) in environment {
                let value = (raw as? String ?? "").replacingOccurrences(of: "$$", with: "$")
                #expect(!secretValues.contains(value), "\(where_): environment \(key) holds a secret value")
                if key.hasSuffix("_FILE") {
                    let plain = String(key.dropLast(5))
                    #expect(environment[plain] == nil, "\(where_): both \(plain) and \(key)")
                    // Every *_FILE points at a mounted secret.
                    let target = (raw as? String ?? "").replacingOccurrences(of: "/run/secrets/", with: "")
                    let mounted = (service["secrets"] as? [[String: Any]] ?? []).map { ($0["target"] as? String) ?? ($0["source"] as? String ?? "") }
                    #expect(mounted.contains(target), "\(where_): \(key) points at \(raw) which is not a mounted secret")
                }
            }
            // Secrets: every source exists in the plan, owned by the image's user, 0600.
            for secret in service["secrets"] as? [[String: Any]] ?? [] {
                let source = try #require(secret["source"] as? String, "\(where_)")
                let file = try #require((topSecrets[source]?["file"] as? String)?.replacingOccurrences(of: "$$", with: "$"), "\(where_): secret \(source) has no file")
                let planned = secretFiles.first { TestBundle.absolute($0.path, in: dir) == file }
                #expect(planned != nil, "\(where_): secret \(source) -> \(file) is not in the plan")
                #expect(FileManager.default.fileExists(atPath: file), "\(where_): \(file) not written")
                let user = ImageUsers.user(forImage: image)
                #expect(user != nil, "\(where_): image \(image) missing from image-users.yaml")
                #expect(planned?.owner == user?.owner, "\(where_): \(file) owned by \(String(describing: planned?.owner)), container runs as \(String(describing: user?.owner))")
                #expect(planned?.mode == 0o600, "\(where_)")
            }
        }

        // Answer values round-trip through .env exactly (quoting of $, #, quotes, spaces).
        let backendEnv = services["backend"]?["environment"] as? [String: Any] ?? [:]
        func value(_ key: String) -> String? { (backendEnv[key] as? String)?.replacingOccurrences(of: "$$", with: "$") }
        #expect(value("PUBLIC_URL") == "https://\(answers.app.domain)", comment)
        if plan.environment != .dev {
            if let d = answers.digitalocean, plan.target == .digitalocean {
                #expect(value("DATABASE_USER") == d.databaseUser, comment)
                #expect(value("DATABASE_NAME") == d.databaseName, comment)
                #expect(value("DATABASE_PORT") == String(d.databasePort), comment)
                #expect(value("S3_BUCKET") == d.spacesBucket, comment)
                #expect(value("S3_ENDPOINT") == "https://\(d.spacesRegion).digitaloceanspaces.com", comment)
            }
            if let a = answers.aws, plan.target == .aws {
                #expect(value("DATABASE_USER") == a.databaseUser, comment)
                #expect(value("DATABASE_NAME") == a.databaseName, comment)
                #expect(value("DATABASE_HOST") == a.rdsEndpoint, comment)
                #expect(value("REDIS_HOST") == a.elasticacheEndpoint, comment)
                #expect(value("S3_BUCKET") == a.s3Bucket, comment)
            }
        }
        if let caddy = services["caddy"] {
            let env = caddy["environment"] as? [String: Any] ?? [:]
            #expect((env["DOMAIN"] as? String)?.replacingOccurrences(of: "$$", with: "$") == answers.app.domain, comment)
            #expect((env["ACME_EMAIL"] as? String)?.replacingOccurrences(of: "$$", with: "$") == answers.app.acmeEmail, comment)
            #expect((env["ACME_CA"] as? String)?.replacingOccurrences(of: "$$", with: "$") == answers.app.acmeDirectory(environment: answers.environment), comment)
            let published = Set((caddy["ports"] as? [[String: Any]] ?? []).compactMap { $0["published"] as? String })
            #expect(published == ["80", "443"], comment)
        }
        // Secrets dir round-trips (relative to the bundle, or absolute).
        if let anySecret = (topSecrets.values.first?["file"] as? String)?.replacingOccurrences(of: "$$", with: "$") {
            var dirAnswer = answers.secrets.dir
            while dirAnswer.hasPrefix("./") { dirAnswer.removeFirst(2) }
            while dirAnswer.hasSuffix("/") { dirAnswer.removeLast() }
            #expect(anySecret.hasPrefix(TestBundle.absolute(dirAnswer, in: dir) + "/"), "\(label): \(anySecret)")
        }
    }

    @Test(arguments: Target.allCases, [DeployEnvironment.production, .staging])
    func caddyValidatesTheCaddyfileWithTheEnvValues(target: Target, environment: DeployEnvironment) throws {
        let compose = try DockerCompose.require()
        let caddy = try Caddy.require()
        let dir = TempDirectory.make("freshtrack-render-caddy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var answers = RenderFixtures.answers(target, environment)
        answers.app.domain = "shop.example.org"
        answers.app.acmeEmail = "o'brien+ops@example.org"
        let plan = try Planner.plan(PlanInputs(answers: answers, providedSecrets: RenderFixtures.provided(target),
                                               generator: RenderFixedGenerator()))
        try TestBundle.write(plan, into: dir)
        let hasCaddyfile = plan.files.contains { $0.path == "Caddyfile" }
        #expect(hasCaddyfile == (target != .aws))
        guard hasCaddyfile else { return }
        // The caddy container's environment as Compose resolves it from .env.
        let json = try Subprocess.isolated(compose, ["config", "--format", "json"], in: dir)
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json.stderr)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let env = try #require(((model["services"] as? [String: Any])?["caddy"] as? [String: Any])?["environment"] as? [String: String])
        let domain = try #require(env["DOMAIN"]), email = try #require(env["ACME_EMAIL"]), ca = try #require(env["ACME_CA"])
        #expect(domain == "shop.example.org" && email == "o'brien+ops@example.org")
        #expect(ca == answers.app.acmeDirectory(environment: answers.environment))
        let good = ["DOMAIN": domain, "ACME_EMAIL": email, "ACME_CA": ca]

        let ok = try Subprocess.isolated(caddy, ["validate", "--adapter", "caddyfile", "--config", dir + "/Caddyfile"],
                                extraEnvironment: good)
        #expect(ok.status == 0, "caddy validate: \(ok.stderr)")
        #expect(!ok.stderr.contains("\"level\":\"warn\""), "caddy warned: \(ok.stderr)")
        #expect(!ok.stderr.contains("\"level\":\"error\""), "caddy error: \(ok.stderr)")

        for name in good.keys.sorted() {
            let bad = try Subprocess.isolated(caddy, ["validate", "--adapter", "caddyfile", "--config", dir + "/Caddyfile"],
                                     extraEnvironment: good.merging([name: ""]) { $1 })
            #expect(bad.status != 0, "caddy accepted the Caddyfile with an empty \(name)")
        }
        // Compose itself refuses to start the stack with an empty DOMAIN in .env.
        let envPath = dir + "/.env"
        let text = try String(contentsOfFile: envPath, encoding: .utf8)
        try text.replacingOccurrences(of: "DOMAIN='shop.example.org'", with: "DOMAIN=''")
            .write(toFile: envPath, atomically: true, encoding: .utf8)
        let refused = try Subprocess.isolated(compose, ["config", "-q"], in: dir)
        #expect(refused.stderr.contains("set DOMAIN in .env"), "compose did not refuse an empty DOMAIN: \(refused.stderr)")
        if !DockerCompose.isPipWrapper { #expect(refused.status != 0) }
    }

    /// `.env` quoting round-trips through Docker Compose's own parser.
    @Test func envFileQuotingRoundTripsThroughCompose() throws {
        let compose = try DockerCompose.require()
        let dir = TempDirectory.make("freshtrack-render-dotenv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let values = [
            "plain", "with space", "dollar $HOME and ${HOME} and $$", "hash # not a comment", "#leading",
            "double \"quotes\"", "single 'quote'", "it's $5 # \"all\" \\ of them", "back\\slash\\n", "trailing space ",
            " leading space", "", "ünïcödé ✓", "a=b=c", "`backtick` $(cmd)", "'", "\"", "\\", "$",
        ]
        var entries: [EnvEntry] = []
        var services = "services:\n  probe:\n    image: busybox:1.36.1\n    environment:\n"
        for (i, v) in values.enumerated() {
            entries.append(EnvEntry(name: "V\(i)", value: v, comment: "value \(i)"))
            services += "      V\(i): ${V\(i)}\n"
        }
        try EnvFile.render(header: ["probe"], entries: entries).write(toFile: dir + "/.env", atomically: true, encoding: .utf8)
        try services.write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        let r = try Subprocess.isolated(compose, ["config", "--format", "json"], in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let env = try #require(((model["services"] as? [String: Any])?["probe"] as? [String: Any])?["environment"] as? [String: String])
        for (i, v) in values.enumerated() {
            #expect(env["V\(i)"]?.replacingOccurrences(of: "$$", with: "$") == v, "V\(i) = \(v.debugDescription)")
        }
    }
}

/// The Redis password path: the command Compose will run (taken from the merged model) is
/// executed by a real `sh` against a stand-in secret file.
@Suite struct RedisPasswordCommandTests {
    @Test func redisCommandWritesA0600ConfigWithoutThePasswordInArgv() throws {
        let compose = try DockerCompose.require()
        let dir = TempDirectory.make("freshtrack-render-redis")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Planner.plan(PlanInputs(answers: RenderFixtures.answers(.selfhosted, .production),
                                               generator: RenderFixedGenerator()))
        try TestBundle.write(plan, into: dir)
        let json = try Subprocess.isolated(compose, ["config", "--format", "json"], in: dir)
        #expect(json.status == 0 && json.stderr.isEmpty)
        let model = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let redis = try #require((model["services"] as? [String: Any])?["redis"] as? [String: Any])
        let command = try #require(redis["command"] as? [String])
        #expect(command.count == 3 && command[0] == "sh" && command[1] == "-c")
        let password = try #require(plan.files.first { $0.path == "secrets/redis_password.txt" })
        let passwordText = String(decoding: password.contents, as: UTF8.self)
        #expect(!command.joined(separator: " ").contains(passwordText))
        // Run it with the secret and config paths moved into the temp dir and redis-server
        // replaced by a probe that prints its argv.
        let script = command[2].replacingOccurrences(of: "$$", with: "$")
            .replacingOccurrences(of: "/run/secrets/redis_password", with: dir + "/secrets/redis_password.txt")
            .replacingOccurrences(of: "/tmp/redis.conf", with: dir + "/redis.conf")
            .replacingOccurrences(of: "exec redis-server", with: "exec echo redis-server")
        let sh = try #require(which("sh"))
        let r = try Subprocess.isolated(sh, ["-c", script])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains(passwordText), "password reached redis-server's argv")
        #expect(r.stdout.hasPrefix("redis-server \(dir)/redis.conf"))
        let conf = try String(contentsOfFile: dir + "/redis.conf", encoding: .utf8)
        #expect(conf == "requirepass \"\(passwordText)\"\n")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/redis.conf")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The healthcheck hands the password to redis-cli through REDISCLI_AUTH, not argv.
        let test = try #require((redis["healthcheck"] as? [String: Any])?["test"] as? [String])
        #expect(test.first == "CMD-SHELL" && test[1].contains("REDISCLI_AUTH=") && !test[1].contains("-a "))
    }
}


/// String helpers for generated variants on TestSupport's seeded `SplitMix64`.
extension SplitMix64 {
    mutating func pick(_ chars: String) -> Character {
        let a = Array(chars)
        return a[Int(next() % UInt64(a.count))]
    }
    mutating func word(_ n: Int) -> String { String((0..<n).map { _ in pick("abcdefghijklmnopqrstuvwxyz0123456789") }) }
    mutating func domain() -> String {
        (0..<Int(next() % 3 + 2)).map { _ in word(Int(next() % 8 + 1)) }.joined(separator: ".") + ".example.com"
    }
    mutating func version() -> String {
        var v = "\(next() % 20).\(next() % 50).\(next() % 100)"
        if next() % 2 == 0 { v += "-" + String((0..<5).map { _ in pick("abcRC_.-019") }) }
        return v
    }
    mutating func bucket() -> String {
        "b" + String((0..<Int(next() % 20 + 3)).map { _ in pick("abcdefghijklmnopqrstuvwxyz0123456789-") }) + "z"
    }
    /// Printable text with $, #, quotes, backslashes, spaces, braces and non-ASCII.
    mutating func oddText(length: Int) -> String {
        String((0..<length).map { _ in pick("ab$#'\" \\{}()=:;!&|`~é✓9_-/") })
    }
}

import DeployKit
import Foundation
import Testing
import TestSupport

/// `check`'s structural validation (rules `compose-schema`, `restart-policy`) against the real
/// Docker Compose v2.40.3 Go binary, both ways: every file `check` flags, Compose refuses
/// (`config -q` exits non-zero); every file `check` passes, Compose accepts (exit 0).
struct ComposeSchemaOracleTests {
    static let structural: Set<RuleID> = [.composeSchema, .restartPolicy]

    /// One case: files (base first), and what both sides must say.
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var files: [(String, String)]
        /// The rule `check` must report (`nil`: no structural finding at all).
        var rule: RuleID?
        /// The file and 1-based line the finding must point at.
        var at: (String, Int)?
        /// Words the finding's message must hold.
        var says: [String]
        /// Words Compose's error must hold (when it refuses).
        var composeSays: String?
        var testDescription: String { label }
    }

    static func file(_ text: String) -> [(String, String)] { [("docker-compose.yml", text)] }

    /// Hand-written files Compose refuses.
    static let refused: [Case] = [
        Case(label: "misspelt top-level key", files: file("servces:\n  backend:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["servces", "did you mean `services`", "x-"],
             composeSays: "additional properties 'servces' not allowed"),
        Case(label: "only hello: world", files: file("hello: world\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`hello`", "services"],
             composeSays: "additional properties 'hello' not allowed"),
        Case(label: "ports: 3000", files: file("services:\n  backend:\n    image: x:1\n    ports: 3000\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["services.backend.ports", "must be a list", "number `3000`"],
             composeSays: "services.backend.ports must be a array"),
        Case(label: "ports: \"3000\"", files: file("services:\n  a:\n    image: x:1\n    ports: \"3000\"\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a list"],
             composeSays: "services.a.ports must be a array"),
        Case(label: "empty ports", files: file("services:\n  a:\n    image: x:1\n    ports:\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a list", "empty"],
             composeSays: "services.a.ports must be a array"),
        Case(label: "misspelt service key", files: file("services:\n  a:\n    image: x:1\n    imagee: y\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["`imagee`", "did you mean `image`"],
             composeSays: "services.a additional properties 'imagee' not allowed"),
        Case(label: "environment: 3", files: file("services:\n  a:\n    image: x:1\n    environment: 3\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["a mapping or a list"],
             composeSays: "services.a.environment must be a mapping"),
        Case(label: "image: 3", files: file("services:\n  a:\n    image: 3\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["must be a string"],
             composeSays: "services.a.image must be a string"),
        Case(label: "profiles: debug", files: file("services:\n  a:\n    image: x:1\n    profiles: debug\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a list"],
             composeSays: "services.a.profiles must be a array"),
        Case(label: "secrets: s", files: file("services:\n  a:\n    image: x:1\n    secrets: s\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a list"],
             composeSays: "services.a.secrets must be a array"),
        Case(label: "service with no definition", files: file("services:\n  a:\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 2), says: ["`services.a` must be a mapping"],
             composeSays: "services.a must be a mapping"),
        Case(label: "services as a list", files: file("services: []\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`services` must be a mapping"],
             composeSays: "services must be a mapping"),
        Case(label: "volumes as a list", files: file("volumes: [a]\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`volumes` must be a mapping"],
             composeSays: "volumes must be a mapping"),
        Case(label: "space in service name", files: file("services:\n  a b:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 2), says: ["service name `a b`"],
             composeSays: "services additional properties 'a b' not allowed"),
        Case(label: "healthcheck typo", files: file("services:\n  a:\n    image: x:1\n    healthcheck:\n      test: [CMD, \"true\"]\n      intervall: 3s\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 6), says: ["`intervall`", "did you mean `interval`"],
             composeSays: "services.a.healthcheck additional properties 'intervall' not allowed"),
        Case(label: "empty healthcheck", files: file("services:\n  a:\n    image: x:1\n    healthcheck:\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a mapping"],
             composeSays: "services.a.healthcheck must be a mapping"),
        Case(label: "limits typo", files: file("services:\n  a:\n    image: x:1\n    deploy: {resources: {limits: {memory: 1G, cpu: 1}}}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["`cpu`", "did you mean `cpus`"],
             composeSays: "services.a.deploy.resources.limits additional properties 'cpu' not allowed"),
        Case(label: "depends_on condition", files: file("services:\n  a:\n    image: x:1\n    depends_on:\n      b:\n        condition: started\n  b:\n    image: y:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 6), says: ["`started`", "service_healthy"],
             composeSays: "value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"),
        Case(label: "command as a mapping", files: file("services:\n  a:\n    image: x:1\n    command: {a: 1}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["empty or a string or a list"],
             composeSays: "services.a.command"),
        Case(label: "long volume without type", files: file("services:\n  a:\n    image: x:1\n    volumes:\n      - {source: a, target: /b}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 5), says: ["no `type`"],
             composeSays: "services.a.volumes.0"),
        Case(label: "logging typo", files: file("services:\n  a:\n    image: x:1\n    logging: {driver: json-file, option: {}}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["`option`", "did you mean `options`"],
             composeSays: "services.a.logging additional properties 'option' not allowed"),
        Case(label: "name: 3", files: file("name: 3\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`name` must be a string"],
             composeSays: "name must be a string"),
        Case(label: "bad overlay only", files: [("docker-compose.yml", "services:\n  a:\n    image: x:1\n"),
                                                ("compose.production.yaml", "services:\n  a:\n    port: [\"80:80\"]\n")],
             rule: .composeSchema, at: ("compose.production.yaml", 3), says: ["`port`", "did you mean `ports`"],
             composeSays: "services.a additional properties 'port' not allowed"),
        Case(label: "user: 1001", files: file("services:\n  a:\n    image: x:1\n    user: 1001\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["must be a string", "number `1001`"],
             composeSays: "services.a.user must be a string"),
        Case(label: "interval: 30", files: file("services:\n  a:\n    image: x:1\n    healthcheck: {test: \"true\", interval: 30}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["healthcheck.interval` must be a string"],
             composeSays: "services.a.healthcheck.interval must be a string"),
        Case(label: "memory: 512", files: file("services:\n  a:\n    image: x:1\n    deploy: {resources: {limits: {memory: 512}}}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["limits.memory` must be a string"],
             composeSays: "services.a.deploy.resources.limits.memory must be a string"),
        Case(label: "logging option true", files: file("services:\n  a:\n    image: x:1\n    logging: {options: {max-file: 3, x: true}}\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 4), says: ["logging.options.x` must be"],
             composeSays: "services.a.logging.options.x must be a null, number or string"),
        // Top-level networks, volumes, secrets and configs definitions (the schema's
        // definitions/network, volume, secret, config: additionalProperties false).
        Case(label: "network driver typo", files: file("networks: {default: {drivr: bridge}}\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`drivr`", "networks.default", "did you mean `driver`"],
             composeSays: "networks.default additional properties 'drivr' not allowed"),
        Case(label: "volume driver typo", files: file("volumes: {data: {drvier: local}}\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`drvier`", "volumes.data", "did you mean `driver`"],
             composeSays: "volumes.data additional properties 'drvier' not allowed"),
        Case(label: "secret file typo", files: file("secrets: {s: {fiel: ./s.txt}}\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 1), says: ["`fiel`", "secrets.s", "did you mean `file`"],
             composeSays: "secrets.s additional properties 'fiel' not allowed"),
        Case(label: "config content typo", files: file("configs:\n  c:\n    contnet: hello\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["`contnet`", "configs.c", "did you mean `content`"],
             composeSays: "configs.c additional properties 'contnet' not allowed"),
        Case(label: "network ipam config typo", files: file("networks:\n  back:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n          gatway: 172.28.0.1\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 6), says: ["`gatway`", "did you mean `gateway`"],
             composeSays: "additional properties 'gatway' not allowed"),
        Case(label: "volume external typo", files: file("volumes:\n  data:\n    external: {nmae: pgdata}\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["`nmae`", "did you mean `name`"],
             composeSays: "volumes.data.external additional properties 'nmae' not allowed"),
        Case(label: "network driver: 3", files: file("networks:\n  n:\n    driver: 3\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["`networks.n.driver` must be a string", "number `3`"],
             composeSays: "networks.n.driver must be a string"),
        Case(label: "volume driver_opts boolean", files: file("volumes:\n  v:\n    driver_opts: {o: true}\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["volumes.v.driver_opts.o` must be a string or a number"],
             composeSays: "volumes.v.driver_opts.o must be a"),
        Case(label: "secret with no definition", files: file("secrets:\n  s:\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 2), says: ["`secrets.s` must be a mapping"],
             composeSays: "secrets.s must be a mapping"),
        Case(label: "config file: [a]", files: file("configs:\n  c:\n    file: [a]\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["`configs.c.file` must be a string"],
             composeSays: "configs.c.file must be a string"),
        Case(label: "network labels: 3", files: file("networks:\n  n:\n    labels: 3\nservices:\n  a:\n    image: x:1\n"),
             rule: .composeSchema, at: ("docker-compose.yml", 3), says: ["`networks.n.labels` must be a mapping or a list"],
             composeSays: "networks.n.labels"),
        Case(label: "x- key inside healthcheck is fine but a typo under an anchor is not",
             files: file("x-hc: &hc\n  test: [CMD, \"true\"]\n  retrys: 3\nservices:\n  a:\n    image: x:1\n    healthcheck: *hc\n"),
             rule: .composeSchema, at: nil, says: ["`retrys`", "did you mean `retries`"],
             composeSays: "additional properties 'retrys' not allowed"),
    ]

    /// Hand-written files Compose accepts: `check` must not flag their structure.
    static let accepted: [Case] = [
        Case(label: "x- extensions", files: file("x-foo: 1\nservices:\n  a:\n    image: x:1\n    x-bar: 2\n    healthcheck:\n      test: [CMD, \"true\"]\n      x-note: fine\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "restart no/on-failure:3/always", files: file("services:\n  a:\n    image: x:1\n    restart: \"no\"\n  b:\n    image: x:1\n    restart: on-failure:3\n  c:\n    image: x:1\n    restart: always\n  d:\n    image: x:1\n    restart: no\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "port forms", files: file("services:\n  a:\n    image: x:1\n    ports:\n      - 3000\n      - \"80:80\"\n      - 8080:80\n      - {target: 81, published: \"8081\"}\n    expose: [9000, \"9001\"]\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "environment forms", files: file("services:\n  a:\n    image: x:1\n    environment: [A=1, B]\n  b:\n    image: x:1\n    environment: {A: 1, B: true, C: , D: yes}\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "null command and deploy", files: file("services:\n  a:\n    image: x:1\n    command:\n    entrypoint: sh -c 'exit 0'\n    deploy:\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "quoted number image, version and name", files: file("version: \"3.8\"\nname: proj\nservices:\n  a:\n    image: \"3\"\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "healthcheck and limits types", files: file("services:\n  a:\n    image: x:1\n    healthcheck: {test: \"true\", retries: \"3\", disable: false}\n    deploy: {resources: {limits: {cpus: 0.5, memory: 1G, pids: 100}}}\n    init: true\n  b:\n    image: x:1\n    mem_limit: 512m\n    cpus: 0.5\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "depends_on list and long form", files: file("services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on:\n      c: {condition: service_completed_successfully, required: false, restart: true}\n  c:\n    image: x:1\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "!reset in an overlay", files: [("docker-compose.yml", "services:\n  a:\n    image: x:1\n    ports: [\"80:80\"]\n    healthcheck: {test: \"true\"}\n"),
                                                    ("compose.dev.yaml", "services:\n  a:\n    ports: !reset []\n    healthcheck: !reset null\n")],
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "every network, volume, secret and config key",
             files: file("""
                 networks:
                   default:
                   back:
                     name: freshtrack-back
                     driver: bridge
                     driver_opts: {com.docker.network.bridge.name: ft0, mtu: 1400}
                     ipam:
                       driver: default
                       config:
                         - {subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254, aux_addresses: {host1: 172.28.1.5}}
                       options: {foo: bar}
                     internal: true
                     enable_ipv4: true
                     enable_ipv6: false
                     attachable: "true"
                     labels: {com.example.team: ops, tier: 1}
                     x-note: mine
                   outside:
                     external: true
                     name: edge
                 volumes:
                   data:
                   pg:
                     name: freshtrack-pg
                     driver: local
                     driver_opts: {type: none, o: bind, device: /srv/pg}
                     labels: [com.example.backup=daily]
                   shared:
                     external: {name: shared-data}
                   other:
                     external: true
                 secrets:
                   s:
                     file: ./s.txt
                     labels: {a: b}
                     x-rotated: 2026-11
                   fromenv:
                     environment: HOME
                   ext:
                     external: true
                     name: prod-secret
                 configs:
                   c:
                     content: hello
                   f:
                     file: ./s.txt
                     name: cfg
                     labels: [a=b]
                   e:
                     environment: HOME
                     template_driver: golang
                   x:
                     external: true
                 services:
                   a:
                     image: x:1
                     networks: [default, back, outside]
                     volumes: ["data:/d", "pg:/p", "shared:/s", "other:/o"]
                     secrets: [s, fromenv, ext]
                     configs: [c, f, e, x]

                 """),
             rule: nil, at: nil, says: [], composeSays: nil),
        Case(label: "named volumes and secrets", files: file("volumes:\n  data:\n  more: {}\nsecrets:\n  s:\n    file: ./s.txt\nservices:\n  a:\n    image: x:1\n    volumes: [\"data:/d\", {type: volume, source: more, target: /m}]\n    secrets: [s, {source: s, target: t}]\n"),
             rule: nil, at: nil, says: [], composeSays: nil),
    ]

    /// Runs the real Compose on `files` in a fresh directory.
    static func compose(_ files: [(String, String)]) throws -> ProcessResult {
        let dir = TempDirectory.make("freshtrack-schema")
        defer { TempDirectory.remove(dir) }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        try "x\n".write(toFile: dir + "/s.txt", atomically: true, encoding: .utf8)
        return try DockerCompose.run(files.flatMap { ["-f", $0.0] } + ["config", "-q"], in: dir)
    }

    static func structuralFindings(_ files: [(String, String)]) throws -> [Finding] {
        let input = CheckInput(files: files.map { ComposeSource(name: $0.0, text: $0.1) })
        return try ComposeChecker.check(input).filter { structural.contains($0.rule) }
    }

    @Test(arguments: refused)
    func checkFlagsAndComposeRefuses(_ c: Case) throws {
        let findings = try Self.structuralFindings(c.files)
        let match = findings.first { f in
            f.rule == c.rule && f.severity == .error && c.says.allSatisfy { f.message.contains($0) }
                && (c.at.map { f.location?.file == $0.0 && f.location?.line == $0.1 } ?? true)
        }
        #expect(match != nil, "\(c.label): expected \(c.rule?.rawValue ?? "-") at \(String(describing: c.at)) saying \(c.says); got:\n\(CheckReport(inputs: [], findings: findings).renderText())")
        #expect(match.map { !$0.fix.isEmpty } ?? false)
        let r = try Self.compose(c.files)
        #expect(r.status != 0, "\(c.label): real Compose accepted a file check flags:\n\(r.stderr)")
        if let words = c.composeSays { #expect(r.stderr.contains(words), "\(c.label): Compose said: \(r.stderr)") }
    }

    @Test(arguments: accepted)
    func checkPassesAndComposeAccepts(_ c: Case) throws {
        let findings = try Self.structuralFindings(c.files)
        #expect(findings.isEmpty, "\(c.label):\n\(CheckReport(inputs: [], findings: findings).renderText())")
        let r = try Self.compose(c.files)
        #expect(r.status == 0, "\(c.label): real Compose refused a file check passes:\n\(r.stderr)")
    }

    /// `restart: sometimes` passes `docker compose config` (the schema types restart as any
    /// string); the Docker Engine refuses it at `up` ("invalid restart policy"). `check` reports
    /// it under its own rule so the compose-schema rule stays exactly what Compose refuses.
    @Test func unknownRestartPolicyIsAnErrorThatConfigDoesNotCatch() throws {
        let files = Self.file("services:\n  backend:\n    image: x:1\n    restart: sometimes\n")
        let findings = try Self.structuralFindings(files)
        #expect(findings.count == 1)
        let f = try #require(findings.first)
        #expect(f.rule == .restartPolicy && f.severity == .error && f.location?.line == 4 && f.service == "backend")
        #expect(f.message.contains("`sometimes`") && f.message.contains("`unless-stopped`") && f.message.contains("on-failure:N"))
        let r = try Self.compose(files)
        #expect(r.status == 0, "Compose now refuses unknown restart policies itself; fold restart-policy into compose-schema:\n\(r.stderr)")
    }

    /// Every typed key of the asset (service keys and their nested `properties`), given each
    /// of six values (a number, a string, a boolean, a list, a mapping, empty): `check` reports
    /// `compose-schema` for that key exactly when Compose reports a schema error ("validating
    /// FILE: ...", or an unmarshal error) for it. (Compose may still refuse a file for another reason, e.g. a
    /// `depends_on` naming an undefined service; that is not a schema verdict.)
    /// Compose refused the file for its structure: a schema error ("validating FILE: ..."), a
    /// value its loader cannot read into the field's type ("yaml: unmarshal errors"), or a
    /// top-level section of the wrong shape, checked before the schema ("services must be a
    /// mapping", "`include` must be a list, got ...").
    static func schemaRefusal(_ r: ProcessResult) -> Bool {
        r.status != 0 && ["validating ", "cannot unmarshal", " must be a"].contains { r.stderr.contains($0) }
    }

    @Test func everyTypedKeyAgreesWithComposeForEveryShape() throws {
        var paths: [[String]] = []
        func collect(_ rule: ComposeSchema.Rule, _ path: [String]) {
            for (key, child) in rule.properties.sorted(by: { $0.key < $1.key }) {
                if child.types != nil { paths.append(path + [key]) }
                collect(child, path + [key])
            }
        }
        collect(ComposeSchema.spec.service, [])
        #expect(paths.count >= 40, "the asset lost its rules: \(paths.count)")
        let values = ["3", "\"s\"", "true", "[a]", "{a: 1}", ""]
        var disagreements: [String] = []
        for path in paths {
            for value in values {
                var yaml = " " + value
                for (i, key) in path.enumerated().reversed() where i > 0 { yaml = " {\(key):\(yaml)}" }
                let image = path[0] == "image" ? "" : "    image: x:1\n"
                let text = "services:\n  a:\n\(image)    \(path[0]):\(yaml)\n"
                let ours = try Self.structuralFindings(Self.file(text)).filter { $0.rule == .composeSchema }
                let r = try Self.compose(Self.file(text))
                let theirs = Self.schemaRefusal(r)
                if ours.isEmpty == theirs {
                    disagreements.append("\(path.joined(separator: ".")) = \(value.isEmpty ? "(empty)" : value): check \(ours.isEmpty ? "passes" : "flags: " + ours[0].message); Compose: \(r.status) \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
            }
        }
        // Top-level keys the same way.
        for (key, rule) in ComposeSchema.spec.topLevel.properties.sorted(by: { $0.key < $1.key }) where rule.types != nil {
            for value in values {
                let services = key == "services" ? "" : "services:\n  a:\n    image: x:1\n"
                let text = "\(key): \(value)\n\(services)"
                let ours = try Self.structuralFindings(Self.file(text)).filter { $0.rule == .composeSchema }
                let r = try Self.compose(Self.file(text))
                let theirs = Self.schemaRefusal(r)
                if ours.isEmpty == theirs {
                    disagreements.append("\(key) = \(value.isEmpty ? "(empty)" : value): check \(ours.isEmpty ? "passes" : "flags: " + ours[0].message); Compose: \(r.status) \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
            }
        }
        // Every typed key of a network, volume, secret and config definition (and their
        // nested properties), the same six values.
        var definitionPaths: [(section: String, path: [String])] = []
        for (name, section) in [("network", "networks"), ("volume", "volumes"), ("secret", "secrets"), ("config", "configs")] {
            let rule = try #require(ComposeSchema.spec.definitions[name], "the asset lost its \(name) rule")
            func collectDefinition(_ rule: ComposeSchema.Rule, _ path: [String]) {
                for (key, child) in rule.properties.sorted(by: { $0.key < $1.key }) {
                    if child.types != nil { definitionPaths.append((section, path + [key])) }
                    collectDefinition(child, path + [key])
                }
            }
            collectDefinition(rule, [])
        }
        #expect(definitionPaths.count >= 30, "the asset lost its definition rules: \(definitionPaths.count)")
        for (section, path) in definitionPaths {
            for value in values {
                var yaml = " " + value
                for (i, key) in path.enumerated().reversed() where i > 0 { yaml = " {\(key):\(yaml)}" }
                // A secret or config needs a source besides the key under test.
                let source = section == "secrets" || section == "configs" ? (path[0] == "file" ? "      environment: HOME\n" : "      file: ./s.txt\n") : ""
                let text = "\(section):\n  d:\n\(source)      \(path[0]):\(yaml)\nservices:\n  a:\n    image: x:1\n"
                let ours = try Self.structuralFindings(Self.file(text)).filter { $0.rule == .composeSchema }
                let r = try Self.compose(Self.file(text))
                let theirs = Self.schemaRefusal(r)
                if ours.isEmpty == theirs {
                    disagreements.append("\(section).d.\(path.joined(separator: ".")) = \(value.isEmpty ? "(empty)" : value): check \(ours.isEmpty ? "passes" : "flags: " + ours[0].message); Compose: \(r.status) \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
    }

    /// Our bundles, every target and environment: no structural finding, and Compose accepts
    /// every combination `check` looks at.
    @Test(arguments: Target.allCases, DeployEnvironment.allCases)
    func ourBundlesPassBothWays(target: Target, environment: DeployEnvironment) throws {
        let plan = try Planner.plan(PlanInputs(answers: RenderFixtures.answers(target, environment),
                                               providedSecrets: RenderFixtures.provided(target), generator: RenderFixedGenerator()))
        let report = try ComposeChecker.check(plan: plan)
        #expect(report.findings.filter { Self.structural.contains($0.rule) }.isEmpty, "\(report.renderText())")
        let dir = TempDirectory.make("freshtrack-schema-bundle")
        defer { TempDirectory.remove(dir) }
        try TestBundle.write(plan, into: dir)
        for combo in report.inputs {
            let r = try DockerCompose.run(combo.flatMap { ["-f", $0] } + ["config", "-q"], in: dir)
            #expect(r.status == 0, "\(target.rawValue)/\(environment.rawValue) \(combo): \(r.stderr)")
        }
    }

    /// Our bundle with one mistake put in: each is an error both ways.
    static let mutations: [(label: String, file: String, find: String, replace: String, composeSays: String)] = [
        ("misspelt services", "docker-compose.yml", "\nservices:\n", "\nservces:\n", "additional properties 'servces' not allowed"),
        ("misspelt logging", "docker-compose.yml", "    logging: *default-logging\n", "    loging: *default-logging\n", "additional properties 'loging' not allowed"),
        ("ports not a list", "compose.production.yaml", "    ports:\n      - \"80:80\"\n      - \"443:443\"\n      - \"443:443/udp\"\n", "    ports: 80\n", "ports must be a array"),
        ("condition typo", "docker-compose.yml", "        condition: service_healthy\n", "        condition: healthy\n", "value must be one of"),
        ("interval typo", "docker-compose.yml", "      interval: 5s\n", "      intervall: 5s\n", "additional properties 'intervall' not allowed"),
        ("memory typo", "compose.production.yaml", "          memory: 256M\n", "          memroy: 256M\n", "additional properties 'memroy' not allowed"),
    ]

    @Test(arguments: 0..<mutations.count)
    func brokenBundleIsAnErrorBothWays(_ index: Int) throws {
        let m = Self.mutations[index]
        let plan = try Planner.plan(PlanInputs(answers: RenderFixtures.answers(.selfhosted, .production),
                                               providedSecrets: RenderFixtures.provided(.selfhosted), generator: RenderFixedGenerator()))
        let dir = TempDirectory.make("freshtrack-schema-broken")
        defer { TempDirectory.remove(dir) }
        try TestBundle.write(plan, into: dir)
        let path = dir + "/" + m.file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: m.find), "\(m.label): the asset changed; update the mutation")
        let broken = text.replacingCharacters(in: range, with: m.replace)
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        let line = broken[..<broken.range(of: m.replace)!.lowerBound].filter { $0 == "\n" }.count + 1
                 + (m.replace.hasPrefix("\n") ? 1 : 0)

        let files = ["docker-compose.yml", "compose.production.yaml"]
        let input = CheckInput(files: try files.map { ComposeSource(name: $0, text: try String(contentsOfFile: dir + "/" + $0, encoding: .utf8)) },
                               dotEnv: ComposeSource(name: ".env", text: try String(contentsOfFile: dir + "/.env", encoding: .utf8)))
        let findings = try ComposeChecker.check(input).filter { $0.rule == .composeSchema }
        #expect(findings.contains { $0.severity == .error && $0.location == ComposeLocation(file: m.file, line: line) },
                "\(m.label): expected compose-schema at \(m.file):\(line); got \(findings.map { "\($0.location!): \($0.message)" })")
        let r = try DockerCompose.run(files.flatMap { ["-f", $0] } + ["config", "-q"], in: dir)
        #expect(r.status != 0 && r.stderr.contains(m.composeSays), "\(m.label): Compose said (\(r.status)): \(r.stderr)")
    }
}

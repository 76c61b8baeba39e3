import DeployKit
import Foundation
import Testing
import TestSupport

/// What the tool tells an operator to run, run verbatim on a live stack.
@Suite(.serialized) struct OperatorPathTests {
    /// Each secret of the self-hosted bundle and the backend setting that carries it.
    static let secrets = [("postgres_password", "DATABASE_PASSWORD"), ("redis_password", "REDIS_PASSWORD"),
                          ("minio_root_password", "S3_SECRET_KEY"), ("stack_auth_secret", "STACK_AUTH_SECRET")]

    @Test func rotatingEverySecretWithThePrintedStepsKeepsTheStackLoggedIn() throws {
        try withRunningStack(.selfhosted, label: "rotate") { stack in
            try expectDataRoundTrip(stack, tag: "before")
            for (secret, setting) in Self.secrets {
                let old = try secretHMAC(stack, secret)
                let r = try Subprocess.run(BuiltProducts.freshtrackDeploy, ["rotate", secret, "--dir", stack.bundle],
                                           stdin: .nullDevice, mergeStderr: true)
                #expect(r.status == 0, "rotate \(secret): \(r.stdout)")
                let commands = printedCommands(r.stdout)
                #expect(!commands.isEmpty, "rotate \(secret) printed no command: \(r.stdout)")
                for command in commands {
                    let p = try stack.paste(command)
                    #expect(p.status == 0, "rotate \(secret): the printed `\(command)` failed: \(p.stdout)")
                }
                try stack.upWait()
                try expectHealthy(stack, BundleRunsTests.runningServices(.selfhosted, .production))
                let held = (try backendContract(stack)["secret_hmacs"] as? [String: String])?[setting]
                let new = try secretHMAC(stack, secret)
                #expect(new != old && held == new, "after rotating \(secret) the backend does not hold the new value")
                try expectContract(stack)
            }
            let rows = try stack.tester("curl -fsS http://backend:3000/rows; curl -fsS http://backend:3000/objects/probe-before.txt")
            #expect(rows.stdout.contains("\"row-before\"") && rows.stdout.hasSuffix("object-before"),
                    "data written before the rotations: \(rows.stdout) \(rows.stderr)")
        }
    }
}

/// Runs `body` on a production stack of `target` that `apply` wrote and `up --wait` started,
/// with its bucket created; the stack is removed afterwards, also when `body` throws.
func withRunningStack(_ target: Target, label: String, _ body: (Stack) throws -> Void) throws {
    try Engine.require(images: BundleRunsTests.images(target))
    let stack = try Stack(target, .production, label: label)
    defer { stack.down() }
    try stack.apply()
    try stack.upWait()
    try createBucket(stack)
    try body(stack)
}

/// The shell commands in a block of the tool's output, in order: lines that are a command
/// (`printf ...`, `docker compose ...`, `PGPASSWORD=... pg_restore ...`, `{ cat ...; } | ...`,
/// `rclone ...`), and
/// the command after `: ` in a sentence that ends in one (`THEN recreate the services that
/// read it: docker compose up -d ...`, `Start the new stack: docker compose up -d (the
/// Next command below).`, without the remark in parentheses).
func printedCommands(_ output: String) -> [String] {
    let starts = ["printf ", "docker compose ", "PGPASSWORD=", "{ cat ", "rclone "]
    return output.split(separator: "\n").compactMap { line in
        let t = String(line).trimmed
        if starts.contains(where: t.hasPrefix) { return t }
        guard let r = t.range(of: ": docker compose ") else { return nil }
        var command = String(t[t.index(r.lowerBound, offsetBy: 2)...])
        if let remark = command.range(of: " (") { command = String(command[..<remark.lowerBound]) }
        return command.hasSuffix(".") ? String(command.dropLast()) : command
    }
}

/// A target switch self-hosted -> DigitalOcean hybrid -> self-hosted, each with the
/// migration steps `apply` prints, run in order: the rows and objects written before each
/// switch are read back through the backend after it.
@Suite(.serialized) struct TargetSwitchTests {
    @Test func dataSurvivesASwitchToDigitalOceanAndBackWithThePrintedSteps() throws {
        try withRunningStack(.selfhosted, label: "switch") { stack in
            try expectDataRoundTrip(stack, tag: "selfhosted")

            try switchTarget(stack, to: .digitalocean)
            try expectRows(stack, ["row-selfhosted"])
            try expectObjects(stack, ["selfhosted"])
            try expectDataRoundTrip(stack, tag: "digitalocean")

            try switchTarget(stack, to: .selfhosted)
            try expectRows(stack, ["row-selfhosted", "row-digitalocean"])
            try expectObjects(stack, ["selfhosted", "digitalocean"])
        }
    }

    /// Applies the answers for `target`, starts the provider's managed stand-ins the new
    /// target uses, runs every printed migration step, waits for the new stack.
    func switchTarget(_ stack: Stack, to target: Target) throws {
        stack.target = target
        try stack.apply()
        #expect(stack.applyOutput.contains("Target switch:"), "no target switch reported: \(stack.applyOutput)")
        if target == .digitalocean {
            // What apply's warnings ask the operator to create first: the cluster and the bucket.
            try stack.compose(["up", "-d", "managed-postgres", "spaces"])
            try waitForManagedPostgres(stack)
            try createBucket(stack)
        }
        let steps = stack.applyOutput.components(separatedBy: "Target switch:").last ?? ""
        for command in printedCommands(steps) {
            let onNetwork = !command.contains("docker compose ")
            let r = onNetwork ? try stack.pasteOnNetwork(command) : try stack.paste(command)
            #expect(r.status == 0, "switch to \(target.rawValue): `\(command)` failed: \(r.stdout)\(r.stderr)")
        }
        try stack.upWait()
        try expectHealthy(stack, BundleRunsTests.runningServices(target, .production))
        try createBucket(stack)
    }

    func waitForManagedPostgres(_ stack: Stack) throws {
        let host = EngineAnswers.doDatabaseHost, port = EngineAnswers.doDatabasePort
        let r = try stack.tester("for i in $(seq 1 60); do pg_isready -q -h \(host) -p \(port) && exit 0; sleep 0.5; done; exit 1")
        guard r.status == 0 else { throw StackFailure("the managed PostgreSQL stand-in did not start:\n\(stack.logs(["managed-postgres"]))") }
    }

    /// The objects `expectDataRoundTrip(tag:)` wrote are readable through the backend.
    func expectObjects(_ stack: Stack, _ tags: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for tag in tags {
            let r = try stack.tester("curl -fsS http://backend:3000/objects/probe-\(tag).txt")
            #expect(r.stdout == "object-\(tag)", "object probe-\(tag).txt after the switch: \(r.stdout) \(r.stderr)",
                    sourceLocation: sourceLocation)
        }
    }

    func expectRows(_ stack: Stack, _ rows: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try stack.tester("curl -fsS http://backend:3000/rows")
        let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String]]
        let held = json?["rows"] ?? []
        #expect(rows.allSatisfy(held.contains), "rows after the switch: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
    }
}

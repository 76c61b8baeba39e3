// A small executable for the BundleWriter fault-injection and multi-process tests: it
// writes a hand-built plan (the planner is not needed), and can SIGKILL itself at an exact
// step of the write phase. Not shipped: only the tests run it.
//
//   bundle-fault-helper write DIR VARIANT [--now EPOCH] [--retire PATH] [--kill-at N] [--list]
//   bundle-fault-helper rotate DIR VARIANT NAME VALUE [--now EPOCH] [--kill-at N] [--list]
//   bundle-fault-helper recover DIR
//   bundle-fault-helper hold-lock DIR        (prints "locked <pid>", holds until stdin closes)
import BundleWriter
import DeployKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The plan written for `variant` (1, 2, 3...): compose-like files whose text names the
/// variant, and secrets whose value names it too (so a wrongly overwritten secret shows).
func samplePlan(variant: Int) -> Plan {
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

func sampleAnswers() -> Answers {
    Answers(needs: Needs(users: 100, budgetUSDPerMonth: 100), app: AppSettings(version: "1.1.0", domain: "example.com"))
}

nonisolated(unsafe) var args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    let v = args[i + 1]
    args.removeSubrange(i...(i + 1))
    return v
}
func flag(_ name: String) -> Bool {
    guard let i = args.firstIndex(of: name) else { return false }
    args.remove(at: i)
    return true
}

let now = option("--now").flatMap(Double.init).map { Date(timeIntervalSince1970: $0) } ?? Date()
let retire = option("--retire")
let killAt = option("--kill-at").flatMap(Int.init)
let list = flag("--list")

final class Counter: @unchecked Sendable { var n = 0 }
let counter = Counter()
let observer: @Sendable (String) -> Void = { label in
    if list { FileHandle.standardOutput.write(Data("STEP \(counter.n) \(label)\n".utf8)) }
    if let killAt, counter.n == killAt { kill(getpid(), SIGKILL) }
    counter.n += 1
}

do {
    switch args.first {
    case "write":
        let dir = args[1], variant = Int(args[2])!
        let prepared = PreparedBundle(directory: dir, answers: sampleAnswers(), plan: samplePlan(variant: variant))
        let report = try BundleWriter.write(prepared, options: WriteOptions(now: now, retire: retire.map { [$0] } ?? [], observer: observer))
        print("written \(report.written.count) unchanged \(report.unchanged.count) kept \(report.kept.count) backups \(report.backups.count)")
        if let r = report.recovery { print("recovered \(r.outcome.rawValue)") }
        for c in report.chownCommands { print("CHOWN \(c)") }
    case "rotate":
        let dir = args[1], variant = Int(args[2])!
        let name = SecretName(rawValue: args[3])!
        let prepared = PreparedBundle(directory: dir, answers: sampleAnswers(), plan: samplePlan(variant: variant))
        let report = try BundleWriter.rotate(prepared, secret: name, newValue: SecretValue(args[4]),
                                             options: WriteOptions(now: now, observer: observer))
        print("replaced \(report.replaced.count) backups \(report.backups.count)")
    case "recover":
        let r = try BundleWriter.recoverInterruptedRun(directory: args[1])
        print(r.map { "recovered \($0.outcome.rawValue)" } ?? "nothing to recover")
    case "hold-lock":
        let lock = try BundleLock(directory: args[1])
        FileHandle.standardOutput.write(Data("locked \(getpid())\n".utf8))
        while let _ = readLine() {}
        lock.release()
    default:
        FileHandle.standardError.write(Data("usage: see the comment at the top of main.swift\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

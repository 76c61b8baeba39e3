// A small executable for the BundleWriter fault-injection and multi-process tests: it
// writes a hand-built plan (TestSupport's `samplePlan`; the planner is not needed), and can SIGKILL itself at an exact
// step of the write phase. Not shipped: only the tests run it.
//
//   bundle-fault-helper write DIR VARIANT [--now EPOCH] [--retire PATH] [--kill-at N] [--list]
//   bundle-fault-helper rotate DIR VARIANT NAME VALUE [--now EPOCH] [--kill-at N] [--list]
//   bundle-fault-helper recover DIR
//   bundle-fault-helper hold-lock DIR        (prints "locked <pid>", holds until stdin closes)
import BundleWriter
import DeployKit
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

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

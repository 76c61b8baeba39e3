import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// SIGKILLs a real writer process (the `bundle-fault-helper` executable, which runs
/// `BundleWriter.write`/`rotate` on a hand-built plan) at every step of the write phase and
/// at seeded random moments inside it, then checks after each kill:
/// - every file is byte-for-byte its old or its new version (nothing half-written);
/// - no existing secret was lost or changed (rotation: old or new value, never missing);
/// - the next run's recovery leaves the bundle wholly old (rolled back) or wholly new
///   (finished), with no temporary file or journal left;
/// - the run after that completes cleanly and gives exactly the new bundle.
@Suite(.serialized) struct FaultInjectionTests {
    struct Scenario {
        var name: String
        /// Helper invocations that build the old state, in order, on an empty directory.
        var setup: [[String]]
        /// The interrupted invocation (DIR is substituted).
        var command: [String]
        /// Secrets this run may legitimately change (rotation).
        var rotated: Set<String> = []
    }

    static let now = ["--now", "1795774500"]
    static let later = ["--now", "1795774560"]
    static let scenarios: [Scenario] = [
        Scenario(name: "first write into an empty directory", setup: [], command: ["write", "DIR", "1"] + now),
        Scenario(name: "target switch with new secret, backups and --prune", setup: [["write", "DIR", "1"] + now],
                 command: ["write", "DIR", "2", "--retire", "compose.production.yaml"] + later),
        Scenario(name: "switch back", setup: [["write", "DIR", "1"] + now, ["write", "DIR", "2"] + now],
                 command: ["write", "DIR", "3"] + later),
        Scenario(name: "rotate postgres_password (two per-user copies)", setup: [["write", "DIR", "1"] + now],
                 command: ["rotate", "DIR", "1", "postgres_password", "rotated-value"] + later,
                 rotated: ["secrets/postgres_password.txt", "secrets/postgres_password.backend.txt"]),
    ]

    typealias Files = [String: EntryInfo]

    /// Regular files of the bundle, minus the lock file; mtimes zeroed.
    func files(_ dir: String) -> Files {
        snapshot(dir, excluding: [BundleLock.fileName]).filter { $0.value.kind == "file" }
            .mapValues { var e = $0; e.mtimeNS = 0; return e }
    }

    func substitute(_ args: [String], _ dir: String) -> [String] { args.map { $0 == "DIR" ? dir : $0 } }

    func build(_ scenario: Scenario, into dir: String, final: Bool) throws {
        for step in scenario.setup + (final ? [scenario.command] : []) {
            let r = try run(FaultHelper.path, substitute(step, dir))
            precondition(r.status == 0, "setup failed: \(r.stderr)")
        }
    }

    func copyTree(_ from: String, _ to: String) throws {
        let r = try run("/bin/cp", ["-a", from + "/.", to])
        precondition(r.status == 0, r.stderr)
    }

    /// Checks an interrupted bundle against the old and new states, then recovers and
    /// re-runs. Returns a failure description or nil.
    func verify(_ dir: String, old: Files, new: Files, scenario: Scenario, label: String) throws -> String? {
        let now = files(dir)
        for (path, info) in now {
            if path.contains(".tmp-") || path == Journal.fileName { continue }
            if info != old[path] && info != new[path] {
                return "\(label): \(path) is neither its old nor its new version (\(info))"
            }
        }
        for (path, info) in old where path.hasPrefix("secrets/") {
            guard let cur = now[path] else { return "\(label): secret \(path) was lost" }
            if cur != info && !(scenario.rotated.contains(path) && cur == new[path]) {
                return "\(label): secret \(path) changed"
            }
        }
        for (path, info) in old where new[path] == info && now[path] != info {
            return "\(label): \(path), unchanged by the plan, is different or gone"
        }
        // The next run notices the interrupted one and finishes or rolls it back.
        let rec = try run(FaultHelper.path, ["recover", dir])
        if rec.status != 0 { return "\(label): recovery failed: \(rec.stderr)" }
        let recovered = files(dir)
        if recovered.keys.contains(where: { $0.contains(".tmp-") || $0 == Journal.fileName }) {
            return "\(label): temporary files or journal left after recovery: \(recovered.keys.sorted())"
        }
        if recovered != old && recovered != new {
            let diff = Set(recovered.keys).symmetricDifference(Set(new.keys)).sorted()
            return "\(label): after recovery the bundle is neither wholly old nor wholly new (\(rec.stdout)) \(diff)"
        }
        if rec.stdout.contains("finished") && recovered != new { return "\(label): recovery said finished but the bundle is not new" }
        // And the run after that completes cleanly: the same command, or (a rotation that
        // recovery already finished must not rotate twice) a plain apply of the same plan.
        let next = !scenario.rotated.isEmpty && recovered == new ? scenario.setup.last! : scenario.command
        let again = try run(FaultHelper.path, substitute(next, dir))
        if again.status != 0 { return "\(label): the next run failed: \(again.stderr)" }
        if files(dir) != new { return "\(label): the next run did not produce the new bundle" }
        return nil
    }

    @Test func sigkillAtEveryStepAndAtRandomMomentsLeavesOldOrNew() throws {
        var runs = 0
        var failures: [String] = []
        var rng = SplitMix64(seed: 0x5EED_F4E5)
        for scenario in Self.scenarios {
            let oldDir = makeTempDir("old"), newDir = makeTempDir("new")
            defer { cleanup(oldDir); cleanup(newDir) }
            try build(scenario, into: oldDir, final: false)
            try build(scenario, into: newDir, final: false)
            // List the steps of a clean run (and time its write phase).
            let listing = try run(FaultHelper.path, substitute(scenario.command, newDir) + ["--list"])
            #expect(listing.status == 0, "\(scenario.name): \(listing.stderr)")
            let steps = listing.stdout.split(separator: "\n").filter { $0.hasPrefix("STEP ") }.count
            #expect(steps >= 10, "\(scenario.name): only \(steps) steps")
            let old = files(oldDir), new = files(newDir)
            #expect(old != new)

            // 1. A SIGKILL at every step.
            for k in 0..<steps {
                let dir = makeTempDir("kill")
                defer { cleanup(dir) }
                try copyTree(oldDir, dir)
                let r = try run(FaultHelper.path, substitute(scenario.command, dir) + ["--kill-at", String(k)])
                runs += 1
                if !(r.signaled && r.status == SIGKILL) {
                    failures.append("\(scenario.name) step \(k): expected death by SIGKILL, got status \(r.status) \(r.stderr)")
                    continue
                }
                if let f = try verify(dir, old: old, new: new, scenario: scenario, label: "\(scenario.name), killed at step \(k)") {
                    failures.append(f)
                }
            }

            // 2. SIGKILL from outside at seeded random moments inside the write phase
            //    (timed from the first step's line on stdout), landing mid-syscall too.
            let (phaseUS, _) = try timedRun(scenario, oldDir: oldDir)
            for i in 0..<36 {
                let dir = makeTempDir("rnd")
                defer { cleanup(dir) }
                try copyTree(oldDir, dir)
                let delay = UInt32(rng.next() % UInt64(max(phaseUS, 200)))
                let r = try killAfterFirstStep(substitute(scenario.command, dir), delayUS: delay)
                runs += 1
                _ = r
                if let f = try verify(dir, old: old, new: new, scenario: scenario, label: "\(scenario.name), random kill #\(i) after \(delay) µs") {
                    failures.append(f)
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(10).joined(separator: "\n"))")
        #expect(runs >= 200, "only \(runs) interrupted runs")
        print("fault injection: \(runs) SIGKILLed runs across \(Self.scenarios.count) scenarios, \(failures.count) failures")
    }

    /// Duration in µs of the write phase of a clean run (first step to exit) on a copy of
    /// the old state.
    func timedRun(_ scenario: Scenario, oldDir: String) throws -> (UInt32, Bool) {
        let dir = makeTempDir("time")
        defer { cleanup(dir) }
        try copyTree(oldDir, dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: FaultHelper.path)
        p.arguments = substitute(scenario.command, dir) + ["--list"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        _ = out.fileHandleForReading.availableData
        let start = DispatchTime.now().uptimeNanoseconds
        p.waitUntilExit()
        let us = (DispatchTime.now().uptimeNanoseconds - start) / 1000
        _ = out.fileHandleForReading.readDataToEndOfFile()
        return (UInt32(min(us, 2_000_000)), p.terminationStatus == 0)
    }

    /// Starts the helper with `--list`, waits for its first step line, sleeps `delayUS`,
    /// then SIGKILLs it (it may have finished already).
    func killAfterFirstStep(_ args: [String], delayUS: UInt32) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: FaultHelper.path)
        p.arguments = args + ["--list"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        _ = out.fileHandleForReading.availableData
        usleep(delayUS)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        return p.terminationStatus
    }
}

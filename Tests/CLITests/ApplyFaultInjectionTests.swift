import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// The writer's crash guarantee (every file old or new, never a mix; no secret lost; the
/// next run recovers; BundleWriterTests' FaultInjectionTests prove it step by step) on the
/// real `freshtrack-deploy apply` binary: a self-hosted bundle is switched to AWS and the
/// process is SIGKILLed at seeded random moments across its run.
@Suite(.serialized) struct ApplyFaultInjectionTests {
    var exe: String { BuiltProducts.freshtrackDeploy }

    func files(_ dir: String) -> [String: EntryInfo] {
        snapshot(dir, excluding: [BundleLock.fileName]).filter { $0.value.kind == "file" && !$0.key.contains(".bak.") }
            .mapValues { var e = $0; e.mtimeNS = 0; return e }
    }

    @Test func sigkillOfApplyDuringATargetSwitch() throws {
        let work = makeTempDir("kill-apply")
        defer { cleanup(work) }
        let t = ApplyCommandTests()
        let from = try t.answersFile("selfhosted", in: work)
        let to = try t.answersFile("aws", in: work)
        let oldDir = work + "/old", newDir = work + "/new"
        #expect(try run(exe, ["apply", "--answers", from, "--dir", oldDir]).status == 0)
        #expect(try run("/bin/cp", ["-a", oldDir, newDir]).status == 0)
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try run(exe, ["apply", "--answers", to, "--dir", newDir]).status == 0)
        let fullUS = (DispatchTime.now().uptimeNanoseconds - start) / 1000
        let old = files(oldDir), new = files(newDir)
        #expect(old != new)
        var rng = SplitMix64(seed: 0xA991_7)
        var failures: [String] = [], interrupted = 0
        for i in 0..<40 {
            let dir = work + "/run\(i)"
            #expect(try run("/bin/cp", ["-a", oldDir, dir]).status == 0)
            let delay = UInt32(rng.next() % max(fullUS, 1000))
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = ["apply", "--answers", to, "--dir", dir]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = files(dir)
            if now != old && now != new { interrupted += 1 }
            for (path, info) in now where !path.contains(".tmp-") && path != ".freshtrack-journal.json" {
                if info != old[path] && info != new[path] { failures.append("run \(i) (\(delay) µs): \(path) is neither old nor new") }
            }
            for (path, info) in old where path.hasPrefix("secrets/") && now[path] != info {
                failures.append("run \(i): secret \(path) lost or changed")
            }
            // The next apply notices an interrupted run (and says so), completes, and gives
            // the new bundle.
            let hadJournal = statOf(dir + "/.freshtrack-journal.json") != nil
            let again = try run(exe, ["apply", "--answers", to, "--dir", dir])
            if again.status != 0 { failures.append("run \(i): next apply failed: \(again.stderr)") }
            if hadJournal && !again.stdout.hasPrefix("An interrupted run (pid ") {
                failures.append("run \(i): the next apply did not report the interrupted run: \(again.stdout.prefix(200))")
            }
            if files(dir) != new { failures.append("run \(i): next apply did not give the new bundle") }
            if snapshot(dir).keys.contains(where: { $0.contains(".tmp-") || $0 == ".freshtrack-journal.json" }) {
                failures.append("run \(i): leftovers after the next apply")
            }
            cleanup(dir)
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
        print("apply binary: 40 SIGKILLed runs over \(fullUS) µs, \(interrupted) left a mixed-but-valid state for recovery")
    }
}

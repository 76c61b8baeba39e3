import Foundation
import Testing
import TestSupport
@testable import BundleWriter

/// The unified diff is checked against the real `patch` (it must turn old into new) and
/// against GNU `diff --minimal` (same number of removed and added lines).
@Suite struct LineDiffTests {
    func patchApplies(old: String, new: String) throws -> (Bool, String) {
        let dir = makeTempDir("diff")
        defer { cleanup(dir) }
        writeText(dir + "/f", old)
        let diff = LineDiff.unified(old: old, new: new, oldName: "a/f", newName: "b/f")
        writeText(dir + "/p", diff)
        let r = try run("/usr/bin/patch", ["-s", "-p1", "-d", dir, "-i", dir + "/p"])
        return (r.status == 0 && readText(dir + "/f") == new, diff + r.stdout + r.stderr)
    }

    func changedLineCounts(_ diff: String) -> (Int, Int) {
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
        let minus = lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count
        let plus = lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count
        return (minus, plus)
    }

    @Test func equalTextsGiveNoDiff() {
        #expect(LineDiff.unified(old: "a\nb\n", new: "a\nb\n", oldName: "a", newName: "b") == "")
    }

    @Test func knownSmallDiffMatchesDiffU() throws {
        let old = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n"
        let new = "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n"
        let ours = LineDiff.unified(old: old, new: new, oldName: "a/f", newName: "b/f")
        let dir = makeTempDir("diff")
        defer { cleanup(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
        writeText(dir + "/a/f", old)
        writeText(dir + "/b/f", new)
        let text = try run("/usr/bin/diff", ["-u", "--label", "a/f", "--label", "b/f", "a/f", "b/f"], currentDirectory: dir).stdout
        #expect(ours == text)
    }

    @Test func missingFinalNewlineIsMarkedAndPatchable() throws {
        for (old, new) in [("a\nb", "a\nb\n"), ("a\nb\n", "a\nb"), ("x", "x\ny\n"), ("", "new\n"), ("gone\n", ""), ("a\nb", "a\nc")] {
            let (ok, detail) = try patchApplies(old: old, new: new)
            #expect(ok, "\(old.debugDescription) -> \(new.debugDescription):\n\(detail)")
        }
    }

    @Test func randomEditsPatchBackAndAreMinimal() throws {
        var rng = SplitMix64(seed: 42)
        let vocabulary = ["services:", "  backend:", "    image: x", "  redis:", "", "# c", "KEY=1", "KEY=2", "volumes:"]
        for round in 0..<60 {
            let n = Int(rng.next() % 30)
            var a: [String] = (0..<n).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
            var b = a
            for _ in 0..<Int(rng.next() % 6) {
                let op = rng.next() % 3
                if op == 0 || b.isEmpty { b.insert(vocabulary[Int(rng.next() % UInt64(vocabulary.count))], at: Int(rng.next() % UInt64(b.count + 1))) }
                else if op == 1 { b.remove(at: Int(rng.next() % UInt64(b.count))) }
                else { b[Int(rng.next() % UInt64(b.count))] = "changed \(round)" }
            }
            if rng.next() % 4 == 0 { a.append("tail") }
            let old = a.isEmpty ? "" : a.joined(separator: "\n") + "\n"
            let new = b.isEmpty ? "" : b.joined(separator: "\n") + "\n"
            let (ok, detail) = try patchApplies(old: old, new: new)
            #expect(ok, "round \(round):\n\(detail)")
            // Minimal: as many changed lines as GNU diff --minimal.
            let dir = makeTempDir("diff")
            defer { cleanup(dir) }
            writeText(dir + "/old", old)
            writeText(dir + "/new", new)
            let gnu = try run("/usr/bin/diff", ["--minimal", "-u", dir + "/old", dir + "/new"])
            let ours = LineDiff.unified(old: old, new: new, oldName: "a", newName: "b")
            #expect(changedLineCounts(ours) == changedLineCounts(gnu.stdout), "round \(round)")
        }
    }
}

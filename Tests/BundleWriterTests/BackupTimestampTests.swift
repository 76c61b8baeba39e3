import Foundation
import Testing
import TestSupport
@testable import BundleWriter

/// A backup's name stamp is the UTC second of the copy, as GNU `date -u +%Y%m%dT%H%M%SZ`
/// writes it (the oracle), whole seconds rounded down.
@Suite struct BackupTimestampTests {
    /// Seconds since 1970: the edges (leap days, year and century ends, before 1970) and
    /// 2,000 seconds drawn from 1900-2200.
    static var seconds: [Int] {
        var list = [0, -1, 59, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_399, 1_709_164_800,
                    1_795_000_000, -86_401, -2_208_988_800, 7_258_118_399]
        var random = SplitMix64(seed: 17)
        for _ in 0..<2000 { list.append(-2_208_988_800 + Int(random.next() % 9_467_280_000)) }
        return list
    }

    @Test func theStampIsWhatGNUDateWritesForTheSameSecond() throws {
        let seconds = Self.seconds
        let input = TempDirectory.make("freshtrack-backup-stamps") + "/dates"
        defer { try? FileManager.default.removeItem(atPath: (input as NSString).deletingLastPathComponent) }
        try seconds.map { "@\($0)" }.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let r = try Subprocess.run("/usr/bin/env", ["date", "-u", "-f", input, "+%Y%m%dT%H%M%SZ"])
        try #require(r.status == 0, "\(r.stderr)")
        let expected = r.stdout.split(separator: "\n").map(String.init)
        try #require(expected.count == seconds.count)
        for (t, stamp) in zip(seconds, expected) {
            #expect(Backups.timestamp(Date(timeIntervalSince1970: TimeInterval(t))) == stamp, "t = \(t)")
        }
    }

    @Test func aFractionOfASecondRoundsDown() {
        #expect(Backups.timestamp(Date(timeIntervalSince1970: 0.999)) == "19700101T000000Z")
        #expect(Backups.timestamp(Date(timeIntervalSince1970: -0.5)) == "19691231T235959Z")
        #expect(Backups.timestamp(Date(timeIntervalSince1970: 86_399.999)) == "19700101T235959Z")
    }
}

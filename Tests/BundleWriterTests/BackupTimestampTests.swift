import Foundation
import Testing
@testable import BundleWriter

/// `Backups.timestamp` computes the UTC stamp by arithmetic; Foundation's Gregorian calendar
/// (the previous implementation, kept as `calendarTimestamp`) is the oracle.
@Suite struct BackupTimestampTests {
    @Test func arithmeticStampEqualsTheCalendarsOnManyDates() {
        var dates: [TimeInterval] = [0, -1, -0.5, 0.999, 59.9, 86_399.999, 86_400, 951_782_400, 951_868_799,
                                     4_107_542_399, -11_676_096_000, -11_676_095_999.5, 253_402_300_799.9,
                                     1_795_000_000.25, -86_401, -2_208_988_800, 1_709_164_800]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let span = 253_402_300_800.0 + 11_676_096_000.0
            dates.append(-11_676_096_000 + Double(x >> 11) / Double(1 << 53) * span)
        }
        for t in dates {
            let date = Date(timeIntervalSince1970: t)
            #expect(Backups.timestamp(date) == Backups.calendarTimestamp(date), "t = \(t)")
        }
    }

    @Test func outsideTheArithmeticRangeTheCalendarIsUsed() {
        let old = Date(timeIntervalSince1970: -12_000_000_000)
        #expect(Backups.timestamp(old) == Backups.calendarTimestamp(old))
        #expect(Backups.timestamp(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
    }
}

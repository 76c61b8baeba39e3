#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import TerminalUI

/// `CharWidth` against libc's `wcwidth` (the table ncursesw places characters by), asked by
/// another process in a UTF-8 locale, while this test process stays in the `C` locale it
/// starts in (where `wcwidth` knows no character beyond ASCII).
@Suite struct CharWidthTests {
    /// Widths that every UTF-8 `wcwidth` agrees on, one per kind of character the wizard
    /// can meet (its own text, pasted host names, typed values).
    @Test func knownCharactersHaveTheirTerminalWidths() {
        let widths: [(Character, Int)] = [
            ("a", 1), ("~", 1), ("é", 1), ("e\u{301}", 1), ("ß", 1), ("Ж", 1),     // Latin, combining, Cyrillic
            ("─", 1), ("│", 1), ("█", 1), ("…", 1), ("✓", 1), ("→", 1),             // the wizard's symbols
            ("日", 2), ("語", 2), ("한", 2), ("あ", 2), ("Ａ", 2), ("ｱ", 1),          // CJK, fullwidth, halfwidth
            ("🙂", 2), ("🚀", 2), ("👍🏽", 4),                                          // emoji; a modifier is its own cell
            ("\u{301}", 0), ("\u{200B}", 0), ("\u{7}", 0), ("\u{1B}", 0), ("\u{7F}", 0), ("\u{85}", 0),
        ]
        for (c, w) in widths {
            #expect(CharWidth.of(c) == w, "\(String(c).unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(CharWidth.of("日本 text") == 9)
    }

    @Test func everyScalarHasTheWidthWcwidthGivesInAUTF8Locale() throws {
        // Every 7th scalar of the first three planes, plus the edges of the ranges above.
        var scalars = stride(from: 0, to: 0x30000, by: 7).filter { !(0xD800...0xDFFF).contains($0) }
        scalars += [0x1100, 0x115F, 0x1160, 0x2E80, 0x303E, 0x3041, 0xAC00, 0xD7A3, 0xFF60, 0xFF61, 0x1F300, 0x1F64F]
        let script = """
        import ctypes, locale, sys
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        libc = ctypes.CDLL(None)
        for line in sys.stdin:
            print(libc.wcwidth(int(line)))
        """
        let r = try Subprocess.python3(["-c", script], stdin: .text(scalars.map(String.init).joined(separator: "\n") + "\n"))
        try #require(r.status == 0, "\(r.stderr)")
        let oracle = r.stdout.split(separator: "\n").map { Int($0)! }
        try #require(oracle.count == scalars.count)
        #expect(String(cString: setlocale(LC_CTYPE, nil)) == "C", "the check means something only outside UTF-8")
        var mismatches: [String] = []
        for (v, w) in zip(scalars, oracle) {
            let s = Unicode.Scalar(UInt32(v))!
            // wcwidth's -1 (not printable): 0 for a control character, 1 for any other.
            let expected = w >= 0 ? w : (s.properties.generalCategory == .control ? 0 : 1)
            if CharWidth.of(Character(s)) != expected { mismatches.append(String(v, radix: 16)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) scalars differ, e.g. \(mismatches.prefix(10))")
        #expect(oracle.filter { $0 == 2 }.count > 1000, "the sample holds wide characters")
    }
}

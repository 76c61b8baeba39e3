import Testing
@testable import TerminalUI

/// `CharWidth.of(String)` counts printable ASCII by bytes; it must equal the sum over the
/// characters (the general path) for every string.
@Suite struct CharWidthFastPathTests {
    @Test func stringWidthEqualsTheSumOfItsCharacters() {
        var samples = ["", " ", "Set up FreshTrack Pro", "bundle: /tmp/x ", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
                       "tab\there", "line\nbreak", "crlf\r\nend", "\u{7F}del", "naïve café", "e\u{301}", "日本語 text",
                       "│ box ─", "emoji 🙂", "\u{1}ctrl"]
        var x: UInt32 = 12345
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<Int(x % 40) {
                x = x &* 1_103_515_245 &+ 12345
                let pool: [Character] = ["a", "Z", " ", "~", "\t", "\n", "é", "\u{301}", "日", "─", "🙂", "\u{7F}", "\r"]
                s.append(pool[Int((x >> 16) % UInt32(pool.count))])
            }
            samples.append(s)
        }
        for s in samples {
            #expect(CharWidth.of(s) == s.reduce(0) { $0 + CharWidth.of($1) }, "\(s.debugDescription)")
        }
    }
}

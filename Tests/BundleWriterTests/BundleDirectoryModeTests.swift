import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// A bundle directory other users can write to: which modes are refused or warned of, and
/// `write` refusing one that turned world-writable after `prepare` (the `apply` messages are
/// CLITests' BundleDirectoryModeCommandTests).
@Suite struct BundleDirectoryModeTests {
    /// The directory turns world-writable between `prepare` and `write` (or a caller builds
    /// the bundle itself): `write` refuses too, before writing anything.
    @Test func writeRefusesADirectoryThatBecameWorldWritable() throws {
        let work = makeTempDir("dirmode")
        defer { cleanup(work) }
        let dir = work + "/b"
        mkdir(dir, 0o755)
        let p = prepared(dir, variant: 0)
        chmod(dir, 0o777)
        let before = snapshot(dir)
        #expect(throws: BundleError.bundleDirectoryWritableByOthers(path: dir, mode: 0o777)) { try BundleWriter.write(p) }
        #expect(throws: BundleError.bundleDirectoryWritableByOthers(path: dir, mode: 0o777)) { try BundleWriter.status(p) }
        #expect(snapshot(dir) == before)
    }

    @Test func modesThatAreFine() {
        for mode: UInt16 in [0o755, 0o750, 0o700, 0o2755, 0o705] {
            #expect(BundleDirectoryMode.finding(path: "/srv/x", mode: mode) == nil, "\(String(mode, radix: 8))")
        }
        #expect(BundleDirectoryMode.finding(path: "/srv/x", mode: 0o770)?.severity == .warning)
        #expect(BundleDirectoryMode.finding(path: "/srv/x", mode: 0o772)?.severity == .error)
        #expect(BundleDirectoryMode.finding(path: "/srv/a b", mode: 0o777)?.fix.contains("chmod o-w '/srv/a b'") == true)
    }
}

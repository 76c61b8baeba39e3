import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// A bundle directory other users can write to: `apply` (and `--dry-run`) refuse it when
/// every local user may write, warn when its group may; real temporary directories and the
/// real binary.
@Suite struct BundleDirectoryModeTests {
    var exe: String { BuiltProducts.freshtrackDeploy }
    static let selfhosted = BuiltProducts.repositoryRoot.path + "/assets/examples/selfhosted.yaml"

    @Test(arguments: [UInt16(0o777), 0o757, 0o1777, 0o703])
    func applyAndDryRunRefuseAWorldWritableBundleDirectory(_ mode: UInt16) throws {
        let work = makeTempDir("dirmode")
        defer { cleanup(work) }
        let dir = work + "/shared"
        mkdir(dir, 0o755)
        chmod(dir, mode_t(mode))
        let shown = BundleDirectoryMode.octal(mode)
        for extra in [["--dry-run"], []] {
            let r = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir] + extra)
            #expect(r.status == 1, "\(extra): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("\(dir): the bundle directory"), "\(r.stderr)")
            #expect(r.stderr.contains("(mode \(shown)"), "\(r.stderr)")
            #expect(r.stderr.contains("nothing was written"))
            if mode & 0o1000 == 0 {
                #expect(r.stderr.contains("chmod o-w \(dir)") && r.stderr.contains("chmod 0755 \(dir)"), "\(r.stderr)")
            } else {
                #expect(r.stderr.contains("do not chmod a shared directory"), "\(r.stderr)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "\(extra): something was written")
        }
        // Fixed as the message says: apply writes the bundle.
        chmod(dir, 0o755)
        let ok = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/docker-compose.yml"))
        #expect(!ok.stdout.contains("writable by"))
    }

    @Test func groupWritableBundleDirectoryIsWrittenWithAWarning() throws {
        let work = makeTempDir("dirmode")
        defer { cleanup(work) }
        let dir = work + "/team"
        mkdir(dir, 0o755)
        chmod(dir, 0o775)
        let dry = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Warning: \(dir): the bundle directory is writable by its group (mode 0775)"), "\(dry.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        let r = try run(exe, ["apply", "--answers", Self.selfhosted, "--dir", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Warning: \(dir): the bundle directory is writable by its group (mode 0775)"), "\(r.stdout)")
        #expect(r.stdout.contains("chmod g-w \(dir)"))
        #expect(FileManager.default.fileExists(atPath: dir + "/docker-compose.yml"))
    }

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

import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// Run from a current directory that was deleted under the shell (`mkdir /tmp/x; cd /tmp/x;
/// rmdir /tmp/x`): each command that takes a relative --dir says so up front and what to
/// do, exits non-zero, and does nothing else (doctor probes nothing); an absolute --dir works.
@Suite struct DeletedCurrentDirectoryTests {
    /// Runs `freshtrack-deploy args` from a directory removed just before.
    func runFromDeleted(_ args: [String]) throws -> (Int32, String, String) {
        let gone = TempDirectory.make("ft-gone")
        return try CLI.run(["-c", "d=$1 x=$2; shift 2; cd \"$d\" && rmdir \"$d\" && exec \"$x\" \"$@\"", "sh", gone, CLI.exe] + args,
                           executable: "/bin/sh")
    }

    static let cases: [([String], Int32)] = [
        (["doctor", "--timeout", "1"], 2), (["doctor", "--dir", "sub", "--timeout", "1"], 2),
        (["check"], 2), (["check", "--dir", "bundle"], 2),
        (["rotate", "postgres_password"], 1), (["apply", "--answers", "/nonexistent.yaml"], 1),
    ]

    @Test(arguments: cases)
    func refusedUpFrontWithWhatToDo(_ args: [String], _ status: Int32) throws {
        let (code, out, err) = try runFromDeleted(args)
        #expect(code == status, "\(args): \(out)\(err)")
        #expect(out.isEmpty, "\(args) went on: \(out)")
        #expect(err.contains("the current directory no longer exists"), "\(args): \(err)")
        #expect(err.contains("cd to an existing directory, or pass an absolute --dir"), "\(args): \(err)")
    }

    /// An absolute --dir needs no current directory: doctor runs its checks.
    @Test func anAbsoluteDirStillWorks() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let (_, out, err) = try runFromDeleted(["doctor", "--dir", dir.path, "--target", "selfhosted", "--timeout", "1"])
        #expect(out.contains("doctor for target selfhosted"), "\(out)\(err)")
        #expect(!err.contains("no longer exists"))
    }
}

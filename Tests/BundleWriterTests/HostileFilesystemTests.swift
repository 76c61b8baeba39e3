import DeployKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// Each refusal: the expected message, and nothing written (a snapshot before and after).
@Suite struct HostileFilesystemTests {
    /// Writes variant 1, lets `sabotage` change the bundle, then expects variant 2's write to
    /// fail with `message` and leave every entry exactly as it was.
    func expectRefusal(_ sabotage: (String) -> Void, message: (String) -> String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        sabotage(dir)
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        // The dry run (status) reports the same refusal.
        let dryError = #expect(throws: BundleError.self, sourceLocation: sourceLocation) {
            try BundleWriter.status(prepared(dir, variant: 2))
        }
        #expect(dryError.map { "\($0)" } == message(dir), sourceLocation: sourceLocation)
        let error = #expect(throws: BundleError.self, sourceLocation: sourceLocation) {
            try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate(60)))
        }
        #expect(error.map { "\($0)" } == message(dir), sourceLocation: sourceLocation)
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before, "something was written", sourceLocation: sourceLocation)
    }

    @Test func sharedDirectoryHoldingOtherFilesIsNotTightenedToHoldSecrets() throws {
        try expectRefusal({ dir in
            chmod(dir + "/secrets", 0o755)
            writeText(dir + "/secrets/important.conf", "someone else's file")
        }, message: { dir in
            "\(dir)/secrets: this existing directory (mode 755) already holds other files (important.conf); secrets need a 0700 directory, and tightening this one would lock others out of those files: choose a dedicated secrets directory (e.g. secrets.dir: secrets)"
        })
    }

    /// A world-writable shared directory like /tmp gets the shared-directory message, never a
    /// hint to chmod it.
    @Test func stickyWorldWritableDirectoryWithOtherFilesIsNotToBeChmodded() throws {
        try expectRefusal({ dir in
            chmod(dir + "/secrets", 0o1777)
            writeText(dir + "/secrets/someone-elses.sock", "x")
        }, message: { dir in
            "\(dir)/secrets: this existing directory (mode 1777) already holds other files (someone-elses.sock); secrets need a 0700 directory, and tightening this one would lock others out of those files: choose a dedicated secrets directory (e.g. secrets.dir: secrets)"
        })
    }

    @Test func looseDirectoryHoldingOnlyOurSecretsIsTightened() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        chmod(dir + "/secrets", 0o755)
        _ = try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate(60)))
        #expect(statOf(dir + "/secrets")?.permissions == 0o700)
    }

    @Test func symlinkedSecretFileIsNotFollowed() throws {
        let outside = makeTempDir("outside")
        defer { cleanup(outside) }
        writeText(outside + "/target.txt", "attacker-chosen")
        try expectRefusal({ dir in
            unlink(dir + "/secrets/stack_auth_secret.txt")
            symlink(outside + "/target.txt", dir + "/secrets/stack_auth_secret.txt")
        }, message: { dir in
            "\(dir)/secrets/stack_auth_secret.txt: the secret file is a symbolic link; refusing to follow it (replace it with a real file owned by the user running this tool)"
        })
        #expect(readText(outside + "/target.txt") == "attacker-chosen")
    }

    @Test func danglingSymlinkWhereANewSecretGoesIsRefused() throws {
        let outside = makeTempDir("outside")
        defer { cleanup(outside) }
        try expectRefusal({ dir in
            symlink(outside + "/would-be-created.txt", dir + "/secrets/rds_password.txt")
        }, message: { dir in
            "\(dir)/secrets/rds_password.txt: the secret file is a symbolic link; refusing to follow it (replace it with a real file owned by the user running this tool)"
        })
        #expect(statOf(outside + "/would-be-created.txt") == nil)
    }

    @Test func symlinkedSecretsDirectoryIsNotFollowed() throws {
        let outside = makeTempDir("outside")
        defer { cleanup(outside) }
        chmod(outside, 0o700)
        try expectRefusal({ dir in
            rename(dir + "/secrets", outside + "/moved")
            symlink(outside + "/moved", dir + "/secrets")
        }, message: { dir in
            "\(dir)/secrets: the secrets directory is a symbolic link; refusing to follow it (replace it with a real directory owned by the user running this tool)"
        })
    }

    @Test func groupWritableSecretsDirectoryIsRefused() throws {
        try expectRefusal({ dir in chmod(dir + "/secrets", 0o770) }, message: { dir in
            "\(dir)/secrets: the secrets directory is writable by group or others (mode 770); refusing to write secrets there (run `chmod 700 \(dir)/secrets` after checking its contents)"
        })
    }

    @Test func worldWritableSecretsDirectoryIsRefused() throws {
        try expectRefusal({ dir in chmod(dir + "/secrets", 0o1777) }, message: { dir in
            "\(dir)/secrets: the secrets directory is writable by group or others (mode 1777); refusing to write secrets there (run `chmod 700 \(dir)/secrets` after checking its contents)"
        })
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give the directory away"))
    func secretsDirectoryOwnedByAnotherUserIsRefused() throws {
        try expectRefusal({ dir in chown(dir + "/secrets", 4242, 4242) }, message: { dir in
            "\(dir)/secrets: the secrets directory is owned by uid 4242, not by uid 0 running this tool; refusing to write secrets there"
        })
    }

    @Test func secretPathThatIsADirectoryIsRefused() throws {
        try expectRefusal({ dir in mkdir(dir + "/secrets/rds_password.txt", 0o700) }, message: { dir in
            "\(dir)/secrets/rds_password.txt: expected a regular file but found a directory; refusing to replace it"
        })
    }

    @Test func existingSecretThatIsAFIFOIsRefused() throws {
        try expectRefusal({ dir in
            unlink(dir + "/secrets/stack_auth_secret.txt")
            mkfifo(dir + "/secrets/stack_auth_secret.txt", 0o600)
        }, message: { dir in
            "\(dir)/secrets/stack_auth_secret.txt: expected a regular file but found a FIFO; refusing to replace it"
        })
    }

    @Test func secondRunFailsAtOnceNamingTheLockHolder() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        // Another process holds the lock.
        let holder = try LockHolder(dir)
        #expect(holder.firstOutput == "locked \(holder.pid)\n")
        let before = snapshot(dir, excluding: [BundleLock.fileName])
        let error = #expect(throws: BundleError.self) {
            try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate(60)))
        }
        #expect("\(error!)" == "\(dir)/.freshtrack.lock: another freshtrack-deploy run (process \(holder.pid)) is working on this bundle; wait for it to finish (or, if pid \(holder.pid) is gone, run again)")
        #expect(snapshot(dir, excluding: [BundleLock.fileName]) == before)
        let rotateError = #expect(throws: BundleError.self) {
            try BundleWriter.rotate(prepared(dir, variant: 1), secret: .stackAuthSecret, newValue: SecretValue("x"))
        }
        #expect(rotateError == .locked(path: dir + "/.freshtrack.lock", pid: holder.pid))
        // Once the holder exits, the next run goes through.
        try holder.release()
        let report = try BundleWriter.write(prepared(dir, variant: 2), options: WriteOptions(now: testDate(60)))
        #expect(!report.written.isEmpty)
    }

    @Test func aKilledLockHolderDoesNotBlockTheNextRun() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        let holder = try LockHolder(dir)
        kill(holder.pid, SIGKILL)
        holder.process.waitUntilExit()
        _ = try BundleWriter.write(prepared(dir, variant: 1), options: WriteOptions(now: testDate()))
        #expect(readText(dir + "/secrets/postgres_password.txt") == "pg-secret-v1")
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to drop to another user"))
    func notRootWritesAsCurrentUserAndListsTheChownCommands() throws {
        let dir = makeTempDir()
        defer { cleanup(dir) }
        chown(dir, 65534, 65534)
        let r = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", FaultHelper.path, "write", dir, "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let chowns = r.stdout.split(separator: "\n").filter { $0.hasPrefix("CHOWN ") }.map { String($0.dropFirst(6)) }
        #expect(Set(chowns) == [
            "chown 70:70 \(dir)/secrets/postgres_password.txt",
            "chown 1000:1000 \(dir)/secrets/postgres_password.backend.txt",
            "chown 1000:1000 \(dir)/secrets/stack_auth_secret.txt",
        ])
        for f in ["secrets/postgres_password.txt", "secrets/stack_auth_secret.txt", "docker-compose.yml"] {
            #expect(statOf(dir + "/" + f)?.uid == 65534, "\(f) not owned by the user who ran the tool")
        }
        #expect(statOf(dir + "/secrets/postgres_password.txt")?.permissions == 0o600)
        #expect(statOf(dir + "/secrets")?.permissions == 0o700)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing
import DeployKit
@testable import HostProbe

/// What doctor says of the bundle and target it looks at is true of them: the domain of an
/// AWS bundle points at its load balancer, only the secret files the started services mount
/// are counted, missing or diverged secret files fail by name (never their values), a target
/// that disagrees with the answers is said, a missing bundle directory fails up front.
struct DoctorBundleChecksTests {
    @Test func awsDomainPointsAtTheLoadBalancerNotThisHost() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let aws = Doctor.dns(config(dir, target: .aws, answers: LooseAnswers(target: .aws, domain: "app.example.com")), progress: { _ in })
        #expect(aws.first?.status == .fail)
        let fix = try #require(aws.first?.fix)
        #expect(fix.contains("ALB") && fix.contains("CNAME") && fix.contains("ACM"), "\(fix)")
        #expect(!fix.contains("pointing at this host") && !fix.contains("Let's Encrypt"), "\(fix)")
        let selfhosted = Doctor.dns(config(dir, answers: LooseAnswers(domain: "app.example.com")), progress: { _ in })
        #expect(selfhosted.first?.fix?.contains("Let's Encrypt") == true)
    }

    /// A base file declaring 4 secrets, an overlay disabling the service that mounts 2 of them.
    func bundle(_ dir: URL) throws -> URL {
        let secrets = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        chmod(secrets.path, 0o700)
        try """
            services:
              db:
                image: busybox:1.36
                user: "\(getuid())"
                secrets: [db_password, db_admin]
              app:
                image: busybox:1.36
                user: "\(getuid())"
                secrets: [app_key, db_password_app]
            secrets:
              db_password: {file: ./secrets/db_password.txt}
              db_admin: {file: ./secrets/db_admin.txt}
              app_key: {file: ./secrets/app_key.txt}
              db_password_app: {file: ./secrets/db_password.app.txt}
            """.write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        try "services:\n  db:\n    profiles: [disabled]\n".write(to: dir.appendingPathComponent("compose.aws.yaml"), atomically: true, encoding: .utf8)
        try "COMPOSE_FILE=docker-compose.yml:compose.aws.yaml\n".write(to: dir.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        return secrets
    }

    func put(_ dir: URL, _ name: String, _ value: String) throws {
        let p = dir.appendingPathComponent(name).path
        try value.write(toFile: p, atomically: false, encoding: .utf8)
        chmod(p, 0o600)
    }

    @Test func countsOnlyTheSecretFilesTheStartedServicesMount() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = try bundle(dir)
        try put(secrets, "app_key.txt", "k1")
        try put(secrets, "db_password.app.txt", "p1")
        let r = Doctor.secrets(config(dir, target: .aws))
        #expect(r.status == .pass, "\(r.reason)")
        #expect(r.reason.hasPrefix("2 secret files"), "\(r.reason)")
    }

    @Test func missingSecretFilesFailAndAreNamed() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = try bundle(dir)
        try put(secrets, "app_key.txt", "k1")
        let r = Doctor.secrets(config(dir, target: .aws))
        #expect(r.status == .fail)
        #expect(r.reason.contains("db_password.app.txt") && r.reason.contains("missing"), "\(r.reason)")
        #expect(!r.reason.contains("db_admin"), "\(r.reason)")
        #expect(r.fix?.contains("freshtrack-deploy apply") == true)
    }

    @Test func divergedCopiesOfOneSecretFailNamingBothFilesNeverTheValues() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        let secrets = try bundle(dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("compose.aws.yaml"))
        try "COMPOSE_FILE=docker-compose.yml\n".write(to: dir.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try put(secrets, "app_key.txt", "k1")
        try put(secrets, "db_admin.txt", "a1")
        try put(secrets, "db_password.txt", "first-value")
        try put(secrets, "db_password.app.txt", "first-value")
        #expect(Doctor.secrets(config(dir)).status == .pass, "\(Doctor.secrets(config(dir)).reason)")
        try put(secrets, "db_password.app.txt", "other-value")
        let r = Doctor.secrets(config(dir))
        #expect(r.status == .fail)
        #expect(r.reason.contains("db_password.txt") && r.reason.contains("db_password.app.txt"), "\(r.reason)")
        #expect(!r.reason.contains("first-value") && !r.reason.contains("other-value") && !(r.fix ?? "").contains("value"))
    }

    @Test func explicitTargetThatDisagreesWithTheAnswersIsSaid() throws {
        let dir = TempDirectory.makeURL("hostprobe")
        var c = config(dir, target: .aws, answers: LooseAnswers(target: .selfhosted, domain: "app.example.com"))
        c.procRoot = dir.path
        let r = Doctor.run(c)
        let mismatch = try #require(r.first { $0.id == "target" })
        #expect(mismatch.status == .warn)
        #expect(mismatch.reason.contains("selfhosted") && mismatch.reason.contains("aws"), "\(mismatch.reason)")
        let endpoints = try #require(r.first { $0.id == "endpoints" }, "RDS/ElastiCache not checked must be said")
        #expect(endpoints.status == .skip)
        #expect(endpoints.reason.contains("rds_endpoint") && endpoints.reason.contains("elasticache_endpoint"), "\(endpoints.reason)")
        // Agreeing target: no mismatch line.
        c.answers?.target = .aws
        #expect(!Doctor.run(c).contains { $0.id == "target" })
    }

    @Test func missingBundleDirectoryFailsUpFrontAndHostChecksStillRun() throws {
        let dir = TempDirectory.makeURL("hostprobe").appendingPathComponent("nonexist")
        var c = config(dir)
        c.procRoot = dir.path
        let r = Doctor.run(c)
        #expect(r.first?.id == "bundle-directory")
        #expect(r.first?.status == .fail)
        #expect(r.first?.reason.contains(dir.path) == true)
        #expect(r.contains { $0.id == "cpu" } && r.contains { $0.id == "clock" })
        let disk = try #require(r.first { $0.id == "disk" })
        #expect(disk.reason.contains(dir.deletingLastPathComponent().path), "\(disk.reason)")
        #expect(disk.status != .warn || !disk.reason.contains("cannot statvfs"))
    }
}

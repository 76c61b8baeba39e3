import Foundation
import TestSupport

/// The real Docker Engine and the stand-in images the engine tier runs bundles with.
///
/// `scripts/test` installs Debian's docker.io, starts `dockerd` when `docker info` fails,
/// installs the Compose v2.40.3 binary as the `docker compose` CLI plugin and builds the
/// stand-in images (`scripts/standin-images`). A test here fails (never skips) when any of
/// that is missing, naming what to run.
enum Engine {
    /// `docker` on PATH.
    static let docker: String? = which("docker")

    /// The stand-in images every stack needs beside the ones the bundle names.
    static let pebbleImage = "freshtrack-standin-pebble:1"
    static let testerImage = "freshtrack-standin-tester:1"

    /// Throws `MissingTool` unless the engine answers, `docker compose` is Compose v2 and
    /// every image in `images` exists locally (no image can be pulled here).
    static func require(images: [String]) throws {
        guard let docker else { throw MissingTool("docker not found: run scripts/test (installs docker.io)") }
        let info = try Subprocess.run(docker, ["info", "--format", "{{.ServerVersion}}"], stdin: .nullDevice)
        guard info.status == 0 else {
            throw MissingTool("the Docker engine does not answer (\(info.stderr.trimmed)): run scripts/test, which starts dockerd")
        }
        let compose = try Subprocess.run(docker, ["compose", "version", "--short"], stdin: .nullDevice)
        guard compose.status == 0 else {
            throw MissingTool("`docker compose` does not work (\(compose.stderr.trimmed)): run scripts/test, which installs the Compose v2.40.3 plugin")
        }
        let missing = try images.filter {
            try Subprocess.run(docker, ["image", "inspect", "--format", "{{.Id}}", $0], stdin: .nullDevice).status != 0
        }
        guard missing.isEmpty else {
            throw MissingTool("stand-in images missing: \(missing.joined(separator: ", ")): run scripts/standin-images (scripts/test does)")
        }
    }

    /// Tags the local image `source` as `name` too (e.g. the stand-in backend under the ECR
    /// name the AWS overlay runs, as `docker pull` from ECR would leave it).
    static func tag(_ source: String, as name: String) throws {
        let r = try run(["tag", source, name])
        guard r.status == 0 else { throw StackFailure("docker tag \(source) \(name): \(r.stderr)") }
    }

    /// Runs `docker ARGS` and returns what it did.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String]? = nil, in directory: String? = nil,
                    stdin: StandardInput = .nullDevice) throws -> ProcessResult {
        guard let docker else { throw MissingTool("docker not found: run scripts/test") }
        return try Subprocess.run(docker, arguments, environment: environment, currentDirectory: directory, stdin: stdin)
    }
}

extension String {
    /// Without leading and trailing white space and line breaks.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// A throw-away certificate authority and one server certificate for every host name a
/// stack's stand-ins answer under (managed database, Spaces, S3, the ACME server), made with
/// the real `openssl`. Files: `ca.crt`, `server.crt`, `server.key` in `directory`.
struct TestPKI {
    let directory: String
    var caCertificate: String { directory + "/ca.crt" }
    var certificate: String { directory + "/server.crt" }
    var key: String { directory + "/server.key" }

    /// Creates the CA and a certificate for `hosts` (DNS subject alternative names).
    /// - Throws: a `StackFailure` with openssl's output when a step fails.
    init(in directory: String, hosts: [String]) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let san = "subjectAltName=" + hosts.map { "DNS:\($0)" }.joined(separator: ",")
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", "/CN=FreshTrack engine-tier test CA", "-keyout", directory + "/ca.key", "-out", caCertificate],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-subj", "/CN=\(hosts[0])", "-keyout", key, "-out", directory + "/server.csr"],
            ["x509", "-req", "-in", directory + "/server.csr", "-CA", caCertificate, "-CAkey", directory + "/ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", directory + "/san.ext", "-out", certificate],
        ]
        try (san + "\nextendedKeyUsage=serverAuth\n").write(toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
        for step in steps {
            let r = try Subprocess.run("/usr/bin/env", ["openssl"] + step, stdin: .nullDevice, mergeStderr: true)
            guard r.status == 0 else { throw StackFailure("openssl \(step[0]) failed: \(r.stdout)") }
        }
        chmod(caCertificate, 0o644)
        chmod(certificate, 0o644)
    }
}

/// An engine-tier failure: what went wrong, with the stack's own evidence (service states,
/// health output, last log lines) when there is a stack.
struct StackFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Random test values for the secrets a provider would issue (database passwords, Spaces
/// and AWS keys): 24 characters of `A-Za-z0-9`, never printed.
func testSecretValue() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    var rng = SystemRandomNumberGenerator()
    return String((0..<24).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
}

/// Writes `text` to `path` with `mode`, owned by `uid:gid`, as a provider's file would be.
func writeFile(_ path: String, _ text: String, mode: mode_t = 0o600, uid: uid_t = 0, gid: gid_t = 0) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw StackFailure("cannot write \(path)") }
    guard chmod(path, mode) == 0, chown(path, uid, gid) == 0 else {
        throw StackFailure("cannot set mode/owner of \(path): errno \(errno)")
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

/// A real TCP listener on `host` (127.0.0.1 by default, or ::1) with a kernel-chosen port
/// (closed on deinit).
final class LoopbackListener {
    let fd: Int32
    let port: Int

    init(host: String = "127.0.0.1") throws {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "0", &hints, &res) == 0, let ai = res else { throw POSIXError(.EINVAL) }
        defer { freeaddrinfo(res) }
        let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var bound = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &bound) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else { close(fd); throw POSIXError(.EADDRINUSE) }
        // sin_port and sin6_port sit at the same offset, right after the 2-byte family.
        port = withUnsafeBytes(of: &bound) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
    }

    deinit { close(fd) }

    /// A port on `host` that nothing listens on: bound, then closed.
    static func freePort(host: String = "127.0.0.1") throws -> Int {
        let l = try LoopbackListener(host: host)
        return l.port
    }
}

/// A real Unix-socket listener in a temporary directory.
final class UnixListener {
    let fd: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let ok = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 && listen(fd, 8) == 0
            }
        }
        guard ok else { throw POSIXError(.EACCES) }
    }

    deinit { close(fd); unlink(path) }
}

/// A certificate and its key, PEM files.
struct CertificateFiles {
    var cert: String
    var key: String

    /// Runs `openssl` with `arguments`, output discarded; throws when it fails.
    static func openssl(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw POSIXError(.EINVAL) }
    }

    /// A fresh self-signed certificate for `subject` in `dir`, named `name`.
    static func selfSigned(in dir: URL, name: String = "self", subject: String = "/CN=localhost") throws -> CertificateFiles {
        let c = CertificateFiles(cert: dir.appendingPathComponent("\(name).pem").path, key: dir.appendingPathComponent("\(name).key").path)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", c.key, "-out", c.cert,
                     "-days", "1", "-subj", subject])
        return c
    }

    /// A certificate for CN=localhost signed by `ca`, valid for `days` (negative: expired).
    static func signed(by ca: CertificateFiles, in dir: URL, name: String, days: Int = 1) throws -> CertificateFiles {
        let c = CertificateFiles(cert: dir.appendingPathComponent("\(name).pem").path, key: dir.appendingPathComponent("\(name).key").path)
        let csr = dir.appendingPathComponent("\(name).csr").path
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", c.key, "-out", csr, "-subj", "/CN=localhost"])
        try openssl(["x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial",
                     "-out", c.cert, "-days", String(days)])
        return c
    }
}

/// True when a TCP connect to `host`:`port` (a numeric IPv4 or IPv6 address) succeeds.
func accepts(host: String, port: Int) -> Bool {
    var hints = addrinfo()
    hints.ai_flags = AI_NUMERICHOST
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var res: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &res) == 0, let ai = res else { return false }
    defer { freeaddrinfo(res) }
    let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    return connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0
}

/// `openssl s_server` on `host` (127.0.0.1 or ::1) with `certificate` (default: a fresh
/// self-signed one for CN=localhost).
final class TLSServer {
    let process = Process()
    let port: Int

    init(dir: URL, host: String = "127.0.0.1", certificate: CertificateFiles? = nil) throws {
        let c = try certificate ?? CertificateFiles.selfSigned(in: dir)
        port = try LoopbackListener.freePort(host: host)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let accept = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        process.arguments = ["openssl", "s_server", "-accept", accept, "-cert", c.cert, "-key", c.key, "-quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()
        try process.run()
        // Wait until it listens (a real readiness check, not a timed assertion).
        for _ in 0..<100 {
            if accepts(host: host, port: port) { return }
            usleep(50_000)
        }
    }

    deinit {
        // SIGKILL, not waiting: Foundation reaps the child itself.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

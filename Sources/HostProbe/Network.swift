#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Resolves host names. Injected so tests need no DNS.
public protocol HostResolver: Sendable {
    /// The addresses of `host` (numeric strings), or an error message.
    /// - Parameter timeout: seconds.
    func resolve(_ host: String, timeout: Double) -> Result<[String], ProbeFailure>
}

/// Why a probe did not succeed, in one line for the operator.
public struct ProbeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `getaddrinfo(3)` on a worker thread, abandoned after the timeout.
public struct SystemResolver: HostResolver {
    public init() {}

    public func resolve(_ host: String, timeout: Double) -> Result<[String], ProbeFailure> {
        let box = ResultBox<Result<[String], ProbeFailure>>()
        let t = Thread {
            box.set(Self.lookup(host))
        }
        t.start()
        return box.wait(timeout: timeout) ?? .failure(ProbeFailure("no answer from DNS within \(Int(timeout)) s"))
    }

    static func lookup(_ host: String) -> Result<[String], ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &res)
        guard rc == 0 else { return .failure(ProbeFailure(String(cString: gai_strerror(rc)))) }
        defer { freeaddrinfo(res) }
        var out: [String] = []
        var p = res
        while let ai = p {
            var buf = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(ai.pointee.ai_addr, ai.pointee.ai_addrlen, &buf, socklen_t(buf.count), nil, 0, NI_NUMERICHOST) == 0 {
                let s = String(cString: buf)
                if !out.contains(s) { out.append(s) }
            }
            p = ai.pointee.ai_next
        }
        return .success(out)
    }
}

/// A value set once from another thread, waited for with a timeout.
final class ResultBox<T>: @unchecked Sendable {
    private let cond = NSCondition()
    private var value: T?

    func set(_ v: T) {
        cond.lock()
        value = v
        cond.signal()
        cond.unlock()
    }

    func wait(timeout: Double) -> T? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        cond.lock()
        defer { cond.unlock() }
        while value == nil {
            if !cond.wait(until: deadline) { break }
        }
        return value
    }
}

/// TCP and Unix-socket connects with a timeout. Nothing is sent: the socket is closed right
/// after the handshake.
public enum Connect {
    /// Connects to `host:port` (a numeric address or a name, resolved with `getaddrinfo`).
    /// - Returns: the address that accepted, or why none did.
    public static func tcp(host: String, port: Int, timeout: Double) -> Result<String, ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0 else { return .failure(ProbeFailure("\(host): \(String(cString: gai_strerror(rc)))")) }
        defer { freeaddrinfo(res) }
        var lastError = "no address"
        var p = res
        while let ai = p {
            p = ai.pointee.ai_next
            let r = connect(family: ai.pointee.ai_family, addr: ai.pointee.ai_addr, len: ai.pointee.ai_addrlen, timeout: timeout)
            switch r {
            case .success:
                var buf = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                getnameinfo(ai.pointee.ai_addr, ai.pointee.ai_addrlen, &buf, socklen_t(buf.count), nil, 0, NI_NUMERICHOST)
                return .success(String(cString: buf))
            case .failure(let f):
                lastError = f.message
            }
        }
        return .failure(ProbeFailure(lastError))
    }

    /// Connects to the Unix socket at `path`.
    public static func unix(path: String, timeout: Double) -> Result<Void, ProbeFailure> {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return .failure(ProbeFailure("socket path too long")) }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(family: AF_UNIX, addr: $0, len: socklen_t(MemoryLayout<sockaddr_un>.size), timeout: timeout)
            }
        }
    }

    static func connect(family: Int32, addr: UnsafePointer<sockaddr>, len: socklen_t, timeout: Double) -> Result<Void, ProbeFailure> {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(ProbeFailure(String(cString: strerror(errno)))) }
        defer { close(fd) }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, addr, len) == 0 { return .success(()) }
        let err = errno
        guard err == EINPROGRESS || err == EAGAIN else { return .failure(ProbeFailure(String(cString: strerror(err)))) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let n = poll(&pfd, 1, Int32(timeout * 1000))
        if n == 0 { return .failure(ProbeFailure("no answer within \(formatSeconds(timeout))")) }
        if n < 0 { return .failure(ProbeFailure(String(cString: strerror(errno)))) }
        var soErr: Int32 = 0
        var l = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soErr, &l)
        if soErr != 0 { return .failure(ProbeFailure(String(cString: strerror(soErr)))) }
        return .success(())
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
}

/// Listening TCP ports from `/proc/net/tcp` and `/proc/net/tcp6` (no privileges needed).
public enum ListeningPorts {
    /// Ports in LISTEN state (state `0A`) on any address.
    /// - Parameter procRoot: `/proc` normally; a directory with `net/tcp` files in tests.
    public static func read(procRoot: String = "/proc") -> Set<Int> {
        var ports = Set<Int>()
        for f in ["net/tcp", "net/tcp6"] {
            guard let text = try? String(contentsOfFile: procRoot + "/" + f, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let cols = line.split(separator: " ")
                guard cols.count > 3, cols[3] == "0A", let colon = cols[1].lastIndex(of: ":"),
                      let port = Int(cols[1][cols[1].index(after: colon)...], radix: 16) else { continue }
                ports.insert(port)
            }
        }
        return ports
    }
}

/// Runs a program with a timeout, capturing its output.
public enum Subprocess {
    public struct Output: Sendable {
        /// `nil` when the program did not finish in time (it was killed) or could not start.
        public var status: Int32?
        public var stdout: String
        public var stderr: String
    }

    /// Runs `arguments[0]` found on `PATH`, stdin from `/dev/null`.
    public static func run(_ arguments: [String], timeout: Double) -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let done = ResultBox<Bool>()
        p.terminationHandler = { _ in done.set(true) }
        do { try p.run() } catch { return Output(status: nil, stdout: "", stderr: "\(error)") }
        let outBox = ResultBox<Data>(), errBox = ResultBox<Data>()
        Thread { outBox.set(out.fileHandleForReading.readDataToEndOfFile()) }.start()
        Thread { errBox.set(err.fileHandleForReading.readDataToEndOfFile()) }.start()
        if done.wait(timeout: timeout) == nil {
            p.terminate()
            _ = done.wait(timeout: 2)
            return Output(status: nil, stdout: "", stderr: "did not finish within \(formatSeconds(timeout))")
        }
        let o = outBox.wait(timeout: 2) ?? Data(), e = errBox.wait(timeout: 2) ?? Data()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A TLS handshake through `openssl s_client` (no HTTP or protocol bytes beyond the
/// handshake; `-starttls postgres` sends PostgreSQL's 8-byte SSLRequest first, which is how
/// PostgreSQL starts TLS).
public enum TLSProbe {
    public struct Result: Sendable, Hashable {
        /// The negotiated protocol, e.g. `TLSv1.3`.
        public var protocolVersion: String
        /// `nil` when the certificate verified; otherwise the reason.
        public var verifyError: String?
    }

    public static func handshake(host: String, port: Int, serverName: String? = nil, startTLS: String? = nil,
                                 timeout: Double) -> Swift.Result<Result, ProbeFailure> {
        var args = ["openssl", "s_client", "-connect", "\(host):\(port)", "-brief"]
        if let sn = serverName ?? (host.first?.isLetter == true ? host : nil) { args += ["-servername", sn] }
        if let s = startTLS { args += ["-starttls", s] }
        let out = Subprocess.run(args, timeout: timeout)
        guard let status = out.status else { return .failure(ProbeFailure(out.stderr)) }
        let text = out.stderr + out.stdout
        let proto = text.split(separator: "\n").first { $0.hasPrefix("Protocol version:") }
            .map { $0.dropFirst("Protocol version:".count).ckTrim() }
        guard let proto, status == 0 || text.contains("CONNECTION ESTABLISHED") else {
            let last = text.split(separator: "\n").first { $0.contains("error") || $0.contains("errno") } ?? "handshake failed"
            return .failure(ProbeFailure("TLS handshake failed: \(last.ckTrim())"))
        }
        let verify = text.split(separator: "\n").first { $0.hasPrefix("Verification error:") }
            .map { $0.dropFirst("Verification error:".count).ckTrim() }
        return .success(Result(protocolVersion: proto, verifyError: verify))
    }
}

extension StringProtocol {
    func ckTrim() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

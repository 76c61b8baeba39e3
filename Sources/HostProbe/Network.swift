#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import Foundation

/// Resolves host names. Injected so tests need no DNS.
public protocol HostResolver: Sendable {
    /// The addresses of `host` (numeric strings), or an error message.
    /// - Parameter timeout: seconds.
    func resolve(_ host: String, timeout: Double) -> Result<[String], ProbeFailure>
}

/// Why a probe did not succeed; `description` is one line for the operator.
public enum ProbeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A name did not resolve, or resolved to no address: `reason` is `getaddrinfo`'s
    /// (`gai_strerror`, e.g. `Name or service not known`) or `no address`; `host` is named
    /// first when the caller's message does not name it already.
    case unresolved(host: String?, reason: String)
    /// DNS gave no answer within `seconds`.
    case dnsTimeout(seconds: Double)
    /// A TCP or Unix-socket connection failed with the system error `errno` (the message is
    /// its `strerror`), e.g. `ECONNREFUSED`, or `EACCES` for a socket this user may not use.
    case connectFailed(errno: Int32)
    /// A connection got no answer within `seconds`.
    case connectTimeout(seconds: Double)
    /// A Unix socket path longer than `sockaddr_un` holds.
    case socketPathTooLong
    /// The TLS handshake (or the STARTTLS exchange before it) failed; `reason` is why, e.g.
    /// OpenSSL's `wrong version number`, or the connection's own failure.
    case tlsHandshake(reason: String)
    /// `library` (libssl, which TLS probes load when the first one runs) could not be loaded
    /// or lacks a function they call; `reason` is `dlerror`'s message or the missing name.
    case libsslMissing(library: String, reason: String)

    public var description: String {
        switch self {
        case .unresolved(let host, let reason): return host.map { "\($0): \(reason)" } ?? reason
        case .dnsTimeout(let seconds): return "no answer from DNS within \(Int(seconds)) s"
        case .connectFailed(let errno): return String(cString: strerror(errno))
        case .connectTimeout(let seconds): return "no answer within \(formatSeconds(seconds))"
        case .socketPathTooLong: return "socket path too long"
        case .tlsHandshake(let reason): return "TLS handshake failed: \(reason)"
        case .libsslMissing(_, let reason):
            return "libssl3 cannot be loaded (\(reason)): doctor's TLS checks need it; install it with `apt-get install libssl3`"
        }
    }
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
        return box.wait(timeout: timeout) ?? .failure(.dnsTimeout(seconds: timeout))
    }

    static func lookup(_ host: String) -> Result<[String], ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &res)
        guard rc == 0 else { return .failure(.unresolved(host: nil, reason: String(cString: gai_strerror(rc)))) }
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
        open(host: host, port: port, timeout: timeout).map { _ = close($0.socket); return $0.address }
    }

    /// Connects to `host:port` like `tcp`, keeping the connection.
    /// - Returns: the connected socket (in non-blocking mode; the caller closes it) and the
    ///   numeric address that accepted, or why no address did.
    static func open(host: String, port: Int, timeout: Double) -> Result<(socket: Int32, address: String), ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0 else { return .failure(.unresolved(host: host, reason: String(cString: gai_strerror(rc)))) }
        defer { freeaddrinfo(res) }
        var lastError = ProbeFailure.unresolved(host: nil, reason: "no address")
        var p = res
        while let ai = p {
            p = ai.pointee.ai_next
            switch connect(family: ai.pointee.ai_family, addr: ai.pointee.ai_addr, len: ai.pointee.ai_addrlen, timeout: timeout) {
            case .success(let fd):
                var buf = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                getnameinfo(ai.pointee.ai_addr, ai.pointee.ai_addrlen, &buf, socklen_t(buf.count), nil, 0, NI_NUMERICHOST)
                return .success((fd, buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
            case .failure(let f):
                lastError = f
            }
        }
        return .failure(lastError)
    }

    /// Connects to the Unix socket at `path`.
    public static func unix(path: String, timeout: Double) -> Result<Void, ProbeFailure> {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return .failure(.socketPathTooLong) }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(family: AF_UNIX, addr: $0, len: socklen_t(MemoryLayout<sockaddr_un>.size), timeout: timeout)
                    .map { _ = close($0) }
            }
        }
    }

    /// A non-blocking socket of `family` connected to `addr` within `timeout` seconds; the
    /// caller closes it.
    static func connect(family: Int32, addr: UnsafePointer<sockaddr>, len: socklen_t, timeout: Double) -> Result<Int32, ProbeFailure> {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(.connectFailed(errno: errno)) }
        func fail(_ failure: ProbeFailure) -> Result<Int32, ProbeFailure> { close(fd); return .failure(failure) }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, addr, len) == 0 { return .success(fd) }
        let err = errno
        guard err == EINPROGRESS || err == EAGAIN else { return fail(.connectFailed(errno: err)) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let n = poll(&pfd, 1, Int32(timeout * 1000))
        if n == 0 { return fail(.connectTimeout(seconds: timeout)) }
        if n < 0 { return fail(.connectFailed(errno: errno)) }
        var soErr: Int32 = 0
        var l = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soErr, &l)
        if soErr != 0 { return fail(.connectFailed(errno: soErr)) }
        return .success(fd)
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

/// The libssl functions (libcrypto's `ERR_*` and `X509_*` among them, found through libssl's
/// own dependency) the TLS probe calls, resolved with `dlsym` into typed function pointers.
/// The binary does not link OpenSSL, so only a TLS probe pays for loading it: `shared` opens
/// `libssl.so.3` the first time one runs and keeps it open for the life of the process.
/// Macros of OpenSSL's headers are called through the function they expand to
/// (`SSL_set_tlsext_host_name` is `SSL_ctrl` with `SSL_CTRL_SET_TLSEXT_HOSTNAME`).
struct LibSSL: @unchecked Sendable {
    /// The library `shared` loads: OpenSSL 3's libssl, from Debian's and Ubuntu's `libssl3`.
    static let defaultName = "libssl.so.3"
    /// The system's libssl, loaded on first use; the failure is kept too (no retry per probe).
    static let shared = load(defaultName)

    let ERR_clear_error: @convention(c) () -> Void
    let ERR_get_error: @convention(c) () -> UInt
    let ERR_reason_error_string: @convention(c) (UInt) -> UnsafePointer<CChar>?
    let ERR_error_string_n: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    let TLS_client_method: @convention(c) () -> OpaquePointer?
    let SSL_CTX_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_CTX_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_CTX_load_verify_locations: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let SSL_CTX_set_default_verify_paths: @convention(c) (OpaquePointer?) -> Int32
    let SSL_CTX_set_verify: @convention(c) (OpaquePointer?, Int32, SSL_verify_cb?) -> Void
    let SSL_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_ctrl: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_set_fd: @convention(c) (OpaquePointer?, Int32) -> Int32
    let SSL_connect: @convention(c) (OpaquePointer?) -> Int32
    let SSL_get_error: @convention(c) (OpaquePointer?, Int32) -> Int32
    let SSL_get_verify_result: @convention(c) (OpaquePointer?) -> Int
    let SSL_get_version: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let SSL_shutdown: @convention(c) (OpaquePointer?) -> Int32
    let X509_verify_cert_error_string: @convention(c) (Int) -> UnsafePointer<CChar>?

    /// `shared` for the default name; otherwise `name` loaded now (tests pass one that does
    /// not exist).
    static func named(_ name: String?) -> Result<LibSSL, ProbeFailure> {
        guard let name, name != defaultName else { return shared }
        return load(name)
    }

    /// Opens `name` with `dlopen` and resolves every function, or says why it cannot.
    static func load(_ name: String) -> Result<LibSSL, ProbeFailure> {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "\(name) not found"
            return .failure(.libsslMissing(library: name, reason: reason))
        }
        do { return .success(try LibSSL(handle, name: name)) } catch { return .failure(error) }
    }

    /// Each function looked up in `handle` (the library `name`).
    private init(_ handle: UnsafeMutableRawPointer, name: String) throws(ProbeFailure) {
        func f<T>(_ symbol: String) throws(ProbeFailure) -> T {
            guard let p = dlsym(handle, symbol) else { throw .libsslMissing(library: name, reason: "\(name) has no \(symbol)") }
            return unsafeBitCast(p, to: T.self)
        }
        ERR_clear_error = try f("ERR_clear_error")
        ERR_get_error = try f("ERR_get_error")
        ERR_reason_error_string = try f("ERR_reason_error_string")
        ERR_error_string_n = try f("ERR_error_string_n")
        TLS_client_method = try f("TLS_client_method")
        SSL_CTX_new = try f("SSL_CTX_new")
        SSL_CTX_free = try f("SSL_CTX_free")
        SSL_CTX_load_verify_locations = try f("SSL_CTX_load_verify_locations")
        SSL_CTX_set_default_verify_paths = try f("SSL_CTX_set_default_verify_paths")
        SSL_CTX_set_verify = try f("SSL_CTX_set_verify")
        SSL_new = try f("SSL_new")
        SSL_free = try f("SSL_free")
        SSL_ctrl = try f("SSL_ctrl")
        SSL_set_fd = try f("SSL_set_fd")
        SSL_connect = try f("SSL_connect")
        SSL_get_error = try f("SSL_get_error")
        SSL_get_verify_result = try f("SSL_get_verify_result")
        SSL_get_version = try f("SSL_get_version")
        SSL_shutdown = try f("SSL_shutdown")
        X509_verify_cert_error_string = try f("X509_verify_cert_error_string")
    }

    /// `SSL_set_tlsext_host_name(ssl, name)`, a macro over `SSL_ctrl`: sends `name` as SNI.
    func setHostName(_ ssl: OpaquePointer, _ name: String) {
        _ = name.withCString {
            SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: $0))
        }
    }
}

/// A TLS handshake through libssl on a TCP connection of its own: no HTTP or protocol bytes
/// beyond the handshake (and a close_notify after it); with `startTLS: "postgres"`,
/// PostgreSQL's 8-byte SSLRequest first, which is how PostgreSQL starts TLS.
///
/// Like `openssl s_client` without `-verify_return_error`, the handshake completes whatever
/// the certificate, and the chain's verification result is reported beside it; the host
/// name is sent (SNI) but not checked against the certificate.
public enum TLSProbe {
    /// What a completed handshake found.
    public struct Result: Sendable, Hashable {
        /// The negotiated protocol, e.g. `TLSv1.3`.
        public var protocolVersion: String
        /// `nil` when the certificate chain verified; otherwise OpenSSL's reason, e.g.
        /// `self-signed certificate`, `certificate has expired`.
        public var verifyError: String?
    }

    /// PostgreSQL's SSLRequest: length 8, then the code 80877103 (both big-endian).
    static let postgresSSLRequest: [UInt8] = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]

    /// Connects to `host:port` (a numeric IPv4 or IPv6 address, or a name) and completes a
    /// TLS handshake.
    /// - Parameters:
    ///   - serverName: the SNI name; default `host` when it is a name, none for an address.
    ///   - startTLS: `nil` for TLS from the first byte, `"postgres"` for PostgreSQL's SSLRequest.
    ///   - trustedCertificates: a PEM file of CA certificates to verify against instead of
    ///     the system's (tests use their own CA).
    ///   - timeout: seconds for the connect, and for each read or write after it.
    ///   - libssl: the library to load instead of `libssl.so.3` (tests name a missing one).
    /// - Returns: the protocol and the verification result, or `ProbeFailure.tlsHandshake`
    ///   (its message starts `TLS handshake failed:`), the connect's failure included, or
    ///   `ProbeFailure.libsslMissing` (before connecting) when libssl cannot be loaded.
    public static func handshake(host: String, port: Int, serverName: String? = nil, startTLS: String? = nil,
                                 trustedCertificates: String? = nil, timeout: Double,
                                 libssl: String? = nil) -> Swift.Result<Result, ProbeFailure> {
        func failed(_ why: String) -> Swift.Result<Result, ProbeFailure> { .failure(.tlsHandshake(reason: why)) }
        let lib: LibSSL
        switch LibSSL.named(libssl) {
        case .success(let l): lib = l
        case .failure(let f): return .failure(f)
        }
        let fd: Int32
        switch Connect.open(host: host, port: port, timeout: timeout) {
        case .success(let c): fd = c.socket
        case .failure(let f): return failed(f.description)
        }
        defer { close(fd) }
        setBlocking(fd, timeout: timeout)
        switch startTLS {
        case nil: break
        case "postgres"?: if let why = postgresSSLRequest(fd, timeout: timeout) { return failed(why) }
        case let other?: return failed("unknown STARTTLS protocol \(other)")
        }
        let name = serverName ?? (host.first?.isLetter == true ? host : nil)
        return withSIGPIPEBlocked {
            tls(lib, fd, serverName: name, trustedCertificates: trustedCertificates, timeout: timeout)
        }
    }

    /// Back to blocking mode, each read and write limited to `timeout` seconds.
    static func setBlocking(_ fd: Int32, timeout: Double) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) & ~O_NONBLOCK)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Sends the SSLRequest and reads PostgreSQL's one-byte answer.
    /// - Returns: `nil` when the server answered `S` (go ahead with TLS), else why not.
    static func postgresSSLRequest(_ fd: Int32, timeout: Double) -> String? {
        let sent = postgresSSLRequest.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == postgresSSLRequest.count else { return "cannot send PostgreSQL's SSLRequest: \(String(cString: strerror(errno)))" }
        var answer: UInt8 = 0
        let n = recv(fd, &answer, 1, 0)
        if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? "no answer to PostgreSQL's SSLRequest within \(formatSeconds(timeout))" : String(cString: strerror(errno)) }
        if n == 0 { return "the server closed the connection after PostgreSQL's SSLRequest" }
        switch answer {
        case UInt8(ascii: "S"): return nil
        case UInt8(ascii: "N"): return "the server answered PostgreSQL's SSLRequest with N (TLS is off)"
        default: return "the server answered PostgreSQL's SSLRequest with byte \(answer), not S or N"
        }
    }

    /// The handshake through `lib` on the connected socket `fd`, verified against
    /// `trustedCertificates` or the system's CAs.
    static func tls(_ lib: LibSSL, _ fd: Int32, serverName: String?, trustedCertificates: String?,
                    timeout: Double) -> Swift.Result<Result, ProbeFailure> {
        lib.ERR_clear_error()
        guard let ctx = lib.SSL_CTX_new(lib.TLS_client_method()) else {
            return .failure(.tlsHandshake(reason: openSSLError(lib) ?? "cannot set up TLS"))
        }
        defer { lib.SSL_CTX_free(ctx) }
        if let trustedCertificates {
            guard lib.SSL_CTX_load_verify_locations(ctx, trustedCertificates, nil) == 1 else {
                return .failure(.tlsHandshake(reason: "cannot read \(trustedCertificates): \(openSSLError(lib) ?? "no certificates")"))
            }
        } else {
            _ = lib.SSL_CTX_set_default_verify_paths(ctx)
        }
        lib.SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        guard let ssl = lib.SSL_new(ctx) else { return .failure(.tlsHandshake(reason: openSSLError(lib) ?? "cannot set up TLS")) }
        defer { lib.SSL_free(ssl) }
        if let serverName { lib.setHostName(ssl, serverName) }
        _ = lib.SSL_set_fd(ssl, fd)
        let rc = lib.SSL_connect(ssl)
        guard rc == 1 else { return .failure(.tlsHandshake(reason: connectError(lib, ssl, rc, timeout: timeout))) }
        let verify = lib.SSL_get_verify_result(ssl)
        let version = lib.SSL_get_version(ssl).map { String(cString: $0) } ?? "an unknown protocol"
        let why = verify == X509_V_OK ? nil : lib.X509_verify_cert_error_string(verify).map { String(cString: $0) } ?? "error \(verify)"
        _ = lib.SSL_shutdown(ssl)
        return .success(Result(protocolVersion: version, verifyError: why))
    }

    /// Why `SSL_connect` returned `rc`, in a few words.
    static func connectError(_ lib: LibSSL, _ ssl: OpaquePointer, _ rc: Int32, timeout: Double) -> String {
        let savedErrno = errno
        let kind = lib.SSL_get_error(ssl, rc)
        if let e = openSSLError(lib) { return e }
        switch kind {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return "no answer within \(formatSeconds(timeout))"
        case SSL_ERROR_ZERO_RETURN: return "the server closed the connection"
        case SSL_ERROR_SYSCALL where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK: return "no answer within \(formatSeconds(timeout))"
        case SSL_ERROR_SYSCALL where savedErrno != 0: return String(cString: strerror(savedErrno))
        default: return "the server closed the connection"
        }
    }

    /// The reason of the oldest error on OpenSSL's queue (e.g. `wrong version number`),
    /// `nil` when the queue is empty; the queue is emptied.
    static func openSSLError(_ lib: LibSSL) -> String? {
        let code = lib.ERR_get_error()
        defer { lib.ERR_clear_error() }
        guard code != 0 else { return nil }
        if let reason = lib.ERR_reason_error_string(code) { return String(cString: reason) }
        var buf = [CChar](repeating: 0, count: 256)
        lib.ERR_error_string_n(code, &buf, buf.count)
        return buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Runs `body` with SIGPIPE blocked on this thread (libssl writes with `write(2)`, so a
    /// server that closes mid-handshake would otherwise kill the process), discarding a
    /// SIGPIPE it raised.
    static func withSIGPIPEBlocked<T>(_ body: () -> T) -> T {
        var pipe = sigset_t(), old = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, &old)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1, sigismember(&old, SIGPIPE) == 0 {
                var now = timespec()
                _ = sigtimedwait(&pipe, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &old, nil)
        }
        return body()
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

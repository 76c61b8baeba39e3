#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport
@testable import HostProbe

/// doctor's TLS handshake against a real `openssl s_server` on 127.0.0.1 and on ::1.
@Suite struct TLSProbeTests {
    static let loopbacks = ["127.0.0.1", "::1"]

    @Test(arguments: loopbacks)
    func doctorCompletesAHandshakeOnEitherLoopbackAndReportsTheVerifyResult(address: String) throws {
        let dir = TempDirectory.makeURL("tls")
        let server = try TLSServer(dir: dir, host: address)
        let c = config(dir, resolver: ["tls.test": [address]])
        let r = Doctor.probe(.init(id: "endpoint-elasticache", name: "ElastiCache", host: "tls.test", port: server.port,
                                   startTLS: nil, tls: true), c)
        #expect(r.status == .pass, "\(r.reason)")
        #expect(r.reason.contains("completes a TLSv1."), "\(r.reason)")
        #expect(r.reason.contains("(certificate not verified against the system CAs: self-signed certificate)"), "\(r.reason)")
    }

    @Test(arguments: loopbacks)
    func aPortWithNothingListeningFailsWithTheConnectError(address: String) throws {
        let port = try LoopbackListener.freePort(host: address)
        switch TLSProbe.handshake(host: address, port: port, timeout: 3) {
        case .success(let r): Issue.record("handshake with nobody: \(r)")
        case .failure(let f): #expect(f == .tlsHandshake(reason: ProbeFailure.connectFailed(errno: ECONNREFUSED).description), "\(f)")
        }
    }

    @Test func aLibsslThatCannotBeLoadedFailsTheProbeSayingHowToInstallIt() throws {
        let missing = "libssl-freshtrack-missing.so.3"
        switch TLSProbe.handshake(host: "127.0.0.1", port: 9, timeout: 1, libssl: missing) {
        case .success(let r): Issue.record("handshake without libssl: \(r)")
        case .failure(let f):
            guard case .libsslMissing(let library, let reason) = f else { Issue.record("not a missing-library failure: \(f)"); break }
            #expect(library == missing)
            #expect(reason.contains(missing), "\(reason)")
            #expect(f.description.hasPrefix("libssl3 cannot be loaded ("), "\(f)")
            #expect(f.description.hasSuffix("doctor's TLS checks need it; install it with `apt-get install libssl3`"), "\(f)")
        }
    }

    /// A CA in `dir` and a server on `address` whose certificate it signed, valid for `days`.
    static func caAndServer(_ dir: URL, address: String, days: Int = 1) throws -> (ca: CertificateFiles, server: TLSServer) {
        let ca = try CertificateFiles.selfSigned(in: dir, name: "ca", subject: "/CN=FreshTrack test CA")
        let leaf = try CertificateFiles.signed(by: ca, in: dir, name: "leaf", days: days)
        return (ca, try TLSServer(dir: dir, host: address, certificate: leaf))
    }

    @Test(arguments: loopbacks)
    func aCertificateFromATrustedCAVerifies(address: String) throws {
        let dir = TempDirectory.makeURL("tls")
        let (ca, server) = try Self.caAndServer(dir, address: address)
        let r = try TLSProbe.handshake(host: address, port: server.port, trustedCertificates: ca.cert, timeout: 5).get()
        #expect(r.protocolVersion.hasPrefix("TLSv1."))
        #expect(r.verifyError == nil)
        // The same server against the system CAs, which do not know this CA.
        let system = try TLSProbe.handshake(host: address, port: server.port, timeout: 5).get()
        #expect(system.verifyError == "unable to get local issuer certificate")
    }

    @Test(arguments: loopbacks)
    func anExpiredCertificateCompletesTheHandshakeAndFailsVerification(address: String) throws {
        let dir = TempDirectory.makeURL("tls")
        let (ca, server) = try Self.caAndServer(dir, address: address, days: -1)
        let r = try TLSProbe.handshake(host: address, port: server.port, trustedCertificates: ca.cert, timeout: 5).get()
        #expect(r.verifyError == "certificate has expired")
    }

    @Test func aServerThatClosesWithoutTLSFailsTheHandshake() throws {
        let l = try LoopbackListener(host: "::1")
        let fd = l.fd
        Thread { let c = accept(fd, nil, nil); if c >= 0 { close(c) } }.start()
        switch TLSProbe.handshake(host: "::1", port: l.port, timeout: 3) {
        case .success(let r): Issue.record("handshake with a closing server: \(r)")
        case .failure(let f):
            guard case .tlsHandshake = f else { Issue.record("not a handshake failure: \(f)"); break }
            #expect(f.description.hasPrefix("TLS handshake failed: "), "\(f)")
        }
        withExtendedLifetime(l) {}
    }

    /// A PostgreSQL stand-in on `listener`: reads one SSLRequest, answers `answer` when the
    /// 8 bytes are PostgreSQL's (else closes), then relays the connection to `tlsPort`.
    static func postgres(_ listener: LoopbackListener, answer: Character, relayTo tlsPort: Int? = nil) {
        let fd = listener.fd
        Thread {
            let c = accept(fd, nil, nil)
            guard c >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 8)
            guard recv(c, &request, 8, Int32(MSG_WAITALL)) == 8, request == [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F] else { close(c); return }
            var byte = answer.asciiValue!
            _ = send(c, &byte, 1, Int32(MSG_NOSIGNAL))
            guard let tlsPort, case .success(let up) = Connect.open(host: "127.0.0.1", port: tlsPort, timeout: 3) else { close(c); return }
            TLSProbe.setBlocking(up.socket, timeout: 5)
            relay(c, up.socket)
        }.start()
    }

    /// Copies bytes both ways between `a` and `b` until either side closes; closes both.
    static func relay(_ a: Int32, _ b: Int32) {
        let done = DispatchSemaphore(value: 0)
        for (from, to) in [(a, b), (b, a)] {
            Thread {
                var buf = [UInt8](repeating: 0, count: 16384)
                while true {
                    let n = recv(from, &buf, buf.count, 0)
                    if n <= 0 || send(to, buf, n, Int32(MSG_NOSIGNAL)) != n { break }
                }
                shutdown(to, Int32(SHUT_WR))
                done.signal()
            }.start()
        }
        done.wait(); done.wait()
        close(a); close(b)
    }

    @Test func postgresStartsTLSAfterItsSSLRequest() throws {
        let dir = TempDirectory.makeURL("tls")
        let server = try TLSServer(dir: dir)
        let l = try LoopbackListener()
        Self.postgres(l, answer: "S", relayTo: server.port)
        let r = try TLSProbe.handshake(host: "127.0.0.1", port: l.port, startTLS: "postgres", timeout: 5).get()
        #expect(r.protocolVersion.hasPrefix("TLSv1."))
        #expect(r.verifyError == "self-signed certificate")
        withExtendedLifetime(l) {}
    }

    @Test func postgresWithTLSOffSaysSo() throws {
        let l = try LoopbackListener()
        Self.postgres(l, answer: "N")
        switch TLSProbe.handshake(host: "127.0.0.1", port: l.port, startTLS: "postgres", timeout: 3) {
        case .success(let r): Issue.record("handshake after N: \(r)")
        case .failure(let f):
            #expect(f == .tlsHandshake(reason: "the server answered PostgreSQL's SSLRequest with N (TLS is off)"))
            #expect(f.description == "TLS handshake failed: the server answered PostgreSQL's SSLRequest with N (TLS is off)")
        }
        withExtendedLifetime(l) {}
    }
}

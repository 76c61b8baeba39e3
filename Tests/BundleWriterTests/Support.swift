import DeployKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// A fresh empty directory under /tmp, removed by the caller with `cleanup`.
func makeTempDir(_ label: String = "bw") -> String {
    var template = Array("/tmp/freshtrack-\(label)-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(p != nil, "mkdtemp failed")
    let path = String(cString: p!)
    chmod(path, 0o755)
    return path
}

func cleanup(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// Everything observable about one entry of a tree (mtime in nanoseconds).
struct EntryInfo: Equatable, CustomStringConvertible {
    var kind: String
    var mode: UInt16
    var uid: UInt32
    var gid: UInt32
    var bytes: [UInt8]?
    var mtimeNS: Int64
    var description: String { "\(kind) \(String(mode, radix: 8)) \(uid):\(gid) \(bytes?.count ?? -1)B" }
}

/// Walks `root` (not following links) -> relative path -> info.
func snapshot(_ root: String, excluding: Set<String> = []) -> [String: EntryInfo] {
    var out: [String: EntryInfo] = [:]
    func walk(_ rel: String) {
        let abs = rel.isEmpty ? root : root + "/" + rel
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: abs) else { return }
        for n in names {
            let r = rel.isEmpty ? n : rel + "/" + n
            if excluding.contains(r) { continue }
            var st = stat()
            guard lstat(root + "/" + r, &st) == 0 else { continue }
            let es = EntryStat(st)
            let mt = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            if es.isDirectory {
                out[r] = EntryInfo(kind: "dir", mode: es.permissions, uid: es.uid, gid: es.gid, bytes: nil, mtimeNS: mt)
                walk(r)
            } else if es.isRegular {
                let data = FileManager.default.contents(atPath: root + "/" + r).map { Array($0) }
                out[r] = EntryInfo(kind: "file", mode: es.permissions, uid: es.uid, gid: es.gid, bytes: data, mtimeNS: mt)
            } else {
                out[r] = EntryInfo(kind: es.kindDescription, mode: es.permissions, uid: es.uid, gid: es.gid, bytes: nil, mtimeNS: mt)
            }
        }
    }
    walk("")
    return out
}

func readBytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }
func readText(_ path: String) -> String? { readBytes(path).map { String(decoding: $0, as: UTF8.self) } }
func writeText(_ path: String, _ text: String, mode: mode_t = 0o644) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    chmod(path, mode)
}

func statOf(_ path: String) -> EntryStat? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return EntryStat(st)
}

/// The built products directory (where the test bundle and executables live).
func productsDirectory() -> URL {
    // The test binary (…/debug/freshtrack-deployPackageTests.xctest) sits beside the executables.
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("bundle-fault-helper").path) { return url }
        url.deleteLastPathComponent()
    }
    let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug")
    return fallback
}

struct ProcessResult {
    var status: Int32
    var signaled: Bool
    var stdout: String
    var stderr: String
}

/// Runs an executable to completion with `arguments`, returning its exit status and output.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         stdin: String? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let currentDirectory { p.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let inPipe = Pipe()
    p.standardInput = inPipe
    try p.run()
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                         stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

var helperPath: String { productsDirectory().appendingPathComponent("bundle-fault-helper").path }

/// The same hand-built plan as the fault helper's `samplePlan(variant:)`.
func samplePlan(variant: Int) -> Plan {
    func text(_ name: String, lines: Int) -> [UInt8] {
        var s = "# \(name), variant \(variant)\n"
        for i in 0..<lines { s += "key_\(i): value \(i) of variant \(i % 3 == 0 ? variant : 0)\n" }
        return Array(s.utf8)
    }
    var files: [PlannedFile] = [
        PlannedFile(path: "secrets/postgres_password.txt", contents: Array("pg-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 70, gid: 70, name: "postgres"), kind: .secret(.postgresPassword)),
        PlannedFile(path: "secrets/postgres_password.backend.txt", contents: Array("pg-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.postgresPassword)),
        PlannedFile(path: "secrets/stack_auth_secret.txt", contents: Array("auth-secret-v\(variant)".utf8), mode: 0o600,
                    owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.stackAuthSecret)),
        PlannedFile(path: "docker-compose.yml", contents: text("docker-compose.yml", lines: 40), mode: 0o644, kind: .compose),
        PlannedFile(path: variant % 2 == 1 ? "compose.production.yaml" : "compose.aws.yaml",
                    contents: text("overlay", lines: 20), mode: 0o644, kind: .compose),
        PlannedFile(path: ".env", contents: text(".env", lines: 10), mode: 0o644, kind: .env),
        PlannedFile(path: "Caddyfile", contents: Array("{$DOMAIN} {\n\treverse_proxy backend:3000\n}\n".utf8), mode: 0o644, kind: .caddyfile),
    ]
    if variant >= 2 {
        files.insert(PlannedFile(path: "secrets/rds_password.txt", contents: Array("rds-secret-v\(variant)".utf8), mode: 0o600,
                                 owner: FileOwner(uid: 1000, gid: 1000, name: "node"), kind: .secret(.rdsPassword)), at: 0)
    }
    return Plan(target: variant % 2 == 1 ? .selfhosted : .aws, environment: .production,
                directories: [PlannedDirectory(path: "secrets", mode: 0o700)],
                files: files, warnings: [], nextCommand: "docker compose up -d")
}

func sampleAnswers() -> Answers {
    Answers(needs: Needs(users: 100, budgetUSDPerMonth: 100), app: AppSettings(version: "1.1.0", domain: "example.com"))
}

func prepared(_ dir: String, variant: Int) -> PreparedBundle {
    PreparedBundle(directory: dir, answers: sampleAnswers(), plan: samplePlan(variant: variant))
}

/// 2026-11-27T10:15:00Z plus `seconds`.
func testDate(_ seconds: Int = 0) -> Date { Date(timeIntervalSince1970: 1_795_774_500 + Double(seconds)) }

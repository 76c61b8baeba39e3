import DeployKit
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import BundleWriter

/// A fresh empty directory (mode 0755) under the temporary directory, removed by the
/// caller with `cleanup`.
func makeTempDir(_ label: String = "bw") -> String { TempDirectory.make("freshtrack-\(label)", suffix: .mkdtemp) }

func cleanup(_ path: String) { TempDirectory.remove(path) }

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
func productsDirectory() -> URL { BuiltProducts.directory(containing: "bundle-fault-helper") }

/// Runs an executable to completion with `arguments`, returning its exit status and output.
/// Its standard input is a pipe fed `stdin` (nothing when nil) and then closed.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         stdin: String? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
    try Subprocess.run(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                       stdin: .text(stdin ?? ""))
}

var helperPath: String { productsDirectory().appendingPathComponent("bundle-fault-helper").path }

/// `bundle-fault-helper hold-lock DIR`, started and holding the bundle lock of `DIR` (it
/// printed `locked <pid>`) until `release()` closes its standard input.
final class LockHolder {
    let process = Process()
    private let input = Pipe()
    /// What the helper printed once it held the lock: `locked <pid>\n`.
    let firstOutput: String
    var pid: Int32 { process.processIdentifier }

    init(_ dir: String) throws {
        process.executableURL = URL(fileURLWithPath: helperPath)
        process.arguments = ["hold-lock", dir]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        firstOutput = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    }

    /// Lets the helper release the lock and exit, and waits for it.
    func release() throws {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

func prepared(_ dir: String, variant: Int) -> PreparedBundle {
    PreparedBundle(directory: dir, answers: sampleAnswers(), plan: samplePlan(variant: variant))
}

/// 2026-11-27T10:15:00Z plus `seconds`.
func testDate(_ seconds: Int = 0) -> Date { Date(timeIntervalSince1970: 1_795_774_500 + Double(seconds)) }

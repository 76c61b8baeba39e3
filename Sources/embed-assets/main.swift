// Build-time tool run by EmbedAssetsPlugin: writes a Swift source file that holds every
// asset as a raw string literal, so the shipped binary needs no files beside it.
//
// Usage: embed-assets OUTPUT.swift ASSETS_ROOT RELATIVE_PATH...
import Foundation

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: embed-assets OUTPUT ROOT FILE...\n".utf8))
    exit(64)
}
let output = URL(fileURLWithPath: args[1])
let root = URL(fileURLWithPath: args[2])
let files = args.dropFirst(3).sorted()

/// A raw-string delimiter long enough that the content cannot close it or start an escape.
func hashes(for text: String) -> String {
    var longest = 0, run = 0
    for ch in text {
        if ch == "#" { run += 1; longest = max(longest, run) } else { run = 0 }
    }
    return String(repeating: "#", count: longest + 1)
}

var source = """
// Generated at build time by embed-assets from assets/. Do not edit.
enum EmbeddedAssetData {
    static let files: [String: String] = [

"""
for rel in files {
    let url = root.appendingPathComponent(rel)
    guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("embed-assets: \(rel) is not readable UTF-8 text\n".utf8))
        exit(65)
    }
    let h = hashes(for: text)
    let key = rel.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        \"\(key)\": \(h)\"\"\"\n\(text)\n\"\"\"\(h),\n"
}
source += "    ]\n}\n"
do {
    try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(source.utf8).write(to: output, options: .atomic)
} catch {
    FileHandle.standardError.write(Data("embed-assets: cannot write \(output.path): \(error)\n".utf8))
    exit(73)
}

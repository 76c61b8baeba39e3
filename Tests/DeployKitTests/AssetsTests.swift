import Foundation
import Testing
@testable import DeployKit

/// The embedded copy of assets/ must equal the files on disk, byte for byte.
@Test func embeddedAssetsMatchAssetsDirectory() throws {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("assets")
    var onDisk: [String: String] = [:]
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                options: [.skipsHiddenFiles])
    while let url = walker?.nextObject() as? URL {
        guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        let rel = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        onDisk[rel] = try String(contentsOf: url, encoding: .utf8)
    }
    #expect(!onDisk.isEmpty)
    #expect(Set(Assets.paths) == Set(onDisk.keys))
    for (path, text) in onDisk {
        #expect(Assets.text(path) == text, "asset \(path) differs from its embedded copy")
    }
}

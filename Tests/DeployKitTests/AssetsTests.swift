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

/// Every data file of ours reads through its typed reader (`YAMLFields`): the test that
/// makes a malformed embedded asset a failing suite rather than a trap in a release
/// (`Assets.load`). Also reads the tables still parsed by node walks (regions, Fargate
/// sizes, App Platform facts), which trap on a malformed file.
@Test func everyEmbeddedDataFileReads() throws {
    _ = try PriceList.parse(Assets.required("pricing.yaml"))
    _ = try DecisionMatrix.parse(Assets.required("decision-matrix.yaml"))
    #expect(!(try ImageUsers.parse(Assets.required("image-users.yaml"))).isEmpty)
    #expect(!(try ImageFacts.parse(Assets.required("check/images.yaml"))).isEmpty)
    #expect(!(try ComposeSchema.parse(Assets.required("check/compose-schema.yaml"))).service.properties.isEmpty)
    #expect((try ECSContainerFacts.parse(Assets.required("aws/ecs-containers.yaml"))).port > 0)
    #expect(!FieldRules.awsRegions.isEmpty && !FieldRules.spacesRegions.isEmpty)
    #expect(!FargateSizes.rows.isEmpty)
    _ = AppPlatformFacts.shared
}

/// A data file with a typo is refused with the key's path named, never read as empty or
/// as accept-anything rules (what the check tables did before they had a typed reader).
@Test func aMalformedDataFileIsRefusedWithTheKeyNamed() {
    let cases: [(String, () throws -> Void)] = [
        ("images[0].kind", { _ = try ImageFacts.parse("images:\n  - match: \"x:*\"\n") }),
        ("images[0].kynd", { _ = try ImageFacts.parse("images:\n  - match: \"x:*\"\n    kind: data\n    kynd: app\n") }),
        ("top_level.typo", { _ = try ComposeSchema.parse("top_level:\n  typo: 1\n") }),
        ("images.x.uid", { _ = try ImageUsers.parse("images:\n  x:\n    gid: 0\n    name: a\n    source: s\n") }),
        ("backend.port", { _ = try ECSContainerFacts.parse("backend:\n  port: three\n  health_path: /h\nstop_timeout: 1\n") }),
    ]
    for (path, read) in cases {
        #expect { try read() } throws: { "\($0)".contains(path) }
    }
}

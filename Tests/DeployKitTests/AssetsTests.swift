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
/// (`Assets.load`).
@Test func everyEmbeddedDataFileReads() throws {
    _ = try PriceList.parse(Assets.required("pricing.yaml"))
    _ = try DecisionMatrix.parse(Assets.required("decision-matrix.yaml"))
    #expect(!(try ImageUsers.parse(Assets.required("image-users.yaml"))).isEmpty)
    #expect(!(try ImageFacts.parse(Assets.required("check/images.yaml"))).isEmpty)
    #expect(!(try ComposeSchema.parse(Assets.required("check/compose-schema.yaml"))).service.properties.isEmpty)
    #expect((try ECSContainerFacts.parse(Assets.required("aws/ecs-containers.yaml"))).port > 0)
    let regions = try FieldRules.RegionTable.parse(Assets.required("regions.yaml"))
    #expect(regions.aws == FieldRules.awsRegions && regions.spaces == FieldRules.spacesRegions)
    #expect(regions.aws.first == "af-south-1" && regions.aws.contains("us-gov-west-1") && regions.aws.contains("cn-north-1"))
    let fargate = try FargateSizes.parse(Assets.required("aws/fargate-task-sizes.yaml"))
    #expect(fargate.rows.map(\.cpu) == [256, 512, 1024, 2048, 4096, 8192, 16384])
    #expect(fargate.rows[0].memoryMiB == [512, 1024, 2048] && fargate.rows[0].memoryText == "512, 1024, 2048")
    #expect(fargate.rows[2].memoryMiB == Array(stride(from: 2048, through: 8192, by: 1024)))
    #expect(fargate.rows[2].memoryText == "2048-8192 in steps of 1024")
    #expect(fargate.source == "Amazon ECS Developer Guide, task-cpu-memory-error.html, checked 2026-11-29")
    let app = try AppPlatformFacts.parse(Assets.required("do/app-platform.yaml"))
    #expect(app.regions == ["ams", "blr", "fra", "lon", "nyc", "sfo", "sgp", "syd", "tor"])
    #expect(app.sizes.count == 14 && app.sizes[0] == .init(slug: "apps-s-1vcpu-0.5gb", memoryMiB: 512, singleInstanceOnly: true))
    #expect(app.sizes.filter(\.singleInstanceOnly).map(\.slug) == ["apps-s-1vcpu-0.5gb", "apps-s-1vcpu-1gb-fixed"])
    #expect([app.databaseEngine, app.databaseVersion, app.cacheEngine, app.cacheVersion] == ["PG", "15", "VALKEY", "8"])
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
        ("spaces.regoins", { _ = try FieldRules.RegionTable.parse("aws:\n  source: s\n  regions: [us-east-1]\nspaces:\n  source: s\n  regoins: [nyc3]\n") }),
        ("aws.regions", { _ = try FieldRules.RegionTable.parse("aws:\n  source: s\n  regions: []\nspaces:\n  source: s\n  regions: [nyc3]\n") }),
        ("sizes[1].memory_rnage", { _ = try FargateSizes.parse("sizes:\n  - cpu: 256\n    memory: [512]\n  - cpu: 512\n    memory_rnage: {min: 1, max: 2, step: 1}\n") }),
        ("sizes[0].memory_range", { _ = try FargateSizes.parse("sizes:\n  - cpu: 256\n") }),
        ("sizes[0].memory[1]", { _ = try FargateSizes.parse("sizes:\n  - cpu: 256\n    memory: [512, lots]\n") }),
        ("instance_sizes[0].single_instance_only", { _ = try AppPlatformFacts.parse(
            "regions: [nyc]\ninstance_sizes:\n  - {slug: a, memory_mib: 512, single_instance_only: maybe}\n"
            + "database: {engine: PG, version: \"15\"}\ncache: {engine: VALKEY, version: \"8\"}\n") }),
        ("cache.versoin", { _ = try AppPlatformFacts.parse(
            "regions: [nyc]\ninstance_sizes: []\ndatabase: {engine: PG, version: \"15\"}\ncache: {engine: VALKEY, versoin: \"8\"}\n") }),
    ]
    for (path, read) in cases {
        #expect { try read() } throws: { "\($0)".contains(path) }
    }
}

import Foundation
import Testing
import TestSupport
import Yams
@testable import DeployKit

enum AppPlatformFixtures {
    static let settings = AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey")

    static func answers(_ ap: AppPlatformSettings? = AppPlatformFixtures.settings, version: String = "1.1.0",
                        platform: DigitalOceanPlatform = .appPlatform,
                        environment: DeployEnvironment = .production) -> Answers {
        var d = DigitalOceanSettings(databaseHost: "db-postgresql-nyc3-00000-do-user-0-0.b.db.ondigitalocean.com",
                                     databasePort: 25060, databaseName: "freshtrack", databaseUser: "freshtrack",
                                     spacesRegion: "nyc3", spacesBucket: "freshtrack-files")
        d.platform = platform
        d.appPlatform = ap
        return Answers(environment: environment, needs: Needs(users: 1200, budgetUSDPerMonth: 120),
                       target: .explicit(.digitalocean),
                       app: AppSettings(version: version, domain: "track.example.com", acmeEmail: "ops@example.com"),
                       digitalocean: d)
    }

    static func check(_ texts: [(String, String)]) throws -> (status: Int32, output: String) {
        try PythonTools.appspecCheck(texts)
    }

    static func appYAML(_ answers: Answers) throws -> String {
        let files = try AppPlatformRenderer.files(for: answers)
        return String(decoding: try #require(files.first { $0.path == "do/app.yaml" }).contents, as: UTF8.self)
    }
}

@Test func everyAppPlatformVariantPassesTheAppSpecChecks() throws {
    var texts: [(String, String)] = []
    let registries: [(AppPlatformRegistryType, String?)] = [(.docr, nil), (.dockerHub, "acme"), (.ghcr, "acme-corp")]
    for (type, registry) in registries {
        for (size, count) in [("apps-s-1vcpu-1gb", 1), ("apps-d-2vcpu-4gb", 3), ("apps-s-1vcpu-0.5gb", 1)] {
            for version in ["1.1.0", "2.0", "1"] {
                var ap = AppPlatformFixtures.settings
                ap.registryType = type
                ap.registry = registry
                ap.instanceSize = size
                ap.instanceCount = count
                #expect(ap.validate().isEmpty, "\(ap.validate())")
                let text = try AppPlatformFixtures.appYAML(AppPlatformFixtures.answers(ap, version: version))
                texts.append(("\(type.rawValue)-\(size)-\(version).yaml", text))
            }
        }
    }
    let r = try AppPlatformFixtures.check(texts)
    #expect(r.status == 0, "\(r.output)")
    #expect(r.output.components(separatedBy: ": OK").count - 1 == texts.count)
}

@Test func theAppSpecCheckerFailsOnBrokenSpecs() throws {
    // Negative controls: the checker must be able to fail.
    let good = try AppPlatformFixtures.appYAML(AppPlatformFixtures.answers())
    let broken: [(String, String)] = [
        ("tag.yaml", good.replacingOccurrences(of: "tag: 1.1.0", with: "tag: latest")),
        ("secret.yaml", good.replacingOccurrences(of: "type: SECRET", with: "type: SECRET\n    value: hunter2")),
        ("engine.yaml", good.replacingOccurrences(of: "engine: VALKEY", with: "engine: MEMCACHED")),
        ("binding.yaml", good.replacingOccurrences(of: "${cache.PASSWORD}", with: "${redis.PASSWORD}")),
    ]
    #expect(broken.allSatisfy { $0.1 != good }, "a replacement did not apply; the emitted format changed")
    let r = try AppPlatformFixtures.check(broken)
    #expect(r.status == 1)
    for needle in ["must be a pinned string tag", "carries a value", "engine 'MEMCACHED'", "refers to no declared database"] {
        #expect(r.output.contains(needle), "\(r.output)")
    }
}

@Test func appYAMLParsesWithYamsAndHasTheComponentsFromTheAnswers() throws {
    var ap = AppPlatformFixtures.settings
    ap.registryType = .ghcr
    ap.registry = "acme"
    ap.instanceSize = "apps-d-1vcpu-2gb"
    ap.instanceCount = 2
    ap.workerInstanceSize = "apps-s-1vcpu-0.5gb"
    let text = try AppPlatformFixtures.appYAML(AppPlatformFixtures.answers(ap, version: "2.0"))
    let spec = try #require(try Yams.load(yaml: text) as? [String: Any])
    #expect(spec["name"] as? String == "freshtrack-pro")
    let backend = try #require((spec["services"] as? [[String: Any]])?.first)
    #expect(backend["name"] as? String == "backend")
    #expect(backend["http_port"] as? Int == 3000)
    #expect(backend["instance_size_slug"] as? String == "apps-d-1vcpu-2gb")
    #expect(backend["instance_count"] as? Int == 2)
    #expect((backend["health_check"] as? [String: Any])?["http_path"] as? String == "/health")
    let image = try #require(backend["image"] as? [String: Any])
    #expect(image["registry_type"] as? String == "GHCR" && image["registry"] as? String == "acme")
    #expect(image["repository"] as? String == "freshtrack-backend")
    #expect(image["tag"] as? String == "2.0", "a float-looking tag must stay a string")
    let worker = try #require((spec["workers"] as? [[String: Any]])?.first)
    #expect(worker["run_command"] as? String == "node dist/worker.js")
    #expect(worker["instance_size_slug"] as? String == "apps-s-1vcpu-0.5gb")
    let dbs = try #require(spec["databases"] as? [[String: Any]])
    #expect(dbs.count == 2)
    #expect(dbs[0]["engine"] as? String == "PG" && dbs[0]["version"] as? String == "15")
    #expect(dbs[0]["production"] as? Bool == true && dbs[0]["cluster_name"] as? String == "freshtrack-pg")
    #expect(dbs[0]["db_name"] as? String == "freshtrack" && dbs[0]["db_user"] as? String == "freshtrack")
    #expect(dbs[1]["engine"] as? String == "VALKEY" && dbs[1]["cluster_name"] as? String == "freshtrack-valkey")
    let envs = try #require(backend["envs"] as? [[String: Any]])
    let secrets = envs.filter { $0["type"] as? String == "SECRET" }
    #expect(Set(secrets.compactMap { $0["key"] as? String }) == ["S3_ACCESS_KEY", "S3_SECRET_KEY", "STACK_AUTH_SECRET"])
    #expect(secrets.allSatisfy { $0["value"] == nil })
    let plain = Dictionary(uniqueKeysWithValues: envs.compactMap { e -> (String, String)? in
        guard let k = e["key"] as? String, let v = e["value"] as? String else { return nil }
        return (k, v)
    })
    #expect(plain["DATABASE_PASSWORD"] == "${db.PASSWORD}")
    #expect(plain["REDIS_PASSWORD"] == "${cache.PASSWORD}")
    #expect(plain["S3_ENDPOINT"] == "https://nyc3.digitaloceanspaces.com")
    #expect(plain["PORT"] == "3000")
    #expect(text.hasPrefix("# DigitalOcean App Platform app spec"))
}

@Test func noAppPlatformFilesForTheDropletOrDev() throws {
    #expect(try AppPlatformRenderer.files(for: AppPlatformFixtures.answers(platform: .droplet)).isEmpty)
    #expect(try AppPlatformRenderer.files(for: AppPlatformFixtures.answers(environment: .dev)).isEmpty)
    #expect(try AppPlatformRenderer.files(for: AppPlatformFixtures.answers(nil)).isEmpty)
    let files = try AppPlatformRenderer.files(for: AppPlatformFixtures.answers())
    #expect(files.map(\.path) == ["do/app.yaml", "do/deploy-app-platform.sh", "do/README-app-platform.md"])
    #expect(files.map(\.mode) == [0o644, 0o755, 0o644])
    #expect(try AppPlatformRenderer.files(for: AppPlatformFixtures.answers()) == files)
}

@Test func badAppPlatformAnswersAreAllReported() {
    let ap = AppPlatformSettings(appName: "FreshTrack", region: "mars", registryType: .dockerHub, registry: nil,
                                 repository: "Fresh//track", instanceSize: "apps-s-1vcpu-0.5gb", instanceCount: 2,
                                 workerInstanceSize: "huge", workerInstanceCount: 1,
                                 databaseCluster: "pg", cacheCluster: "-valkey")
    let issues = ap.validate()
    let byPath = Dictionary(grouping: issues, by: \.path)
    let p = "digitalocean.app_platform"
    #expect(byPath["\(p).app_name"]?.first?.value == "FreshTrack")
    #expect(byPath["\(p).region"]?.first?.message.contains("nyc") == true)
    #expect(byPath["\(p).registry"]?.first?.message.contains("required for registry_type DOCKER_HUB") == true)
    #expect(byPath["\(p).repository"] != nil)
    #expect(byPath["\(p).instance_count"]?.first?.message.contains("single instance only") == true)
    #expect(byPath["\(p).worker_instance_size"]?.first?.message.contains("apps-s-1vcpu-1gb") == true)
    #expect(byPath["\(p).database_cluster"] != nil && byPath["\(p).cache_cluster"] != nil)
    #expect(issues.count == 8, "\(issues.map(\.description))")

    var docr = AppPlatformFixtures.settings
    docr.registry = "acme"
    #expect(docr.validate().map(\.path) == ["\(p).registry"])
}

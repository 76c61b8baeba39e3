import Testing
@testable import DeployKit

@Suite struct RenderEnvFileTests {
    @Test func quotingRules() throws {
        #expect(try EnvFile.quote("plain", name: "A") == "'plain'")
        #expect(try EnvFile.quote("a $b #c \"d\"", name: "A") == "'a $b #c \"d\"'")
        #expect(try EnvFile.quote("it's $x \\ \"q\"", name: "A") == "\"it's \\$x \\\\ \\\"q\\\"\"")
        // A trailing backslash would escape the closing single quote.
        #expect(try EnvFile.quote("dir\\", name: "A") == "\"dir\\\\\"")
        #expect(try EnvFile.quote("", name: "A") == "''")
    }

    @Test(arguments: ["a\nb", "a\rb", "tab\there", "\u{7F}"])
    func controlCharactersAreRefused(value: String) {
        #expect { try EnvFile.quote(value, name: "DOMAIN") } throws: { error in
            guard case .renderedFile(path: ".env", let problem)? = error as? PlanError else { return false }
            return problem.hasPrefix("the value of DOMAIN contains a line break or control character")
        }
    }

    @Test func renderWritesCommentsAndRejectsBadNames() throws {
        let text = try EnvFile.render(header: ["top"], entries: [EnvEntry(name: "A_1", value: "x", comment: "what A is")])
        #expect(text == "# top\n\n# what A is\nA_1='x'\n")
        #expect(throws: PlanError.renderedFile(path: ".env", problem: "\"a-b\" is not a variable name ([A-Z_][A-Z0-9_]*)")) {
            try EnvFile.render(header: [], entries: [EnvEntry(name: "a-b", value: "", comment: "")])
        }
        #expect(throws: PlanError.renderedFile(path: ".env", problem: "A is set twice")) {
            try EnvFile.render(header: [], entries: [EnvEntry(name: "A", value: "", comment: ""), EnvEntry(name: "A", value: "", comment: "")])
        }
    }
}

@Suite struct RenderImageUsersTests {
    @Test func repositoryOfImageReferences() {
        #expect(ImageUsers.repository(ofImage: "postgres:15.14-alpine") == "postgres")
        #expect(ImageUsers.repository(ofImage: "minio/minio:RELEASE.2025-04-22T22-12-26Z") == "minio/minio")
        #expect(ImageUsers.repository(ofImage: "freshtrack-backend:${FRESHTRACK_VERSION:?set it}") == "freshtrack-backend")
        #expect(ImageUsers.repository(ofImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/freshtrack-backend:1.1.0") == "freshtrack-backend")
        #expect(ImageUsers.repository(ofImage: "${AWS_ACCOUNT_ID:?x}.dkr.ecr.${AWS_REGION:?y}.amazonaws.com/freshtrack-backend:${V:?z}") == "freshtrack-backend")
        #expect(ImageUsers.repository(ofImage: "localhost:5000/app:1") == "app")
        #expect(ImageUsers.repository(ofImage: "redis@sha256:abc") == "redis")
    }

    @Test func everyImageOfTheComposeAssetsHasAUserWithASource() throws {
        let files = ["docker-compose.yml", "compose.aws.yaml"]
        let images = try BundleLayout.images(files: files)
        #expect(Set(images.keys) == Set(BundleLayout.services))
        for (service, image) in images {
            let user = try #require(ImageUsers.user(forImage: image), "\(service): \(image)")
            #expect(!user.source.isEmpty)
        }
        #expect(ImageUsers.table["postgres"]?.owner == FileOwner(uid: 70, gid: 70, name: "postgres"))
        #expect(ImageUsers.table["redis"]?.owner == FileOwner(uid: 999, gid: 1000, name: "redis"))
        #expect(ImageUsers.table["freshtrack-backend"]?.owner == FileOwner(uid: 1001, gid: 1001, name: "nodejs"))
    }

    @Test func malformedTablesAreRejected() {
        #expect(throws: PlanError.asset("image-users.yaml", problem: "images.x needs integer uid and gid >= 0")) {
            try ImageUsers.parse("images:\n  x:\n    uid: -1\n    gid: 0\n    name: a\n    source: s\n")
        }
        #expect(throws: PlanError.assetField("image-users.yaml: images.x.source is missing; expected a text")) {
            try ImageUsers.parse("images:\n  x:\n    uid: 1\n    gid: 0\n    name: a\n")
        }
        #expect(throws: PlanError.assetField("image-users.yaml: nothing: unknown key; allowed here: images")) {
            try ImageUsers.parse("nothing: here\n")
        }
    }

    @Test func noImageInTheAssetsIsUnpinned() throws {
        for path in Assets.paths where path.hasPrefix("compose/") {
            let text = Assets.required(path)
            #expect(!text.contains(":latest"), "\(path)")
            let root = try BundleLayout.parse(path, text: text)
            for (_, service) in root["services"]?.mapping ?? [:] {
                if let image = service["image"]?.string { #expect(image.contains(":"), "\(path): \(image)") }
            }
        }
    }
}

@Suite struct RenderComposeAssetTests {
    /// node:20-alpine has no curl/wget: the app's healthcheck must use node; no healthcheck
    /// anywhere relies on curl (the MinIO image dropped it too).
    @Test func healthchecksUseToolsTheImagesHave() throws {
        let base = try BundleLayout.parse("docker-compose.yml", text: BundleLayout.assetText("docker-compose.yml"))
        let backendTest = base["services"]?["backend"]?["healthcheck"]?["test"]?.sequence?.compactMap(\.string) ?? []
        #expect(backendTest.prefix(2) == ["CMD", "node"])
        #expect(backendTest.last?.contains("/health") == true)
        #expect(base["services"]?["postgres"]?["healthcheck"]?["test"]?.sequence?.last?.string?.hasPrefix("pg_isready") == true)
        #expect(base["services"]?["minio"]?["healthcheck"]?["test"]?.sequence?.compactMap(\.string) == ["CMD", "mc", "ready", "local"])
        for path in Assets.paths where path.hasPrefix("compose/") {
            let root = try BundleLayout.parse(path, text: Assets.required(path))
            for (name, service) in root["services"]?.mapping ?? [:] {
                let words = service["healthcheck"]?["test"]?.sequence?.compactMap(\.string).joined(separator: " ") ?? ""
                #expect(!words.contains("curl"), "\(path): \(name.string ?? "") healthcheck uses curl")
            }
        }
    }

    @Test func activeServicesFollowTheOverlaysProfiles() throws {
        #expect(try BundleLayout.activeServices(files: ["docker-compose.yml", "compose.production.yaml"]) == BundleLayout.services)
        #expect(try BundleLayout.activeServices(files: ["docker-compose.yml", "compose.digitalocean.yaml"]) == ["backend", "worker", "redis", "caddy"])
        #expect(try BundleLayout.activeServices(files: ["docker-compose.yml", "compose.aws.yaml", "compose.staging.yaml"]) == ["backend", "worker"])
        #expect(try BundleLayout.activeServices(files: ["docker-compose.yml", "compose.dev.yaml"]) == ["backend", "worker", "postgres", "redis", "minio"])
    }
}

import Foundation
import Testing
@testable import DeployKit

/// What assets/check/images.yaml says an image contains must agree with what the bundle's
/// compose comments and check's fix texts say.
///
/// Truth (read 2026-11 with the search tool): nodejs/docker-node `20/alpine3.22/Dockerfile`
/// is `FROM alpine:3.22`; it installs curl only as the virtual `.build-deps` package and
/// removes it (`apk del .build-deps`); `wget` and `nc` are BusyBox applets of the Alpine
/// base (`/usr/bin/wget -> /bin/busybox`).
struct ImageFactsConsistencyTests {
    @Test(arguments: ["node:20-alpine", "node:20.17.0-alpine3.20", "freshtrack-backend:1.1.0"])
    func nodeAlpineHasBusyboxWgetButNoCurl(_ image: String) throws {
        let tools = try #require(ImageFacts.lookup(image)?.tools, "images.yaml has no tools for \(image)")
        #expect(tools.contains("wget") && tools.contains("nc") && tools.contains("node"))
        #expect(!tools.contains("curl"))
    }

    /// A comment in a compose asset that says `<image> has no <tool>` (or `no <tool> or
    /// <tool>`) must agree with images.yaml; at least one such comment is found (so a parser
    /// that matches nothing fails instead of passing).
    @Test func composeCommentsAgreeWithImageFacts() throws {
        let probe = ComposeChecker.probeTools
        var claims = 0
        for asset in ["compose/docker-compose.yml", "compose/compose.production.yaml", "compose/compose.aws.yaml",
                      "compose/compose.digitalocean.yaml", "compose/compose.dev.yaml"] {
            let text = try #require(Assets.text(asset), "no embedded asset \(asset)")
            for line in text.split(separator: "\n") {
                guard let hash = line.firstIndex(of: "#") else { continue }
                let comment = line[hash...]
                let words = comment.split(whereSeparator: { " ,;()`".contains($0) }).map(String.init)
                guard let noAt = words.firstIndex(of: "no") else { continue }
                let image = words.first { $0.contains(":") && ImageFacts.lookup($0)?.tools != nil }
                guard let image, let tools = ImageFacts.lookup(image)?.tools else { continue }
                // "no curl or wget", "no curl, wget" ... up to the next word that is not a tool or "or".
                var denied: [String] = []
                for w in words[(noAt + 1)...] {
                    if w == "or" || w == "nor" { continue }
                    guard probe.contains(w) else { break }
                    denied.append(w)
                }
                for t in denied {
                    claims += 1
                    #expect(!tools.contains(t), "\(asset): `\(comment)` but images.yaml lists \(t) for \(image)")
                }
            }
        }
        #expect(claims >= 1, "no comment of the compose assets names a tool an image lacks")
    }

    /// check's fix for a healthcheck calling a missing program offers the image's own tools.
    @Test func healthcheckFixOffersOnlyWhatTheImageHas() throws {
        let yaml = """
            services:
              backend:
                image: node:20.17.0-alpine3.20
                healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:3000/health"]}
            """
        let f = try ComposeChecker.check(CheckInput(files: [ComposeSource(name: "c.yml", text: yaml)]))
        let hit = try #require(f.first { $0.rule == .missingHealthcheck && $0.message.contains("curl") })
        #expect(hit.fix.contains("`wget`") && hit.fix.contains("`node`"), "\(hit.fix)")
        #expect(!hit.fix.contains("`curl`"))
    }
}

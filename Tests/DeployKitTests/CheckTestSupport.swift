import Foundation
import Testing
@testable import DeployKit

/// Helpers shared by the Check* tests.
enum CheckFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func seed(_ name: String) throws -> ComposeSource {
        let url = root.appendingPathComponent("seed").appendingPathComponent(name)
        return ComposeSource(name: name, text: try String(contentsOf: url, encoding: .utf8))
    }

    /// Runs the rules over in-memory files.
    static func check(_ files: [(String, String)], env: String? = nil, environment: DeployEnvironment = .production,
                      facts: [String: SecretFileFacts] = [:]) throws -> [Finding] {
        let input = CheckInput(files: files.map { ComposeSource(name: $0.0, text: $0.1) },
                               dotEnv: env.map { ComposeSource(name: ".env", text: $0) },
                               environment: environment,
                               secretFacts: { facts[$0] })
        return try ComposeChecker.check(input)
    }
}

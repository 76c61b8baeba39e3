import Foundation
import Testing
import TestSupport
@testable import DeployKit

/// `doctor` as an operator runs it: without an engine it says so and runs every other check;
/// its text and JSON; bad --timeout and --target values.
@Suite struct DoctorCommandTests {
    @Test func noEngineIsSaidClearlyAndEveryOtherCheckStillRuns() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.exe), "build the binary first (swift build)")
        let dir = TempDirectory.makeURL("hostprobe")
        let (status, out, _) = try CLI.run(["doctor", "--dir", dir.path, "--target", "selfhosted", "--timeout", "2"],
                                           env: ["DOCKER_HOST": "unix://\(dir.path)/docker.sock"])
        #expect(status == 1)
        #expect(out.contains("FAIL  Docker engine reachable"))
        #expect(out.contains("no Docker engine on this machine"))
        for title in ["Docker Compose v2 >= 2.24", "CPU for selfhosted", "Memory for selfhosted", "Free disk", "Port 80 free",
                      "Port 443 free", "Log rotation", "Domain resolves", "Secret files", "Clock"] {
            #expect(out.contains(title), "missing \(title)")
        }
        let (_, json, _) = try CLI.run(["doctor", "--dir", dir.path, "--target", "aws", "--format", "json"],
                                       env: ["DOCKER_HOST": "unix://\(dir.path)/docker.sock"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["target"] as? String == "aws")
        // 12 checks plus the skipped managed endpoints (no aws: section to take them from).
        #expect((obj["results"] as? [[String: Any]])?.count == 13)
        for t in ["0", "121", "nan"] {
            let (s, _, e) = try CLI.run(["doctor", "--dir", dir.path, "--timeout", t])
            #expect(s == 64)
            #expect(e.contains("--timeout \(t): must be more than 0 and at most 120 seconds"), "\(e)")
        }
        let (bad, _, err) = try CLI.run(["doctor", "--target", "mars"])
        #expect(bad == 64)
        #expect(err.contains("The value 'mars' is invalid for '--target <target>'. Please provide one of 'selfhosted', 'digitalocean' or 'aws'."))
    }
}

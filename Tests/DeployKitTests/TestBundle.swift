import DeployKit
import Foundation
import Testing

/// A test-only writer: puts a plan's files into `directory` with their modes (owners are
/// left alone: the tests compare the planned owner with the image-user table instead).
enum TestBundle {
    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    static func write(_ plan: Plan, into directory: String) throws {
        let fm = FileManager.default
        for dir in plan.directories {
            let p = absolute(dir.path, in: directory)
            try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
            try fm.setAttributes([.posixPermissions: Int(dir.mode)], ofItemAtPath: p)
        }
        for file in plan.files {
            let p = absolute(file.path, in: directory)
            try fm.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents).write(to: URL(fileURLWithPath: p))
            try fm.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: p)
        }
    }
}

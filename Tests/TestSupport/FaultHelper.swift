import Foundation

/// The `bundle-fault-helper` test executable (Tests/BundleFaultHelper): writes the sample
/// plan and SIGKILLs itself at a chosen step, or holds a bundle's lock.
public enum FaultHelper {
    /// The products directory of the build that ran the tests (where the helper and
    /// `freshtrack-deploy` were built).
    public static var productsDirectory: URL { BuiltProducts.directory(containing: "bundle-fault-helper") }
    /// The helper's path.
    public static var path: String { productsDirectory.appendingPathComponent("bundle-fault-helper").path }
}

/// `bundle-fault-helper hold-lock DIR`, started and holding the bundle lock of `DIR` (it
/// printed `locked <pid>`) until `release()` closes its standard input.
public final class LockHolder {
    public let process = Process()
    private let input = Pipe()
    /// What the helper printed once it held the lock: `locked <pid>\n`.
    public let firstOutput: String
    public var pid: Int32 { process.processIdentifier }

    /// Starts the helper on `dir` and waits for its first output. Throws when it cannot start.
    public init(_ dir: String) throws {
        process.executableURL = URL(fileURLWithPath: FaultHelper.path)
        process.arguments = ["hold-lock", dir]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        firstOutput = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    }

    /// Lets the helper release the lock and exit, and waits for it.
    public func release() throws {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

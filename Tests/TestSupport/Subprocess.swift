import Foundation

/// What a finished child process left behind.
///
/// `stdout` and `stderr` are the captured bytes decoded as UTF-8 (invalid sequences are
/// replaced). With `Subprocess.run(..., mergeStderr: true)` both streams went into one pipe:
/// `stdout` holds them interleaved and `stderr` is empty.
public struct ProcessResult: Equatable, Sendable {
    /// The exit status, or the signal number when `signaled` is true.
    public var status: Int32
    /// True when the child ended on an uncaught signal (e.g. SIGKILL).
    public var signaled: Bool
    /// Everything the child wrote to standard output.
    public var stdout: String
    /// Everything the child wrote to standard error (empty with `mergeStderr`).
    public var stderr: String

    /// A result with these fields (for helpers that build one from another source).
    public init(status: Int32, signaled: Bool = false, stdout: String, stderr: String) {
        self.status = status
        self.signaled = signaled
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Where a child's standard input comes from.
public enum StandardInput: Sendable {
    /// The test process's own standard input.
    case inherit
    /// `/dev/null`: the child reads end-of-file at once (no terminal).
    case nullDevice
    /// A pipe that is fed this text and then closed (`""` gives a closed, empty pipe).
    case text(String)
}

/// Runs a program to completion and captures its output: the one copy of the
/// `Process` + `Pipe` boilerplate the test targets share.
public enum Subprocess {
    /// Runs `executable` (an absolute path; use `/usr/bin/env` with the tool's name as the
    /// first argument to search PATH) with `arguments`, waits for it to exit and returns its
    /// status and output.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; nil inherits the test process's.
    ///   - currentDirectory: the child's working directory; nil inherits it.
    ///   - stdin: see `StandardInput`.
    ///   - mergeStderr: send standard error into the same pipe as standard output.
    /// Both pipes are drained while the child runs, so a chatty child cannot block on a full
    /// pipe. Throws what `Process.run()` throws when the executable cannot be started.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                           currentDirectory: String? = nil, stdin: StandardInput = .inherit,
                           mergeStderr: Bool = false) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let currentDirectory { p.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = mergeStderr ? out : Pipe()
        p.standardOutput = out
        p.standardError = err
        var input: (Pipe, String)?
        switch stdin {
        case .inherit: break
        case .nullDevice: p.standardInput = FileHandle.nullDevice
        case .text(let text):
            let pipe = Pipe()
            p.standardInput = pipe
            input = (pipe, text)
        }
        try p.run()
        let group = DispatchGroup()
        let outData = DataBox(), errData = DataBox()
        drain(out, into: outData, group: group)
        if !mergeStderr { drain(err, into: errData, group: group) }
        if let (pipe, text) = input {
            if !text.isEmpty { pipe.fileHandleForWriting.write(Data(text.utf8)) }
            try pipe.fileHandleForWriting.close()
        }
        group.wait()
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                             stdout: String(decoding: outData.data, as: UTF8.self),
                             stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Runs `executable` like `run`, with a minimal environment: PATH (inherited, default
    /// `/usr/local/bin:/usr/bin:/bin`), HOME (the temporary directory) and
    /// `extraEnvironment`, so no COMPOSE_*, DOCKER_* or other variable of the caller leaks
    /// into an oracle's result. Standard input is inherited; stdout and stderr are separate.
    @discardableResult
    public static func isolated(_ executable: String, _ arguments: [String], in directory: String? = nil,
                                extraEnvironment: [String: String] = [:]) throws -> ProcessResult {
        try run(executable, arguments, environment: minimalEnvironment(extraEnvironment), currentDirectory: directory)
    }

    /// The environment `isolated` runs with: PATH and HOME as said there, overlaid with `extra`.
    public static func minimalEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [:]
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        env["HOME"] = NSTemporaryDirectory()
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs `python3` (found on PATH through `/usr/bin/env`) with `arguments`; otherwise as
    /// `run`. Used for the python oracles: botocore, PyYAML, `Tests/tools/*.py`.
    @discardableResult
    public static func python3(_ arguments: [String], environment: [String: String]? = nil,
                               currentDirectory: String? = nil, stdin: StandardInput = .inherit,
                               mergeStderr: Bool = false) throws -> ProcessResult {
        try run("/usr/bin/env", ["python3"] + arguments, environment: environment, currentDirectory: currentDirectory,
                stdin: stdin, mergeStderr: mergeStderr)
    }

    private final class DataBox: @unchecked Sendable { var data = Data() }

    private static func drain(_ pipe: Pipe, into box: DataBox, group: DispatchGroup) {
        group.enter()
        DispatchQueue.global().async {
            box.data = pipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }
}

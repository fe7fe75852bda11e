import ASDSCore
import Foundation

/// Runs Slurm's client commands (`sbatch`, `squeue`, `sacct`, `scancel`) as processes.
public struct SlurmClient: Sendable {
    public init() {}

    /// The path of `program` on PATH, or nil.
    public static func locate(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program` with `arguments`; returns its exit status and output.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        guard let executable = locate(program) else {
            throw ASDSError.external(program: program, reason: "Slurm is not installed (no \(program) on PATH)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw ASDSError.external(program: program, reason: "cannot start: \(error.localizedDescription)")
        }
        let output = out.fileHandleForReading.readDataToEndOfFile(), errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// Submits `script`; `array` overrides the script's task list (e.g. `1,3`). The job starts
    /// after every job in `afterSuccess` succeeded and every job in `afterEnd` ended (whatever its
    /// outcome); it is cancelled if a dependency can no longer be met. Returns the job id.
    public func submit(script: String, array: String? = nil, afterSuccess: [String] = [], afterEnd: [String] = []) throws -> String {
        var arguments = ["--parsable"]
        if let array { arguments.append("--array=" + array) }
        var dependencies: [String] = []
        if !afterSuccess.isEmpty { dependencies.append("afterok:" + afterSuccess.joined(separator: ":")) }
        if !afterEnd.isEmpty { dependencies.append("afterany:" + afterEnd.joined(separator: ":")) }
        if !dependencies.isEmpty {
            arguments += ["--dependency=" + dependencies.joined(separator: ","), "--kill-on-invalid-dep=yes"]
        }
        arguments.append(script)
        let (status, output, error) = try Self.run("sbatch", arguments)
        let id = output.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw ASDSError.external(program: "sbatch", reason: "could not submit \(script): \(error.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return id
    }

    /// States of the queued jobs among `jobIDs`, one entry per job or array task
    /// (`"123"`, `"124_3"`), from `squeue -r`.
    public func queue(jobIDs: [String]) throws -> [String: String] {
        guard !jobIDs.isEmpty else { return [:] }
        let (status, output, _) = try Self.run("squeue", ["-h", "-r", "-o", "%i %T", "-j", jobIDs.joined(separator: ",")])
        guard status == 0 else { return [:] }
        return Self.states(output)
    }

    /// Final states from accounting (`sacct`), or nil where accounting is not available.
    public func accounting(jobIDs: [String]) -> [String: String]? {
        guard !jobIDs.isEmpty, let result = try? Self.run("sacct", ["-n", "-X", "-P", "-o", "JobID,State", "-j", jobIDs.joined(separator: ",")]),
              result.status == 0 else { return nil }
        return Self.states(result.output.replacingOccurrences(of: "|", with: " "))
    }

    /// Cancels `jobIDs` (ignoring jobs already gone).
    public func cancel(jobIDs: [String]) throws {
        guard !jobIDs.isEmpty else { return }
        _ = try Self.run("scancel", jobIDs)
    }

    /// Parses `squeue -o "%i %T"` (or `sacct -P -o JobID,State` with spaces for bars) into job -> state.
    public static func states(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2 { out[String(parts[0])] = String(parts[1]).components(separatedBy: " ").first ?? "" }
        }
        return out
    }
}

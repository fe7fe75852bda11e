import ASDSCore

/// Resources each Slurm task asks for; nil fields are left to the cluster's defaults.
public struct SlurmSettings: Sendable, Codable, Equatable {
    public var partition: String?
    /// Wall-time limit, `HH:MM:SS` (or `D-HH:MM:SS`).
    public var time: String?
    /// CPUs per task; also the `--threads` each task runs with.
    public var cpusPerTask: Int
    /// Memory per task, e.g. `4G`.
    public var memory: String?

    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 2, memory: String? = nil) throws {
        if let partition, partition.isEmpty || partition.contains(where: { $0.isWhitespace }) {
            throw ASDSError.invalidInput(source: "--partition", field: "", reason: "must be a partition name without spaces, got '\(partition)'")
        }
        if let time, time.range(of: #"^(\d+-)?\d{1,3}:\d{2}:\d{2}$"#, options: .regularExpression) == nil {
            throw ASDSError.invalidInput(source: "--time", field: "", reason: "must be HH:MM:SS or D-HH:MM:SS, got '\(time)'")
        }
        guard cpusPerTask >= 1 else {
            throw ASDSError.invalidInput(source: "--cpus-per-task", field: "", reason: "must be a positive integer, got \(cpusPerTask)")
        }
        if let memory, memory.range(of: #"^\d+[KMGT]?$"#, options: .regularExpression) == nil {
            throw ASDSError.invalidInput(source: "--mem", field: "", reason: "must be a size such as 4G or 512M, got '\(memory)'")
        }
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.memory = memory
    }

    /// The `#SBATCH` lines of these settings.
    var directives: [String] {
        var lines = ["#SBATCH --cpus-per-task=\(cpusPerTask)"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        return lines
    }
}

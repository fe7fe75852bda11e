import ArgumentParser
import ASDSCore
import Cluster
import Foundation

/// `asds cluster submit`: writes the sbatch scripts and submits them as dependent jobs.
public struct ClusterSubmitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Write DIR/slurm/*.sbatch and submit them: a job array of N shards, then the dependent jobs.",
        discussion: """
        Examples:
          asds cluster submit --suite table1 --out /scratch/table1 --shards 50 --job generate
          asds cluster submit --suite quick --out runs/quick --shards 4 --job run --cpus-per-task 2 --mem 4G
          asds cluster submit --suite table1 --out runs/t1 --shards 8 --dry-run
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path.")
    public var suite: String

    @Option(help: "Output directory (shared between the cluster's nodes).")
    public var out: String

    @Option(help: "Number of shards (array tasks).")
    public var shards: Int

    @Option(help: "generate (dataset only) or run (generate, train, score, report).")
    public var job: ClusterPlan.Job = .run

    @Option(help: "Slurm partition.")
    public var partition: String?

    @Option(help: "Wall-time limit per task, HH:MM:SS.")
    public var time: String?

    @Option(name: .customLong("cpus-per-task"), help: "CPUs per task (also each task's --threads).")
    public var cpusPerTask: Int = 2

    @Option(help: "Memory per task, e.g. 4G.")
    public var mem: String?

    @Flag(name: .customLong("dry-run"), help: "Write the scripts and print the sbatch commands; submit nothing.")
    public var dryRun = false

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let suitePath = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let plan = try ClusterPlan(
                job: job,
                suite: URL(fileURLWithPath: suitePath).standardizedFileURL.path, directory: URL(fileURLWithPath: out).standardizedFileURL.path,
                shards: shards, settings: try SlurmSettings(partition: partition, time: time, cpusPerTask: cpusPerTask, memory: mem),
                executable: ExecutablePath.current, library: URL(fileURLWithPath: library.root).standardizedFileURL.path)
            for line in try ClusterRunner().submit(plan, dryRun: dryRun) { print(line) }
            if dryRun { print("wrote \(plan.stages.map(\.script).joined(separator: ", ")); nothing submitted") }
        }
    }
}

/// The absolute path of the running `asds` executable (what the batch scripts call).
enum ExecutablePath {
    static var current: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

import ArgumentParser
import ASDSCore
import Cluster

/// `asds cluster status`: every task's state, from its output files, `squeue` and `sacct`.
public struct ClusterStatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each task of a submitted cluster job: done, queued (pending/running), failed or not submitted.",
        discussion: "Example: asds cluster status runs/quick")

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "The directory given to asds cluster submit --out.")
    public var directory: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            let progress = try ClusterProgress.read(try ClusterState.load(directory: directory), client: SlurmClient())
            progress.lines().forEach { print($0) }
            print(progress.isComplete ? "complete" : "incomplete")
        }
    }
}

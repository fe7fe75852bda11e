import ArgumentParser
import ASDSCore
import Cluster

/// `asds cluster resume`: resubmits only the missing or failed tasks, then what depends on them.
public struct ClusterResumeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resubmit only the shards that are missing or failed, then the stages after them.",
        discussion: "Example: asds cluster resume runs/quick")

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "The directory given to asds cluster submit --out.")
    public var directory: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            for line in try ClusterRunner().resume(directory: directory) { print(line) }
        }
    }
}

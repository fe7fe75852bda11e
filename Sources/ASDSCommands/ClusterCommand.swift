import ArgumentParser

/// `asds cluster`: run generation or the whole main job as Slurm job arrays.
public struct ClusterCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a suite on a Slurm cluster: job arrays for generation or for the whole main job.",
        discussion: "See docs/CLUSTER.md.",
        subcommands: [ClusterSubmitCommand.self, ClusterStatusCommand.self, ClusterResumeCommand.self])

    public init() {}
}

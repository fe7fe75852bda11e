import ArgumentParser
import ASDSCore

/// The `asds` root command. Each subcommand lives in its own file and only parses arguments,
/// validates them and calls into the library targets.
public struct ASDSCommand: ParsableCommand {
    public static let version = ToolVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "asds",
        abstract: "Simulate MRS basis sets and datasets with ground truth; reconstruct, quantify and score them.",
        version: version,
        subcommands: [
            RunCommand.self, SimulateCommand.self, ConvertCommand.self, GenerateCommand.self, MergeCommand.self, TrainCommand.self,
            ReconstructCommand.self, QuantifyCommand.self, ScoreCommand.self, AcquireCommand.self, SystemMatrixCommand.self,
            ClusterCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}

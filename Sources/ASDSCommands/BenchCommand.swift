import ArgumentParser

/// `asds bench`: reproducible speed figures, each printed beside the matching peer figure
/// (`../shared/PEERS.md`) as a ratio. Figures, not pass/fail.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: our figure beside the peer tools' figure on the same work.",
        subcommands: [BenchBasisCommand.self, BenchGenerateCommand.self, BenchReconstructCommand.self, BenchPipelineCommand.self,
                      BenchEncodingCommand.self, BenchMRSICommand.self])

    public init() {}
}

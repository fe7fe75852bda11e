import ArgumentParser
import ASDSCore
import Datasets
import Foundation

/// `asds generate`: a suite's spectra with every ground-truth parameter beside them.
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a suite's synthetic spectra and ground truth (HDF5, NIfTI-MRS, truth.csv).",
        discussion: """
        Examples:
          asds generate --suite quick --out data/quick
          asds generate --suite suites/table1.json --out data/table1 --shard 3 --of 8
        A shard or dataset already complete for the same suite is skipped. A suite with an MRSI part
        also writes OUT/mrsi/item-NNNNNN.h5 (one raw acquisition each; a shard writes its share) and,
        for a whole run, OUT/mrsi/truth.csv.
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name (in the library's suites/) or path to a suite JSON file.")
    public var suite: String

    @Option(help: "Output directory.")
    public var out: String

    @Option(help: "Generate shard K (0-based) only; needs --of.")
    public var shard: Int?

    @Option(name: .customLong("of"), help: "Number of shards.")
    public var shardCount: Int?

    @Option(help: "Basis cache directory (default: OUT/.cache).")
    public var cache: String?

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let shardSpec = try ShardOptions.spec(shard: shard, of: shardCount)
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let generator = try SuiteGenerator(path: path, library: library)
            let provider = SuiteBasisProvider(library: library, cacheDirectory: cache ?? out + "/.cache", showProgress: global.showProgress)
            let run = SuiteGenerationRun(generator: generator, directory: DatasetDirectory(path: out), shard: shardSpec,
                                         provider: provider, components: try LineComponentLibrary.load(from: library))
            try run.run(showProgress: global.showProgress) { print($0) }
        }
    }
}

/// `--shard K --of N` validation shared by the commands that accept it.
enum ShardOptions {
    static func spec(shard: Int?, of count: Int?) throws -> ShardSpec? {
        switch (shard, count) {
        case (nil, nil): return nil
        case let (k?, n?): return try ShardSpec(index: k, count: n)
        case (nil, _?): throw ASDSError.invalidInput(source: "--of", field: "", reason: "needs --shard K")
        case (_?, nil): throw ASDSError.invalidInput(source: "--shard", field: "", reason: "needs --of N")
        }
    }
}

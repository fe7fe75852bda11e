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
            let directory = DatasetDirectory(path: out)
            let target = shardSpec.map(directory.shardPath) ?? directory.datasetPath
            let hash = SHA256.hex(Array(generator.suiteJSON.utf8))
            try generator.requireMemory(shard: shardSpec)
            let provider = SuiteBasisProvider(library: library, cacheDirectory: cache ?? out + "/.cache", showProgress: global.showProgress)
            // The MRSI acquisitions first: a shard file then exists only once its whole share is done
            // (what `asds cluster status` checks).
            if let mrsi = generator.mrsi {
                let start = Date()
                let range = shardSpec?.range(total: mrsi.part.count) ?? 0..<mrsi.part.count
                let progress = ProgressReporter(label: "generate \(generator.suite.name) MRSI", total: range.count, enabled: global.showProgress)
                let done = try mrsi.generate(range: range, into: directory, provider: provider, writeTruthTable: shardSpec == nil,
                                             progress: progress)
                print(String(format: "%@: MRSI acquisitions %d ..< %d: %d written, %d already complete, in %.2f s -> %@",
                             generator.suite.name, range.lowerBound, range.upperBound, done.written, done.skipped,
                             Date().timeIntervalSince(start), directory.mrsiDirectory))
            }
            if DatasetDirectory.isComplete(target, suiteHash: hash) {
                print("\(target) is already complete for suite \(generator.suite.name); not regenerated")
            } else {
                let start = Date()
                let count = shardSpec?.range(total: generator.suite.count).count ?? generator.suite.count
                let progress = ProgressReporter(label: "generate \(generator.suite.name)", total: count, enabled: global.showProgress)
                let components = try LineComponentLibrary.load(from: library)
                let dataset = try generator.generate(shard: shardSpec, provider: provider, components: components, progress: progress)
                if shardSpec != nil { try directory.writeShard(dataset) } else { try directory.writeWhole(dataset) }
                let seconds = Date().timeIntervalSince(start)
                print(String(format: "%@: %d spectra (%@) in %.2f s (%.0f spectra/s) -> %@", generator.suite.name, dataset.items.count,
                             shardSpec.map(\.label) ?? "whole suite", seconds,
                             Double(dataset.items.count) / max(seconds, 1e-9), target))
            }
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

import ArgumentParser
import ASDSCore
import Datasets
import Foundation

/// `asds bench generate`: spectra per second for a suite (default `table1`), synthesis and HDF5
/// writing timed separately and together; basis simulation excluded (it is cached).
public struct BenchGenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time dataset generation (synthesis + HDF5 writing) for a suite.",
        discussion: "Example: asds bench generate --suite table1")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path.")
    public var suite: String = "table1"

    @Option(help: "Repetitions (the best is reported).")
    public var repeats: Int = 3

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let generator = try SuiteGenerator(path: path, library: library)
            let scratch = NSTemporaryDirectory() + "/asds-bench-generate-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let provider = SuiteBasisProvider(library: library, cacheDirectory: scratch + "/cache")
            let components = try LineComponentLibrary.load(from: library)
            _ = try generator.generate(shard: try ShardSpec(index: 0, count: generator.suite.count), provider: provider,
                                       components: components)
            var best = (synthesis: Double.infinity, write: Double.infinity)
            for _ in 0..<max(1, repeats) {
                let t0 = Date()
                let dataset = try generator.generate(shard: nil, provider: provider, components: components)
                let t1 = Date()
                try DatasetFile.write(dataset, to: scratch + "/dataset.h5")
                let t2 = Date()
                best = (min(best.synthesis, t1.timeIntervalSince(t0)), min(best.write, t2.timeIntervalSince(t1)))
            }
            let n = Double(generator.suite.count)
            print(String(format: "generate %@: %d spectra x %d points, %d threads", generator.suite.name, generator.suite.count,
                         generator.suite.acquisition.points, ComputeSettings.threads))
            print(String(format: "  synthesis      %.3f s  (%.0f spectra/s)", best.synthesis, n / best.synthesis))
            print(String(format: "  HDF5 writing   %.3f s  (%.0f spectra/s)", best.write, n / best.write))
            let total = best.synthesis + best.write
            print(String(format: "  together       %.3f s  (%.0f spectra/s)", total, n / total))
            print(String(format: "peer: FSL-MRS syntheticFromBasis 216-269 spectra/s with the basis preloaded (%.0fx)", n / total / 269))
        }
    }
}

import ArgumentParser
import ASDSCore
import Datasets
import Foundation

/// `asds bench generate`: `asds generate`'s own path for a suite (default `table1`), every file
/// it writes included, with each stage's share; the basis is simulated once beforehand (it is
/// cached, as in a user's repeated runs).
public struct BenchGenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time asds generate on a suite, stage by stage (MRSI, synthesis, truth.csv, NIfTI-MRS, HDF5).",
        discussion: "Example: asds bench generate --suite table1")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path.")
    public var suite: String = "table1"

    @Option(help: "Repetitions (the fastest whole run is reported).")
    public var repeats: Int = 3

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let generator = try SuiteGenerator(path: path, library: library)
            let scratch = NSTemporaryDirectory() + "/asds-bench-generate-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let provider = SuiteBasisProvider(library: library, cacheDirectory: scratch + "/cache")
            let components = try LineComponentLibrary.load(from: library)
            func once(_ k: Int, clock: StageClock?) throws -> Double {
                let directory = DatasetDirectory(path: scratch + "/run-\(k)")
                let start = Date()
                try SuiteGenerationRun(generator: generator, directory: directory, shard: nil, provider: provider, components: components)
                    .run(showProgress: false, clock: clock) { _ in }
                let seconds = Date().timeIntervalSince(start)
                try? FileManager.default.removeItem(atPath: directory.path)
                return seconds
            }
            _ = try once(0, clock: nil)   // simulates and caches the bases
            var best: (seconds: Double, clock: StageClock) = (.infinity, StageClock())
            for k in 1...max(1, repeats) {
                let clock = StageClock()
                let seconds = try once(k, clock: clock)
                if seconds < best.seconds { best = (seconds, clock) }
            }
            let stages = best.clock.stages
            let n = generator.suite.count, acquisitions = generator.mrsi?.part.count ?? 0
            print(String(format: "generate %@: %d spectra x %d points%@, %d threads; fastest of %d runs: %.3f s", generator.suite.name, n,
                         generator.suite.acquisition.points, acquisitions > 0 ? ", \(acquisitions) MRSI acquisitions" : "",
                         ComputeSettings.threads, max(1, repeats), best.seconds))
            for (name, seconds) in stages {
                print("  " + name.padding(toLength: 18, withPad: " ", startingAt: 0)
                      + String(format: " %7.3f s  %5.1f %%", seconds, 100 * seconds / best.seconds))
            }
            let mrsiSeconds = stages.first { $0.name == "MRSI acquisitions" }?.seconds ?? 0
            let singleVoxel = best.seconds - mrsiSeconds
            print(String(format: "single-voxel part: %.3f s (%.0f spectra/s)", singleVoxel, Double(n) / singleVoxel))
            if acquisitions > 0 {
                print(String(format: "MRSI part: %.3f s (%.1f acquisitions/s)", mrsiSeconds, Double(acquisitions) / mrsiSeconds))
            }
            print(String(format: "peer: FSL-MRS syntheticFromBasis 216-269 spectra/s with the basis preloaded, no files (%.0fx)",
                         Double(n) / singleVoxel / 269))
        }
    }
}

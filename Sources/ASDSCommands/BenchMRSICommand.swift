import ArgumentParser
import ASDSCore
import Foundation
import Pipeline

/// `asds bench mrsi`: the MRSI part of a suite as `asds run` does it (reconstruct every test
/// acquisition by every method, fit every object voxel, score the maps), timed as a whole and per
/// method. The acquisitions and the MRSI model are cached in `--out` as for `asds run`, so a
/// second call (or one after `asds run --out` the same directory) times the reconstruction alone.
public struct BenchMRSICommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mrsi",
        abstract: "Time the MRSI part of asds run: reconstruct, fit and score every test acquisition by every method.",
        discussion: "Example: asds bench mrsi --suite table1 --out out/table1")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path (it needs an MRSI part).")
    public var suite: String = "table1"

    @Option(help: "Run directory (acquisitions in OUT/data/mrsi and the model in OUT/.cache are reused).")
    public var out: String = "out/table1"

    @Option(help: "Most VAE training epochs, as for asds run (keys the cached model).")
    public var epochs: Int = 100

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let job = MainJob(suitePath: path, outputDirectory: out, training: MainJob.training(epochs: epochs, seed: try SuiteSeed.read(path)),
                              showProgress: global.showProgress)
            let log = global.log
            guard let outcome = try job.mrsiOnly(library: library, log: log) else {
                throw ASDSError.invalidInput(source: path, field: "mrsi", reason: "the suite has no MRSI part")
            }
            let acquisitions = Set(outcome.scores.map(\.item)).count
            print(String(format: "MRSI part of %@: %d test acquisitions reconstructed, fitted and scored by %d methods in %.1f s on %d threads (target: under 60 s on 2 cores)",
                         suite, acquisitions, outcome.methods.count, outcome.seconds, ComputeSettings.threads))
            for method in outcome.methods {
                let seconds = outcome.scores.filter { $0.method == method }.map(\.seconds)
                print(String(format: "  %-9@ reconstruction %.2f s per acquisition (%.1f s in all)", method.rawValue,
                             seconds.reduce(0, +) / Double(max(1, seconds.count)), seconds.reduce(0, +)))
            }
        }
    }
}

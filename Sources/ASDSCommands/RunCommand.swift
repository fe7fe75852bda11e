import ArgumentParser
import ASDSCore
import Foundation
import Metrics
import NeuralNet
import Pipeline

/// `asds run`: the main job, end to end in one run.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate, generate, train the VAE, reconstruct by every method, fit, score; print the table, write the report.",
        discussion: """
        Examples:
          asds run                                  (suites/quick.json into out/)
          asds run --suite table1 --out out/table1  (the paper's experiment)
        Writes OUT/scores.csv, OUT/scores.md, OUT/per_spectrum.csv, OUT/report.html and OUT/data/ (the dataset);
        basis sets and the trained model are cached in OUT/.cache by content hash.
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name (in the library's suites/) or path.")
    public var suite: String = "quick"

    @Option(help: "Output directory.")
    public var out: String = "out"

    @Option(help: "Most VAE training epochs (early stopping may end sooner).")
    public var epochs: Int = 100

    @Option(name: .customLong("calibration-items"), help: "Most training spectra used to calibrate lambda.")
    public var calibrationItems: Int = 32

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            guard epochs >= 1 else { throw ASDSError.invalidInput(source: "--epochs", field: "", reason: "must be at least 1, got \(epochs)") }
            guard calibrationItems >= 1 else {
                throw ASDSError.invalidInput(source: "--calibration-items", field: "", reason: "must be at least 1, got \(calibrationItems)")
            }
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let seed = try SuiteSeed.read(path)
            let job = MainJob(suitePath: path, outputDirectory: out,
                              training: TrainingConfiguration(learningRate: 1e-4, batchSize: 32, maxEpochs: epochs, patience: 10, seed: seed),
                              maxCalibrationItems: calibrationItems, showProgress: global.showProgress)
            let quiet = global.quiet
            let start = Date()
            let rows = try job.run(library: library) { line in
                if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            print(ScoreTable.markdown(rows))
            print(String(format: "wrote %@ and %@ in %.1f s", job.scoresPath, job.reportPath, Date().timeIntervalSince(start)))
        }
    }
}

/// The seed a suite file states (training draws from it too).
enum SuiteSeed {
    static func read(_ path: String) throws -> UInt64 {
        struct Seed: Decodable { let seed: UInt64 }
        return try JSONInput.decode(Seed.self, fromFile: path).seed
    }
}

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
        Stages, for clusters (docs/CLUSTER.md): --stage train (after the dataset's shards are merged),
        --stage score --shard K --of N (one part of the test split), --stage report --of N (the outputs).
        The staged run writes the same scores.csv as a single run.
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

    @Option(help: "all, or one cluster stage: train, score, report.")
    public var stage: MainJob.Stage = .all

    @Option(help: "Stage score: the part of the test split to score (0-based); needs --of.")
    public var shard: Int?

    @Option(name: .customLong("of"), help: "Stages score and report: number of parts.")
    public var partCount: Int?

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
                              training: MainJob.training(epochs: epochs, seed: seed),
                              maxCalibrationItems: calibrationItems, showProgress: global.showProgress)
            let log = global.log
            let start = Date()
            let rows: [MethodScores]
            switch stage {
            case .all:
                rows = try job.run(library: library, log: log)
            case .train:
                try job.train(library: library, log: log)
                print(String(format: "trained in %.1f s", Date().timeIntervalSince(start)))
                return
            case .score:
                guard let spec = try ShardOptions.spec(shard: shard, of: partCount) else {
                    throw ASDSError.invalidInput(source: "--stage", field: "", reason: "score needs --shard K --of N")
                }
                try job.score(shard: spec, library: library, log: log)
                print(String(format: "scored part %d of %d in %.1f s -> %@", spec.index, spec.count, Date().timeIntervalSince(start),
                             job.layout.partPath(spec)))
                return
            case .report:
                guard let partCount, partCount >= 1 else {
                    throw ASDSError.invalidInput(source: "--of", field: "", reason: "report needs the number of parts --of N")
                }
                rows = try job.report(parts: partCount, library: library, log: log)
            }
            print(ScoreTable.markdown(rows))
            print(String(format: "wrote %@ and %@ in %.1f s", job.layout.scoresPath, job.layout.reportPath, Date().timeIntervalSince(start)))
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

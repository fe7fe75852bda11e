import ArgumentParser
import ASDSCore
import Datasets
import Foundation
import NeuralNet
import Pipeline

/// `asds bench pipeline`: the main job's own costs on `table1`: VAE training (500 spectra x 100
/// epochs), encoder throughput, and ASDS-VAE reconstruction throughput (encode + FISTA with the
/// line dictionary through H).
public struct BenchPipelineCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "VAE training time, encoder and ASDS-VAE reconstruction throughput on the table1 suite.",
        discussion: "Example: asds bench pipeline --epochs 100")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path.")
    public var suite: String = "table1"

    @Option(help: "Training epochs (no early stopping).")
    public var epochs: Int = 100

    @Option(name: .customLong("reconstruct-count"), help: "Test spectra reconstructed by ASDS-VAE.")
    public var reconstructCount: Int = 100

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let generator = try SuiteGenerator(path: path, library: library)
            let scratch = NSTemporaryDirectory() + "/asds-bench-pipeline-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let dataset = try generator.generate(shard: nil, provider: SuiteBasisProvider(library: library, cacheDirectory: scratch),
                                                 components: try LineComponentLibrary.load(from: library))
            let runner = try MethodRunner(axis: dataset.axis)
            let train = ExperimentItem.items(of: dataset, training: true)
            let matrix = try VAEInputs.matrix(train, runner: runner, normalisation: VAEInputs.normalisation)
            let (training, validation) = try matrix.split(validationFraction: 0.2, seed: 1, source: "bench")
            let report = try VAEBenchmark.run(training: training, validation: validation,
                                              architecture: VAEInputs.architecture(points: dataset.axis.points), epochs: epochs)
            print(report.description)
            print(String(format: "target: training 500 spectra x 100 epochs under 180 s; this run %.1f s for %d x %d (%.2fx the target)",
                         report.trainingSeconds, training.count + validation.count, epochs, report.trainingSeconds / 180))
            let test = Array(ExperimentItem.items(of: dataset, training: false).prefix(reconstructCount))
            let model = try ConvolutionalVAE(architecture: VAEInputs.architecture(points: dataset.axis.points), seed: 1)
            let start = Date()
            let variances = try VAEInputs.latentVariances(test, model: model, runner: runner, normalisation: VAEInputs.normalisation)
            _ = Parallel.map(test.count) { runner.sparse(test[$0], lambda: 0.1 * variances[$0]).spectrum }
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "ASDS-VAE reconstruction (encode + FISTA, line dictionary through H, <= 200 iterations): %.1f spectra/s; target 1000/s",
                         Double(test.count) / seconds))
        }
    }
}

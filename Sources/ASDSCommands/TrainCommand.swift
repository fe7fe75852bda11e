import ArgumentParser
import ASDSCore
import Datasets
import Foundation
import NeuralNet
import Pipeline

/// `asds train`: the VAE on a suite's training split, and the lambda rules calibrated on it.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the convolutional VAE on a suite's training split and calibrate alpha (lambda = alpha sigma^2).",
        discussion: "Example: asds train --suite suites/table1.json --out model.h5")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Suite name or path.")
    public var suite: String

    @Option(help: "Checkpoint to write (HDF5).")
    public var out: String

    @Option(help: "Directory for the suite's dataset (generated unless complete; default: next to --out).")
    public var data: String?

    @Option(help: "Most training epochs (early stopping may end sooner).")
    public var epochs: Int = 100

    @Option(name: .customLong("calibration-items"), help: "Most training spectra used to calibrate lambda.")
    public var calibrationItems: Int = 32

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            guard epochs >= 1 else { throw ASDSError.invalidInput(source: "--epochs", field: "", reason: "must be at least 1, got \(epochs)") }
            let path = try ResourceLocator.resolve(suite, in: library.suitesDirectory, kind: "suite")
            let generator = try SuiteGenerator(path: path, library: library)
            guard generator.suite.split.train >= 2 else {
                throw ASDSError.invalidInput(source: path, field: "split.train",
                                             reason: "the suite has \(generator.suite.split.train) training spectra; training needs at least 2")
            }
            let directory = data ?? (URL(fileURLWithPath: out).deletingLastPathComponent().path + "/data-" + generator.suite.name)
            let log = global.log
            let job = MainJob(suitePath: path, outputDirectory: directory,
                              training: TrainingConfiguration(maxEpochs: epochs, seed: generator.suite.seed),
                              maxCalibrationItems: calibrationItems, showProgress: global.showProgress)
            let dataset = try job.loadOrGenerate(generator, library: library, log: log)
            let runner = try MethodRunner(axis: dataset.axis)
            let model = try ModelTrainer(training: job.training, runner: runner, maxCalibrationItems: calibrationItems).train(dataset, log: log)
            try model.write(to: out)
            print(String(format: "wrote %@: alpha %.6g, fixed lambda %.6g, beta %.6g (best epoch %d)", out, model.alpha,
                         model.calibrations.fixed.factor, model.calibrations.noise.factor, model.checkpoint.history?.bestEpoch ?? 0))
        }
    }
}

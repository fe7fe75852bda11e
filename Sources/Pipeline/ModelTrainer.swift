import ASDSCore
import Datasets
import Foundation
import NeuralNet

/// `asds train`: trains the convolutional VAE on a suite's training split and calibrates, on the
/// same split, the three regularisation rules the experiment compares (fixed lambda, the paper's
/// lambda = alpha * sigma^2, and lambda = beta * universal threshold).
public struct ModelTrainer: Sendable {
    public var training: TrainingConfiguration
    public var runner: MethodRunner
    /// Most training items used for calibration (the first ones in index order).
    public var maxCalibrationItems: Int
    /// Fraction of the training split held out for early stopping.
    public var validationFraction: Double

    public init(training: TrainingConfiguration, runner: MethodRunner, maxCalibrationItems: Int = 32,
                validationFraction: Double = 0.2) {
        self.training = training
        self.runner = runner
        self.maxCalibrationItems = maxCalibrationItems
        self.validationFraction = validationFraction
    }

    /// Trains and calibrates on `dataset`'s training split; `log` receives one line per epoch and stage.
    public func train(_ dataset: GeneratedDataset, log: @escaping (String) -> Void) throws -> TrainedModel {
        let items = ExperimentItem.items(of: dataset, training: true)
        guard items.count >= 2 else {
            throw ASDSError.invalidInput(source: "suite \(dataset.suite.name)", field: "split.train",
                                         reason: "the training split has \(items.count) spectra; training needs at least 2")
        }
        let architecture = VAEInputs.architecture(points: dataset.axis.points)
        let matrix = try VAEInputs.matrix(items, runner: runner, normalisation: VAEInputs.normalisation)
        let (trainingSet, validationSet) = try matrix.split(validationFraction: validationFraction, seed: training.seed,
                                                            source: "training split")
        var model = try ConvolutionalVAE(architecture: architecture, seed: training.seed)
        log("training the VAE on \(trainingSet.count) spectra (\(validationSet.count) held out for early stopping)")
        let history = try VAETrainer.train(&model, training: trainingSet, validation: validationSet,
                                           configuration: training, progress: { log($0.line) })
        let calibrations = try calibrate(Array(items.prefix(maxCalibrationItems)), model: model, log: log)
        let checkpoint = VAECheckpoint(model: model, normalisation: VAEInputs.normalisation, training: training,
                                       history: history, metadata: [:])
        return TrainedModel(checkpoint: checkpoint, calibrations: calibrations, suiteSHA256: dataset.suiteHash)
    }

    /// Calibrates the three rules on `items`.
    public func calibrate(_ items: [ExperimentItem], model: ConvolutionalVAE, log: (String) -> Void) throws -> LambdaCalibrations {
        let sigmas = try items.map { try runner.noiseStandardDeviation($0) }
        let universal = (0..<items.count).map { runner.universalLambda(items[$0], noiseStandardDeviation: sigmas[$0]) }
        let variances = try VAEInputs.latentVariances(items, model: model, runner: runner, normalisation: VAEInputs.normalisation)
        let u = NoiseEstimation.median(universal), v = NoiseEstimation.median(variances)
        guard u > 0, v > 0 else {
            throw ASDSError.invalidInput(source: "training split", field: "", reason: "cannot calibrate lambda: zero noise or latent variance")
        }
        let span = 0.01...10.0
        func scaled(_ c: Double) -> ClosedRange<Double> { (c * span.lowerBound)...(c * span.upperBound) }
        log("calibrating lambda on \(items.count) training spectra")
        let fixed = LambdaCalibration.calibrate(items: items, scales: items.map { _ in 1 }, range: scaled(u), runner: runner)
        log(String(format: "  fixed lambda %.4g (mean 1/SNR_err^2 %.4g)", fixed.factor, fixed.loss))
        let alpha = LambdaCalibration.calibrate(items: items, scales: variances, range: scaled(u / v), runner: runner)
        log(String(format: "  alpha %.4g for lambda = alpha sigma^2 (mean 1/SNR_err^2 %.4g)", alpha.factor, alpha.loss))
        let noise = LambdaCalibration.calibrate(items: items, scales: universal, range: span, runner: runner)
        log(String(format: "  beta %.4g for lambda = beta * universal (mean 1/SNR_err^2 %.4g)", noise.factor, noise.loss))
        return LambdaCalibrations(fixed: fixed, alpha: alpha, noise: noise, items: items.count)
    }
}

import ASDSCore
import Foundation

/// How `VAETrainer` trains: Adam with bias correction, mini-batches, early stopping.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    /// Adam's step size.
    public var learningRate: Double
    /// Spectra per mini-batch (the last batch of an epoch may be smaller).
    public var batchSize: Int
    /// Upper bound on the number of epochs.
    public var maxEpochs: Int
    /// Early stopping: training ends after this many consecutive epochs without a lower
    /// validation loss, and the weights of the best epoch are kept.
    public var patience: Int
    /// Weight of the KL term (see `LossTerms`).
    public var beta: Double
    /// Seed of the batch order and the reparameterisation noise (the initial weights come
    /// from the model's own seed).
    public var seed: UInt64

    public init(learningRate: Double = 1e-4, batchSize: Int = 32, maxEpochs: Int = 100, patience: Int = 10,
                beta: Double = 1, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.beta = beta
        self.seed = seed
    }

    /// Throws `invalidInput` naming `source` and the field for values that cannot train.
    public func validate(source: String) throws {
        try ASDSError.requirePositive(learningRate, source: source, field: "learningRate")
        try ASDSError.require(beta, in: 0...1e6, source: source, field: "beta")
        for (value, field) in [(batchSize, "batchSize"), (maxEpochs, "maxEpochs"), (patience, "patience")] where value < 1 {
            throw ASDSError.invalidInput(source: source, field: field, reason: "must be a positive integer, got \(value)")
        }
    }
}

/// One epoch's figures, as the progress callback receives them.
public struct EpochReport: Codable, Equatable, Sendable {
    /// 1-based epoch number.
    public var epoch: Int
    /// The configured upper bound on epochs (for the `12/100` in the line).
    public var maxEpochs: Int
    /// Mean loss over the epoch's training spectra (each at the weights of its batch).
    public var training: LossTerms
    /// Mean loss over the validation spectra after the epoch (fixed noise per spectrum).
    public var validation: LossTerms
    /// Wall-clock time of the epoch, in s.
    public var seconds: Double
    /// Whether this epoch has the lowest validation loss so far.
    public var isBest: Bool

    /// `epoch  12/100  train 1.234e-03 (mse 1.100e-03, kl 0.55)  val 1.300e-03 (...)  0.84 s  *`.
    public var line: String {
        func terms(_ t: LossTerms) -> String {
            String(format: "%.3e (mse %.3e, kl %.2f)", t.total, t.reconstruction, t.kl)
        }
        let number = String(repeating: " ", count: max(0, String(maxEpochs).count - String(epoch).count)) + String(epoch)
        return "epoch \(number)/\(maxEpochs)  train \(terms(training))  val \(terms(validation))  "
            + String(format: "%.2f s", seconds) + (isBest ? "  *" : "")
    }
}

/// The record of a training run.
public struct TrainingHistory: Codable, Equatable, Sendable {
    /// One report per completed epoch.
    public var epochs: [EpochReport]
    /// The epoch whose weights were kept (lowest validation loss).
    public var bestEpoch: Int
    /// Whether early stopping ended the run before `maxEpochs`.
    public var stoppedEarly: Bool

    public init(epochs: [EpochReport], bestEpoch: Int, stoppedEarly: Bool) {
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.stoppedEarly = stoppedEarly
    }
}

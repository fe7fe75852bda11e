import ASDSCore
import Foundation

/// Timing of training and inference, for `asds bench` and the project's benchmark figures.
///
/// Targets from the project's issue: 500 spectra x 100 epochs in under 3 minutes on 2 cores, and
/// encoding (latent mean and log-variance) at 1,000 spectra/s or more.
public enum VAEBenchmark {
    /// The measured figures.
    public struct Report: Sendable, CustomStringConvertible {
        /// The timed model's hyperparameters.
        public var architecture: VAEArchitecture
        /// Its number of parameters.
        public var parameterCount: Int
        /// `ComputeSettings.threads` during the run.
        public var threads: Int
        /// Spectra per training epoch.
        public var trainingSpectra: Int
        /// Spectra validated after each epoch.
        public var validationSpectra: Int
        /// Epochs trained (early stopping off).
        public var epochs: Int
        /// Wall-clock time of the whole training run, in s.
        public var trainingSeconds: Double
        /// Mean wall-clock time per epoch, in s.
        public var secondsPerEpoch: Double { trainingSeconds / Double(epochs) }
        /// Spectra encoded in the inference timing.
        public var encodedSpectra: Int
        /// Wall-clock time of the encoding, in s.
        public var encodeSeconds: Double
        /// Encoding throughput, in spectra/s.
        public var encodeSpectraPerSecond: Double { Double(encodedSpectra) / encodeSeconds }
        /// The training run's history (losses per epoch).
        public var history: TrainingHistory

        public var description: String {
            let a = architecture
            let perHundred = secondsPerEpoch * 100 * 500 / Double(max(trainingSpectra, 1))
            return """
            VAE: \(a.channels)x\(a.points) input, blocks \(a.blockChannels), kernel \(a.kernelSize), pool \(a.poolSize), \
            latent \(a.latentDimension), \(parameterCount) parameters, \(threads) threads
            training: \(trainingSpectra) spectra (+\(validationSpectra) validation) x \(epochs) epochs in \
            \(String(format: "%.1f", trainingSeconds)) s = \(String(format: "%.3f", secondsPerEpoch)) s/epoch \
            (500 spectra x 100 epochs: \(String(format: "%.0f", perHundred)) s; target < 180 s)
            encode: \(encodedSpectra) spectra in \(String(format: "%.3f", encodeSeconds)) s = \
            \(String(format: "%.0f", encodeSpectraPerSecond)) spectra/s (target >= 1000/s)
            """
        }
    }

    /// Trains a fresh model (seed 1) for exactly `epochs` epochs on `training` (early stopping
    /// off), then encodes `training` `encodeRepeats` times. `configuration` supplies the learning
    /// rate, batch size, beta and seed.
    public static func run(
        training: SpectrumMatrix, validation: SpectrumMatrix, architecture: VAEArchitecture = VAEArchitecture(),
        epochs: Int = 100, configuration: TrainingConfiguration = TrainingConfiguration(), encodeRepeats: Int = 4,
        progress: ((EpochReport) -> Void)? = nil
    ) throws -> Report {
        var model = try ConvolutionalVAE(architecture: architecture, seed: 1)
        var settings = configuration
        settings.maxEpochs = epochs
        settings.patience = epochs + 1
        let clock = ContinuousClock()
        let trainStart = clock.now
        let history = try VAETrainer.train(&model, training: training, validation: validation, configuration: settings,
                                           progress: progress)
        let trainingSeconds = seconds(clock.now - trainStart)
        let encodeStart = clock.now
        for _ in 0..<max(1, encodeRepeats) { _ = try model.encode(training) }
        let encodeSeconds = seconds(clock.now - encodeStart)
        return Report(architecture: architecture, parameterCount: model.network.parameterCount, threads: ComputeSettings.threads,
                      trainingSpectra: training.count, validationSpectra: validation.count, epochs: epochs,
                      trainingSeconds: trainingSeconds, encodedSpectra: training.count * max(1, encodeRepeats),
                      encodeSeconds: encodeSeconds, history: history)
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

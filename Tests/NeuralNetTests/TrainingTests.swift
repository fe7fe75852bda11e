import ASDSCore
import NeuralNet
import Testing

@Suite struct TrainingTests {
    static let small = VAEArchitecture(channels: 2, points: 128, blockChannels: [8, 8, 8], kernelSize: 5, poolSize: 2,
                                       latentDimension: 8, upsampling: .linear)

    /// A tiny VAE memorises 8 spectra: with the KL weight small (beta = 1e-4, so the latent
    /// code can carry the spectra's identity) the loss falls by more than 100x, and the
    /// reconstruction error ends below 2% of the spectra's variance about their mean (so the
    /// decoder reproduces each spectrum, not just their average). Measured here: 3100x and 0.7%.
    @Test func tinyVAEOverfitsEightSpectra() throws {
        let spectra = SyntheticSpectra.make(count: 8, points: 128, lines: 3, noise: 0, widths: 0.012...0.045, seed: 11)
        let architecture = VAEArchitecture(channels: 2, points: 128, blockChannels: [16, 16, 16], kernelSize: 5, poolSize: 2,
                                           latentDimension: 8, upsampling: .linear)
        var model = try ConvolutionalVAE(architecture: architecture, seed: 3)
        let configuration = TrainingConfiguration(learningRate: 3e-3, batchSize: 8, maxEpochs: 1500, patience: 1500,
                                                  beta: 1e-4, seed: 5)
        let initial = try model.loss(on: spectra, beta: 1e-4, seed: 1)
        let history = try VAETrainer.train(&model, training: spectra, validation: spectra, configuration: configuration)
        let final = try model.loss(on: spectra, beta: 1e-4, seed: 1)
        #expect(final.total < initial.total / 100, "loss \(initial.total) -> \(final.total)")

        var variance = 0.0
        let d = spectra.valuesPerSpectrum
        for k in 0..<d {
            let mean = (0..<8).reduce(0.0) { $0 + Double(spectra.values[$1 * d + k]) } / 8
            for s in 0..<8 { variance += (Double(spectra.values[s * d + k]) - mean) * (Double(spectra.values[s * d + k]) - mean) }
        }
        variance /= Double(8 * d)
        let reconstruction = try model.reconstruct(spectra)
        let mse = zip(reconstruction.values, spectra.values).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            / Double(spectra.values.count)
        #expect(mse < 0.02 * variance, "reconstruction MSE \(mse), variance about the mean \(variance)")
        #expect(history.bestEpoch > 1)
    }

    static func shortRun(threads: Int) throws -> (ConvolutionalVAE, TrainingHistory) {
        let spectra = SyntheticSpectra.make(count: 30, points: 128, noise: 0.02, seed: 21)
        let (training, validation) = try spectra.split(validationFraction: 0.2, seed: 1)
        var model = try ConvolutionalVAE(architecture: Self.small, seed: 9)
        let configuration = TrainingConfiguration(learningRate: 1e-3, batchSize: 7, maxEpochs: 3, beta: 1, seed: 4)
        let history = try VAETrainer.train(&model, training: training, validation: validation, configuration: configuration,
                                           threads: threads)
        return (model, history)
    }

    /// Same seed, same data: bit-identical weights and losses, whatever the thread count.
    @Test func trainingIsBitIdenticalForOneSeedAndAnyThreadCount() throws {
        let (a, historyA) = try Self.shortRun(threads: 2)
        let (b, historyB) = try Self.shortRun(threads: 2)
        #expect(a.parameters == b.parameters)
        let (c, historyC) = try Self.shortRun(threads: 1)
        let (d, _) = try Self.shortRun(threads: 3)
        #expect(a.parameters == c.parameters)
        #expect(a.parameters == d.parameters)
        #expect(historyA.epochs.map(\.validation) == historyB.epochs.map(\.validation))
        #expect(historyA.epochs.map(\.training) == historyC.epochs.map(\.training))
        // And training changed the weights.
        #expect(a.parameters != (try ConvolutionalVAE(architecture: Self.small, seed: 9)).parameters)
    }

    /// Early stopping ends the run `patience` epochs after the best one and keeps the best
    /// epoch's weights: they reproduce the recorded best validation loss exactly.
    @Test func earlyStoppingKeepsTheBestWeights() throws {
        // A large learning rate on 6 spectra, validated on 6 others, overfits quickly.
        let training = SyntheticSpectra.make(count: 6, points: 128, noise: 0.05, seed: 31)
        let validation = SyntheticSpectra.make(count: 6, points: 128, noise: 0.05, seed: 32)
        var model = try ConvolutionalVAE(architecture: Self.small, seed: 2)
        let configuration = TrainingConfiguration(learningRate: 3e-3, batchSize: 3, maxEpochs: 400, patience: 4, beta: 1, seed: 8)
        var lines: [String] = []
        let history = try VAETrainer.train(&model, training: training, validation: validation, configuration: configuration) {
            lines.append($0.line)
        }
        #expect(history.stoppedEarly)
        #expect(lines.count == history.epochs.count)
        #expect(lines.allSatisfy { $0.hasPrefix("epoch") && $0.contains("train") && $0.contains("val") })
        let losses = history.epochs.map(\.validation.total)
        let best = losses.indices.min { losses[$0] < losses[$1] }!
        #expect(history.bestEpoch == best + 1)
        #expect(history.epochs.count == history.bestEpoch + configuration.patience)
        #expect(history.epochs[best].isBest)
        let kept = try model.loss(on: validation, beta: 1, seed: configuration.seed)
        #expect(kept.total == losses[best])
    }

    @Test func divergenceAndEmptySplitsGiveOneLineErrors() throws {
        let spectra = SyntheticSpectra.make(count: 4, points: 128, seed: 41)
        var model = try ConvolutionalVAE(architecture: Self.small, seed: 1)
        let empty = try SpectrumMatrix(values: [], count: 0, channels: 2, points: 128)
        do {
            _ = try VAETrainer.train(&model, training: empty, validation: spectra, configuration: TrainingConfiguration())
            Issue.record("an empty training split was accepted")
        } catch let error as ASDSError {
            #expect(error.description.contains("training") && !error.description.contains("\n"))
        }
        do {
            let explosive = TrainingConfiguration(learningRate: 1e4, batchSize: 4, maxEpochs: 20)
            _ = try VAETrainer.train(&model, training: spectra, validation: spectra, configuration: explosive)
            Issue.record("a diverging run did not fail")
        } catch let error as ASDSError {
            #expect(error.description.contains("learningRate") && error.description.contains("non-finite"))
        }
        #expect(try model.encode(empty).count == 0)
        #expect(throws: ASDSError.self) { try model.loss(on: empty, beta: 1, seed: 1) }
        let wrongPoints = SyntheticSpectra.make(count: 4, points: 64, seed: 41)
        #expect(throws: ASDSError.self) { try model.encode(wrongPoints) }
    }

    /// Encoding is per spectrum: identical for any thread count and batch composition.
    @Test func encodingDoesNotDependOnThreadsOrBatch() throws {
        let model = try ConvolutionalVAE(architecture: Self.small, seed: 4)
        let spectra = SyntheticSpectra.make(count: 9, points: 128, seed: 51)
        let one = try model.encode(spectra, threads: 1)
        let three = try model.encode(spectra, threads: 3)
        #expect(one == three)
        let alone = try model.encode(spectra.subset([5]))
        #expect(Array(alone.mean) == Array(one.mean(of: 5)))
        #expect(Array(alone.logVariance) == Array(one.logVariance(of: 5)))
    }
}

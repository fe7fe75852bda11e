import ASDSCore

/// Trains a `ConvolutionalVAE` with Adam on mini-batches, with early stopping on the
/// validation loss.
///
/// Determinism: the batch order of epoch `e` is a shuffle from `SeededRandom(seed, [102, e])`,
/// and spectrum `i` draws its reparameterisation noise in epoch `e` from
/// `SeededRandom(seed, [103, e, i])`. Within a batch the spectra run in parallel, each writing its
/// gradient to its own slot; the slots are summed in batch order. So the same seed, data and
/// configuration give bit-identical weights for any thread count.
public enum VAETrainer {
    /// Trains `model` in place and returns the history. At the end `model` holds the weights of
    /// the epoch with the lowest validation loss. `progress` is called after every epoch.
    /// `threads` sets the parallelism (the weights do not depend on it).
    public static func train(
        _ model: inout ConvolutionalVAE, training: SpectrumMatrix, validation: SpectrumMatrix,
        configuration: TrainingConfiguration, threads: Int = ComputeSettings.threads,
        progress: ((EpochReport) -> Void)? = nil
    ) throws -> TrainingHistory {
        try configuration.validate(source: "training configuration")
        try training.checkShape(model.architecture, source: "training spectra")
        try validation.checkShape(model.architecture, source: "validation spectra")
        guard training.count > 0 else {
            throw ASDSError.invalidInput(source: "training spectra", field: "count", reason: "the training split is empty")
        }
        guard validation.count > 0 else {
            throw ASDSError.invalidInput(source: "validation spectra", field: "count",
                                         reason: "the validation split is empty (early stopping needs one)")
        }
        let network = model.network
        let parameterCount = network.parameterCount
        let batchSize = min(configuration.batchSize, training.count)
        var adam = Adam<Float>(parameterCount: parameterCount, learningRate: configuration.learningRate)
        let workers = SampleParallel.workerCount(for: batchSize, threads: threads)
        let workspaces = (0..<workers).map { _ in ConvolutionalVAE.LossWorkspace(network) }
        let validationWorkspaces = (0..<SampleParallel.workerCount(for: validation.count, threads: threads)).map { _ in
            ConvolutionalVAE.LossWorkspace(network)
        }
        var slots = [Float](repeating: 0, count: batchSize * parameterCount)
        var gradient = [Float](repeating: 0, count: parameterCount)
        var batchTerms = [LossTerms](repeating: .zero, count: batchSize)

        var reports: [EpochReport] = []
        var best = (loss: Double.infinity, parameters: model.parameters, epoch: 0)
        var epochsWithoutImprovement = 0
        var stoppedEarly = false
        let clock = ContinuousClock()

        for epoch in 1...configuration.maxEpochs {
            let start = clock.now
            var order = Array(0..<training.count)
            var rng = SeededRandom(seed: configuration.seed, path: [RandomStream.batchOrder.rawValue, UInt64(epoch)])
            rng.shuffle(&order)
            var trainingSum = LossTerms.zero
            for batchStart in stride(from: 0, to: training.count, by: batchSize) {
                let batch = Array(order[batchStart..<min(training.count, batchStart + batchSize)])
                accumulateGradients(
                    network: network, spectra: training, batch: batch, epoch: epoch, configuration: configuration,
                    parameters: model.parameters, workspaces: workspaces, slots: &slots, terms: &batchTerms)
                reduce(slots: slots, count: batch.count, into: &gradient, threads: threads)
                for b in 0..<batch.count { trainingSum = trainingSum + batchTerms[b] }
                guard trainingSum.isFinite else { throw diverged(epoch) }
                adam.update(&model.parameters, gradient: gradient)
            }
            let trainingLoss = trainingSum.scaled(by: 1 / Double(training.count))
            let validationLoss = model.evaluate(validation, beta: configuration.beta, seed: configuration.seed,
                                                workspaces: validationWorkspaces)
            guard validationLoss.isFinite else { throw diverged(epoch) }
            let improved = validationLoss.total < best.loss
            if improved {
                best = (validationLoss.total, model.parameters, epoch)
                epochsWithoutImprovement = 0
            } else {
                epochsWithoutImprovement += 1
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let report = EpochReport(epoch: epoch, maxEpochs: configuration.maxEpochs, training: trainingLoss,
                                     validation: validationLoss, seconds: seconds, isBest: improved)
            reports.append(report)
            progress?(report)
            if epochsWithoutImprovement >= configuration.patience && epoch < configuration.maxEpochs {
                stoppedEarly = true
                break
            }
        }
        model.parameters = best.parameters
        return TrainingHistory(epochs: reports, bestEpoch: best.epoch, stoppedEarly: stoppedEarly)
    }

    private static func diverged(_ epoch: Int) -> ASDSError {
        .invalidInput(source: "training", field: "learningRate",
                      reason: "the loss became non-finite in epoch \(epoch); lower the learning rate or check the normalisation")
    }

    /// Each spectrum of `batch` writes its loss gradient to its own slot `b` (of `parameterCount`).
    private static func accumulateGradients(
        network: VAENetwork, spectra: SpectrumMatrix, batch: [Int], epoch: Int, configuration: TrainingConfiguration,
        parameters: [Float], workspaces: [ConvolutionalVAE.LossWorkspace], slots: inout [Float], terms: inout [LossTerms]
    ) {
        let n = network.latentDimension, d = network.inputCount, count = network.parameterCount
        spectra.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                slots.withUnsafeMutableBufferPointer { g in
                    terms.withUnsafeMutableBufferPointer { t in
                        let (x, p, g, t) = (x.baseAddress!, p.baseAddress!, g.baseAddress!, t.baseAddress!)
                        SampleParallel.run(count: batch.count, workspaces: workspaces) { b, w in
                            let i = batch[b]
                            RandomStream.fillNormal(w.noise, count: n, seed: configuration.seed,
                                                    path: [RandomStream.trainingNoise.rawValue, UInt64(epoch), UInt64(i)])
                            let slot = g + b * count
                            slot.update(repeating: 0, count: count)
                            t[b] = network.loss(x + i * d, noise: w.noise, parameters: p, beta: configuration.beta,
                                                workspace: w.network, gradient: slot)
                        }
                    }
                }
            }
        }
    }

    /// `gradient[k] = (slot_0[k] + slot_1[k] + ... + slot_{count-1}[k]) / count`, summed in slot
    /// order for every `k` (parallel over `k`, so the result does not depend on thread count).
    private static func reduce(slots: [Float], count: Int, into gradient: inout [Float], threads: Int) {
        let parameterCount = gradient.count
        let chunks = max(1, min(threads * 4, parameterCount / 4096))
        let chunkSize = (parameterCount + chunks - 1) / chunks
        let scale = 1 / Float(count)
        slots.withUnsafeBufferPointer { s in
            gradient.withUnsafeMutableBufferPointer { g in
                let (s, g) = (s.baseAddress!, g.baseAddress!)
                Parallel.forEach(chunks, threads: threads) { c in
                    let range = (c * chunkSize)..<min(parameterCount, (c + 1) * chunkSize)
                    for k in range { g[k] = s[k] }
                    for b in 1..<max(1, count) {
                        let slot = s + b * parameterCount
                        for k in range { g[k] += slot[k] }
                    }
                    for k in range { g[k] *= scale }
                }
            }
        }
    }
}

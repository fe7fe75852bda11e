import ASDSCore

/// The convolutional VAE's computation for one spectrum, in either precision: encoder, the
/// reparameterisation `z = mu + exp(logvar / 2) * eps`, decoder, the loss and its gradient.
///
/// Parameters are one flat vector: the encoder's, then the decoder's. `ConvolutionalVAE` is the
/// `Float` model built on this; the `Double` instantiation is the test mode for gradient checks.
public struct VAENetwork: Equatable, Sendable {
    /// The hyperparameters both halves were built from.
    public let architecture: VAEArchitecture
    /// Spectrum (`channels x points`) to `2 * latentDimension` values: means, then log-variances.
    public let encoder: Sequential
    /// Latent vector to reconstructed spectrum.
    public let decoder: Sequential

    /// Validates `architecture` (errors name `source`) and builds both halves.
    public init(architecture: VAEArchitecture, source: String = "VAE architecture") throws {
        try architecture.validate(source: source)
        self.architecture = architecture
        encoder = try Sequential(inputShape: ActivationShape(channels: architecture.channels, length: architecture.points),
                                 layers: architecture.encoderLayers, source: source + " encoder")
        decoder = try Sequential(inputShape: .vector(architecture.latentDimension),
                                 layers: architecture.decoderLayers, source: source + " decoder")
    }

    /// Dimension of the latent space.
    public var latentDimension: Int { architecture.latentDimension }
    /// Values per spectrum, `D = channels * points`.
    public var inputCount: Int { architecture.inputCount }
    /// Encoder parameters followed by decoder parameters.
    public var parameterCount: Int { encoder.parameterCount + decoder.parameterCount }

    /// Initial parameters from `seed` (encoder layers on stream 0, decoder layers on stream 1).
    public func initialParameters<S: NetworkScalar>(seed: UInt64, as type: S.Type = S.self) -> [S] {
        encoder.initialParameters(seed: seed, stream: 0, as: S.self) + decoder.initialParameters(seed: seed, stream: 1, as: S.self)
    }

    /// Scratch memory for one spectrum at a time; one per thread.
    public func makeWorkspace<S: NetworkScalar>(_ type: S.Type = S.self) -> VAEWorkspace<S> { VAEWorkspace(network: self) }

    /// Writes the latent mean and log-variance of one spectrum.
    public func encode<S: NetworkScalar>(
        _ input: UnsafePointer<S>, parameters: UnsafePointer<S>, workspace: VAEWorkspace<S>,
        mean: UnsafeMutablePointer<S>, logVariance: UnsafeMutablePointer<S>
    ) {
        let h = encoder.forward(input, parameters: parameters, tape: workspace.encoderTape)
        mean.update(from: h, count: latentDimension)
        logVariance.update(from: h + latentDimension, count: latentDimension)
    }

    /// Decodes one latent vector; the result points into the workspace.
    public func decode<S: NetworkScalar>(
        _ latent: UnsafePointer<S>, parameters: UnsafePointer<S>, workspace: VAEWorkspace<S>
    ) -> UnsafeMutablePointer<S> {
        decoder.forward(latent, parameters: parameters + encoder.parameterCount, tape: workspace.decoderTape)
    }

    /// The loss of one spectrum `input` with reparameterisation noise `noise` (`latentDimension`
    /// standard-normal values). When `gradient` is given, adds dLoss/dParameters to it.
    public func loss<S: NetworkScalar>(
        _ input: UnsafePointer<S>, noise: UnsafePointer<S>, parameters: UnsafePointer<S>, beta: Double,
        workspace w: VAEWorkspace<S>, gradient: UnsafeMutablePointer<S>?
    ) -> LossTerms {
        let n = latentDimension, d = inputCount
        let h = encoder.forward(input, parameters: parameters, tape: w.encoderTape)
        var kl = 0.0
        for j in 0..<n {
            let mu = h[j], logVariance = h[n + j]
            let sigma = S.exp(logVariance / 2)
            w.latent[j] = mu + sigma * noise[j]
            kl += 0.5 * Double(mu * mu + sigma * sigma - 1 - logVariance)
        }
        let reconstruction = decoder.forward(w.latent, parameters: parameters + encoder.parameterCount, tape: w.decoderTape)
        var squares = 0.0
        for i in 0..<d {
            let r = reconstruction[i] - input[i]
            squares += Double(r * r)
        }
        let mse = squares / Double(d)
        let terms = LossTerms(total: mse + beta * kl / Double(d), reconstruction: mse, kl: kl)
        guard let gradient else { return terms }

        let scale = S(2 / Double(d)), klScale = S(beta / Double(d))
        for i in 0..<d { w.reconstructionGradient[i] = scale * (reconstruction[i] - input[i]) }
        decoder.backward(outputGradient: w.reconstructionGradient, parameters: parameters + encoder.parameterCount,
                         gradient: gradient + encoder.parameterCount, tape: w.decoderTape, inputGradient: w.latentGradient)
        for j in 0..<n {
            let mu = h[j], logVariance = h[n + j]
            let sigma = S.exp(logVariance / 2)
            let dz = w.latentGradient[j]
            w.headGradient[j] = dz + klScale * mu
            w.headGradient[n + j] = dz * noise[j] * sigma / 2 + klScale * (sigma * sigma - 1) / 2
        }
        encoder.backward(outputGradient: w.headGradient, parameters: parameters, gradient: gradient, tape: w.encoderTape)
        return terms
    }

    /// One spectrum's loss and its gradient with respect to all parameters (a convenience that
    /// allocates a workspace; for tests and small jobs).
    public func lossAndGradient<S: NetworkScalar>(
        input: [S], noise: [S], parameters: [S], beta: Double
    ) -> (loss: LossTerms, gradient: [S]) {
        precondition(input.count == inputCount && noise.count == latentDimension && parameters.count == parameterCount)
        let workspace: VAEWorkspace<S> = makeWorkspace()
        var gradient = [S](repeating: 0, count: parameterCount)
        let terms = input.withUnsafeBufferPointer { x in
            noise.withUnsafeBufferPointer { e in
                parameters.withUnsafeBufferPointer { p in
                    gradient.withUnsafeMutableBufferPointer { g in
                        loss(x.baseAddress!, noise: e.baseAddress!, parameters: p.baseAddress!, beta: beta,
                             workspace: workspace, gradient: g.baseAddress!)
                    }
                }
            }
        }
        return (terms, gradient)
    }
}

/// Scratch memory for `VAENetwork` on one spectrum: both halves' tapes and the latent buffers.
public final class VAEWorkspace<S: NetworkScalar>: @unchecked Sendable {
    let encoderTape: Tape<S>
    let decoderTape: Tape<S>
    let latent: UnsafeMutablePointer<S>
    let latentGradient: UnsafeMutablePointer<S>
    let headGradient: UnsafeMutablePointer<S>
    let reconstructionGradient: UnsafeMutablePointer<S>

    init(network: VAENetwork) {
        encoderTape = network.encoder.makeTape()
        decoderTape = network.decoder.makeTape()
        let n = network.latentDimension
        latent = .allocate(capacity: n)
        latent.initialize(repeating: 0, count: n)
        latentGradient = .allocate(capacity: n)
        latentGradient.initialize(repeating: 0, count: n)
        headGradient = .allocate(capacity: 2 * n)
        headGradient.initialize(repeating: 0, count: 2 * n)
        reconstructionGradient = .allocate(capacity: network.inputCount)
        reconstructionGradient.initialize(repeating: 0, count: network.inputCount)
    }

    deinit {
        latent.deallocate()
        latentGradient.deallocate()
        headGradient.deallocate()
        reconstructionGradient.deallocate()
    }
}

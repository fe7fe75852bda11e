import ASDSCore

/// The convolutional VAE with `Float32` parameters: encode spectra to the latent posterior,
/// decode latent vectors, evaluate the loss. Train it with `VAETrainer`; save and load it with
/// `VAECheckpoint`.
///
/// Batch methods run in parallel over spectra (`ComputeSettings.threads`) and give bit-identical
/// results for any thread count.
public struct ConvolutionalVAE: Equatable, Sendable {
    /// The layers and the per-spectrum computation.
    public let network: VAENetwork
    /// All weights and biases: the encoder's, then the decoder's (see `parameterTensors`).
    public internal(set) var parameters: [Float]

    /// The hyperparameters the layers were built from.
    public var architecture: VAEArchitecture { network.architecture }

    /// A freshly initialised model (He or Xavier draws from `seed`, zero biases).
    public init(architecture: VAEArchitecture, seed: UInt64) throws {
        network = try VAENetwork(architecture: architecture)
        parameters = network.initialParameters(seed: seed)
    }

    /// A model with the given parameters; `source` names them in errors.
    public init(architecture: VAEArchitecture, parameters: [Float], source: String = "parameters") throws {
        network = try VAENetwork(architecture: architecture)
        guard parameters.count == network.parameterCount else {
            throw ASDSError.mismatch(what: "\(source): parameter count",
                                     reason: "got \(parameters.count), the architecture needs \(network.parameterCount)")
        }
        guard parameters.allSatisfy(\.isFinite) else {
            throw ASDSError.invalidInput(source: source, field: "parameters", reason: "hold non-finite values")
        }
        self.parameters = parameters
    }

    /// One named parameter tensor and where it lies in `parameters`.
    public struct Tensor: Equatable, Sendable {
        /// `encoder/00_conv1D/weight` and the like: half, layer index and kind, then `weight` or `bias`.
        public let name: String
        /// Dimensions, row-major (`out x in x k` for a convolution weight).
        public let shape: [Int]
        /// Indices in `parameters`.
        public let range: Range<Int>
    }

    /// Every parameter tensor, in storage order.
    public var parameterTensors: [Tensor] { Self.tensors(of: network) }

    static func tensors(of network: VAENetwork) -> [Tensor] {
        var tensors: [Tensor] = []
        var offset = 0
        for (half, net) in [("encoder", network.encoder), ("decoder", network.decoder)] {
            for (i, layer) in net.layers.enumerated() {
                for (shape, role) in zip(layer.parameterShapes, ["weight", "bias"]) {
                    let n = shape.reduce(1, *)
                    let index = i < 10 ? "0\(i)" : "\(i)"
                    tensors.append(Tensor(name: "\(half)/\(index)_\(layer.kind)/\(role)", shape: shape, range: offset..<(offset + n)))
                    offset += n
                }
            }
        }
        return tensors
    }

    /// The latent posterior of every spectrum, computed on `threads` threads (the result does
    /// not depend on it).
    public func encode(
        _ spectra: SpectrumMatrix, source: String = "spectra", threads: Int = ComputeSettings.threads
    ) throws -> LatentEncoding {
        try spectra.checkShape(architecture, source: source)
        let n = network.latentDimension, d = network.inputCount
        guard spectra.count > 0 else { return LatentEncoding(count: 0, dimension: n, mean: [], logVariance: []) }
        var mean = [Float](repeating: 0, count: spectra.count * n)
        var logVariance = mean
        let workspaces = (0..<SampleParallel.workerCount(for: spectra.count, threads: threads)).map { _ in network.makeWorkspace(Float.self) }
        spectra.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                mean.withUnsafeMutableBufferPointer { m in
                    logVariance.withUnsafeMutableBufferPointer { v in
                        let (x, p, m, v) = (x.baseAddress!, p.baseAddress!, m.baseAddress, v.baseAddress)
                        SampleParallel.run(count: spectra.count, workspaces: workspaces) { i, w in
                            network.encode(x + i * d, parameters: p, workspace: w, mean: m! + i * n, logVariance: v! + i * n)
                        }
                    }
                }
            }
        }
        return LatentEncoding(count: spectra.count, dimension: n, mean: mean, logVariance: logVariance)
    }

    /// Decodes `count` latent vectors (`count x latentDimension`, row-major).
    public func decode(_ latent: [Float], count: Int) throws -> SpectrumMatrix {
        let n = network.latentDimension, d = network.inputCount
        guard latent.count == count * n else {
            throw ASDSError.invalidInput(source: "latent vectors", field: "count",
                                         reason: "expected \(count) x \(n) values, got \(latent.count)")
        }
        guard count > 0 else {
            return SpectrumMatrix(checked: [], count: 0, channels: architecture.channels, points: architecture.points)
        }
        var output = [Float](repeating: 0, count: count * d)
        let workspaces = (0..<SampleParallel.workerCount(for: count)).map { _ in network.makeWorkspace(Float.self) }
        latent.withUnsafeBufferPointer { z in
            parameters.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { y in
                    let (z, p, y) = (z.baseAddress, p.baseAddress!, y.baseAddress)
                    SampleParallel.run(count: count, workspaces: workspaces) { i, w in
                        let r = network.decode(z! + i * n, parameters: p, workspace: w)
                        (y! + i * d).update(from: r, count: d)
                    }
                }
            }
        }
        return SpectrumMatrix(checked: output, count: count, channels: architecture.channels, points: architecture.points)
    }

    /// The decoder's output at the posterior mean of each spectrum.
    public func reconstruct(_ spectra: SpectrumMatrix, source: String = "spectra") throws -> SpectrumMatrix {
        try decode(encode(spectra, source: source).mean, count: spectra.count)
    }

    /// The loss averaged over `spectra`, spectrum `i` drawing its noise from the stream
    /// `SeededRandom(seed, path: [104, i])` (so repeated evaluations are comparable).
    public func loss(on spectra: SpectrumMatrix, beta: Double, seed: UInt64, source: String = "spectra") throws -> LossTerms {
        try spectra.checkShape(architecture, source: source)
        guard spectra.count > 0 else {
            throw ASDSError.invalidInput(source: source, field: "count", reason: "no spectra to evaluate the loss on")
        }
        let workspaces = (0..<SampleParallel.workerCount(for: spectra.count)).map { _ in LossWorkspace(network) }
        return evaluate(spectra, beta: beta, seed: seed, workspaces: workspaces)
    }

    /// Per-thread scratch of the loss evaluation: the network's workspace and a noise buffer.
    final class LossWorkspace: @unchecked Sendable {
        let network: VAEWorkspace<Float>
        let noise: UnsafeMutablePointer<Float>
        init(_ vae: VAENetwork) {
            network = vae.makeWorkspace()
            noise = .allocate(capacity: vae.latentDimension)
            noise.initialize(repeating: 0, count: vae.latentDimension)
        }
        deinit { noise.deallocate() }
    }

    func evaluate(_ spectra: SpectrumMatrix, beta: Double, seed: UInt64, workspaces: [LossWorkspace]) -> LossTerms {
        let n = network.latentDimension, d = network.inputCount
        var terms = [LossTerms](repeating: .zero, count: spectra.count)
        spectra.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                terms.withUnsafeMutableBufferPointer { t in
                    let (x, p, t) = (x.baseAddress!, p.baseAddress!, t.baseAddress)
                    SampleParallel.run(count: spectra.count, workspaces: workspaces) { i, w in
                        RandomStream.fillNormal(w.noise, count: n, seed: seed,
                                                path: [RandomStream.evaluationNoise.rawValue, UInt64(i)])
                        t![i] = network.loss(x + i * d, noise: w.noise, parameters: p, beta: beta,
                                             workspace: w.network, gradient: nil)
                    }
                }
            }
        }
        return LossTerms.mean(terms)
    }
}

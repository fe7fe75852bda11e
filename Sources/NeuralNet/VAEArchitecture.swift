import ASDSCore

/// The convolutional VAE's hyperparameters; the layers follow from them.
///
/// Encoder: for each entry `c` of `blockChannels`, a block `Conv1D(k, same padding) -> ReLU ->
/// MaxPool1D(poolSize)`; then `flatten -> Dense` to `2 * latentDimension` values, the latent
/// mean followed by the latent log-variance.
/// Decoder (the mirror): `Dense(latent -> bottleneck) -> ReLU -> reshape`, then per block in
/// reverse `Upsample1D(poolSize) -> Conv1D(k, same padding)`, each followed by a ReLU except the
/// last, whose linear output is the reconstruction (`channels x points`).
public struct VAEArchitecture: Codable, Equatable, Hashable, Sendable {
    /// Input channels: 2 for (real, imaginary) spectra.
    public var channels: Int
    /// Spectral points per channel; divisible by `poolSize ^ blockChannels.count`.
    public var points: Int
    /// Output channels of each encoder block (the decoder mirrors them).
    public var blockChannels: [Int]
    /// Convolution kernel length, in points (odd, for symmetric same padding).
    public var kernelSize: Int
    /// Pooling window and upsampling factor of every block.
    public var poolSize: Int
    /// Dimension of the latent space.
    public var latentDimension: Int
    /// Interpolation of the decoder's upsampling.
    public var upsampling: Upsample1D.Mode

    /// The defaults are the trained model's architecture (see docs/NEURALNET.md for the cost).
    public init(
        channels: Int = 2, points: Int = 2048, blockChannels: [Int] = [16, 32, 64], kernelSize: Int = 7,
        poolSize: Int = 4, latentDimension: Int = 16, upsampling: Upsample1D.Mode = .linear
    ) {
        self.channels = channels
        self.points = points
        self.blockChannels = blockChannels
        self.kernelSize = kernelSize
        self.poolSize = poolSize
        self.latentDimension = latentDimension
        self.upsampling = upsampling
    }

    /// Values per input sample, `channels * points`.
    public var inputCount: Int { channels * points }

    /// Throws `invalidInput` naming `source` and the field when the hyperparameters do not
    /// describe a network.
    public func validate(source: String) throws {
        func require(_ ok: Bool, _ field: String, _ reason: String) throws {
            if !ok { throw ASDSError.invalidInput(source: source, field: field, reason: reason) }
        }
        try require(channels > 0, "channels", "must be a positive integer, got \(channels)")
        try require(points > 0, "points", "must be a positive integer, got \(points)")
        try require(!blockChannels.isEmpty && blockChannels.allSatisfy { $0 > 0 }, "blockChannels",
                    "must list at least one positive channel count, got \(blockChannels)")
        try require(kernelSize > 0 && kernelSize % 2 == 1, "kernelSize", "must be a positive odd integer, got \(kernelSize)")
        try require(poolSize > 0, "poolSize", "must be a positive integer, got \(poolSize)")
        try require(latentDimension > 0, "latentDimension", "must be a positive integer, got \(latentDimension)")
        var divisor = 1
        for _ in blockChannels {
            let (product, overflow) = divisor.multipliedReportingOverflow(by: poolSize)
            try require(!overflow, "poolSize", "poolSize ^ blocks overflows")
            divisor = product
        }
        try require(points % divisor == 0, "points",
                    "must be divisible by poolSize ^ blocks = \(divisor), got \(points)")
    }

    /// The encoder's last feature map, `blockChannels.last x points / poolSize ^ blocks`.
    public var bottleneck: ActivationShape {
        var length = points
        for _ in blockChannels { length /= poolSize }
        return ActivationShape(channels: blockChannels[blockChannels.count - 1], length: length)
    }

    /// The encoder's layers (input `channels x points`, output `2 * latentDimension`).
    public var encoderLayers: [Layer] {
        var layers: [Layer] = []
        var inputChannels = channels
        for c in blockChannels {
            layers += [.conv1D(.same(inputChannels: inputChannels, outputChannels: c, kernelSize: kernelSize)),
                       .relu, .maxPool1D(MaxPool1D(size: poolSize))]
            inputChannels = c
        }
        layers += [.flatten, .dense(Dense(inputFeatures: bottleneck.count, outputFeatures: 2 * latentDimension))]
        return layers
    }

    /// The decoder's layers (input `latentDimension`, output `channels x points`).
    public var decoderLayers: [Layer] {
        var layers: [Layer] = [.dense(Dense(inputFeatures: latentDimension, outputFeatures: bottleneck.count)), .relu,
                               .reshape(bottleneck)]
        let outputs = Array(blockChannels.dropLast().reversed()) + [channels]
        var inputChannels = bottleneck.channels
        for (i, c) in outputs.enumerated() {
            layers += [.upsample1D(Upsample1D(factor: poolSize, mode: upsampling)),
                       .conv1D(.same(inputChannels: inputChannels, outputChannels: c, kernelSize: kernelSize))]
            if i + 1 < outputs.count { layers.append(.relu) }
            inputChannels = c
        }
        return layers
    }
}

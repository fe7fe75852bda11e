import ASDSCore
import NeuralNet
import Numerics

/// What the VAE sees: each item's FT spectrum after the known unit-modulus corrections (the
/// preprocessed spectrum of the paper, phased and eddy-current corrected), real and imaginary
/// channels, each spectrum divided by its largest magnitude within 0.2-4.2 ppm.
public enum VAEInputs {
    public static let normalisation = SpectrumNormalisation(method: .maxMagnitude, ppmLow: 0.2, ppmHigh: 4.2)

    /// The default architecture for spectra of `points` points.
    public static func architecture(points: Int) -> VAEArchitecture {
        VAEArchitecture(channels: 2, points: points, blockChannels: [16, 32, 64], kernelSize: 7, poolSize: 4,
                        latentDimension: 16, upsampling: .linear)
    }

    /// The normalised input matrix of `items`.
    public static func matrix(_ items: [ExperimentItem], runner: MethodRunner, normalisation: SpectrumNormalisation) throws -> SpectrumMatrix {
        guard let axis = items.first?.system.axis else {
            throw ASDSError.invalidInput(source: "VAE inputs", field: "", reason: "no spectra")
        }
        let spectra = Parallel.map(items.count) { runner.fourier(items[$0]) }
        return try normalisation.matrix(spectra, axis: axis, source: "VAE inputs").spectra
    }

    /// sigma^2 per item: the mean over latent dimensions of the encoder's variance.
    public static func latentVariances(_ items: [ExperimentItem], model: ConvolutionalVAE, runner: MethodRunner,
                                       normalisation: SpectrumNormalisation) throws -> [Double] {
        try model.encode(matrix(items, runner: runner, normalisation: normalisation), source: "VAE inputs").meanVariances
    }
}

import Foundation
import NeuralNet
import Testing

/// The whole VAE objective (encoder, reparameterisation, decoder, MSE and KL) against central
/// finite differences in Float64.
@Suite struct VAEGradientTests {
    static let tiny = VAEArchitecture(channels: 2, points: 16, blockChannels: [3, 4, 4], kernelSize: 3, poolSize: 2,
                                      latentDimension: 3, upsampling: .linear)

    @Test(arguments: [1.0, 0.25])
    func lossGradientMatchesCentralDifferences(beta: Double) throws {
        let network = try VAENetwork(architecture: Self.tiny)
        var parameters: [Double] = network.initialParameters(seed: 5)
        let shift = GradientCheck.normals(parameters.count, seed: 5, path: 9)
        for i in parameters.indices { parameters[i] += 0.05 * shift[i] }
        let input = GradientCheck.normals(network.inputCount, seed: 5, path: 1)
        let noise = GradientCheck.normals(network.latentDimension, seed: 5, path: 2)
        let (terms, analytic) = network.lossAndGradient(input: input, noise: noise, parameters: parameters, beta: beta)
        #expect(terms.kl > 0)
        #expect(abs(terms.total - (terms.reconstruction + beta * terms.kl / Double(network.inputCount))) < 1e-15)

        let h = GradientCheck.step
        var numeric = [Double](repeating: 0, count: parameters.count)
        for i in parameters.indices {
            var plus = parameters, minus = parameters
            plus[i] += h
            minus[i] -= h
            let lp = network.lossAndGradient(input: input, noise: noise, parameters: plus, beta: beta).loss.total
            let lm = network.lossAndGradient(input: input, noise: noise, parameters: minus, beta: beta).loss.total
            numeric[i] = (lp - lm) / (2 * h)
        }
        let error = GradientCheck.maxRelativeError(analytic, numeric)
        #expect(error < 1e-3, "VAE loss gradient relative error \(error)")
        // Encoder and decoder parameters both receive gradient.
        let encoderCount = network.encoder.parameterCount
        #expect(analytic[..<encoderCount].contains { abs($0) > 1e-4 })
        #expect(analytic[encoderCount...].contains { abs($0) > 1e-4 })
    }

    /// With zero noise the loss's reconstruction is the decoder's output at the latent mean,
    /// which is what `reconstruct` returns.
    @Test func zeroNoiseLossEqualsReconstructionErrorAtTheMean() throws {
        let model = try ConvolutionalVAE(architecture: Self.tiny, seed: 2)
        let spectra = SyntheticSpectra.make(count: 1, points: 16, seed: 4)
        let reconstruction = try model.reconstruct(spectra)
        let mse = zip(reconstruction.values, spectra.values).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            / Double(spectra.values.count)
        let terms = model.network.lossAndGradient(input: spectra.values, noise: [0, 0, 0], parameters: model.parameters,
                                                  beta: 1).loss
        #expect(abs(terms.reconstruction - mse) <= 1e-6 * mse)
        let encoding = try model.encode(spectra)
        var kl = 0.0
        for j in 0..<3 {
            let m = Double(encoding.mean[j]), v = Double(encoding.logVariance[j])
            kl += 0.5 * (m * m + exp(v) - 1 - v)
        }
        #expect(abs(terms.kl - kl) <= 1e-5 * max(kl, 1e-3))
    }
}

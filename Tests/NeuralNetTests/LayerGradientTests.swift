import NeuralNet
import Testing

/// Every layer's backward pass against central finite differences in Float64.
@Suite struct LayerGradientTests {
    static let cases: [(name: String, input: ActivationShape, layers: [Layer])] = [
        ("conv1D same padding", ActivationShape(channels: 3, length: 20),
         [.conv1D(.same(inputChannels: 3, outputChannels: 4, kernelSize: 5))]),
        ("conv1D stride 2 padding 1", ActivationShape(channels: 2, length: 21),
         [.conv1D(Conv1D(inputChannels: 2, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1))]),
        ("conv1D stride 3 no padding", ActivationShape(channels: 2, length: 17),
         [.conv1D(Conv1D(inputChannels: 2, outputChannels: 2, kernelSize: 3, stride: 3, padding: 0))]),
        ("conv1D padding wider than kernel", ActivationShape(channels: 1, length: 6),
         [.conv1D(Conv1D(inputChannels: 1, outputChannels: 2, kernelSize: 2, stride: 1, padding: 3))]),
        ("maxPool1D", ActivationShape(channels: 3, length: 16), [.maxPool1D(MaxPool1D(size: 4))]),
        ("maxPool1D overlapping", ActivationShape(channels: 2, length: 15), [.maxPool1D(MaxPool1D(size: 3, stride: 2))]),
        ("relu", ActivationShape(channels: 3, length: 10), [.relu]),
        ("dense", ActivationShape(channels: 12, length: 1), [.dense(Dense(inputFeatures: 12, outputFeatures: 5))]),
        ("flatten then dense", ActivationShape(channels: 3, length: 4), [.flatten, .dense(Dense(inputFeatures: 12, outputFeatures: 3))]),
        ("reshape", ActivationShape(channels: 12, length: 1), [.reshape(ActivationShape(channels: 3, length: 4))]),
        ("upsample nearest", ActivationShape(channels: 2, length: 7), [.upsample1D(Upsample1D(factor: 3, mode: .nearest))]),
        ("upsample linear x4", ActivationShape(channels: 2, length: 7), [.upsample1D(Upsample1D(factor: 4, mode: .linear))]),
        ("upsample linear x3", ActivationShape(channels: 2, length: 5), [.upsample1D(Upsample1D(factor: 3, mode: .linear))]),
        ("upsample linear x2", ActivationShape(channels: 1, length: 6), [.upsample1D(Upsample1D(factor: 2, mode: .linear))]),
        ("upsample linear from one sample", ActivationShape(channels: 3, length: 1), [.upsample1D(Upsample1D(factor: 4, mode: .linear))]),
        ("conv-relu-pool-flatten-dense", ActivationShape(channels: 2, length: 16),
         [.conv1D(.same(inputChannels: 2, outputChannels: 3, kernelSize: 3)), .relu, .maxPool1D(MaxPool1D(size: 2)),
          .flatten, .dense(Dense(inputFeatures: 24, outputFeatures: 4))]),
        ("dense-relu-reshape-upsample-conv", ActivationShape(channels: 3, length: 1),
         [.dense(Dense(inputFeatures: 3, outputFeatures: 8)), .relu, .reshape(ActivationShape(channels: 2, length: 4)),
          .upsample1D(Upsample1D(factor: 2, mode: .linear)), .conv1D(.same(inputChannels: 2, outputChannels: 2, kernelSize: 3))]),
    ]

    @Test(arguments: cases.indices)
    func backwardMatchesCentralDifferences(_ index: Int) throws {
        let c = Self.cases[index]
        let network = try Sequential(inputShape: c.input, layers: c.layers, source: c.name)
        let g = GradientCheck.compare(network, seed: UInt64(index + 1))
        let parameterError = GradientCheck.maxRelativeError(g.parameters.analytic, g.parameters.numeric)
        let inputError = GradientCheck.maxRelativeError(g.input.analytic, g.input.numeric)
        #expect(parameterError < 1e-3, "\(c.name): parameter gradient relative error \(parameterError)")
        #expect(inputError < 1e-3, "\(c.name): input gradient relative error \(inputError)")
        // The check must not pass vacuously: the gradients are not all zero.
        #expect(g.input.numeric.contains { abs($0) > 1e-3 }, "\(c.name): input gradient is zero")
        if network.parameterCount > 0 {
            #expect(g.parameters.numeric.contains { abs($0) > 1e-3 })
        }
    }

    /// The Float32 path (cblas_sgemm and the specialised loops) gives the Float64 gradients to
    /// Float32 accuracy: rounding inputs and parameters to 2^-24 and accumulating up to ~10^3
    /// products per output in single precision leaves relative errors of 1e-5 to 2e-4 (the
    /// largest where a gradient component is near the 1e-4 floor); 1e-3 is the bound, as for the
    /// finite-difference checks.
    @Test(arguments: cases.indices)
    func float32AgreesWithFloat64(_ index: Int) throws {
        let c = Self.cases[index]
        let network = try Sequential(inputShape: c.input, layers: c.layers, source: c.name)
        let parameters: [Double] = network.initialParameters(seed: 3)
        let input = GradientCheck.normals(network.inputShape.count, seed: 3, path: 1)
        let weights = GradientCheck.normals(network.outputShape.count, seed: 3, path: 2)
        let double = network.gradients(input: input, parameters: parameters, outputGradient: weights)
        let single = network.gradients(input: input.map(Float.init), parameters: parameters.map(Float.init),
                                       outputGradient: weights.map(Float.init))
        #expect(GradientCheck.maxRelativeError(double.parameters, single.parameters.map(Double.init), floor: 1e-4) < 1e-3)
        #expect(GradientCheck.maxRelativeError(double.input, single.input.map(Double.init), floor: 1e-4) < 1e-3)
    }
}

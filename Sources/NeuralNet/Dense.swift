import ASDSCore

/// A fully connected layer on the flattened input: `y = W x + b`, `W` of size
/// `outputFeatures x inputFeatures` (row-major), output shape `outputFeatures x 1`.
/// Parameters: the weight, then the bias `outputFeatures`.
public struct Dense: Codable, Equatable, Hashable, Sendable {
    /// Values of the (flattened) input.
    public var inputFeatures: Int
    /// Values of the output.
    public var outputFeatures: Int

    public init(inputFeatures: Int, outputFeatures: Int) {
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
    }

    func outputShape(for input: ActivationShape, source: String) throws -> ActivationShape {
        guard inputFeatures > 0, outputFeatures > 0 else {
            throw ASDSError.invalidInput(source: source, field: "dense", reason: "feature counts must be positive")
        }
        guard input.count == inputFeatures else {
            throw ASDSError.invalidInput(source: source, field: "dense.inputFeatures",
                                         reason: "the layer takes \(inputFeatures) values but receives \(input.count) (\(input))")
        }
        return .vector(outputFeatures)
    }

    var parameterShapes: [[Int]] { [[outputFeatures, inputFeatures], [outputFeatures]] }

    func forward<S: NetworkScalar>(_ x: UnsafePointer<S>, parameters: UnsafePointer<S>, output y: UnsafeMutablePointer<S>) {
        y.update(from: parameters + outputFeatures * inputFeatures, count: outputFeatures)
        S.gemv(transpose: false, m: outputFeatures, n: inputFeatures, alpha: 1, a: parameters, lda: inputFeatures,
               x: x, beta: 1, y: y)
    }

    func backward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, outputGradient dy: UnsafePointer<S>, parameters: UnsafePointer<S>,
        gradient: UnsafeMutablePointer<S>, inputGradient dx: UnsafeMutablePointer<S>?
    ) {
        S.ger(m: outputFeatures, n: inputFeatures, alpha: 1, x: dy, y: x, a: gradient, lda: inputFeatures)
        let biasGradient = gradient + outputFeatures * inputFeatures
        for o in 0..<outputFeatures { biasGradient[o] += dy[o] }
        guard let dx else { return }
        S.gemv(transpose: true, m: outputFeatures, n: inputFeatures, alpha: 1, a: parameters, lda: inputFeatures,
               x: dy, beta: 0, y: dx)
    }
}

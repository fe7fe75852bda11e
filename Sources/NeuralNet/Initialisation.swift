import ASDSCore

/// Weight initialisation rules (zero-mean normal draws; biases start at 0).
///
/// - `he`: standard deviation `sqrt(2 / fanIn)` (He et al. 2015), for weights followed by a ReLU,
///   which keeps the activations' second moment constant through the layer.
/// - `xavier`: standard deviation `sqrt(2 / (fanIn + fanOut))` (Glorot and Bengio 2010), for
///   weights feeding a linear output (the latent heads and the reconstruction).
///
/// `fanIn` is `inputChannels * kernelSize` for a convolution and `inputFeatures` for a dense layer.
public enum Initialisation: String, Codable, Sendable, CaseIterable {
    case he, xavier

    /// The standard deviation of the weight draws.
    public func standardDeviation(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .he: (2 / Double(fanIn)).squareRoot()
        case .xavier: (2 / Double(fanIn + fanOut)).squareRoot()
        }
    }

    /// Fills `weights` with draws from `rng`.
    func fill<S: NetworkScalar>(_ weights: UnsafeMutableBufferPointer<S>, fanIn: Int, fanOut: Int, rng: inout SeededRandom) {
        let sd = standardDeviation(fanIn: fanIn, fanOut: fanOut)
        for i in weights.indices { weights[i] = S(rng.normal() * sd) }
    }
}

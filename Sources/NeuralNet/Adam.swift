import RealModule

/// The Adam optimiser (Kingma and Ba 2015) with bias correction:
///
///     m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2
///     p <- p - learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
///
/// The first step therefore moves every parameter by `learningRate * g / (|g| + epsilon)`,
/// about `learningRate` against the gradient's sign.
public struct Adam<S: NetworkScalar>: Sendable {
    /// Step size.
    public let learningRate: Double
    /// Decay of the first-moment (mean) estimate.
    public let beta1: Double
    /// Decay of the second-moment (uncentred variance) estimate.
    public let beta2: Double
    /// Added to the root of the second moment, against division by zero.
    public let epsilon: Double
    /// Number of updates made so far (`t`).
    public private(set) var step = 0
    private var m: [S]
    private var v: [S]

    public init(parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = [S](repeating: 0, count: parameterCount)
        v = m
    }

    /// One update of `parameters` with `gradient` (same length as at creation).
    public mutating func update(_ parameters: inout [S], gradient: [S]) {
        precondition(parameters.count == m.count && gradient.count == m.count, "Adam: size changed")
        step += 1
        let t = Double(step)
        let b1 = S(beta1), b2 = S(beta2), eps = S(epsilon)
        let c1 = S(1 - beta1), c2 = S(1 - beta2)
        // Fold both bias corrections into the step: lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps'),
        // with eps' = eps * sqrt(1 - beta2^t), which is the update above exactly.
        let correction2 = (1 - Double.pow(beta2, t)).squareRoot()
        let stepSize = S(learningRate * correction2 / (1 - Double.pow(beta1, t)))
        let epsHat = eps * S(correction2)
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                parameters.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            m[i] = b1 * m[i] + c1 * g[i]
                            v[i] = b2 * v[i] + c2 * g[i] * g[i]
                            p[i] -= stepSize * m[i] / (v[i].squareRoot() + epsHat)
                        }
                    }
                }
            }
        }
    }
}

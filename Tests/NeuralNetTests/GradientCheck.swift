import ASDSCore
import NeuralNet

/// Finite-difference gradient checks in Float64.
///
/// Central differences `(L(p + h) - L(p - h)) / 2h` with `h = 1e-6` have truncation error
/// `O(h^2 L''')` (zero for the piecewise-linear layers away from kinks) and rounding error near
/// `1e-16 |L| / h = 1e-10 |L|`, so analytic and numerical gradients agree to about 1e-8 relative.
enum GradientCheck {
    static let step = 1e-6

    /// The largest entrywise relative error `|a - b| / max(|a|, |b|)`, entries where both are
    /// below `floor` counting as equal.
    static func maxRelativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-9) -> Double {
        precondition(a.count == b.count)
        var worst = 0.0
        for (x, y) in zip(a, b) {
            let scale = max(abs(x), abs(y))
            if scale < floor { continue }
            worst = max(worst, abs(x - y) / scale)
        }
        return worst
    }

    /// Random standard-normal values from the stream `(seed, path)`.
    static func normals(_ count: Int, seed: UInt64, path: Int) -> [Double] {
        var rng = SeededRandom(seed: seed, path: path)
        return (0..<count).map { _ in rng.normal() }
    }

    /// `L = sum_i w_i y_i(x, p)` for one sample; its gradient with respect to the output is `w`.
    static func loss(_ network: Sequential, input: [Double], parameters: [Double], weights: [Double]) -> Double {
        zip(network.forward(input, parameters: parameters), weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Analytic (back-propagated) and central-difference gradients of `L` with respect to the
    /// parameters and to the input, at random inputs and parameters.
    static func compare(_ network: Sequential, seed: UInt64 = 1)
        -> (parameters: (analytic: [Double], numeric: [Double]), input: (analytic: [Double], numeric: [Double]))
    {
        var parameters: [Double] = network.initialParameters(seed: seed)
        // Non-zero biases, so that the bias paths are exercised too.
        let shift = normals(parameters.count, seed: seed, path: 9)
        for i in parameters.indices { parameters[i] += 0.1 * shift[i] }
        let input = normals(network.inputShape.count, seed: seed, path: 1)
        let weights = normals(network.outputShape.count, seed: seed, path: 2)
        let analytic = network.gradients(input: input, parameters: parameters, outputGradient: weights)

        var numericParameters = [Double](repeating: 0, count: parameters.count)
        for i in parameters.indices {
            var plus = parameters, minus = parameters
            plus[i] += step
            minus[i] -= step
            numericParameters[i] = (loss(network, input: input, parameters: plus, weights: weights)
                - loss(network, input: input, parameters: minus, weights: weights)) / (2 * step)
        }
        var numericInput = [Double](repeating: 0, count: input.count)
        for i in input.indices {
            var plus = input, minus = input
            plus[i] += step
            minus[i] -= step
            numericInput[i] = (loss(network, input: plus, parameters: parameters, weights: weights)
                - loss(network, input: minus, parameters: parameters, weights: weights)) / (2 * step)
        }
        return ((analytic.parameters, numericParameters), (analytic.input, numericInput))
    }
}

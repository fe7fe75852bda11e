import ASDSCore
import Foundation
import NeuralNet

/// Test spectra: sums of complex Lorentzian lines `a e^{i phi} / (gamma + i (k - k0))` at random
/// positions, widths and phases, plus complex white noise of standard deviation `noise`, scaled
/// so that the largest magnitude is 1 (what `SpectrumNormalisation` produces).
enum SyntheticSpectra {
    /// Half-widths `gamma` are drawn from `widths` times `points`.
    static func make(count: Int, points: Int, lines: Int = 4, noise: Double = 0.01,
                     widths: ClosedRange<Double> = 0.004...0.015, seed: UInt64) -> SpectrumMatrix {
        var values = [Float](repeating: 0, count: count * 2 * points)
        for s in 0..<count {
            var rng = SeededRandom(seed: seed, path: s)
            var re = [Double](repeating: 0, count: points), im = re
            for _ in 0..<lines {
                let k0 = rng.uniform(in: 0.15 * Double(points)...0.85 * Double(points))
                let gamma = rng.uniform(in: widths) * Double(points)
                let amplitude = rng.uniform(in: 0.3...1), phase = rng.uniform(in: -0.3...0.3)
                let cosine = cos(phase), sine = sin(phase)
                for k in 0..<points {
                    // a e^{i phi} (gamma - i dk) / (gamma^2 + dk^2)
                    let dk = Double(k) - k0, denominator = gamma * gamma + dk * dk
                    let lr = amplitude * gamma * gamma / denominator, li = -amplitude * gamma * dk / denominator
                    re[k] += lr * cosine - li * sine
                    im[k] += lr * sine + li * cosine
                }
            }
            for k in 0..<points {
                re[k] += noise * rng.normal()
                im[k] += noise * rng.normal()
            }
            let largest = (0..<points).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }.max()!
            for k in 0..<points {
                values[s * 2 * points + k] = Float(re[k] / largest)
                values[s * 2 * points + points + k] = Float(im[k] / largest)
            }
        }
        return try! SpectrumMatrix(values: values, count: count, channels: 2, points: points)
    }
}

import ASDSCore
import Foundation
import Metrics
import Numerics

/// Chooses a regularisation factor on the training split: `lambda_i = factor * scale_i`, the
/// factor minimising the mean of `1 / SNR_err^2` (the squared error of the real spectrum over
/// 0.2-4.2 ppm relative to the true NAA height) over the calibration items. A log-spaced grid
/// over `range` brackets the minimum; golden-section search on log(factor) refines it.
public enum LambdaCalibration {
    public struct Result: Sendable, Codable, Equatable {
        /// The chosen factor.
        public var factor: Double
        /// Mean 1 / SNR_err^2 at the chosen factor.
        public var loss: Double
        /// Every factor tried and its loss, in the order tried.
        public var tried: [[Double]]
    }

    /// Mean 1/SNR_err^2 of `items` reconstructed at `lambda_i = factor * scales[i]`. Each solve
    /// starts from `warmStarts[i]` (when given) and leaves its solution there: the calibration's
    /// successive factors are close, so warm starts cut the iterations; the sequence of factors is
    /// fixed, so results stay deterministic.
    public static func loss(factor: Double, items: [ExperimentItem], scales: [Double], runner: MethodRunner,
                            warmStarts: inout [[Complex<Double>]?]) -> Double {
        let starts = warmStarts
        let results = Parallel.map(items.count) { i -> (Double, [Complex<Double>]) in
            let item = items[i]
            let (x, solution) = runner.sparse(item, lambda: factor * scales[i], initial: starts[i])
            guard let snr = try? SignalToNoise.errorBased(x, truth: item.truthSpectrum, axis: item.system.axis), snr > 0 else {
                return (.infinity, solution.coefficients)
            }
            return (1 / (snr * snr), solution.coefficients)
        }
        warmStarts = results.map { $0.1 }
        return results.reduce(0) { $0 + $1.0 } / Double(max(1, results.count))
    }

    /// The factor minimising the mean loss over `range` (log-spaced grid of `gridPoints`, then
    /// `refinements` golden-section steps).
    public static func calibrate(items: [ExperimentItem], scales: [Double], range: ClosedRange<Double>, runner: MethodRunner,
                                 gridPoints: Int = 7, refinements: Int = 5) -> Result {
        var warmStarts = [[Complex<Double>]?](repeating: nil, count: items.count)
        return minimise(range: range, gridPoints: gridPoints, refinements: refinements) { factor in
            loss(factor: factor, items: items, scales: scales, runner: runner, warmStarts: &warmStarts)
        }
    }

    /// Minimises `loss` over `range`: a log-spaced grid from the upper bound down (so sparse
    /// solutions warm-start denser ones), then golden-section search on log(factor) between the
    /// best grid point's neighbours.
    public static func minimise(range: ClosedRange<Double>, gridPoints: Int = 7, refinements: Int = 5,
                                loss: (Double) -> Double) -> Result {
        precondition(range.lowerBound > 0 && range.upperBound > range.lowerBound && gridPoints >= 3)
        var tried: [[Double]] = []
        func evaluate(_ logFactor: Double) -> Double {
            let factor = exp(logFactor)
            let value = loss(factor)
            tried.append([factor, value])
            return value
        }
        let lo = log(range.lowerBound), hi = log(range.upperBound)
        let grid = (0..<gridPoints).map { hi - (hi - lo) * Double($0) / Double(gridPoints - 1) }
        let values = grid.map(evaluate)
        let best = values.indices.min { values[$0] < values[$1] }!
        var a = grid[min(gridPoints - 1, best + 1)], b = grid[max(0, best - 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = evaluate(c), fd = evaluate(d)
        for _ in 0..<refinements {
            if fc < fd {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a); fc = evaluate(c)
            } else {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a); fd = evaluate(d)
            }
        }
        let candidates = [(grid[best], values[best]), (c, fc), (d, fd)]
        let winner = candidates.min { $0.1 < $1.1 }!
        return Result(factor: exp(winner.0), loss: winner.1, tried: tried)
    }
}

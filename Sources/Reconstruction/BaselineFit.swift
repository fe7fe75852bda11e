import ASDSCore
import CLAPACK
import Numerics

/// A fitted polynomial baseline.
public struct BaselineFit: Sendable {
    /// The baseline at every spectrum index.
    public var baseline: [Complex<Double>]
    /// Complex Legendre coefficients, order 0 first (argument: the index mapped onto [-1, 1]).
    public var coefficients: [Complex<Double>]
    /// Points of the signal-free regions that kept a non-zero weight.
    public var inliers: Int
    /// Reweighting iterations.
    public var iterations: Int
}

extension BaselineCorrection {
    /// Fits the baseline of `spectrum` over the signal-free regions (robust IRLS, Tukey bisquare
    /// with tuning constant 4.685 on the complex residual magnitude, scale 1.4826 x its median).
    public func fit(_ spectrum: [Complex<Double>], axis: SpectralAxis) throws -> BaselineFit {
        guard order >= 0, order <= 20 else {
            throw ASDSError.invalidInput(source: "baseline", field: "order", reason: "must be in 0...20, got \(order)")
        }
        let n = spectrum.count
        let idx = try SignalFreeRegions.indices(signalFreePPM, on: axis, source: "baseline")
        let p = order + 1
        guard idx.count >= 2 * p else {
            throw ASDSError.invalidInput(source: "baseline", field: "signal-free region",
                                         reason: "holds \(idx.count) points, too few for a polynomial of order \(order)")
        }
        let basis = legendre(count: n, order: order)  // column-major n x p
        var weights = [Double](repeating: 1, count: idx.count)
        var coefficients = [Complex<Double>](repeating: .zero, count: p)
        var iterations = 0
        let peak = idx.map { spectrum[$0].length }.max() ?? 0
        for _ in 0..<50 {
            iterations += 1
            coefficients = try weightedFit(spectrum, idx: idx, weights: weights, basis: basis, n: n, p: p)
            let residual = idx.map { i -> Double in
                var b = Complex<Double>.zero
                for j in 0..<p { b += coefficients[j].multiplied(by: basis[j * n + i]) }
                return (spectrum[i] - b).length
            }
            let scale = max(1.4826 * NoiseEstimation.median(residual), 1e-13 * peak, .leastNormalMagnitude)
            let next = residual.map { r -> Double in
                let u = r / (4.685 * scale)
                return u < 1 ? (1 - u * u) * (1 - u * u) : 0
            }
            let change = zip(next, weights).map { abs($0 - $1) }.max() ?? 0
            weights = next
            guard weights.filter({ $0 > 0 }).count >= p else {
                throw ASDSError.invalidInput(source: "baseline", field: "signal-free region",
                                             reason: "too few points agree with a polynomial of order \(order)")
            }
            if change < 1e-10 { break }
        }
        var baseline = [Complex<Double>](repeating: .zero, count: n)
        for i in 0..<n {
            for j in 0..<p { baseline[i] += coefficients[j].multiplied(by: basis[j * n + i]) }
        }
        return BaselineFit(baseline: baseline, coefficients: coefficients, inliers: weights.filter { $0 > 0 }.count,
                           iterations: iterations)
    }

    /// Legendre polynomials P_0 ... P_order at x = 2 i / (n - 1) - 1, column-major.
    private func legendre(count n: Int, order: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * (order + 1))
        for i in 0..<n {
            let x = n > 1 ? 2 * Double(i) / Double(n - 1) - 1 : 0
            var prev = 1.0, cur = x
            out[i] = 1
            if order >= 1 { out[n + i] = x }
            if order >= 2 {
                for j in 2...order {
                    let next = (Double(2 * j - 1) * x * cur - Double(j - 1) * prev) / Double(j)
                    out[j * n + i] = next
                    prev = cur
                    cur = next
                }
            }
        }
        return out
    }

    private func weightedFit(_ s: [Complex<Double>], idx: [Int], weights: [Double], basis: [Double], n: Int, p: Int) throws -> [Complex<Double>] {
        let m = idx.count
        var a = [Double](repeating: 0, count: m * p)
        var b = [Double](repeating: 0, count: m * 2)
        for (r, i) in idx.enumerated() {
            let w = weights[r].squareRoot()
            for j in 0..<p { a[j * m + r] = w * basis[j * n + i] }
            b[r] = w * s[i].real
            b[m + r] = w * s[i].imaginary
        }
        let info = LAPACKE_dgels(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(m), Int32(p), 2, &a, Int32(m), &b, Int32(m))
        guard info == 0 else {
            throw ASDSError.invalidInput(source: "baseline", field: "signal-free region", reason: "the polynomial fit is rank deficient (LAPACK dgels info \(info))")
        }
        return (0..<p).map { Complex(b[$0], b[m + $0]) }
    }
}

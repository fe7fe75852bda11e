import ASDSCore
import Numerics

/// The frequency-domain linear-combination model over the fitting range.
///
/// With nonlinear parameters theta = (phi0 rad, phi1 s, and per group g: gamma_g 1/s,
/// sigma2_g 1/s^2, epsilon_g Hz) and linear parameters (amplitudes a_m, complex baseline
/// coefficients c_j), the model at spectrum index k (frequency f_k in Hz) is
///
///     S_k = exp(i (phi0 + 2 pi f_k phi1)) sum_m a_m DFT[b_m(t) exp(-gamma_g t - sigma2_g t^2 + i 2 pi epsilon_g t)]_k
///           + sum_j c_j P_j(x_k)
///
/// with `b_m` the basis FIDs, `g = g(m)` the metabolite's group, DFT as in `FFT.spectrum(ofFID:)`
/// and `P_j` Legendre polynomials of the fitting range mapped onto [-1, 1]. Complex values are
/// stacked as real vectors `[Re; Im]` of length 2n (n points in the range).
struct LinearCombinationModel: Sendable {
    let axis: SpectralAxis
    let basis: [[Complex<Double>]]
    let group: [Int]
    let groupCount: Int
    /// Spectrum indices of the fitting range and their raw (unshifted) DFT indices.
    let fitIndices: [Int]
    let rawIndices: [Int]
    let frequencyHz: [Double]
    /// Legendre polynomials over the fitting range, one array per order.
    let legendre: [[Double]]
    let times: [Double]

    var pointCount: Int { fitIndices.count }
    var metaboliteCount: Int { basis.count }
    var linearCount: Int { metaboliteCount + 2 * legendre.count }
    var nonlinearCount: Int { 2 + 3 * groupCount }

    init(axis: SpectralAxis, basis: [[Complex<Double>]], group: [Int], groupCount: Int, fitIndices: Range<Int>, baselineOrder: Int) {
        self.axis = axis
        self.basis = basis
        self.group = group
        self.groupCount = groupCount
        self.fitIndices = Array(fitIndices)
        let n = axis.points
        rawIndices = fitIndices.map { ($0 + n - n / 2) % n }
        frequencyHz = fitIndices.map { axis.frequencyHz(atIndex: Double($0)) }
        let count = fitIndices.count
        legendre = baselineOrder < 0 ? [] : (0...baselineOrder).map { order in
            (0..<count).map { i in
                let x = count > 1 ? 2 * Double(i) / Double(count - 1) - 1 : 0
                var p0 = 1.0, p1 = x
                if order == 0 { return p0 }
                for j in stride(from: 2, through: order, by: 1) {
                    let p2 = (Double(2 * j - 1) * x * p1 - Double(j - 1) * p0) / Double(j)
                    p0 = p1
                    p1 = p2
                }
                return p1
            }
        }
        times = axis.timesSeconds
    }

    /// `exp(-gamma t - sigma2 t^2 + i 2 pi epsilon t)` of group g.
    func envelope(_ theta: [Double], group g: Int) -> [Complex<Double>] {
        let gamma = theta[2 + 3 * g], sigma2 = theta[3 + 3 * g], eps = theta[4 + 3 * g]
        return times.map { t in
            Complex(length: Double.exp(-gamma * t - sigma2 * t * t), phase: 2 * Double.pi * eps * t)
        }
    }

    /// `exp(i (phi0 + 2 pi f_k phi1))` at every fitted point.
    func phaseFactors(_ theta: [Double]) -> [Complex<Double>] {
        frequencyHz.map { Complex(length: 1, phase: theta[0] + 2 * Double.pi * $0 * theta[1]) }
    }

    /// The DFT of a time signal at the fitted points, multiplied by `phase`.
    func fittedSpectrum(of signal: [Complex<Double>], phase: [Complex<Double>]) -> [Complex<Double>] {
        var s = signal
        FFT.transform(&s, direction: .forward)
        return (0..<pointCount).map { s[rawIndices[$0]] * phase[$0] }
    }

    /// Every metabolite's column (complex, over the fitting range) at theta: one batched DFT of
    /// all broadened basis FIDs.
    func metaboliteColumns(_ theta: [Double]) -> [[Complex<Double>]] {
        let phase = phaseFactors(theta)
        let envelopes = (0..<groupCount).map { envelope(theta, group: $0) }
        let n = times.count, count = basis.count, points = pointCount
        var all = [Complex<Double>](repeating: .zero, count: n * count)
        all.withUnsafeMutableBufferPointer { buffer in
            for m in 0..<count {
                let b = basis[m], e = envelopes[group[m]]
                let row = buffer.baseAddress! + m * n
                b.withUnsafeBufferPointer { bp in e.withUnsafeBufferPointer { ep in
                    for t in 0..<n { row[t] = bp[t] * ep[t] }
                } }
            }
            FFT.transform(shape: [n], batch: count, direction: .forward, input: buffer.baseAddress!, output: buffer.baseAddress!)
        }
        return (0..<count).map { m in
            all.withUnsafeBufferPointer { buffer in
                let row = buffer.baseAddress! + m * n
                return (0..<points).map { row[rawIndices[$0]] * phase[$0] }
            }
        }
    }

    /// The real stacked 2n x q design matrix (metabolites, then baseline Re and Im per order).
    func designMatrix(_ columns: [[Complex<Double>]]) -> [Double] {
        let n = pointCount, rows = 2 * n
        var a = [Double](repeating: 0, count: rows * linearCount)
        for (m, col) in columns.enumerated() {
            for i in 0..<n {
                a[m * rows + i] = col[i].real
                a[m * rows + n + i] = col[i].imaginary
            }
        }
        for (j, p) in legendre.enumerated() {
            let re = metaboliteCount + 2 * j, im = re + 1
            for i in 0..<n {
                a[re * rows + i] = p[i]
                a[im * rows + n + i] = p[i]
            }
        }
        return a
    }

    /// The 2n x p matrix of model derivatives with respect to theta at linear parameters `beta`
    /// (the baseline does not depend on theta): phases from the metabolite sum, broadening and
    /// shift from one DFT per group and parameter of `t^k`-weighted group signals.
    func nonlinearDerivatives(_ theta: [Double], beta: [Double], columns: [[Complex<Double>]]) -> [Double] {
        let n = pointCount, rows = 2 * n, p = nonlinearCount
        var out = [Double](repeating: 0, count: rows * p)
        func store(_ v: [Complex<Double>], _ k: Int) {
            for i in 0..<n {
                out[k * rows + i] = v[i].real
                out[k * rows + n + i] = v[i].imaginary
            }
        }
        var sum = [Complex<Double>](repeating: .zero, count: n)
        for (m, col) in columns.enumerated() where beta[m] != 0 {
            for i in 0..<n { sum[i] += col[i].multiplied(by: beta[m]) }
        }
        store(sum.map { Complex(-$0.imaginary, $0.real) }, 0)
        store((0..<n).map { Complex(-sum[$0].imaginary, sum[$0].real).multiplied(by: 2 * Double.pi * frequencyHz[$0]) }, 1)
        let phase = phaseFactors(theta)
        for g in 0..<groupCount {
            let e = envelope(theta, group: g)
            var signal = [Complex<Double>](repeating: .zero, count: times.count)
            var any = false
            for m in basis.indices where group[m] == g && beta[m] != 0 {
                any = true
                let b = basis[m], a = beta[m]
                for t in signal.indices { signal[t] += b[t].multiplied(by: a) }
            }
            guard any else { continue }
            for t in signal.indices { signal[t] = signal[t] * e[t] }
            store(fittedSpectrum(of: zip(signal, times).map { $0.multiplied(by: -$1) }, phase: phase), 2 + 3 * g)
            store(fittedSpectrum(of: zip(signal, times).map { $0.multiplied(by: -$1 * $1) }, phase: phase), 3 + 3 * g)
            store(fittedSpectrum(of: zip(signal, times).map { Complex(-$0.imaginary, $0.real).multiplied(by: 2 * Double.pi * $1) }, phase: phase), 4 + 3 * g)
        }
        return out
    }
}

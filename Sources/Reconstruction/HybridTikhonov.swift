import ASDSCore
import CLAPACK
import Encoding
import Numerics

/// Tikhonov least squares for large operators in one Krylov run: Golub-Kahan bidiagonalisation
/// of A (with full reorthogonalisation of the right vectors), and at every step the projected
/// problem `min ||beta_1 e_1 - B_k w||^2 + alpha ||w||^2` solved exactly by the SVD of the small
/// real bidiagonal `B_k`, with alpha from the discrepancy principle on the projected residual
/// (a "hybrid" method: Chung, Nagy and O'Leary, ETNA 2008). The Krylov space of `A^H A` does not
/// depend on alpha, so the weight search costs no operator applications: one run costs about
/// as much as one CG solve of `TikhonovLeastSquares`, which solves afresh for every trial weight.
///
/// Stops when the discrepancy can be met and the projected solution changes by less than
/// `tolerance` (relative) between steps, or after `maxIterations` steps. Without noise
/// (`sigma = 0`) it is LSQR: alpha = 0, stopping on the relative residual or solution change.
public struct HybridTikhonov<A: LinearOperator>: Sendable {
    public let linearOperator: A
    public var tolerance: Double
    public var maxIterations: Int

    public init(operator op: A, tolerance: Double = 1e-4, maxIterations: Int = 200) {
        linearOperator = op
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Solves with the discrepancy weight for noise of standard deviation `sigma` per real
    /// component (`||y - A x||^2 = factor m 2 sigma^2`), or plain least squares for `sigma = 0`.
    public func solve(_ y: [Complex<Double>], noiseStandardDeviation sigma: Double, factor: Double = 1) -> TikhonovSolution {
        let n = linearOperator.domainCount, m = linearOperator.rangeCount
        precondition(y.count == m, "data length \(y.count) != operator range \(m)")
        let target = factor * Double(m) * 2 * sigma * sigma
        let beta1 = ComplexVector.norm(y)
        let zero = [Complex<Double>](repeating: .zero, count: n)
        guard beta1 > 0, beta1 * beta1 > target else {
            return TikhonovSolution(solution: zero, alpha: .infinity, residualNormSquared: beta1 * beta1, iterations: 0,
                                    totalIterations: 0, converged: true, relativeResiduals: [])
        }
        var u = y.map { $0.divided(by: beta1) }
        var v = linearOperator.adjoint(u)
        var alphaK = ComplexVector.norm(v)
        guard alphaK > 0 else {
            return TikhonovSolution(solution: zero, alpha: .infinity, residualNormSquared: beta1 * beta1, iterations: 0,
                                    totalIterations: 0, converged: true, relativeResiduals: [])
        }
        ComplexVector.scale(&v, by: 1 / alphaK)
        var basis: [[Complex<Double>]] = [v]
        var diagonal: [Double] = [alphaK], subdiagonal: [Double] = []
        var previous: [Double] = [], weight = 0.0, residual = beta1 * beta1
        var history: [Double] = [], converged = false
        for k in 1...maxIterations {
            // beta_{k+1} u_{k+1} = A v_k - alpha_k u_k
            let av = linearOperator.forward(v)
            for i in 0..<m { u[i] = av[i] - u[i].multiplied(by: alphaK) }
            let betaNext = ComplexVector.norm(u)
            subdiagonal.append(betaNext)
            let projected = Self.projectedSolution(diagonal: diagonal, subdiagonal: subdiagonal, beta1: beta1, target: target)
            weight = projected.alpha
            residual = projected.residualSquared
            history.append((residual / (beta1 * beta1)).squareRoot())
            let change = Self.relativeChange(projected.coefficients, previous)
            previous = projected.coefficients
            if projected.feasible && k > 1 && change < tolerance { converged = true; break }
            if betaNext <= 1e-14 * beta1 { converged = true; break }
            if k == maxIterations { break }
            ComplexVector.scale(&u, by: 1 / betaNext)
            // alpha_{k+1} v_{k+1} = A^H u_{k+1} - beta_{k+1} v_k, reorthogonalised against V_k.
            var next = linearOperator.adjoint(u)
            for i in 0..<n { next[i] -= v[i].multiplied(by: betaNext) }
            for _ in 0..<2 {
                for b in basis {
                    let c = ComplexVector.dot(b, next)
                    for i in 0..<n { next[i] -= c * b[i] }
                }
            }
            alphaK = ComplexVector.norm(next)
            guard alphaK > 1e-14 * beta1 else { converged = true; break }
            ComplexVector.scale(&next, by: 1 / alphaK)
            v = next
            basis.append(v)
            diagonal.append(alphaK)
        }
        var x = zero
        for (j, b) in basis.enumerated() where j < previous.count {
            let c = previous[j]
            for i in 0..<n { x[i] += b[i].multiplied(by: c) }
        }
        return TikhonovSolution(solution: x, alpha: weight, residualNormSquared: residual, iterations: history.count,
                                totalIterations: history.count, converged: converged, relativeResiduals: history)
    }

    private static func relativeChange(_ a: [Double], _ b: [Double]) -> Double {
        var d = 0.0, s = 0.0
        for i in 0..<a.count {
            let bi = i < b.count ? b[i] : 0
            d += (a[i] - bi) * (a[i] - bi)
            s += a[i] * a[i]
        }
        return s > 0 ? (d / s).squareRoot() : 0
    }

    /// The projected Tikhonov solution on the (k+1) x k lower bidiagonal `B_k` (diagonal
    /// alpha_1..alpha_k, subdiagonal beta_2..beta_{k+1}) at the discrepancy weight.
    static func projectedSolution(diagonal: [Double], subdiagonal: [Double], beta1: Double, target: Double)
        -> (coefficients: [Double], alpha: Double, residualSquared: Double, feasible: Bool) {
        let k = diagonal.count, rows = k + 1
        var b = [Double](repeating: 0, count: rows * k)     // column-major
        for j in 0..<k {
            b[j * rows + j] = diagonal[j]
            b[j * rows + j + 1] = subdiagonal[j]
        }
        var s = [Double](repeating: 0, count: k), p = [Double](repeating: 0, count: rows * rows)
        var q = [Double](repeating: 0, count: k * k)
        // The _work entry point skips LAPACKE's NaN scan of the input (the bidiagonal is finite);
        // the workspace query gives the size LAPACKE_dgesvd itself would allocate.
        let all = Int8(UInt8(ascii: "A"))
        var size = 0.0
        _ = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, all, all, Int32(rows), Int32(k), &b, Int32(rows), &s, &p, Int32(rows), &q, Int32(k), &size, -1)
        var work = [Double](repeating: 0, count: max(1, Int(size)))
        let info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, all, all, Int32(rows), Int32(k), &b, Int32(rows), &s, &p, Int32(rows),
                                       &q, Int32(k), &work, Int32(work.count))
        precondition(info == 0, "dgesvd failed on the projected bidiagonal (\(info))")
        // c = P^T (beta1 e1): beta1 times the first row of P.
        let c = (0..<rows).map { beta1 * p[$0 * rows] }
        let tail = c[k] * c[k]
        func residual(_ alpha: Double) -> Double {
            var r = tail
            for i in 0..<k {
                let f = alpha / (s[i] * s[i] + alpha)
                r += f * f * c[i] * c[i]
            }
            return r
        }
        var alpha = 0.0
        let feasible = residual(0) <= target
        if target > 0 && feasible {
            let top = s[0] * s[0]
            var lo = Double.log(top * 1e-16), hi = Double.log(top * 1e6)
            if residual(Double.exp(hi)) <= target {
                alpha = Double.exp(hi)
            } else {
                for _ in 0..<80 {
                    let mid = (lo + hi) / 2
                    if residual(Double.exp(mid)) < target { lo = mid } else { hi = mid }
                }
                alpha = Double.exp((lo + hi) / 2)
            }
        }
        // w = Q diag(s / (s^2 + alpha)) c_{1..k}; q holds Q^T (row i = right singular vector i).
        var w = [Double](repeating: 0, count: k)
        for i in 0..<k where s[i] > 0 {
            let f = s[i] / (s[i] * s[i] + alpha) * c[i]
            for j in 0..<k { w[j] += q[j * k + i] * f }
        }
        return (w, alpha, residual(alpha), feasible || target == 0)
    }
}

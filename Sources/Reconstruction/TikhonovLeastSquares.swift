import ASDSCore
import Encoding
import Numerics

/// How the Tikhonov weight of `TikhonovLeastSquares` is chosen.
public enum TikhonovWeightRule: Sendable, Equatable {
    /// A given weight alpha (units of `||A||^2`).
    case fixed(Double)
    /// Morozov's discrepancy principle: the alpha whose residual satisfies
    /// `||y - A x_alpha||^2 = factor * m * 2 sigma^2` (m data points, sigma the noise standard
    /// deviation per real component), found by a safeguarded secant search on `log alpha`.
    case discrepancy(noiseStandardDeviation: Double, factor: Double = 1)
}

/// The outcome of a Tikhonov-regularised least-squares reconstruction.
public struct TikhonovSolution: Sendable {
    /// The solution x.
    public var solution: [Complex<Double>]
    /// The Tikhonov weight alpha used.
    public var alpha: Double
    /// `||y - A x||^2` at the solution.
    public var residualNormSquared: Double
    /// Conjugate-gradient iterations of the final solve.
    public var iterations: Int
    /// Conjugate-gradient iterations summed over every solve of the weight search.
    public var totalIterations: Int
    /// Whether the final CG solve converged (and, for the discrepancy rule, the weight search).
    public var converged: Bool
    /// The CG relative residual after each iteration of the final solve (its objective history).
    public var relativeResiduals: [Double]
}

/// Iterative least squares: minimises `||y - A x||^2 + alpha ||x||^2` by conjugate gradients on
/// the normal equations `(A^H A + alpha I) x = A^H y`, generic over any `LinearOperator`.
///
/// The weight comes from the discrepancy principle (not generalised cross-validation, which needs
/// the trace of the influence matrix: one CG solve per random probe for a matrix-free `A`). The
/// residual norm grows monotonically with alpha, so a bracketed secant (Illinois) search on
/// `log alpha` finds the discrepancy weight in about ten warm-started solves. When even
/// `alpha -> infinity` (x = 0) leaves a residual under the target, the data are all noise and
/// the solution is zero (alpha = +infinity is reported as `Double.infinity`). For an operator
/// with `A^H A = c I` (the square single-voxel model) both rules are solved in closed form.
public struct TikhonovLeastSquares<A: LinearOperator>: Sendable {
    public let linearOperator: A
    /// `||A||^2` (sets the scale of the weight search).
    public let normSquared: Double
    /// `c` when `A^H A = c I`: then `x = A^H y / (c + alpha)` and the discrepancy equation is a
    /// quadratic in `1 / (c + alpha)`, both solved in closed form (no CG).
    public let gramScale: Double?
    /// CG tolerance on the relative residual of the normal equations.
    public var tolerance: Double
    /// CG iteration cap per solve.
    public var maxIterations: Int

    /// `normSquared` gives `||A||^2` when the caller knows it (it only sets where the weight
    /// search starts); otherwise it is estimated by power iteration.
    public init(operator op: A, tolerance: Double = 1e-8, maxIterations: Int = 500, normSquared known: Double? = nil) {
        self.linearOperator = op
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        gramScale = (op as? any GramStructured)?.gramScale
        if let c = gramScale {
            normSquared = c
        } else if let known {
            normSquared = known
        } else {
            normSquared = op.normSquaredEstimate(iterations: 100, tolerance: 1e-6)
        }
    }

    /// Solves with the weight `rule` gives.
    public func solve(_ y: [Complex<Double>], rule: TikhonovWeightRule) -> TikhonovSolution {
        precondition(y.count == linearOperator.rangeCount, "data length \(y.count) != operator range \(linearOperator.rangeCount)")
        let b = linearOperator.adjoint(y)
        if let c = gramScale { return closedForm(y, b: b, c: c, rule: rule) }
        switch rule {
        case let .fixed(alpha):
            precondition(alpha >= 0 && alpha.isFinite, "alpha must be finite and non-negative")
            var s = solveFixed(y, b: b, alpha: alpha, initial: nil)
            s.totalIterations = s.iterations
            return s
        case let .discrepancy(sigma, factor):
            return solveDiscrepancy(y, b: b, target: factor * Double(y.count) * 2 * sigma * sigma)
        }
    }

    private func closedForm(_ y: [Complex<Double>], b: [Complex<Double>], c: Double, rule: TikhonovWeightRule) -> TikhonovSolution {
        let yy = ConjugateGradient.squaredNorm(y), bb = ConjugateGradient.squaredNorm(b)
        // ||y - A x_alpha||^2 = yy - bb (2 u - c u^2) with u = 1 / (c + alpha).
        func residual(_ u: Double) -> Double { max(0, yy - bb * (2 * u - c * u * u)) }
        let u: Double
        switch rule {
        case let .fixed(alpha):
            precondition(alpha >= 0 && alpha.isFinite, "alpha must be finite and non-negative")
            u = 1 / (c + alpha)
        case let .discrepancy(sigma, factor):
            let target = factor * Double(y.count) * 2 * sigma * sigma
            if target >= yy || bb == 0 {
                u = 0
            } else if target <= yy - bb / c {
                u = 1 / c
            } else {
                // The root of c bb u^2 - 2 bb u + (yy - target) = 0 with u <= 1 / c.
                let disc = max(0, bb * bb - c * bb * (yy - target))
                u = (bb - disc.squareRoot()) / (c * bb)
            }
        }
        let alpha = u == 0 ? Double.infinity : max(0, 1 / u - c)
        return TikhonovSolution(solution: b.map { $0.multiplied(by: u) }, alpha: alpha, residualNormSquared: residual(u),
                                iterations: 0, totalIterations: 0, converged: true, relativeResiduals: [])
    }

    private func solveFixed(_ y: [Complex<Double>], b: [Complex<Double>], alpha: Double,
                            initial: [Complex<Double>]?) -> TikhonovSolution {
        let cg = ConjugateGradient.solve(TikhonovNormalOperator(linearOperator, shift: alpha), rhs: b, initial: initial,
                                         tolerance: tolerance, maxIterations: maxIterations)
        let ax = linearOperator.forward(cg.solution)
        var rr = 0.0
        for i in 0..<y.count { rr += (ax[i] - y[i]).lengthSquared }
        return TikhonovSolution(solution: cg.solution, alpha: alpha, residualNormSquared: rr, iterations: cg.iterations,
                                totalIterations: cg.iterations, converged: cg.converged, relativeResiduals: cg.relativeResiduals)
    }

    private func solveDiscrepancy(_ y: [Complex<Double>], b: [Complex<Double>], target: Double) -> TikhonovSolution {
        let yy = ConjugateGradient.squaredNorm(y)
        guard target > 0, yy > target else {
            return TikhonovSolution(solution: [Complex<Double>](repeating: .zero, count: linearOperator.domainCount),
                                    alpha: .infinity, residualNormSquared: yy, iterations: 0, totalIterations: 0,
                                    converged: true, relativeResiduals: [])
        }
        var total = 0
        // f(log alpha) = log residual^2 - log target, increasing in alpha.
        func evaluate(_ logAlpha: Double, _ warm: [Complex<Double>]?) -> (Double, TikhonovSolution) {
            let s = solveFixed(y, b: b, alpha: Double.exp(logAlpha), initial: warm)
            total += s.iterations
            return (Double.log(max(s.residualNormSquared, .leastNormalMagnitude)) - Double.log(target), s)
        }
        let scale = Double.log(normSquared)
        var lo = scale - 12 * Double.log(10), hi = scale + 4 * Double.log(10)
        var (flo, slo) = evaluate(lo, nil)
        var (fhi, shi) = evaluate(hi, nil)
        // Expand the bracket upward if needed (the residual tends to ||y||^2 > target as alpha grows).
        var expansions = 0
        while fhi < 0 && expansions < 10 {
            lo = hi; flo = fhi; slo = shi
            hi += 4 * Double.log(10)
            (fhi, shi) = evaluate(hi, shi.solution)
            expansions += 1
        }
        // Even the smallest weight over-fits less than the target: keep it (the data need no more).
        if flo >= 0 { var s = slo; s.totalIterations = total; return s }
        if fhi <= 0 { var s = shi; s.totalIterations = total; return s }
        var best = abs(flo) < abs(fhi) ? slo : shi
        var side = 0
        for _ in 0..<60 {
            let x = (lo * fhi - hi * flo) / (fhi - flo)
            let (fx, sx) = evaluate(x, best.solution)
            best = sx
            if abs(fx) < 1e-6 || hi - lo < 1e-9 { break }
            if fx < 0 {
                lo = x; flo = fx
                if side == -1 { fhi /= 2 }
                side = -1
            } else {
                hi = x; fhi = fx
                if side == 1 { flo /= 2 }
                side = 1
            }
        }
        best.totalIterations = total
        return best
    }
}

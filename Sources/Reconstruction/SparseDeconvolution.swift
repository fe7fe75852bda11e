import ASDSCore
import Encoding
import Numerics

/// Which proximal-gradient iteration to run.
public enum SparseAlgorithm: String, Sendable, Codable, CaseIterable {
    /// Iterative shrinkage-thresholding: `s <- soft(s - grad / L, lambda / L)`.
    case ista
    /// Monotone FISTA (Beck and Teboulle 2009): Nesterov momentum, keeping the better of the new
    /// prox point and the previous iterate so the objective never increases.
    case fista
}

/// Stopping rules and algorithm choice for `SparseDeconvolution`.
public struct SparseSolverOptions: Sendable, Equatable {
    public var algorithm: SparseAlgorithm
    /// Iteration cap.
    public var maxIterations: Int
    /// Stop when the prox-gradient step `||u_k - z_k|| / ||u_k||` falls to this (0: run to the cap).
    public var relativeTolerance: Double

    public init(algorithm: SparseAlgorithm = .fista, maxIterations: Int = 200, relativeTolerance: Double = 1e-6) {
        self.algorithm = algorithm
        self.maxIterations = maxIterations
        self.relativeTolerance = relativeTolerance
    }
}

/// The outcome of one sparse deconvolution.
public struct SparseSolution: Sendable {
    /// The minimiser estimate s.
    public var coefficients: [Complex<Double>]
    /// The regularisation weight used.
    public var lambda: Double
    /// Iterations taken.
    public var iterations: Int
    /// Whether the relative-change rule stopped the loop before the cap.
    public var converged: Bool
    /// The objective `||y - A s_k||^2 + lambda ||s_k||_1` at the start and after every iteration.
    public var objectiveHistory: [Double]
}

/// Sparse deconvolution: minimises `||y - A s||^2 + lambda ||s||_1` over complex `s` by ISTA or
/// monotone FISTA, generic over any `LinearOperator` `A` (for spectra, `A = H Theta`: the
/// forward model composed with a dictionary).
///
/// The step is `1 / L` with `L = 2 ||A||^2`; `||A||^2` comes from `GramStructured.gramScale`
/// when the operator states it, else from power iteration (50-200 iterations, then enlarged by
/// 1% because power iteration converges from below). One iteration costs one application of `A`
/// and one of `A^H`, or only vector operations when `A^H A = c I` (then ISTA is exact in one step).
/// The weight `lambda` is passed per call, so callers (ASDS-VAE) can choose it per spectrum.
public struct SparseDeconvolution<A: LinearOperator>: Sendable {
    /// The composed operator `A = H Theta`.
    public let linearOperator: A
    /// `||A||^2`, the largest eigenvalue of `A^H A`, as used for the step.
    public let normSquared: Double
    /// `c` when `A^H A = c I`.
    public let gramScale: Double?
    /// The largest column norm `max_j ||A e_j||` (exact for `ColumnNormed` operators, else the
    /// root-mean-square column norm from 16 seeded Hutchinson probes of `trace(A^H A)`).
    public let columnNorm: Double

    /// Prepares a solver for `operator`; `normSquared` overrides the estimate of `||A||^2` (any
    /// value at least the true one keeps convergence; larger values slow it).
    public init(operator op: A, normSquared: Double? = nil) {
        self.linearOperator = op
        let exact = (op as? any GramStructured)?.gramScale
        self.gramScale = normSquared == nil ? exact : (normSquared == exact ? exact : nil)
        if let normSquared {
            self.normSquared = normSquared
        } else if let exact {
            self.normSquared = exact
        } else {
            self.normSquared = 1.01 * op.normSquaredEstimate(iterations: 200, tolerance: 1e-10)
        }
        if let normed = op as? any ColumnNormed {
            columnNorm = normed.maxColumnNorm
        } else {
            var rng = SeededRandom(seed: 0x4C55, path: [UInt64(op.domainCount)])
            var trace = 0.0
            for _ in 0..<16 {
                let z = (0..<op.domainCount).map { _ in Complex(rng.normal(), rng.normal()).divided(by: 2.0.squareRoot()) }
                trace += ConjugateGradient.squaredNorm(op.forward(z))
            }
            columnNorm = (trace / 16 / Double(op.domainCount)).squareRoot()
        }
    }

    /// The universal threshold rule (Donoho and Johnstone) on the correlations `a_j^H y`: noise
    /// of standard deviation sigma per real component of y gives `a_j^H n` a standard deviation
    /// `sigma ||a_j||` per component, whose largest magnitude over N coefficients stays below
    /// `sigma ||a_j|| sqrt(2 ln N)` with high probability. The optimality condition
    /// `|2 a_j^H (y - A s)| <= lambda` for a zero coefficient then sets
    /// `lambda = 2 sigma max_j ||a_j|| sqrt(2 ln N)`; for an isometry that is soft thresholding
    /// of the coefficients at the classical `sigma_s sqrt(2 ln N)`.
    /// - Parameter noiseStandardDeviation: noise standard deviation per real component of y.
    public func universalLambda(noiseStandardDeviation sigma: Double) -> Double {
        2 * sigma * columnNorm * (2 * Double.log(Double(max(2, linearOperator.domainCount)))).squareRoot()
    }

    /// Minimises `||y - A s||^2 + lambda ||s||_1` from `initial` (zero if nil).
    public func solve(_ y: [Complex<Double>], lambda: Double, options: SparseSolverOptions = SparseSolverOptions(),
                      initial: [Complex<Double>]? = nil) -> SparseSolution {
        precondition(y.count == linearOperator.rangeCount, "data length \(y.count) != operator range \(linearOperator.rangeCount)")
        precondition(lambda >= 0 && lambda.isFinite, "lambda must be finite and non-negative")
        let n = linearOperator.domainCount
        var s = initial ?? [Complex<Double>](repeating: .zero, count: n)
        precondition(s.count == n, "initial guess has the wrong length")
        var work = Workspace(n: n, m: linearOperator.rangeCount)
        // b = A^H y and ||y||^2 for the Gram-structured path.
        var b = [Complex<Double>](repeating: .zero, count: n)
        if gramScale != nil {
            y.withUnsafeBufferPointer { yp in b.withUnsafeMutableBufferPointer { linearOperator.applyAdjoint(yp, into: $0) } }
        }
        let yy = ConjugateGradient.squaredNorm(y)
        var gs = [Complex<Double>](repeating: .zero, count: n)
        var fs = evaluate(s, gradient: &gs, y: y, b: b, yy: yy, work: &work) + lambda * l1(s)
        var history = [fs]
        var z = s, gz = gs
        var u = s, gu = gs
        var t = 1.0
        let inverseL = 1 / normSquared          // gradient is 2 g, L = 2 ||A||^2: z - (2 g) / L
        let threshold = lambda / (2 * normSquared)
        var iterations = 0
        var converged = false
        while iterations < options.maxIterations {
            // u = soft(z - g_z / ||A||^2, lambda / (2 ||A||^2))
            var stepNorm = 0.0
            u.withUnsafeMutableBufferPointer { up in
                z.withUnsafeBufferPointer { zp in
                    gz.withUnsafeBufferPointer { gp in
                        for i in 0..<n { up[i] = zp[i] - gp[i].multiplied(by: inverseL) }
                    }
                    Proximal.softThreshold(UnsafeBufferPointer(up), threshold: threshold, into: up)
                    for i in 0..<n { stepNorm += (up[i] - zp[i]).lengthSquared }
                }
            }
            let fu = evaluate(u, gradient: &gu, y: y, b: b, yy: yy, work: &work) + lambda * l1(u)
            iterations += 1
            let uNorm = ConjugateGradient.squaredNorm(u)
            switch options.algorithm {
            case .ista:
                swap(&s, &u); swap(&gs, &gu)
                fs = fu
                z = s; gz = gs
            case .fista:
                let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
                let keepNew = fu <= fs
                // z' = s_new + (t / t') (u - s_new) + ((t - 1) / t') (s_new - s_old); same for gradients.
                let a = t / tNext, c = (t - 1) / tNext
                for i in 0..<n {
                    let sNew = keepNew ? u[i] : s[i], gNew = keepNew ? gu[i] : gs[i]
                    z[i] = sNew + (u[i] - sNew).multiplied(by: a) + (sNew - s[i]).multiplied(by: c)
                    gz[i] = gNew + (gu[i] - gNew).multiplied(by: a) + (gNew - gs[i]).multiplied(by: c)
                }
                if keepNew {
                    swap(&s, &u); swap(&gs, &gu)
                    fs = fu
                }
                t = tNext
            }
            history.append(fs)
            if stepNorm <= options.relativeTolerance * options.relativeTolerance * max(uNorm, .leastNormalMagnitude) {
                converged = true
                break
            }
        }
        return SparseSolution(coefficients: s, lambda: lambda, iterations: iterations, converged: converged,
                              objectiveHistory: history)
    }

    /// Scratch for the generic path.
    private struct Workspace {
        var residual: [Complex<Double>]
        init(n: Int, m: Int) { residual = [Complex<Double>](repeating: .zero, count: m) }
    }

    /// Writes `g = A^H (A s - y)` and returns `||A s - y||^2`.
    private func evaluate(_ s: [Complex<Double>], gradient g: inout [Complex<Double>], y: [Complex<Double>],
                          b: [Complex<Double>], yy: Double, work: inout Workspace) -> Double {
        let n = s.count
        if let c = gramScale {
            var ss = 0.0, sb = 0.0
            for i in 0..<n {
                g[i] = s[i].multiplied(by: c) - b[i]
                ss += s[i].lengthSquared
                sb += s[i].real * b[i].real + s[i].imaginary * b[i].imaginary
            }
            return max(0, c * ss - 2 * sb + yy)
        }
        var data = 0.0
        work.residual.withUnsafeMutableBufferPointer { r in
            s.withUnsafeBufferPointer { linearOperator.apply($0, into: r) }
            for i in 0..<r.count {
                r[i] -= y[i]
                data += r[i].lengthSquared
            }
            g.withUnsafeMutableBufferPointer { linearOperator.applyAdjoint(UnsafeBufferPointer(r), into: $0) }
        }
        return data
    }

    private func l1(_ s: [Complex<Double>]) -> Double {
        s.withUnsafeBufferPointer { Proximal.l1Norm($0) }
    }
}

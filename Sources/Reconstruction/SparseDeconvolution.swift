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
            let normal = op as? any NormalApplicable
            for _ in 0..<16 {
                let z = (0..<op.domainCount).map { _ in Complex(rng.normal(), rng.normal()).divided(by: 2.0.squareRoot()) }
                trace += normal.map { ComplexVector.dot(z, $0.normal(z)).real } ?? ConjugateGradient.squaredNorm(op.forward(z))
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

    /// Minimises `||y - A s||^2 + lambda sum_i w_i |s_i|` from `initial` (zero if nil); `weights`
    /// (non-negative, one per coefficient; nil: all 1) let the weight vary over the coefficients,
    /// for example per voxel in MRSI.
    public func solve(_ y: [Complex<Double>], lambda: Double, options: SparseSolverOptions = SparseSolverOptions(),
                      initial: [Complex<Double>]? = nil, weights: [Double]? = nil) -> SparseSolution {
        precondition(y.count == linearOperator.rangeCount, "data length \(y.count) != operator range \(linearOperator.rangeCount)")
        precondition(lambda >= 0 && lambda.isFinite, "lambda must be finite and non-negative")
        let n = linearOperator.domainCount, m = linearOperator.rangeCount
        precondition(initial == nil || initial!.count == n, "initial guess has the wrong length")
        precondition(weights == nil || (weights!.count == n && weights!.allSatisfy { $0 >= 0 && $0.isFinite }),
                     "weights must be finite, non-negative and one per coefficient")
        // One allocation holds every work vector: s, g(s), z, g(z), u, g(u), b = A^H y, residual.
        let storage = UnsafeMutablePointer<Complex<Double>>.allocate(capacity: 7 * n + m)
        defer { storage.deallocate() }
        storage.initialize(repeating: .zero, count: 7 * n + m)
        var s = storage, gs = storage + n, z = storage + 2 * n, gz = storage + 3 * n
        var u = storage + 4 * n, gu = storage + 5 * n
        let b = storage + 6 * n, residual = storage + 7 * n
        if let initial { for i in 0..<n { s[i] = initial[i] } }
        let weightCopy = weights.map { w in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            p.initialize(from: w, count: n)
            return p
        }
        defer { weightCopy?.deallocate() }
        let w = weightCopy.map { UnsafePointer($0) }
        return y.withUnsafeBufferPointer { yp in
            let normal = gramScale == nil ? linearOperator as? any NormalApplicable : nil
            if gramScale != nil || normal != nil {
                linearOperator.applyAdjoint(yp, into: UnsafeMutableBufferPointer(start: b, count: n))
            }
            var yy = 0.0
            for v in yp { yy += v.real * v.real + v.imaginary * v.imaginary }
            let oracle = Oracle(op: linearOperator, gramScale: gramScale, normal: normal, y: yp, b: b, yy: yy, residual: residual, n: n, m: m)
            var fs = oracle.evaluate(s, gradient: gs) + lambda * Self.l1(s, n, weights)
            var history = [fs]
            for i in 0..<n { z[i] = s[i]; gz[i] = gs[i] }
            var t = 1.0
            let inverseL = 1 / normSquared          // gradient is 2 g, L = 2 ||A||^2: z - (2 g) / L
            let threshold = lambda / (2 * normSquared)
            var iterations = 0
            var converged = false
            while iterations < options.maxIterations {
                // u = soft(z - g_z / ||A||^2, lambda / (2 ||A||^2)), with ||u - z||^2, ||u||^2 and ||u||_1.
                let sums = ProximalGradientKernels.shrink(z: z, gradient: gz, inverseL: inverseL, threshold: threshold, weights: w,
                                                          into: u, count: n)
                let fu = oracle.evaluate(u, gradient: gu) + lambda * sums.weightedL1
                iterations += 1
                switch options.algorithm {
                case .ista:
                    swap(&s, &u); swap(&gs, &gu)
                    fs = fu
                    swap(&z, &u); swap(&gz, &gu)   // z = s (u's old buffers are free scratch)
                    for i in 0..<n { z[i] = s[i]; gz[i] = gs[i] }
                case .fista:
                    let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
                    let a = t / tNext, c = (t - 1) / tNext
                    // z' = s_new + a (u - s_new) + c (s_new - s_old); the same affine map for gradients.
                    if fu <= fs {
                        // s_new = u: z' = u + c (u - s_old)
                        ProximalGradientKernels.extrapolate(u, from: s, by: c, into: z, count: n)
                        ProximalGradientKernels.extrapolate(gu, from: gs, by: c, into: gz, count: n)
                        swap(&s, &u); swap(&gs, &gu)
                        fs = fu
                    } else {
                        // s_new = s_old: z' = s + a (u - s)
                        ProximalGradientKernels.extrapolate(s, from: u, by: -a, into: z, count: n)
                        ProximalGradientKernels.extrapolate(gs, from: gu, by: -a, into: gz, count: n)
                    }
                    t = tNext
                }
                history.append(fs)
                if sums.step <= options.relativeTolerance * options.relativeTolerance * max(sums.norm, .leastNormalMagnitude) {
                    converged = true
                    break
                }
            }
            return SparseSolution(coefficients: Array(UnsafeBufferPointer(start: s, count: n)), lambda: lambda,
                                  iterations: iterations, converged: converged, objectiveHistory: history)
        }
    }

    /// Evaluates the data term `||A s - y||^2` and the half-gradient `A^H (A s - y)`: from
    /// `c s - A^H y` when `A^H A = c I`, from `A^H A s - A^H y` when the operator applies its
    /// normal operator directly (`||A s - y||^2 = Re <s, g> - Re <s, A^H y> + ||y||^2`), else
    /// through A and A^H.
    private struct Oracle {
        let op: A
        let gramScale: Double?
        let normal: (any NormalApplicable)?
        let y: UnsafeBufferPointer<Complex<Double>>
        let b: UnsafeMutablePointer<Complex<Double>>
        let yy: Double
        let residual: UnsafeMutablePointer<Complex<Double>>
        let n: Int, m: Int

        func evaluate(_ s: UnsafeMutablePointer<Complex<Double>>, gradient g: UnsafeMutablePointer<Complex<Double>>) -> Double {
            if let c = gramScale {
                var ss = 0.0, sb = 0.0
                for i in 0..<n {
                    let si = s[i], bi = b[i]
                    g[i] = Complex(c * si.real - bi.real, c * si.imaginary - bi.imaginary)
                    ss += si.real * si.real + si.imaginary * si.imaginary
                    sb += si.real * bi.real + si.imaginary * bi.imaginary
                }
                return max(0, c * ss - 2 * sb + yy)
            }
            if let normal {
                let gradient = UnsafeMutableBufferPointer(start: g, count: n)
                normal.applyNormal(UnsafeBufferPointer(start: s, count: n), into: gradient)
                let (sg, sb) = ProximalGradientKernels.subtractAndCorrelate(g, minus: b, against: s, count: n)
                return max(0, sg + sb - 2 * sb + yy)
            }
            let r = UnsafeMutableBufferPointer(start: residual, count: m)
            op.apply(UnsafeBufferPointer(start: s, count: n), into: r)
            var data = 0.0
            for i in 0..<m {
                let d = r[i] - y[i]
                r[i] = d
                data += d.real * d.real + d.imaginary * d.imaginary
            }
            op.applyAdjoint(UnsafeBufferPointer(r), into: UnsafeMutableBufferPointer(start: g, count: n))
            return data
        }
    }

    private static func l1(_ s: UnsafeMutablePointer<Complex<Double>>, _ n: Int, _ weights: [Double]?) -> Double {
        guard let weights else { return Proximal.l1Norm(UnsafeBufferPointer(start: s, count: n)) }
        var sum = 0.0
        for i in 0..<n { sum += weights[i] * s[i].length }
        return sum
    }
}

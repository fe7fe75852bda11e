import ASDSCore
import Encoding
import Numerics

/// The outcome of a conjugate-gradient solve.
public struct ConjugateGradientResult: Sendable {
    /// The approximate solution x of `A x = b`.
    public var solution: [Complex<Double>]
    /// Iterations taken (operator applications).
    public var iterations: Int
    /// `||b - A x_k|| / ||b||` after each iteration (the recursively updated residual).
    public var relativeResiduals: [Double]
    /// Whether the relative residual reached the tolerance.
    public var converged: Bool
}

/// Conjugate gradients (Hestenes-Stiefel) for a Hermitian positive-definite operator, the `alg.CG`
/// of sigpy. Applied to a normal operator it solves least-squares problems.
public enum ConjugateGradient {
    /// Solves `A x = b` for Hermitian positive-definite `A` (only `apply` is used), starting from
    /// `initial` (zero if nil), until `||b - A x|| <= tolerance * ||b||` or `maxIterations`.
    public static func solve<A: LinearOperator>(
        _ op: A, rhs b: [Complex<Double>], initial: [Complex<Double>]? = nil,
        tolerance: Double = 1e-10, maxIterations: Int = 1000
    ) -> ConjugateGradientResult {
        precondition(op.domainCount == op.rangeCount && b.count == op.domainCount,
                     "CG needs a square operator matching the right-hand side")
        let n = b.count
        var x = initial ?? [Complex<Double>](repeating: .zero, count: n)
        precondition(x.count == n, "initial guess has the wrong length")
        let bNorm = ComplexVector.norm(b)
        guard bNorm > 0 else {
            return ConjugateGradientResult(solution: [Complex<Double>](repeating: .zero, count: n), iterations: 0,
                                           relativeResiduals: [0], converged: true)
        }
        var r = b
        if initial != nil {
            let ax = op.forward(x)
            for i in 0..<n { r[i] -= ax[i] }
        }
        var p = r
        var ap = [Complex<Double>](repeating: .zero, count: n)
        var rr = squaredNorm(r)
        var history = [rr.squareRoot() / bNorm]
        var iterations = 0
        while history.last! > tolerance && iterations < maxIterations {
            p.withUnsafeBufferPointer { pp in ap.withUnsafeMutableBufferPointer { op.apply(pp, into: $0) } }
            let pap = ComplexVector.dot(p, ap).real
            guard pap > 0 else { break }  // not positive definite along p, or exact breakdown
            let alpha = rr / pap
            for i in 0..<n {
                x[i] += p[i].multiplied(by: alpha)
                r[i] -= ap[i].multiplied(by: alpha)
            }
            let rrNext = squaredNorm(r)
            let beta = rrNext / rr
            rr = rrNext
            for i in 0..<n { p[i] = r[i] + p[i].multiplied(by: beta) }
            iterations += 1
            history.append(rr.squareRoot() / bNorm)
        }
        return ConjugateGradientResult(solution: x, iterations: iterations, relativeResiduals: history,
                                       converged: history.last! <= tolerance)
    }

    static func squaredNorm(_ v: [Complex<Double>]) -> Double {
        var s = 0.0
        for z in v { s += z.real * z.real + z.imaginary * z.imaginary }
        return s
    }
}

/// `A^H A + shift * I`: the Tikhonov-regularised normal operator (through `applyNormal` when A
/// applies its normal operator directly).
public struct TikhonovNormalOperator<A: LinearOperator>: LinearOperator {
    public let base: A
    /// The Tikhonov weight added to the diagonal (dimensionless, in units of `A`'s squared gain).
    public let shift: Double
    let normal: (any NormalApplicable)?

    public init(_ base: A, shift: Double) {
        self.base = base
        self.shift = shift
        normal = base as? any NormalApplicable
    }

    public var domainCount: Int { base.domainCount }
    public var rangeCount: Int { base.domainCount }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        if let normal {
            normal.applyNormal(x, into: y)
            for i in 0..<x.count { y[i] += x[i].multiplied(by: shift) }
            return
        }
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: base.rangeCount) { mid in
            base.apply(x, into: mid)
            base.applyAdjoint(UnsafeBufferPointer(mid), into: y)
        }
        for i in 0..<x.count { y[i] += x[i].multiplied(by: shift) }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        apply(y, into: x)
    }
}

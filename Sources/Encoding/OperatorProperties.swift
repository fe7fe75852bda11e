import ASDSCore
import Numerics

/// An operator that can state, per instance, that its normal operator is a multiple of the
/// identity: `A^H A = gramScale * I` exactly (up to rounding).
///
/// The solvers use this to skip the forward and adjoint applications inside their loops: the
/// gradient of `||A s - y||^2` becomes `2 (gramScale * s - A^H y)`, and ISTA with step
/// `1 / (2 gramScale)` reaches the minimiser in one step.
public protocol GramStructured: LinearOperator {
    /// `c` with `A^H A = c I`, or nil when the normal operator of this instance is not a multiple
    /// of the identity.
    var gramScale: Double? { get }
}

/// An operator that knows the largest Euclidean norm of its columns, `max_j ||A e_j||` (the
/// noise gain of one coefficient), which the universal threshold needs.
public protocol ColumnNormed: LinearOperator {
    /// `max_j ||A e_j||`.
    var maxColumnNorm: Double { get }
}

/// An operator that applies its normal operator `A^H A` directly, faster than an application of
/// `A` followed by one of `A^H` (for a NUFFT encoding, by Toeplitz embedding:
/// `ToeplitzNormalEncoding`). The solvers then evaluate `||A s - y||^2` and its gradient from
/// `A^H A s` and a precomputed `A^H y`, and power iteration runs on `A^H A`.
public protocol NormalApplicable: LinearOperator {
    /// Writes `A^H A x` into `y` (both of length `domainCount`).
    func applyNormal(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>)
}

extension NormalApplicable {
    /// `A^H A x` as a new array.
    public func normal(_ x: [Complex<Double>]) -> [Complex<Double>] {
        precondition(x.count == domainCount, "operator expects \(domainCount) inputs, got \(x.count)")
        var y = [Complex<Double>](repeating: .zero, count: domainCount)
        x.withUnsafeBufferPointer { xs in y.withUnsafeMutableBufferPointer { applyNormal(xs, into: $0) } }
        return y
    }
}

extension ComposedOperator: NormalApplicable where Second: NormalApplicable {
    /// `F^H (S^H S) F x` for `self = S F`.
    public func applyNormal(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: 2 * first.rangeCount) { mid in
            let a = UnsafeMutableBufferPointer(rebasing: mid[0..<first.rangeCount])
            let b = UnsafeMutableBufferPointer(rebasing: mid[first.rangeCount...])
            first.apply(x, into: a)
            second.applyNormal(UnsafeBufferPointer(a), into: b)
            first.applyAdjoint(UnsafeBufferPointer(b), into: y)
        }
    }
}

import ASDSCore
import Foundation
import Numerics

/// The condition number `sigma_max / sigma_min` of an operator, and how it was obtained.
public struct ConditionEstimate: Sendable, Equatable {
    public var largestSingularValue: Double
    public var smallestSingularValue: Double
    /// `exact (SVD ...)` or `power iteration (...)`.
    public var method: String

    /// `sigma_max / sigma_min` (infinity when sigma_min is 0).
    public var value: Double { smallestSingularValue > 0 ? largestSingularValue / smallestSingularValue : .infinity }

    /// Exact, from all singular values of a dense matrix (LAPACK `zgesdd`). A matrix with fewer
    /// rows than columns has sigma_min = 0.
    public static func exact(_ a: DenseOperator, label: String = "H") throws -> ConditionEstimate {
        let s = try a.singularValues()
        let smallest = a.rows < a.columns ? 0 : (s.last ?? 0)
        return ConditionEstimate(largestSingularValue: s.first ?? 0, smallestSingularValue: smallest,
                                 method: "exact (SVD of the dense \(label), \(a.rows) x \(a.columns))")
    }

    /// Matrix-free: `sigma_max^2` by power iteration on `A^H A`, then `sigma_max^2 - sigma_min^2`
    /// by power iteration on `sigma_max^2 I - A^H A`. Both iterations converge from below, so
    /// the result is a lower bound on the condition number that tightens with `iterations`.
    public static func powerIteration<A: LinearOperator>(_ a: A, iterations: Int = 60, seed: UInt64 = 7) -> ConditionEstimate {
        if a.rangeCount < a.domainCount {
            let top = a.normSquaredEstimate(iterations: iterations, seed: seed).squareRoot()
            return ConditionEstimate(largestSingularValue: top, smallestSingularValue: 0,
                                     method: "power iteration (\(iterations) steps); fewer data than unknowns: sigma_min = 0")
        }
        let top = a.normSquaredEstimate(iterations: iterations, tolerance: 1e-12, seed: seed)
        let shifted = ShiftMinusNormalOperator(base: a, shift: top)
        let gap = shifted.normSquaredEstimate(iterations: iterations, tolerance: 1e-12, seed: seed &+ 1).squareRoot()
        let smallest = max(0, top - gap).squareRoot()
        return ConditionEstimate(largestSingularValue: top.squareRoot(), smallestSingularValue: smallest,
                                 method: "power iteration (\(iterations) steps each on A^H A and sigma_max^2 I - A^H A; a lower bound)")
    }
}

/// `B = shift I - A^H A` (Hermitian), for the smallest singular value by power iteration; its
/// `normSquaredEstimate` is `lambda_max(B)^2`.
struct ShiftMinusNormalOperator<A: LinearOperator>: LinearOperator {
    let base: A
    let shift: Double
    var domainCount: Int { base.domainCount }
    var rangeCount: Int { base.domainCount }

    func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let ax = base.forward(Array(x))
        let aha = base.adjoint(ax)
        for i in 0..<domainCount { y[i] = x[i].multiplied(by: shift) - aha[i] }
    }

    func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        apply(y, into: x)
    }
}

import ASDSCore
import Numerics

/// A linear map `A: C^domainCount -> C^rangeCount` with its adjoint, applied matrix-free.
///
/// This is the `linop` of sigpy: the system matrix H, dictionaries Theta, Fourier transforms and
/// their compositions are all `LinearOperator`s, and the algorithms in `Reconstruction` (CG,
/// ISTA, FISTA) are generic over them. Implementations must satisfy the adjoint identity
/// `<A x, y> = <x, A^H y>` to rounding (`adjointMismatch` measures it).
public protocol LinearOperator: Sendable {
    /// Length of the input vector x.
    var domainCount: Int { get }
    /// Length of the output vector y = A x.
    var rangeCount: Int { get }
    /// Writes `A x` into `y` (`x.count == domainCount`, `y.count == rangeCount`).
    func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>)
    /// Writes `A^H y` into `x`.
    func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>)
}

extension LinearOperator {
    /// `A x` as a new array.
    public func forward(_ x: [Complex<Double>]) -> [Complex<Double>] {
        precondition(x.count == domainCount, "operator expects \(domainCount) inputs, got \(x.count)")
        var y = [Complex<Double>](repeating: .zero, count: rangeCount)
        x.withUnsafeBufferPointer { xs in y.withUnsafeMutableBufferPointer { apply(xs, into: $0) } }
        return y
    }

    /// `A^H y` as a new array.
    public func adjoint(_ y: [Complex<Double>]) -> [Complex<Double>] {
        precondition(y.count == rangeCount, "operator expects \(rangeCount) outputs, got \(y.count)")
        var x = [Complex<Double>](repeating: .zero, count: domainCount)
        y.withUnsafeBufferPointer { ys in x.withUnsafeMutableBufferPointer { applyAdjoint(ys, into: $0) } }
        return x
    }

    /// The adjoint operator `A^H`.
    public var adjointOperator: AdjointOperator<Self> { AdjointOperator(self) }

    /// The normal operator `A^H A` (what CG on the normal equations and ISTA's gradient use).
    public var normalOperator: ComposedOperator<Self, AdjointOperator<Self>> { ComposedOperator(self, AdjointOperator(self)) }

    /// The composition `next * self` (apply `self` first, then `next`).
    public func followed<B: LinearOperator>(by next: B) -> ComposedOperator<Self, B> { ComposedOperator(self, next) }

    /// `|<A x, y> - <x, A^H y>| / (|A x| |y|)` for seeded random x and y: 0 to rounding for a
    /// correct adjoint.
    public func adjointMismatch(seed: UInt64 = 1) -> Double {
        var rng = SeededRandom(seed: seed, path: [0xAD_301])
        let x = (0..<domainCount).map { _ in Complex(rng.normal(), rng.normal()) }
        let y = (0..<rangeCount).map { _ in Complex(rng.normal(), rng.normal()) }
        let ax = forward(x), ahy = adjoint(y)
        let lhs = ComplexVector.dot(ax, y), rhs = ComplexVector.dot(x, ahy)
        return (lhs - rhs).length / (ComplexVector.norm(ax) * ComplexVector.norm(y))
    }

    /// The largest singular value squared, `||A||^2 = lambda_max(A^H A)`, by power iteration from a
    /// seeded random start; the result is a lower bound that converges from below. Operators that
    /// apply `A^H A` directly (`NormalApplicable`) iterate on it.
    public func normSquaredEstimate(iterations: Int = 50, tolerance: Double = 1e-9, seed: UInt64 = 7) -> Double {
        var rng = SeededRandom(seed: seed, path: [0x90E3])
        var x = (0..<domainCount).map { _ in Complex(rng.normal(), rng.normal()) }
        var estimate = 0.0
        let normal = self as? any NormalApplicable
        for _ in 0..<iterations {
            let n = ComplexVector.norm(x)
            guard n > 0 else { return 0 }
            ComplexVector.scale(&x, by: 1 / n)
            x = normal?.normal(x) ?? adjoint(forward(x))
            let next = ComplexVector.norm(x)
            if abs(next - estimate) <= tolerance * next { return next }
            estimate = next
        }
        return estimate
    }
}

/// `A^H` as an operator.
public struct AdjointOperator<A: LinearOperator>: LinearOperator {
    public let base: A
    public init(_ base: A) { self.base = base }
    public var domainCount: Int { base.rangeCount }
    public var rangeCount: Int { base.domainCount }
    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        base.applyAdjoint(x, into: y)
    }
    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        base.apply(y, into: x)
    }
}

/// `second * first`: applies `first`, then `second`.
public struct ComposedOperator<First: LinearOperator, Second: LinearOperator>: LinearOperator {
    public let first: First
    public let second: Second

    public init(_ first: First, _ second: Second) {
        precondition(first.rangeCount == second.domainCount,
                     "cannot compose: \(first.rangeCount) outputs into \(second.domainCount) inputs")
        self.first = first
        self.second = second
    }

    public var domainCount: Int { first.domainCount }
    public var rangeCount: Int { second.rangeCount }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: first.rangeCount) { mid in
            first.apply(x, into: mid)
            second.apply(UnsafeBufferPointer(mid), into: y)
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: first.rangeCount) { mid in
            second.applyAdjoint(y, into: mid)
            first.applyAdjoint(UnsafeBufferPointer(mid), into: x)
        }
    }
}

/// A diagonal operator `y_i = d_i x_i`.
public struct DiagonalOperator: LinearOperator {
    public let diagonal: [Complex<Double>]
    public init(_ diagonal: [Complex<Double>]) { self.diagonal = diagonal }
    public var domainCount: Int { diagonal.count }
    public var rangeCount: Int { diagonal.count }
    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        for i in 0..<diagonal.count { y[i] = diagonal[i] * x[i] }
    }
    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        for i in 0..<diagonal.count { x[i] = diagonal[i].conjugate * y[i] }
    }
}

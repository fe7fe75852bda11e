import ASDSCore
import Numerics

/// `diag(v) A` with one weight per block of `repeats` consecutive rows: row `j * repeats + r`
/// of A scaled by `rowWeights[j]`. For MRSI, A = H and v = sqrt(density weight) of each
/// readout sample, repeated over the S repetitions (`SpatialSpectralEncoding`'s data layout).
public struct WeightedRowsOperator<Base: LinearOperator>: LinearOperator {
    public let base: Base
    public let rowWeights: [Double]
    public let repeats: Int

    public init(base: Base, rowWeights: [Double], repeats: Int) {
        precondition(rowWeights.count * repeats == base.rangeCount, "row weights do not cover the operator's range")
        self.base = base
        self.rowWeights = rowWeights
        self.repeats = repeats
    }

    public var domainCount: Int { base.domainCount }
    public var rangeCount: Int { base.rangeCount }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        base.apply(x, into: y)
        for j in 0..<rowWeights.count { for r in 0..<repeats { y[j * repeats + r] = y[j * repeats + r].multiplied(by: rowWeights[j]) } }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: rangeCount) { scaled in
            for j in 0..<rowWeights.count {
                for r in 0..<repeats { scaled[j * repeats + r] = y[j * repeats + r].multiplied(by: rowWeights[j]) }
            }
            base.applyAdjoint(UnsafeBufferPointer(scaled), into: x)
        }
    }
}

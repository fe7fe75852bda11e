import CLAPACK
import Encoding
import Numerics

/// A dense complex matrix as a `LinearOperator` (row-major storage, BLAS `zgemv`): small
/// dictionaries, explicit system matrices and test problems.
public struct MatrixOperator: ColumnNormed {
    /// Number of rows (the range).
    public let rows: Int
    /// Number of columns (the domain).
    public let columns: Int
    /// Entries, row-major: element (i, j) at `i * columns + j`.
    public let entries: [Complex<Double>]

    /// - Precondition: `entries.count == rows * columns`.
    public init(rows: Int, columns: Int, entries: [Complex<Double>]) {
        precondition(rows > 0 && columns > 0 && entries.count == rows * columns, "matrix shape and entry count disagree")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    public var maxColumnNorm: Double {
        (0..<columns).map { j in (0..<rows).reduce(0.0) { $0 + entries[$1 * columns + j].lengthSquared }.squareRoot() }.max()!
    }

    public var domainCount: Int { columns }
    public var rangeCount: Int { rows }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        gemv(CblasNoTrans, x, y)
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        gemv(CblasConjTrans, y, x)
    }

    private func gemv(_ trans: CBLAS_TRANSPOSE, _ input: UnsafeBufferPointer<Complex<Double>>,
                      _ output: UnsafeMutableBufferPointer<Complex<Double>>) {
        var one = Complex<Double>(1, 0), zero = Complex<Double>.zero
        entries.withUnsafeBufferPointer { a in
            cblas_zgemv(CblasRowMajor, trans, Int32(rows), Int32(columns), &one, a.baseAddress, Int32(columns),
                        input.baseAddress, 1, &zero, output.baseAddress, 1)
        }
    }
}

import ASDSCore
import CLAPACK
import Foundation
import Numerics

/// A dense complex matrix as a `LinearOperator` (row-major `entries[row * columns + column]`),
/// applied with BLAS `zgemv`: explicit system matrices, small dictionaries, test problems.
public struct DenseOperator: ColumnNormed {
    public let rows: Int
    public let columns: Int
    public let entries: [Complex<Double>]

    public init(rows: Int, columns: Int, entries: [Complex<Double>]) {
        precondition(entries.count == rows * columns, "a \(rows) x \(columns) matrix needs \(rows * columns) entries")
        // Reading the setting pins OpenBLAS to one thread before any BLAS call.
        _ = ComputeSettings.threads
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    public var domainCount: Int { columns }
    public var rangeCount: Int { rows }

    /// `max_j ||A e_j||`.
    public var maxColumnNorm: Double {
        (0..<columns).map { j in (0..<rows).reduce(0.0) { $0 + entries[$1 * columns + j].lengthSquared }.squareRoot() }.max() ?? 0
    }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        gemv(CblasNoTrans, x, y)
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        gemv(CblasConjTrans, y, x)
    }

    private func gemv(_ op: CBLAS_TRANSPOSE, _ v: UnsafeBufferPointer<Complex<Double>>, _ out: UnsafeMutableBufferPointer<Complex<Double>>) {
        var alpha = Complex<Double>(1, 0), beta = Complex<Double>.zero
        entries.withUnsafeBufferPointer { a in
            cblas_zgemv(CblasRowMajor, op, Int32(rows), Int32(columns), &alpha, a.baseAddress, Int32(columns),
                        v.baseAddress, 1, &beta, out.baseAddress, 1)
        }
    }

    /// The matrix of any operator, column by column (`domainCount` applications).
    public static func materialize<A: LinearOperator>(_ a: A) -> DenseOperator {
        let m = a.rangeCount, n = a.domainCount
        var entries = [Complex<Double>](repeating: .zero, count: m * n)
        var e = [Complex<Double>](repeating: .zero, count: n)
        for c in 0..<n {
            e[c] = Complex(1, 0)
            let column = a.forward(e)
            e[c] = .zero
            for r in 0..<m { entries[r * n + c] = column[r] }
        }
        return DenseOperator(rows: m, columns: n, entries: entries)
    }

    /// Singular values in decreasing order (LAPACK `zgesdd`, values only).
    ///
    /// The matrix is copied column-major with 4 extra zero columns after it: OpenBLAS 0.3.21's
    /// `zgemv_n` kernels (reached through `zgebrd`/`zlabrd`) read past the end of the matrix
    /// (OpenBLAS issue 4013, fixed in later releases), which faults when the allocation ends at a
    /// page boundary; the padding keeps those reads inside our buffer (checked here with guard
    /// pages for shapes from 4 x 4 to 1444 x 144).
    public func singularValues() throws -> [Double] {
        let padding = 4 * rows
        var a = [Complex<Double>](repeating: .zero, count: rows * columns + padding)
        for r in 0..<rows { for c in 0..<columns { a[c * rows + r] = entries[r * columns + c] } }
        var s = [Double](repeating: 0, count: min(rows, columns))
        let info = a.withUnsafeMutableBytes { ab in
            s.withUnsafeMutableBufferPointer { sb in
                LAPACKE_zgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(rows), Int32(columns),
                               ab.baseAddress!.assumingMemoryBound(to: _lapack_complex_double.self), Int32(rows),
                               sb.baseAddress, nil, 1, nil, 1)
            }
        }
        guard info == 0 else { throw ASDSError.external(program: "LAPACK zgesdd", reason: "failed with info \(info)") }
        return s
    }
}

import CLAPACK
import Numerics

/// How a factor enters a product: as is, transposed, or conjugate-transposed (adjoint).
public enum MatrixOperation: Sendable {
    case none
    case transpose
    case adjoint
}

/// A dense complex matrix stored as two row-major planes, real and imaginary.
///
/// The split layout lets the spin-by-spin rotation kernels run on contiguous `Double` rows and
/// lets BLAS `dgemm` form complex products (four real products per complex one). Density
/// matrices and propagators of a system of n spins-1/2 are `2^n x 2^n` matrices of this type,
/// indexed in the order of a `SpinBasis`.
public struct ComplexMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Real parts, row-major (`rows * columns`).
    public var real: [Double]
    /// Imaginary parts, row-major (`rows * columns`).
    public var imaginary: [Double]

    /// The zero matrix.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        real = [Double](repeating: 0, count: rows * columns)
        imaginary = [Double](repeating: 0, count: rows * columns)
    }

    /// A matrix from its two planes (row-major).
    public init(rows: Int, columns: Int, real: [Double], imaginary: [Double]) {
        precondition(real.count == rows * columns && imaginary.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.real = real
        self.imaginary = imaginary
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> ComplexMatrix {
        var m = ComplexMatrix(rows: n, columns: n)
        for i in 0..<n { m.real[i * n + i] = 1 }
        return m
    }

    /// Element (row r, column c).
    public subscript(r: Int, c: Int) -> Complex<Double> {
        get { Complex(real[r * columns + c], imaginary[r * columns + c]) }
        set {
            real[r * columns + c] = newValue.real
            imaginary[r * columns + c] = newValue.imaginary
        }
    }

    /// The conjugate transpose.
    public var adjoint: ComplexMatrix {
        var out = ComplexMatrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                out.real[c * rows + r] = real[r * columns + c]
                out.imaginary[c * rows + r] = -imaginary[r * columns + c]
            }
        }
        return out
    }

    /// Sum of the diagonal.
    public var trace: Complex<Double> {
        precondition(rows == columns)
        var re = 0.0, im = 0.0
        for i in 0..<rows {
            re += real[i * columns + i]
            im += imaginary[i * columns + i]
        }
        return Complex(re, im)
    }

    /// Largest elementwise |A - A^H|: zero for a Hermitian matrix.
    public var hermiticityError: Double {
        precondition(rows == columns)
        var worst = 0.0
        for r in 0..<rows {
            for c in r..<columns {
                let dr = real[r * columns + c] - real[c * columns + r]
                let di = imaginary[r * columns + c] + imaginary[c * columns + r]
                worst = max(worst, (dr * dr + di * di).squareRoot())
            }
        }
        return worst
    }

    /// `self += factor * other`.
    public mutating func add(_ other: ComplexMatrix, scaledBy factor: Double = 1) {
        precondition(rows == other.rows && columns == other.columns)
        for i in real.indices {
            real[i] += factor * other.real[i]
            imaginary[i] += factor * other.imaginary[i]
        }
    }

    /// Largest elementwise |A - B|.
    public func maxDifference(_ other: ComplexMatrix) -> Double {
        precondition(rows == other.rows && columns == other.columns)
        var worst = 0.0
        for i in real.indices {
            let dr = real[i] - other.real[i], di = imaginary[i] - other.imaginary[i]
            worst = max(worst, (dr * dr + di * di).squareRoot())
        }
        return worst
    }

    /// `op(a) * op(b)` through four real `dgemm` calls.
    public static func product(
        _ a: ComplexMatrix, _ opA: MatrixOperation = .none, _ b: ComplexMatrix, _ opB: MatrixOperation = .none
    ) -> ComplexMatrix {
        let m = opA == .none ? a.rows : a.columns
        let k = opA == .none ? a.columns : a.rows
        let kb = opB == .none ? b.rows : b.columns
        let n = opB == .none ? b.columns : b.rows
        precondition(k == kb, "inner dimensions differ")
        var c = ComplexMatrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return c }
        let ta = opA == .none ? CblasNoTrans : CblasTrans
        let tb = opB == .none ? CblasNoTrans : CblasTrans
        let sa: Double = opA == .adjoint ? -1 : 1
        let sb: Double = opB == .adjoint ? -1 : 1
        let (M, N, K) = (Int32(m), Int32(n), Int32(k))
        let lda = Int32(a.columns), ldb = Int32(b.columns), ldc = Int32(n)
        a.real.withUnsafeBufferPointer { ar in
            a.imaginary.withUnsafeBufferPointer { ai in
                b.real.withUnsafeBufferPointer { br in
                    b.imaginary.withUnsafeBufferPointer { bi in
                        c.real.withUnsafeMutableBufferPointer { cr in
                            c.imaginary.withUnsafeMutableBufferPointer { ci in
                                // Re = Ar Br - sa sb Ai Bi;  Im = sb Ar Bi + sa Ai Br
                                cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, 1, ar.baseAddress, lda, br.baseAddress, ldb, 0, cr.baseAddress, ldc)
                                cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, -sa * sb, ai.baseAddress, lda, bi.baseAddress, ldb, 1, cr.baseAddress, ldc)
                                cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, sb, ar.baseAddress, lda, bi.baseAddress, ldb, 0, ci.baseAddress, ldc)
                                cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, sa, ai.baseAddress, lda, br.baseAddress, ldb, 1, ci.baseAddress, ldc)
                            }
                        }
                    }
                }
            }
        }
        return c
    }

    /// `u * self * u^H`: the unitary transformation of a density matrix.
    public func transformed(by u: ComplexMatrix) -> ComplexMatrix {
        ComplexMatrix.product(ComplexMatrix.product(u, .none, self, .none), .none, u, .adjoint)
    }
}

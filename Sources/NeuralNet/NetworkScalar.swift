import CLAPACK
import RealModule

/// A floating-point type the network can compute in: `Float` (storage and training) or `Double`
/// (the test mode in which finite-difference gradient checks reach relative errors near 1e-9).
///
/// The BLAS hooks use row-major storage (`CblasRowMajor`). Every layer is generic over this
/// protocol, so one implementation serves both precisions; inside this module the `Float` paths
/// are specialised by the optimiser.
public protocol NetworkScalar: Real, BinaryFloatingPoint, Sendable {
    /// `C = alpha * op(A) * op(B) + beta * C`, with `op(A)` of size `m x k` and `op(B)` `k x n`.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `y = alpha * op(A) * x + beta * y`, with `A` stored as `m x n`.
    static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// `A += alpha * x * y^T`, with `A` of size `m x n`.
    static func ger(
        m: Int, n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
        a: UnsafeMutablePointer<Self>, lda: Int)
}

@inline(__always)
private func blasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: NetworkScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, blasTranspose(transposeA), blasTranspose(transposeB),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasRowMajor, blasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    public static func ger(
        m: Int, n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
        a: UnsafeMutablePointer<Float>, lda: Int
    ) {
        cblas_sger(CblasRowMajor, Int32(m), Int32(n), alpha, x, 1, y, 1, a, Int32(lda))
    }
}

extension Double: NetworkScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, blasTranspose(transposeA), blasTranspose(transposeB),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasRowMajor, blasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    public static func ger(
        m: Int, n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafePointer<Double>,
        a: UnsafeMutablePointer<Double>, lda: Int
    ) {
        cblas_dger(CblasRowMajor, Int32(m), Int32(n), alpha, x, 1, y, 1, a, Int32(lda))
    }
}

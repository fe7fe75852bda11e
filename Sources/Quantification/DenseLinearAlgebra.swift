import CLAPACK

/// Thin wrappers over the LAPACK routines the fitter uses, on column-major `[Double]` matrices.
/// The `LAPACKE_*_work` entry points are used: they skip LAPACKE's NaN scan of every input,
/// which cost more than the factorisations here (inputs are checked once, at the fitter's door).
public enum DenseLinearAlgebra {
    /// Workspace length: 64 columns' worth, above LAPACK's block-size optimum for these shapes.
    static func workLength(_ n: Int) -> Int { 64 * max(1, n) }

    static func char(_ c: Character) -> CChar { CChar(UInt8(ascii: c.unicodeScalars.first!)) }

    /// Householder QR of the m x n matrix `a` (overwritten with the factors) and its `tau`.
    static func qr(_ a: inout [Double], rows m: Int, columns n: Int) -> [Double] {
        var tau = [Double](repeating: 0, count: min(m, n))
        var work = [Double](repeating: 0, count: workLength(n))
        let info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, Int32(m), Int32(n), &a, Int32(m), &tau, &work, Int32(work.count))
        precondition(info == 0, "dgeqrf failed: \(info)")
        return tau
    }

    /// Applies `Q^T` (`transpose`) or `Q` of a QR factorisation to the m x nrhs matrix `c`.
    static func applyQ(_ factors: [Double], tau: [Double], rows m: Int, reflectors k: Int, to c: inout [Double],
                       columns nrhs: Int, transpose: Bool) {
        guard k > 0, nrhs > 0 else { return }
        var work = [Double](repeating: 0, count: workLength(nrhs))
        let info = factors.withUnsafeBufferPointer { f in
            LAPACKE_dormqr_work(LAPACK_COL_MAJOR, char("L"), char(transpose ? "T" : "N"), Int32(m), Int32(nrhs), Int32(k),
                                f.baseAddress, Int32(m), tau, &c, Int32(m), &work, Int32(work.count))
        }
        precondition(info == 0, "dormqr failed: \(info)")
    }

    /// Solves the upper-triangular system `R x = b` with R the leading k x k block of a QR
    /// factorisation with leading dimension m; returns nil when R is singular.
    static func solveUpper(_ factors: [Double], rows m: Int, size k: Int, rhs b: [Double]) -> [Double]? {
        guard k > 0 else { return [] }
        var r = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0...j { r[j * k + i] = factors[j * m + i] } }
        var x = Array(b.prefix(k))
        let info = LAPACKE_dtrtrs_work(LAPACK_COL_MAJOR, char("U"), char("N"), char("N"), Int32(k), 1, r, Int32(k), &x, Int32(k))
        return info == 0 ? x : nil
    }

    /// Least squares `min ||A x - b||` for a full-rank m x n (m >= n) matrix; nil if rank deficient.
    static func leastSquares(_ a: [Double], rows m: Int, columns n: Int, rhs b: [Double]) -> [Double]? {
        guard n > 0 else { return [] }
        var aa = a, bb = b
        var work = [Double](repeating: 0, count: workLength(n) + m)
        let info = LAPACKE_dgels_work(LAPACK_COL_MAJOR, char("N"), Int32(m), Int32(n), 1, &aa, Int32(m), &bb, Int32(m), &work, Int32(work.count))
        return info == 0 ? Array(bb.prefix(n)) : nil
    }

    /// Solves the symmetric positive-definite system `a x = b` (n x n); nil if not positive definite.
    public static func solveSPD(_ a: [Double], size n: Int, rhs b: [Double]) -> [Double]? {
        var aa = a, x = b
        let info = LAPACKE_dposv_work(LAPACK_COL_MAJOR, char("U"), Int32(n), 1, &aa, Int32(n), &x, Int32(n))
        return info == 0 ? x : nil
    }

    /// `A^T A` of an m x n column-major matrix (n x n, full).
    static func gram(_ a: [Double], rows m: Int, columns n: Int) -> [Double] {
        var g = [Double](repeating: 0, count: n * n)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(m), 1, a, Int32(m), 0, &g, Int32(n))
        for j in 0..<n { for i in 0..<j { g[i * n + j] = g[j * n + i] } }
        return g
    }

    /// `A^T v` of an m x n column-major matrix.
    static func transposeTimes(_ a: [Double], rows m: Int, columns n: Int, _ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(m), Int32(n), 1, a, Int32(m), v, 1, 0, &out, 1)
        return out
    }

    /// `A x` of an m x n column-major matrix.
    static func times(_ a: [Double], rows m: Int, columns n: Int, _ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: m)
        guard n > 0 else { return out }
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(m), x, 1, 0, &out, 1)
        return out
    }

    /// The Moore-Penrose inverse of a symmetric positive-semidefinite matrix after Jacobi
    /// scaling (`D F D` with `D = diag(F)^(-1/2)`), discarding eigenvalues below
    /// `1e-12 * largest`; rows and columns with a zero diagonal come back as NaN, and so does the
    /// whole matrix when `f` holds a non-finite value (no bound can be given).
    static func scaledPseudoInverse(_ f: [Double], size n: Int) -> [Double] {
        guard f.allSatisfy(\.isFinite) else { return [Double](repeating: .nan, count: n * n) }
        let d = (0..<n).map { f[$0 * n + $0] > 0 ? 1 / f[$0 * n + $0].squareRoot() : 0 }
        var s = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { s[j * n + i] = d[i] * f[j * n + i] * d[j] } }
        var w = [Double](repeating: 0, count: n)
        var work = [Double](repeating: 0, count: workLength(n))
        let info = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, char("V"), char("U"), Int32(n), &s, Int32(n), &w, &work, Int32(work.count))
        guard info == 0 else { return [Double](repeating: .nan, count: n * n) }
        let cutoff = 1e-12 * (w.max() ?? 0)
        var inv = [Double](repeating: 0, count: n * n)
        for k in 0..<n where w[k] > cutoff {
            for j in 0..<n {
                let vj = s[k * n + j] / w[k]
                for i in 0..<n { inv[j * n + i] += s[k * n + i] * vj }
            }
        }
        for j in 0..<n {
            for i in 0..<n { inv[j * n + i] = (d[i] == 0 || d[j] == 0) ? .nan : d[i] * inv[j * n + i] * d[j] }
        }
        return inv
    }
}

import CLAPACK

/// Eigen-decomposition of a real symmetric matrix through LAPACKE `dsyevd`.
public enum SymmetricEigen {
    /// The eigenvalues (ascending) and eigenvectors of the n x n symmetric row-major `matrix`.
    /// `vectors` is row-major with eigenvector k in column k, so `matrix = V diag(values) V^T`.
    public static func decompose(_ matrix: [Double], dimension n: Int) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n)
        guard n > 1 else { return (n == 1 ? [matrix[0]] : [], n == 1 ? [1] : []) }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                               Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        precondition(info == 0, "dsyevd failed with info \(info)")
        return (w, a)
    }
}

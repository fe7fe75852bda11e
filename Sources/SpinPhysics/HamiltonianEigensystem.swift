import CLAPACK
import Numerics

/// The eigen-decomposition of a spin system's Hamiltonian, block by block in total M.
///
/// `H` is real symmetric and block-diagonal in M (it conserves total Zeeman quantum number), so
/// each block is diagonalised separately with LAPACKE `dsyevd`; the eigenvectors `V` form a real
/// orthogonal block-diagonal matrix. Eigenbasis index a lies in the same M block as basis index
/// a, so coherence orders read the same in both bases.
public struct HamiltonianEigensystem: Sendable {
    /// The Zeeman basis the vectors are expressed in.
    public let basis: SpinBasis
    /// Energy of each eigenstate, in Hz.
    public let energiesHz: [Double]
    /// Eigenvectors, d x d row-major: column a is eigenstate a in the basis order.
    public let vectors: [Double]

    /// Diagonalises the full Hamiltonian of `system` (or, with `includeShifts` false, only its
    /// coupling part `sum J_ij I_i . I_j`).
    public init(system: SpinSystem, includeShifts: Bool = true) {
        let basis = SpinBasis(spinCount: system.spinCount)
        let d = basis.dimension
        var energies = [Double](repeating: 0, count: d)
        var vectors = [Double](repeating: 0, count: d * d)
        for block in basis.blocks where !block.isEmpty {
            let k = block.count
            let h = HamiltonianEigensystem.blockMatrix(system: system, basis: basis, block: block, includeShifts: includeShifts)
            let (values, v) = SymmetricEigen.decompose(h, dimension: k)
            for a in 0..<k {
                energies[block.lowerBound + a] = values[a]
                for r in 0..<k {
                    vectors[(block.lowerBound + r) * d + block.lowerBound + a] = v[r * k + a]
                }
            }
        }
        self.basis = basis
        self.energiesHz = energies
        self.vectors = vectors
    }

    /// The Hamiltonian restricted to one M block (row-major, `block.count` squared), in Hz.
    public static func blockMatrix(system: SpinSystem, basis: SpinBasis, block: Range<Int>, includeShifts: Bool) -> [Double] {
        let n = system.spinCount
        let k = block.count
        var h = [Double](repeating: 0, count: k * k)
        for r in 0..<k {
            let p = basis.states[block.lowerBound + r]
            var diagonal = 0.0
            for i in 0..<n {
                let mi = p & (1 << i) == 0 ? 0.5 : -0.5
                if includeShifts { diagonal += system.offsetsHz[i] * mi }
                for j in (i + 1)..<max(i + 1, n) {
                    let mj = p & (1 << j) == 0 ? 0.5 : -0.5
                    diagonal += system.coupling(i, j) * mi * mj
                }
            }
            h[r * k + r] = diagonal
            for c in (r + 1)..<max(r + 1, k) {
                let q = basis.states[block.lowerBound + c]
                let diff = p ^ q
                guard diff.nonzeroBitCount == 2 else { continue }
                let i = diff.trailingZeroBitCount
                let j = (diff & ~(1 << i)).trailingZeroBitCount
                // Same block, so one of the two spins flips up and the other down: flip-flop term.
                let value = system.coupling(i, j) / 2
                h[r * k + c] = value
                h[c * k + r] = value
            }
        }
        return h
    }

    /// The full Hamiltonian as a dense d x d row-major matrix in the basis order, in Hz.
    public func denseHamiltonian(system: SpinSystem, includeShifts: Bool = true) -> [Double] {
        let d = basis.dimension
        var h = [Double](repeating: 0, count: d * d)
        for block in basis.blocks where !block.isEmpty {
            let k = block.count
            let b = HamiltonianEigensystem.blockMatrix(system: system, basis: basis, block: block, includeShifts: includeShifts)
            for r in 0..<k {
                for c in 0..<k { h[(block.lowerBound + r) * d + block.lowerBound + c] = b[r * k + c] }
            }
        }
        return h
    }

    /// `V^T rho V`: a Zeeman-basis operator expressed in the eigenbasis.
    public func toEigenbasis(_ rho: ComplexMatrix) -> ComplexMatrix {
        transform(rho, transposeFirst: true)
    }

    /// `V rho V^T`: an eigenbasis operator expressed in the Zeeman basis.
    public func toZeeman(_ rho: ComplexMatrix) -> ComplexMatrix {
        transform(rho, transposeFirst: false)
    }

    private func transform(_ rho: ComplexMatrix, transposeFirst: Bool) -> ComplexMatrix {
        let d = basis.dimension
        precondition(rho.rows == d && rho.columns == d)
        var out = ComplexMatrix(rows: d, columns: d)
        var scratch = [Double](repeating: 0, count: d * d)
        let n = Int32(d)
        let left = transposeFirst ? CblasTrans : CblasNoTrans
        let right = transposeFirst ? CblasNoTrans : CblasTrans
        vectors.withUnsafeBufferPointer { v in
            for plane in 0..<2 {
                let input = plane == 0 ? rho.real : rho.imaginary
                var result = [Double](repeating: 0, count: d * d)
                input.withUnsafeBufferPointer { x in
                    scratch.withUnsafeMutableBufferPointer { s in
                        // s = op(V) x ; result = s op'(V)
                        cblas_dgemm(CblasRowMajor, left, CblasNoTrans, n, n, n, 1, v.baseAddress, n, x.baseAddress, n, 0, s.baseAddress, n)
                        result.withUnsafeMutableBufferPointer { r in
                            cblas_dgemm(CblasRowMajor, CblasNoTrans, right, n, n, n, 1, s.baseAddress, n, v.baseAddress, n, 0, r.baseAddress, n)
                        }
                    }
                }
                if plane == 0 { out.real = result } else { out.imaginary = result }
            }
        }
        return out
    }

    /// Free evolution for `seconds` of a density matrix held in the eigenbasis:
    /// `rho_ab -> rho_ab exp(-i 2 pi (E_a - E_b) t)`.
    public func evolve(_ rho: inout ComplexMatrix, seconds t: Double) {
        guard t != 0 else { return }
        let d = basis.dimension
        let pr = energiesHz.map { Double.cos(-2 * .pi * $0 * t) }
        let pi = energiesHz.map { Double.sin(-2 * .pi * $0 * t) }
        rho.real.withUnsafeMutableBufferPointer { re in
            rho.imaginary.withUnsafeMutableBufferPointer { im in
                for a in 0..<d {
                    for b in 0..<d {
                        // phase = p_a * conj(p_b)
                        let fr = pr[a] * pr[b] + pi[a] * pi[b]
                        let fi = pi[a] * pr[b] - pr[a] * pi[b]
                        let x = re[a * d + b], y = im[a * d + b]
                        re[a * d + b] = x * fr - y * fi
                        im[a * d + b] = x * fi + y * fr
                    }
                }
            }
        }
    }
}

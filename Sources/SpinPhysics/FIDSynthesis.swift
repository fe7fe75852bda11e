import CLAPACK
import Numerics

/// One observable transition: the FID holds `amplitude * exp(+i 2 pi frequencyHz t)`.
public struct Transition: Sendable, Equatable {
    /// Complex amplitude at t = 0 (one proton after an ideal 90 degree pulse has modulus 1).
    public var amplitude: Complex<Double>
    /// Frequency relative to the carrier, in Hz.
    public var frequencyHz: Double
}

/// Detection: from a density matrix in the eigenbasis to FID samples.
///
/// `s(t) = Tr(rho(t) F+) / (d / 4)`, with `F+ = sum_i I+_i`: one proton after an ideal 90 degree
/// pulse gives |s(0)| = 1. `F+` picks the coherence order p = -1 (elements (a, b) with
/// `M_a - M_b = -1`), and element (a, b) evolves as `exp(-i 2 pi (E_a - E_b) t)`, so the FID is
/// `sum A_ab exp(+i 2 pi (E_b - E_a) t)` with `A_ab = rho_ab (F+)_ba / (d / 4)`: a spin at a
/// positive offset appears at a positive frequency (the convention of `SpectralAxis`).
public enum FIDSynthesis {
    /// `F+` in the eigenbasis, `V^T F+ V` (real, d x d row-major).
    public static func raisingOperator(_ eigensystem: HamiltonianEigensystem) -> [Double] {
        let basis = eigensystem.basis
        let d = basis.dimension
        var fplus = [Double](repeating: 0, count: d * d)
        for spin in 0..<basis.spinCount {
            let pairs = basis.pairs[spin]
            var p = 0
            while p < pairs.count {
                fplus[pairs[p] * d + pairs[p + 1]] += 1
                p += 2
            }
        }
        var scratch = [Double](repeating: 0, count: d * d)
        var out = [Double](repeating: 0, count: d * d)
        let n = Int32(d)
        eigensystem.vectors.withUnsafeBufferPointer { v in
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, n, n, 1, v.baseAddress, n, fplus, n, 0, &scratch, n)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, scratch, n, v.baseAddress, n, 0, &out, n)
        }
        return out
    }

    /// The observable transitions of `rho` (eigenbasis), scaled by `weight`. Terms smaller than
    /// 1e-14 (relative to one proton) are dropped.
    public static func transitions(
        of rho: ComplexMatrix, eigensystem: HamiltonianEigensystem, weight: Double = 1
    ) -> [Transition] {
        let basis = eigensystem.basis
        let d = basis.dimension
        let fplus = raisingOperator(eigensystem)
        let norm = weight / (Double(d) / 4)
        var out: [Transition] = []
        for block in 1..<basis.blocks.count {
            // a: block with `block` spins down; b: one fewer down (M_b = M_a + 1).
            for a in basis.blocks[block] {
                for b in basis.blocks[block - 1] {
                    let f = fplus[b * d + a]
                    guard f != 0 else { continue }
                    let amp = rho[a, b].multiplied(by: f * norm)
                    guard amp.length > 1e-14 else { continue }
                    out.append(Transition(amplitude: amp, frequencyHz: eigensystem.energiesHz[b] - eigensystem.energiesHz[a]))
                }
            }
        }
        return out
    }

    /// Adds `sum_k A_k exp(i 2 pi f_k n dwell)` to `fid[n]`, multiplied by `phase`, for every n.
    /// Uses a phasor recurrence re-anchored with an exact exponential every 256 samples.
    public static func accumulate(
        _ transitions: [Transition], into fid: inout [Complex<Double>], dwellSeconds: Double,
        phase: Complex<Double> = .one
    ) {
        let count = fid.count
        let anchor = 256
        fid.withUnsafeMutableBufferPointer { out in
            for t in transitions {
                let a = t.amplitude * phase
                let w = 2 * Double.pi * t.frequencyHz * dwellSeconds
                let stepR = Double.cos(w), stepI = Double.sin(w)
                var start = 0
                while start < count {
                    let angle = w * Double(start)
                    var zr = a.real * Double.cos(angle) - a.imaginary * Double.sin(angle)
                    var zi = a.real * Double.sin(angle) + a.imaginary * Double.cos(angle)
                    for n in start..<min(count, start + anchor) {
                        out[n] = Complex(out[n].real + zr, out[n].imaginary + zi)
                        let nr = zr * stepR - zi * stepI
                        zi = zr * stepI + zi * stepR
                        zr = nr
                    }
                    start += anchor
                }
            }
        }
    }
}

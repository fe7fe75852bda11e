import ASDSCore
import Bloch
import CLAPACK
import Foundation
import Numerics

/// H without the metabolite basis, by exact sums (no gridding, no time segmentation): the
/// reference the NUFFT operator is tested against, and the source of dense H for small problems.
/// Model and indices: `SpatialSpectralEncoding`.
///
/// Cost: without B0/T2' a dense `J x P` spatial DFT matrix (`zgemm`, O(J P S)) and the exact
/// spectral step; with per-voxel rates the sum is taken per (sample, repetition), O(I S^2 P + J S P).
public struct ExactSpatialSpectralOperator: SpatialSpectralEncoding {
    public let trajectory: KSpaceTrajectory
    public let effects: EncodingEffects
    /// `e^{+i 2 pi k_j . r_p}`, row-major J x P.
    let fourier: [Complex<Double>]
    let spectral: SpectralStep
    let rates: [Complex<Double>]?
    let eddy: [Complex<Double>]?

    public init(trajectory: KSpaceTrajectory, effects: EncodingEffects = .none) throws {
        let voxels = trajectory.matrix * trajectory.matrix
        try effects.validate(voxels: voxels)
        // Reading the setting pins OpenBLAS to one thread before any BLAS call.
        _ = ComputeSettings.threads
        self.trajectory = trajectory
        self.effects = effects
        fourier = Self.spatialEncodingMatrix(trajectory).entries
        eddy = eddyFactorTable(trajectory, effects)
        spectral = SpectralStep(trajectory: trajectory, eddy: eddy)
        rates = effects.rates(voxels: voxels)
    }

    /// The J x P spatial encoding matrix `E[j, p] = e^{+i 2 pi k_j . r_p}` of one repetition.
    public static func spatialEncodingMatrix(_ t: KSpaceTrajectory) -> DenseOperator {
        let j = t.readoutSampleCount, n = t.matrix, voxels = n * n, dx = t.fovMeters / Double(n)
        var f = [Complex<Double>](repeating: .zero, count: j * voxels)
        for jj in 0..<j {
            for p in 0..<voxels {
                let x = Double(p % n - n / 2) * dx, y = Double(p / n - n / 2) * dx
                let a = 2 * Double.pi * (t.kx[jj] * x + t.ky[jj] * y)
                f[jj * voxels + p] = Complex(cos(a), sin(a))
            }
        }
        return DenseOperator(rows: j, columns: voxels, entries: f)
    }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let p = voxelCount, s = spectralPoints, j = trajectory.readoutSampleCount
        guard let z = rates else {
            gemm(CblasNoTrans, m: j, k: p, a: x.baseAddress!, into: y.baseAddress!, s: s)
            spectral.forward(y, count: j)
            return
        }
        let per = trajectory.samplesPerReadout
        var g = [Complex<Double>](repeating: .zero, count: p)
        for i in 0..<per {
            for r in 0..<s {
                let t = Double(r) * trajectory.repetitionSeconds + trajectory.adcTimesSeconds[i]
                let basis = (0..<s).map { n -> Complex<Double> in
                    let a = 2 * Double.pi * frequencyHz(n) * t
                    return Complex(cos(a) / Double(s), sin(a) / Double(s))
                }
                for q in 0..<p {
                    var v = Complex<Double>.zero
                    for n in 0..<s { v += x[q * s + n] * basis[n] }
                    g[q] = v * Complex.exp(z[q] * Complex(t, 0))
                }
                let e = eddy?[i * s + r] ?? Complex(1, 0)
                for shot in 0..<trajectory.shots {
                    let jj = shot * per + i
                    var v = Complex<Double>.zero
                    for q in 0..<p { v += fourier[jj * p + q] * g[q] }
                    y[jj * s + r] = e * v
                }
            }
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let p = voxelCount, s = spectralPoints, j = trajectory.readoutSampleCount
        guard let z = rates else {
            var data = Array(y)
            data.withUnsafeMutableBufferPointer { spectral.adjoint($0, count: j) }
            data.withUnsafeBufferPointer { gemm(CblasConjTrans, m: p, k: j, a: $0.baseAddress!, into: x.baseAddress!, s: s) }
            return
        }
        let per = trajectory.samplesPerReadout
        for q in 0..<(p * s) { x[q] = .zero }
        var g = [Complex<Double>](repeating: .zero, count: p)
        for i in 0..<per {
            for r in 0..<s {
                let t = Double(r) * trajectory.repetitionSeconds + trajectory.adcTimesSeconds[i]
                let e = (eddy?[i * s + r] ?? Complex(1, 0)).conjugate
                for q in 0..<p {
                    var v = Complex<Double>.zero
                    for shot in 0..<trajectory.shots {
                        let jj = shot * per + i
                        v += fourier[jj * p + q].conjugate * y[jj * s + r]
                    }
                    g[q] = e * v * Complex.exp(z[q] * Complex(t, 0)).conjugate
                }
                for n in 0..<s {
                    let a = 2 * Double.pi * frequencyHz(n) * t
                    let c = Complex(cos(a) / Double(s), -sin(a) / Double(s))
                    for q in 0..<p { x[q * s + n] += g[q] * c }
                }
            }
        }
    }

    /// `out (m x S) = op(F) (m x k) * a (k x S)` with F the J x P Fourier matrix.
    private func gemm(_ op: CBLAS_TRANSPOSE, m: Int, k: Int, a: UnsafePointer<Complex<Double>>, into out: UnsafeMutablePointer<Complex<Double>>, s: Int) {
        var alpha = Complex<Double>(1, 0), beta = Complex<Double>.zero
        let p = voxelCount
        fourier.withUnsafeBufferPointer { f in
            cblas_zgemm(CblasRowMajor, op, CblasNoTrans, Int32(m), Int32(s), Int32(k), &alpha,
                        f.baseAddress, Int32(p), a, Int32(s), &beta, out, Int32(s))
        }
    }

    /// The dense matrix of this operator, entry by entry:
    /// `H[(j, r), (p, n)] = e^{i phi_ec(t)} e^{i 2 pi k_j . r_p} e^{z_p t} e^{i 2 pi f_n t} / S`, t = r T + tau_i.
    /// Throws when it would exceed `maxEntries` (default 2^26, 1 GiB).
    public func denseMatrix(maxEntries: Int = 1 << 26) throws -> DenseOperator {
        let rows = rangeCount, cols = domainCount
        guard rows * cols <= maxEntries else {
            throw ASDSError.invalidInput(source: "--dense", field: "",
                                         reason: "H would have \(rows) x \(cols) entries, more than the \(maxEntries) allowed; drop --dense")
        }
        let p = voxelCount, s = spectralPoints, per = trajectory.samplesPerReadout
        var entries = [Complex<Double>](repeating: .zero, count: rows * cols)
        for jj in 0..<trajectory.readoutSampleCount {
            let i = jj % per
            for r in 0..<s {
                let t = Double(r) * trajectory.repetitionSeconds + trajectory.adcTimesSeconds[i]
                let e = eddy?[i * s + r] ?? Complex(1, 0)
                let row = (jj * s + r) * cols
                for q in 0..<p {
                    let decay = rates.map { Complex.exp($0[q] * Complex(t, 0)) } ?? Complex(1, 0)
                    let spatial = e * fourier[jj * p + q] * decay
                    for n in 0..<s {
                        let a = 2 * Double.pi * frequencyHz(n) * t
                        entries[row + q * s + n] = spatial * Complex(cos(a) / Double(s), sin(a) / Double(s))
                    }
                }
            }
        }
        return DenseOperator(rows: rows, columns: cols, entries: entries)
    }
}

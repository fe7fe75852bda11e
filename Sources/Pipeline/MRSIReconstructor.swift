import ASDSCore
import Encoding
import Foundation
import Numerics
import Reconstruction

/// The MRSI reconstruction methods (docs/RECONSTRUCTION.md, "MRSI").
public enum MRSIMethod: String, CaseIterable, Sendable, Codable {
    /// Density-compensated adjoint (gridding) with the unit-modulus corrections (B0 conjugate
    /// phase, eddy-current phase); no deconvolution of T2'.
    case ft
    /// Density-weighted Tikhonov least squares on H without T2' (hybrid Golub-Kahan), weight by
    /// the discrepancy principle, divided by its gain on a uniform object.
    case ils
    /// FISTA over a per-voxel Lorentzian line dictionary through H, universal threshold from the
    /// acquisition's noise level.
    case fista
    /// The same with a per-voxel weight lambda_p = alpha sigma_p^2, sigma_p^2 the VAE encoder's mean
    /// latent variance of voxel p's gridding spectrum.
    case asdsVAE = "asds-vae"

    /// A one-line description for tables and reports.
    public var summary: String {
        switch self {
        case .ft: "gridding: density-compensated adjoint with B0 and eddy-current phase correction"
        case .ils: "density-weighted Tikhonov least squares on H without T2', discrepancy weight, unit gain on a uniform object"
        case .fista: "FISTA, per-voxel line dictionary through H, universal threshold from the noise level"
        case .asdsVAE: "FISTA as fista, per-voxel lambda = alpha * sigma_p^2 from the VAE encoder"
        }
    }
}

/// One reconstruction of an acquisition: per-voxel spectra `x[p * S + n]` (H's unknown, on the
/// acquisition's spectral axis) and the solver's record.
public struct MRSIReconstruction: Sendable {
    public var method: MRSIMethod
    public var spectra: [Complex<Double>]
    /// The Tikhonov weight (ils) or the base lambda (fista, asds-vae); NaN for ft.
    public var weight: Double
    /// The gain divided out of the spectra (ils: its gain on a uniform object; else 1).
    public var gain: Double
    /// Per-voxel multipliers of `weight` (asds-vae), else empty.
    public var voxelWeights: [Double]
    /// Iterations (CG summed over the weight search, or FISTA).
    public var iterations: Int
    public var seconds: Double
}

/// Reconstructs one MRSI acquisition through its encoding operator H
/// (`NUFFTSpatialSpectralOperator` with the acquisition's B0 and T2' maps and eddy currents: the
/// calibration a scanner gives by a field map, a water reference and eddy-current measurements).
///
/// Sparse methods solve `min ||d - H B s||^2 + lambda sum_p w_p ||s_p||_1` over the coefficients
/// `s_p` of a Lorentzian line dictionary per voxel (`B = BlockDiagonalOperator(F Theta)`, the
/// single-voxel dictionary on the MRSI axis), and return `x = B s`.
public struct MRSIReconstructor: Sendable {
    public let data: MRSIData
    public let encoding: NUFFTSpatialSpectralOperator
    /// FISTA settings: 40 iterations at most (each costs one `H^H H` by Toeplitz embedding and
    /// the dictionary's synthesis and analysis), stopping earlier on a relative step of 1e-4.
    public var sparseOptions = SparseSolverOptions(algorithm: .fista, maxIterations: 40, relativeTolerance: 1e-4)

    /// Time-segmentation tolerance of the reconstruction's operator (the data were simulated at
    /// 1e-7; 1e-5 keeps the model error far below any noise level while using fewer segments).
    public static let segmentTolerance = 1e-5

    public init(data: MRSIData) throws {
        self.data = data
        encoding = try NUFFTSpatialSpectralOperator(trajectory: data.trajectory, effects: data.effects,
                                                    segmentTolerance: Self.segmentTolerance)
    }

    /// Voxels P and spectral points S.
    public var voxelCount: Int { encoding.voxelCount }
    public var spectralPoints: Int { encoding.spectralPoints }

    /// Noise standard deviation per real component of the k-space data (the acquisition's noise
    /// prescan: the value it was simulated with).
    public var noiseStandardDeviation: Double { data.noiseStandardDeviation }

    /// Gridding: `x = (S / sum_j w_j) H_u^H (w . d)`, H_u the encoding without T2' decay (only its
    /// unit-modulus factors), w the density weights. For a fully sampled object this has unit
    /// gain: a voxel's spectrum is its truth blurred by the PSF and broadened by T2'.
    public func gridding() throws -> [Complex<Double>] {
        let h = try unitModulusEncoding()
        let s = spectralPoints, w = data.trajectory.densityWeights
        var weighted = data.noisy
        for j in 0..<w.count { for r in 0..<s { weighted[j * s + r] = weighted[j * s + r].multiplied(by: w[j]) } }
        var x = h.adjoint(weighted)
        ComplexVector.scale(&x, by: Double(s) / w.reduce(0, +))
        return x
    }

    /// Density-weighted Tikhonov least squares,
    /// `min ||W^(1/2) (d - A x)||^2 + alpha ||x||^2`, W the trajectory's density weights (per
    /// sample, every repetition), alpha by the discrepancy principle on the weighted residual
    /// (`E ||W^(1/2) n||^2 = 2 sigma^2 S sum_j w_j`, times (m - n) / m), solved by the hybrid Golub-Kahan method (one
    /// Krylov run for every weight). The weights make `A^H W A` near the identity over the
    /// sampled disc, as density compensation preconditions CG-SENSE (Pruessmann et al. 2001):
    /// unweighted, the sparse outer k-space of radial and spiral readouts holds the smallest
    /// singular values and Tikhonov blurs (measured: docs/RECONSTRUCTION.md).
    ///
    /// `deconvolvingT2Prime`: A is the full H (unknown: the truth x before T2' decay), else H
    /// without T2' (unknown: each voxel's spectrum with its T2' broadening, which the LC fit
    /// models): far better conditioned, what the pipeline uses.
    public func leastSquares(deconvolvingT2Prime: Bool, maxIterations: Int = 200, tolerance: Double = 1e-4) throws -> TikhonovSolution {
        let w = data.trajectory.densityWeights, s = spectralPoints
        let root = w.map { $0.squareRoot() }
        let a = WeightedRowsOperator(base: deconvolvingT2Prime ? encoding : try unitModulusEncoding(), rowWeights: root, repeats: s)
        var y = data.noisy
        for j in 0..<w.count { for r in 0..<s { y[j * s + r] = y[j * s + r].multiplied(by: root[j]) } }
        // Equal-variance form of the weighted target: m 2 sigma_eff^2 = 2 sigma^2 S sum w.
        let sigma = noiseStandardDeviation * (w.reduce(0, +) / Double(w.count)).squareRoot()
        // Morozov's target for an overdetermined problem: the least-squares residual of pure noise
        // has m - n degrees of freedom, so aim at (m - n) / m of m 2 sigma^2 (with the full m the
        // weight must also remove n 2 sigma^2 of solution energy: at MRSI SNRs nearly all of it).
        let factor = Double(a.rangeCount - a.domainCount) / Double(a.rangeCount)
        return HybridTikhonov(operator: a, tolerance: tolerance, maxIterations: maxIterations)
            .solve(y, noiseStandardDeviation: sigma, factor: max(factor, 0))
    }

    /// The ILS estimate as the pipeline makes it: `leastSquares(deconvolvingT2Prime: false)`
    /// divided by its gain on a uniform object (`uniformObjectGain`), so that, like gridding with
    /// its `S / sum w` normalisation, a uniform object reconstructs with unit gain. Tikhonov shrinks
    /// every well-sampled spatial frequency by about `g / (g + alpha)`; at the discrepancy weight
    /// of MRSI SNRs that is 0.2-0.8, and uncorrected it biases every map by as much
    /// (docs/RECONSTRUCTION.md, "MRSI"). The correction is one scalar per acquisition, fixed by
    /// alpha and H (not by the data), so the estimate stays linear in the data.
    public func unitGainLeastSquares() throws -> (solution: TikhonovSolution, gain: Double) {
        var result = try leastSquares(deconvolvingT2Prime: false)
        let gain = try uniformObjectGain(alpha: result.alpha)
        if gain > 0, gain < 1 { ComplexVector.scale(&result.solution, by: 1 / gain) }
        return (result, gain)
    }

    /// The gain `g / (g + alpha)` of the density-weighted Tikhonov reconstruction (H without T2')
    /// on a uniform object, with `g = (A^H A u)_c / u_c` the normal operator's response to a
    /// uniform object u (a unit line at S/2 in every voxel) at the centre voxel c: the eigenvalue
    /// of `A^H A` at the k-space centre, where A is near shift-invariant. 1 for alpha = 0.
    public func uniformObjectGain(alpha: Double) throws -> Double {
        guard alpha > 0, alpha.isFinite else { return alpha == 0 ? 1 : 0 }
        let s = spectralPoints
        let a = try densityWeightedUnitModulusEncoding()
        var uniform = [Complex<Double>](repeating: .zero, count: voxelCount * s)
        for p in 0..<voxelCount { uniform[p * s + s / 2] = Complex(1, 0) }
        let n = data.trajectory.matrix, centre = (n / 2) * n + n / 2
        let g = a.normal(uniform)[centre * s + s / 2].real
        return g / (g + alpha)
    }

    /// The density-weighted Tikhonov reconstruction at weight `alpha` of noise-free data of a
    /// unit point at voxel `voxel` and spectral index S/2 (H without T2'): the ILS point response.
    public func pointResponse(alpha: Double, voxel: Int) throws -> [Complex<Double>] {
        let s = spectralPoints
        let a = try densityWeightedUnitModulusEncoding()
        var point = [Complex<Double>](repeating: .zero, count: voxelCount * s)
        point[voxel * s + s / 2] = Complex(1, 0)
        return TikhonovLeastSquares(operator: a, tolerance: 1e-6, maxIterations: 100, normSquared: 1)
            .solve(a.forward(point), rule: .fixed(alpha)).solution
    }

    /// `W^1/2 H_u` (H without T2', rows weighted by the square roots of the density weights), the
    /// operator of the ILS gain and point response, with its normal operator by Toeplitz embedding.
    private func densityWeightedUnitModulusEncoding() throws -> ToeplitzNormalEncoding {
        ToeplitzNormalEncoding(try unitModulusEncoding(), rowWeights: data.trajectory.densityWeights.map { $0.squareRoot() })
    }

    /// H without T2' decay: the B0 and eddy-current phases only.
    public func unitModulusEncoding() throws -> NUFFTSpatialSpectralOperator {
        var effects = data.effects
        effects.t2PrimeSeconds = nil
        return try NUFFTSpatialSpectralOperator(trajectory: data.trajectory, effects: effects, segmentTolerance: Self.segmentTolerance)
    }

    /// The sparse problem's operator `H B` for `dictionary` (on this acquisition's axis).
    public func sparseOperator(_ dictionary: LineDictionary) -> MRSISparseProblem.Operator {
        sparseOperator(dictionary, normal: ToeplitzNormalEncoding(encoding))
    }

    /// `H B` with H's normal operator by Toeplitz embedding (`normal`), what the solver iterates on.
    private func sparseOperator(_ dictionary: LineDictionary, normal: ToeplitzNormalEncoding) -> MRSISparseProblem.Operator {
        BlockDiagonalOperator(LineSpectrumOperator(dictionary: dictionary), blocks: voxelCount).followed(by: normal)
    }

    /// The sparse problem `H B` for `dictionary`, with its step (`||H B||^2`) and column norm
    /// computed once, so fista and asds-vae on this acquisition share them.
    public func sparseProblem(dictionary: LineDictionary) -> MRSISparseProblem {
        let normal = ToeplitzNormalEncoding(encoding)
        let op = sparseOperator(dictionary, normal: normal)
        // ||H B||^2 <= ||H||^2 ||F Theta||^2 = ||H||^2 S ||Theta||^2, ||H||^2 by Lanczos on H^H H to
        // 1e-4 and enlarged by 2% (the estimate converges from below).
        let encodingNorm = 1.02 * normal.normSquaredLanczos(tolerance: 1e-4)
        let dictionaryNorm = 1.01 * dictionary.normSquaredEstimate(iterations: 100, tolerance: 1e-9)
        return MRSISparseProblem(solver: SparseDeconvolution(operator: op, normSquared: encodingNorm * Double(spectralPoints) * dictionaryNorm),
                                 data: data.noisy, noiseStandardDeviation: noiseStandardDeviation,
                                 coefficientsPerVoxel: dictionary.domainCount, options: sparseOptions)
    }
}

import ASDSCore
import Numerics
import Reconstruction

/// The reconstructions the main job compares. The four the paper's Table 1 needs come first.
public enum PipelineMethod: String, CaseIterable, Sendable, Codable {
    /// Fourier transform after the unit-modulus system corrections (no deconvolution).
    case ft
    /// Tikhonov-regularised least squares on y = H x + n, weight by the discrepancy principle.
    case ils
    /// FISTA on ||y - H x||^2 + lambda ||x||_1 with the single lambda best on the training split.
    case fistaFixed = "fista-fixed"
    /// FISTA with lambda = alpha * sigma^2, sigma^2 the VAE encoder's mean latent variance (the paper's rule).
    case asdsVAE = "asds-vae"
    /// FISTA with the universal threshold computed from each spectrum's own noise estimate.
    case fistaUniversal = "fista-universal"
    /// FISTA with lambda = beta * (universal threshold), beta calibrated on the training split.
    case fistaNoise = "fista-noise"

    /// A one-line description for tables and reports.
    public var summary: String {
        switch self {
        case .ft: "FT with eddy-current, offset and phase correction"
        case .ils: "Tikhonov least squares on H, weight by the discrepancy principle"
        case .fistaFixed: "FISTA, one lambda chosen on the training split (oracle-fixed)"
        case .asdsVAE: "FISTA, lambda = alpha * sigma^2 from the VAE encoder (the paper's rule)"
        case .fistaUniversal: "FISTA, universal threshold from each spectrum's noise estimate"
        case .fistaNoise: "FISTA, lambda = beta * universal threshold, beta chosen on the training split"
        }
    }
}

/// Runs one method on one item. Sparse methods solve
/// `min ||y - H F Theta s||^2 + lambda ||s||_1` over the coefficients s of an overcomplete
/// Lorentzian line dictionary Theta (`LineDictionary`: widths 1, 2, 8 and 40 Hz, centres every half
/// bin) and return the object's spectrum `F Theta s`: narrow atoms carry the metabolite lines,
/// broad ones the macromolecules, baseline and water. (The identity dictionary, sparsity on the
/// frequency grid itself, scored below plain FT in SNR_err on `quick`; docs/RESULTS.md.)
public struct MethodRunner: Sendable {
    public var sparseOptions: SparseSolverOptions
    public let dictionary: LineDictionary
    /// `||Theta||^2` (power iteration, enlarged by 1%).
    public let dictionaryNormSquared: Double

    /// Lorentzian FWHM of the dictionary's atoms, in Hz.
    public static let lineWidthsHz = [1.0, 2.0, 8.0, 40.0]

    public init(axis: SpectralAxis,
                sparseOptions: SparseSolverOptions = SparseSolverOptions(algorithm: .fista, maxIterations: 200, relativeTolerance: 1e-5)) throws {
        self.sparseOptions = sparseOptions
        dictionary = try LineDictionary(axis: axis, widths: Self.lineWidthsHz.map { LineWidth(lorentzianHz: $0) }, oversampling: 2)
        dictionaryNormSquared = 1.01 * dictionary.normSquaredEstimate(iterations: 100, tolerance: 1e-9)
    }

    /// Noise standard deviation per real component of the FID, estimated from the data alone.
    public func noiseStandardDeviation(_ item: ExperimentItem) throws -> Double {
        try NoiseEstimation.fidStandardDeviation(fid: item.fid, axis: item.system.axis)
    }

    /// The FT reconstruction.
    public func fourier(_ item: ExperimentItem) -> [Complex<Double>] {
        item.system.phaseCorrectedSpectrum(of: item.fid)
    }

    /// The ILS reconstruction (its spectrum, weight and CG record).
    public func leastSquares(_ item: ExperimentItem, noiseStandardDeviation sigma: Double) -> TikhonovSolution {
        TikhonovLeastSquares(operator: item.system).solve(item.fid, rule: .discrepancy(noiseStandardDeviation: sigma))
    }

    /// The sparse reconstruction at `lambda` (from `initial` coefficients when given): the object's
    /// spectrum and the solver's record.
    public func sparse(_ item: ExperimentItem, lambda: Double, initial: [Complex<Double>]? = nil)
        -> (spectrum: [Complex<Double>], solution: SparseSolution) {
        let (op, solver) = self.solver(item)
        let solution = solver.solve(item.fid, lambda: lambda, options: sparseOptions, initial: initial)
        return (op.spectrum(of: solution.coefficients), solution)
    }

    /// The universal threshold for `item` at noise level `sigma`.
    public func universalLambda(_ item: ExperimentItem, noiseStandardDeviation sigma: Double) -> Double {
        solver(item).1.universalLambda(noiseStandardDeviation: sigma)
    }

    private func solver(_ item: ExperimentItem) -> (DictionarySystemOperator, SparseDeconvolution<DictionarySystemOperator>) {
        let op = DictionarySystemOperator(dictionary: dictionary, system: item.system)
        return (op, SparseDeconvolution(operator: op, normSquared: op.normSquaredBound(dictionaryNormSquared: dictionaryNormSquared)))
    }
}

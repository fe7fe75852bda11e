import ASDSCore
import Numerics

/// One preprocessing step as applied to one spectrum, for the output file's provenance record.
public struct PreprocessingStep: Sendable, Equatable, Codable {
    /// Step name: `apodisation`, `frequency-referencing`, `phase`, `zero-filling`, `fft`,
    /// `baseline`.
    public var name: String
    /// Numeric parameters with units in their keys (for example `lineBroadeningHz`, `shiftHz`,
    /// `zeroOrderRadians`, `firstOrderSeconds`, `points`, `order`).
    public var parameters: [String: Double]

    public init(name: String, parameters: [String: Double] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// `name(key=value, ...)` with keys sorted.
    public var summary: String {
        let p = parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: ", ")
        return p.isEmpty ? name : "\(name)(\(p))"
    }
}

/// Everything one spectrum's reconstruction produced and used: what `asds reconstruct` records
/// per spectrum.
public struct ReconstructionResult: Sendable {
    /// The method that made `spectrum`.
    public var method: ReconstructionMethod
    /// The spectrum's axis (its `points` is the zero-filled length).
    public var axis: SpectralAxis
    /// The reconstructed spectrum, in `FFT.spectrum(ofFID:)` units and index order.
    public var spectrum: [Complex<Double>]
    /// Preprocessing as applied, in order.
    public var preprocessing: [PreprocessingStep]
    /// The regularisation weight: lambda for ISTA/FISTA, the Tikhonov alpha for ILS; nil for FT.
    public var regularisationWeight: Double?
    /// How the weight was chosen: `fixed`, `universal` or `discrepancy`; nil for FT.
    public var regularisationRule: String?
    /// The sparse dictionary: `identity` or `lines`; nil unless ISTA/FISTA.
    public var dictionary: String?
    /// Iterations of the solver (0 for FT).
    public var iterations: Int
    /// Whether the solver met its stopping rule before the cap (true for FT).
    public var converged: Bool
    /// The objective per iteration: ISTA/FISTA `||y - A s||^2 + lambda ||s||_1` (first entry at the
    /// start); ILS the relative CG residual of the final solve; empty for FT.
    public var objectiveHistory: [Double]
    /// The FID-domain noise standard deviation per real component, when the method needed one.
    public var noiseStandardDeviation: Double?
}

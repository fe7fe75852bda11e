import Numerics

/// Line-shape parameters fitted for one metabolite group.
public struct LineShapeParameters: Sendable, Equatable {
    /// The group's metabolites.
    public var metabolites: [String]
    /// Extra Lorentzian broadening, FWHM in Hz (`gamma / pi`; the FID is multiplied by
    /// `exp(-pi lorentzianHz t)`).
    public var lorentzianHz: Double
    /// Extra Gaussian decay rate sigma^2 of `exp(-sigma^2 t^2)`, in 1/s^2.
    public var gaussianRatePerSecondSquared: Double
    /// Frequency shift, in Hz (positive: towards higher ppm).
    public var shiftHz: Double

    /// The Gaussian broadening as a FWHM in Hz: `2 sqrt(sigma^2 ln 2) / pi`.
    public var gaussianHz: Double { 2 * (gaussianRatePerSecondSquared * Double.log(2)).squareRoot() / Double.pi }
}

/// The outcome of one linear-combination fit.
public struct LinearCombinationFit: Sendable {
    /// Metabolite names in basis order.
    public var names: [String]
    /// Fitted amplitudes, in the basis's amplitude units (1 = the basis FID as given).
    public var amplitudes: [Double]
    /// Cramer-Rao lower bounds (standard deviations) of the amplitudes, same units; +infinity
    /// when an amplitude is not identifiable.
    public var crlb: [Double]
    /// Zero-order phase, in rad.
    public var zeroOrderPhaseRadians: Double
    /// First-order phase, in s (phase `2 pi f firstOrderPhaseSeconds` at f Hz from the carrier).
    public var firstOrderPhaseSeconds: Double
    /// Broadening and shift per group.
    public var groups: [LineShapeParameters]
    /// Complex Legendre coefficients of the baseline over the fitting range, order 0 first.
    public var baselineCoefficients: [Complex<Double>]
    /// Noise standard deviation per real component of the spectrum bins, as used for the CRLBs.
    public var noiseStandardDeviation: Double
    /// Levenberg-Marquardt iterations.
    public var iterations: Int
    /// Whether the relative-cost rule stopped the fit before the cap.
    public var converged: Bool
    /// The cost `||data - model||^2` over the fitting range at the start and after each accepted step.
    public var costHistory: [Double]
    /// Spectrum indices of the fitting range.
    public var fitIndices: Range<Int>
    /// The fitted model spectrum (metabolites plus baseline) over `fitIndices`.
    public var modelSpectrum: [Complex<Double>]
    /// The baseline alone over `fitIndices`.
    public var baselineSpectrum: [Complex<Double>]

    /// CRLBs in percent of the amplitudes.
    public var relativeCRLBPercent: [Double] { zip(crlb, amplitudes).map { 100 * $0 / abs($1) } }
}

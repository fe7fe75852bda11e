import ASDSCore

/// Where the noise level behind the Cramer-Rao bounds comes from.
public enum CRLBNoiseSource: Sendable, Equatable {
    /// The fit residual: `||r||^2 / (2 n - P)` per real component over the n fitted points with P
    /// fitted real parameters (the default; unbiased when the model is right).
    case residual
    /// The spectrum's signal-free ranges (`NoiseEstimation.fidStandardDeviation`, scaled to the
    /// frequency domain): independent of model misfit, but needs truly empty ranges on the axis.
    case signalFreeRegion([ClosedRange<Double>])
}

/// Settings of the linear-combination fit (`LinearCombinationFitter`).
public struct LinearCombinationOptions: Sendable, Equatable {
    /// Fitting range, in ppm.
    public var ppmRange: ClosedRange<Double>
    /// Order of the complex polynomial baseline over the fitting range (Legendre basis); -1 for
    /// no baseline.
    public var baselineOrder: Int
    /// Metabolite groups sharing broadening and frequency shift. Metabolites listed in no group
    /// form one more group together. Empty: one group for all.
    public var groups: [[String]]
    /// Constrain amplitudes to be non-negative (Lawson-Hanson active set inside the projection).
    public var nonNegative: Bool
    /// Levenberg-Marquardt iteration cap.
    public var maxIterations: Int
    /// Stop when an accepted step lowers the cost by less than this fraction.
    public var relativeTolerance: Double
    /// Noise level for the CRLBs.
    public var noise: CRLBNoiseSource
    /// Initial extra Lorentzian broadening, FWHM in Hz.
    public var initialLorentzianHz: Double
    /// Half-width of the initial frequency-shift search, in Hz.
    public var shiftSearchHz: Double
    /// Largest extra Lorentzian and Gaussian broadening (FWHM) a group may get, in Hz.
    public var maxBroadeningHz: Double

    public init(ppmRange: ClosedRange<Double> = 0.2...4.2, baselineOrder: Int = 2, groups: [[String]] = [],
                nonNegative: Bool = true, maxIterations: Int = 100, relativeTolerance: Double = 1e-10,
                noise: CRLBNoiseSource = .residual, initialLorentzianHz: Double = 2, shiftSearchHz: Double = 15,
                maxBroadeningHz: Double = 40) {
        self.ppmRange = ppmRange
        self.baselineOrder = baselineOrder
        self.groups = groups
        self.nonNegative = nonNegative
        self.maxIterations = maxIterations
        self.relativeTolerance = relativeTolerance
        self.noise = noise
        self.initialLorentzianHz = initialLorentzianHz
        self.shiftSearchHz = shiftSearchHz
        self.maxBroadeningHz = maxBroadeningHz
    }
}

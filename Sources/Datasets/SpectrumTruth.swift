/// Every parameter drawn for one spectrum: the ground truth stored beside the data.
/// Units: mM, s, Hz, radians; arrays follow the suite's metabolite order.
public struct SpectrumTruth: Sendable, Equatable {
    /// Item index in the suite (0-based).
    public var index: Int
    /// Whether the item belongs to the training split.
    public var isTraining: Bool
    /// Index into the suite's scenarios.
    public var scenario: Int
    /// Index into the suite's sequences.
    public var sequence: Int
    /// Concentration per metabolite, in mM.
    public var concentrationsMM: [Double]
    /// T2 per metabolite, in s (`infinity` when the suite applies no relaxation).
    public var t2Seconds: [Double]
    /// Extra frequency shift per metabolite, in Hz.
    public var metaboliteShiftHz: [Double]
    /// Lorentzian and Gaussian broadening (FWHM), in Hz.
    public var lorentzianHz: Double
    public var gaussianHz: Double
    /// Global frequency shift, in Hz.
    public var frequencyShiftHz: Double
    /// Zero-order phase, in radians.
    public var phase0Radians: Double
    /// First-order phase as a delay, in s.
    public var phase1Seconds: Double
    /// Baseline: overall height relative to the reference peak, and per hump its centre (ppm),
    /// FWHM (ppm) and signed weight.
    public var baselineAmplitude: Double
    public var baselineCentersPPM: [Double]
    public var baselineWidthsPPM: [Double]
    public var baselineWeights: [Double]
    /// Macromolecule and lipid amplitudes, in mM-equivalents of their component models.
    public var macromoleculeAmplitude: Double
    public var lipidAmplitude: Double
    /// Residual water: peak height relative to the reference peak, width (Hz), offset (Hz), phase (rad).
    public var waterAmplitude: Double
    public var waterLorentzianHz: Double
    public var waterOffsetHz: Double
    public var waterPhaseRadians: Double
    /// Eddy-current frequency shift amplitude (Hz) and time constant (s).
    public var eddyAmplitudeHz: Double
    public var eddyTimeConstantSeconds: Double
    /// Requested SNR.
    public var targetSNR: Double
    /// Height of the SNR reference peak in the real part of the noise-free, correctly phased
    /// spectrum (unnormalised DFT units), computed during synthesis.
    public var referencePeakHeight: Double
    /// Standard deviation of the complex noise per real component of the FID, computed.
    public var noiseStandardDeviation: Double
}

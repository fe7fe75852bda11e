import ASDSCore

/// A time-domain window applied to the FID before the transform.
public enum Apodisation: Sendable, Equatable {
    /// No window.
    case none
    /// `exp(-pi * lineBroadeningHz * t)`: adds `lineBroadeningHz` to a Lorentzian FWHM.
    case exponential(lineBroadeningHz: Double)
    /// `exp(-(pi * lineBroadeningHz * t)^2 / (4 ln 2))`: a Gaussian line of FWHM `lineBroadeningHz`.
    case gaussian(lineBroadeningHz: Double)
}

/// Zero- and first-order phase correction: the spectrum is multiplied by
/// `exp(i (zeroOrder + 2 pi f firstOrderSeconds))`, f in Hz relative to the carrier.
public enum PhaseCorrection: Sendable, Equatable {
    /// No correction.
    case none
    /// Given phases.
    case fixed(zeroOrderRadians: Double, firstOrderSeconds: Double)
    /// Zero order chosen to make the largest peak (in magnitude) inside `searchPPM` real and
    /// positive; `firstOrderSeconds` applied as given.
    case automatic(searchPPM: ClosedRange<Double>, firstOrderSeconds: Double)
}

/// Frequency referencing: the largest magnitude peak inside `expectedPPM +- searchHalfWidthPPM`
/// (located to a fraction of a bin by parabolic interpolation) is moved to `expectedPPM` by an
/// exact time-domain modulation of the FID.
public struct FrequencyReferencing: Sendable, Equatable {
    /// Where the reference peak belongs, in ppm (2.008 for the NAA singlet).
    public var expectedPPM: Double
    /// Half-width of the search window, in ppm.
    public var searchHalfWidthPPM: Double

    public init(expectedPPM: Double = 2.008, searchHalfWidthPPM: Double = 0.15) {
        self.expectedPPM = expectedPPM
        self.searchHalfWidthPPM = searchHalfWidthPPM
    }
}

/// Robust polynomial baseline correction: a complex polynomial of `order` (Legendre basis over
/// the whole ppm axis) is fitted to the spectrum over `signalFreePPM` by iteratively reweighted
/// least squares with Tukey bisquare weights, and subtracted everywhere.
public struct BaselineCorrection: Sendable, Equatable {
    /// Polynomial order (0 = constant).
    public var order: Int
    /// Chemical-shift ranges that hold no signal, in ppm.
    public var signalFreePPM: [ClosedRange<Double>]

    public init(order: Int = 2, signalFreePPM: [ClosedRange<Double>] = SignalFreeRegions.defaultPPM) {
        self.order = order
        self.signalFreePPM = signalFreePPM
    }
}

/// Every preprocessing step, each optional; the order of application is fixed: first-point
/// scaling, apodisation,
/// frequency referencing, zero-order phase (all exact on the FID), the reconstruction onto
/// `zeroFillPoints` (zero-filling for FT; the spectrum length of the forward model otherwise),
/// first-order phase, then baseline correction (both on the spectrum).
public struct PreprocessingOptions: Sendable, Equatable {
    /// Factor applied to the first FID sample before anything else (0.5 makes the DFT a
    /// trapezoid-rule Fourier integral, removing the constant offset of half the first point
    /// from every bin); default 1, no change.
    public var firstPointScale: Double
    /// Spectrum length after zero-filling (never truncates: a longer FID keeps its length); nil
    /// for none. Default 2048.
    public var zeroFillPoints: Int?
    public var apodisation: Apodisation
    public var frequencyReferencing: FrequencyReferencing?
    public var phase: PhaseCorrection
    public var baseline: BaselineCorrection?

    public init(firstPointScale: Double = 1, zeroFillPoints: Int? = 2048, apodisation: Apodisation = .none, frequencyReferencing: FrequencyReferencing? = nil,
                phase: PhaseCorrection = .none, baseline: BaselineCorrection? = nil) {
        self.firstPointScale = firstPointScale
        self.zeroFillPoints = zeroFillPoints
        self.apodisation = apodisation
        self.frequencyReferencing = frequencyReferencing
        self.phase = phase
        self.baseline = baseline
    }

    /// No preprocessing at all (not even zero-filling).
    public static let none = PreprocessingOptions(zeroFillPoints: nil)
}

/// The time and frequency axes of a free induction decay (FID) and its spectrum.
///
/// Conventions, shared by every stage of ASDS:
/// - The FID is sampled at `t_n = n * dwellSeconds`, `n = 0 ..< points`; `t = 0` is the echo top.
/// - A component `exp(+i 2 pi f t)` lies at frequency `f` (Hz) relative to the carrier, and at
///   `ppm = referencePPM + f / (spectrometerFrequencyHz / 1e6)`.
/// - The spectrum is the forward DFT (`exp(-i 2 pi k n / N)`, FFTW_FORWARD) followed by fftshift,
///   so spectrum index `k` lies at `(k - points / 2) * bandwidthHz / points` Hz and ppm increases
///   with the index.
public struct SpectralAxis: Sendable, Equatable, Hashable, Codable {
    /// Number of complex samples.
    public let points: Int
    /// Spectral width, the inverse of the dwell time, in Hz.
    public let bandwidthHz: Double
    /// Larmor (spectrometer) frequency of the observed nucleus, in Hz (123.2e6 at 2.89 T for 1H).
    public let spectrometerFrequencyHz: Double
    /// Chemical shift at the carrier (0 Hz), in ppm.
    public let referencePPM: Double
    /// Observed nucleus.
    public let nucleus: Nucleus

    /// Creates an axis, validating that every number is finite and physical.
    public init(
        points: Int, bandwidthHz: Double, spectrometerFrequencyHz: Double,
        referencePPM: Double = PhysicalConstants.defaultReferencePPM, nucleus: Nucleus = .proton,
        source: String = "spectral axis"
    ) throws {
        guard points > 0 else {
            throw ASDSError.invalidInput(source: source, field: "points", reason: "must be a positive integer, got \(points)")
        }
        try ASDSError.requirePositive(bandwidthHz, source: source, field: "bandwidth", unit: "Hz")
        try ASDSError.requirePositive(spectrometerFrequencyHz, source: source, field: "spectrometerFrequency", unit: "Hz")
        try ASDSError.require(referencePPM, in: -1000...1000, source: source, field: "referencePPM", unit: "ppm")
        self.points = points
        self.bandwidthHz = bandwidthHz
        self.spectrometerFrequencyHz = spectrometerFrequencyHz
        self.referencePPM = referencePPM
        self.nucleus = nucleus
    }

    /// The axis of `nucleus` at field `b0Tesla`.
    public init(
        b0Tesla: Double, points: Int, bandwidthHz: Double,
        referencePPM: Double = PhysicalConstants.defaultReferencePPM, nucleus: Nucleus = .proton,
        source: String = "spectral axis"
    ) throws {
        try ASDSError.require(b0Tesla, in: 0.01...30, source: source, field: "b0", unit: "T")
        try self.init(
            points: points, bandwidthHz: bandwidthHz,
            spectrometerFrequencyHz: b0Tesla * nucleus.gyromagneticRatioHzPerTesla,
            referencePPM: referencePPM, nucleus: nucleus, source: source)
    }

    /// Sampling interval, in s.
    @inlinable public var dwellSeconds: Double { 1 / bandwidthHz }
    /// Spectrometer frequency, in MHz (Hz per ppm).
    @inlinable public var spectrometerFrequencyMHz: Double { spectrometerFrequencyHz / 1e6 }
    /// Field strength implied by the spectrometer frequency, in T.
    @inlinable public var b0Tesla: Double { spectrometerFrequencyHz / nucleus.gyromagneticRatioHzPerTesla }
    /// Frequency spacing of the spectrum, in Hz.
    @inlinable public var resolutionHz: Double { bandwidthHz / Double(points) }

    /// Time of FID sample `n`, in s.
    @inlinable public func timeSeconds(at n: Int) -> Double { Double(n) * dwellSeconds }

    /// All sample times, in s.
    public var timesSeconds: [Double] { (0..<points).map { timeSeconds(at: $0) } }

    /// Frequency (Hz, relative to the carrier) of spectrum index `k` (after fftshift).
    @inlinable public func frequencyHz(atIndex k: Double) -> Double {
        (k - Double(points / 2)) * resolutionHz
    }

    /// Chemical shift (ppm) of spectrum index `k` (fractional indices allowed).
    @inlinable public func ppm(atIndex k: Double) -> Double { ppm(frequencyHz: frequencyHz(atIndex: k)) }

    /// Fractional spectrum index of frequency `hz` relative to the carrier.
    @inlinable public func index(frequencyHz hz: Double) -> Double { hz / resolutionHz + Double(points / 2) }

    /// Fractional spectrum index of chemical shift `ppm`.
    @inlinable public func index(ppm: Double) -> Double { index(frequencyHz: frequencyHz(ppm: ppm)) }

    /// Converts a chemical shift (ppm) to a frequency relative to the carrier (Hz).
    @inlinable public func frequencyHz(ppm: Double) -> Double { (ppm - referencePPM) * spectrometerFrequencyMHz }

    /// Converts a frequency relative to the carrier (Hz) to a chemical shift (ppm).
    @inlinable public func ppm(frequencyHz hz: Double) -> Double { referencePPM + hz / spectrometerFrequencyMHz }

    /// The chemical shift of every spectrum index, in ppm (ascending).
    public var ppmScale: [Double] { (0..<points).map { ppm(atIndex: Double($0)) } }

    /// Spectrum index range `[lo, hi)` covering `ppmRange`, clamped to the axis.
    public func indexRange(ppm ppmRange: ClosedRange<Double>) -> Range<Int> {
        let a = index(ppm: ppmRange.lowerBound), b = index(ppm: ppmRange.upperBound)
        let lo = max(0, Int((min(a, b)).rounded(.up)))
        let hi = min(points, Int((max(a, b)).rounded(.down)) + 1)
        return lo..<max(lo, hi)
    }

    /// The same axis with a different number of points (zero-filling or truncation).
    public func withPoints(_ n: Int) throws -> SpectralAxis {
        try SpectralAxis(points: n, bandwidthHz: bandwidthHz, spectrometerFrequencyHz: spectrometerFrequencyHz,
                         referencePPM: referencePPM, nucleus: nucleus)
    }
}

extension SpectralAxis {
    /// Whether `other` samples the same axis: same points and nucleus, bandwidth and
    /// spectrometer frequency equal to `relativeTolerance`, reference equal to 1e-9 ppm (axes that
    /// differ only by the rounding of a B0 round trip are the same axis).
    public func matches(_ other: SpectralAxis, relativeTolerance: Double = 1e-9) -> Bool {
        points == other.points && nucleus == other.nucleus
            && abs(bandwidthHz - other.bandwidthHz) <= relativeTolerance * bandwidthHz
            && abs(spectrometerFrequencyHz - other.spectrometerFrequencyHz) <= relativeTolerance * spectrometerFrequencyHz
            && abs(referencePPM - other.referencePPM) <= 1e-9
    }
}

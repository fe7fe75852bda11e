import ASDSCore
import Foundation

/// Hardware limits and raster for gradient design.
public struct GradientLimits: Sendable, Equatable, Codable {
    /// Maximum gradient magnitude |g| (vector norm over x, y), in T/m (default 40 mT/m).
    public var maxGradientTeslaPerMeter: Double
    /// Maximum slew rate |dg/dt| (vector norm), in T/m/s (default 150 T/m/s).
    public var maxSlewTeslaPerMeterPerSecond: Double
    /// Gradient raster: waveforms are piecewise constant on steps of this length, in s (10 us).
    public var rasterSeconds: Double

    public init(maxGradientTeslaPerMeter: Double = 0.040, maxSlewTeslaPerMeterPerSecond: Double = 150,
                rasterSeconds: Double = 10e-6) {
        self.maxGradientTeslaPerMeter = maxGradientTeslaPerMeter
        self.maxSlewTeslaPerMeterPerSecond = maxSlewTeslaPerMeterPerSecond
        self.rasterSeconds = rasterSeconds
    }

    func validate(source: String) throws {
        try ASDSError.requirePositive(maxGradientTeslaPerMeter, source: source, field: "maxGradientTeslaPerMeter", unit: "T/m")
        try ASDSError.requirePositive(maxSlewTeslaPerMeterPerSecond, source: source, field: "maxSlewTeslaPerMeterPerSecond", unit: "T/m/s")
        try ASDSError.requirePositive(rasterSeconds, source: source, field: "rasterSeconds", unit: "s")
    }
}

/// A 2-D k-space trajectory for spectroscopic imaging: `shots` readouts (phase encodes,
/// spokes or spiral interleaves), each sampled `samplesPerReadout` times and repeated
/// `repetitions` times with period `repetitionSeconds` (spatial-spectral encoding).
///
/// Timing: sample `i` of repetition `r` of any shot is acquired at
/// `t = r * repetitionSeconds + adcTimesSeconds[i]`, with t = 0 at the echo top. The spectral
/// axis of the reconstructed spectra therefore has `repetitions` points and bandwidth
/// `1 / repetitionSeconds`.
///
/// Gradients: `prephaseGradients[s]` (piecewise constant on `limits.rasterSeconds`, played
/// before t = 0, ending at t = 0) moves k to the readout's start; `readoutGradients[s]`
/// (piecewise constant, one repetition period long; empty for phase-encoded CSI whose readout
/// has no gradient) is played in every repetition and has zero net area, so every repetition
/// retraces the same k-space path. `k(t) = gamma_bar * integral of g` from the start of the
/// prephaser; the samples `kx`, `ky` (1/m, shot-major: index `s * samplesPerReadout + i`) are
/// that integral at the ADC times.
///
/// Density compensation: `densityWeights` (one per readout sample, shot-major) are k-space
/// areas in units of `(1/FOV)^2`, so a fully sampled Cartesian grid has weight 1 per sample and
/// the weights of any trajectory sum to the covered k-space area times `FOV^2`.
public struct KSpaceTrajectory: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case cartesian, radial, spiral
    }

    public var kind: Kind
    /// Human-readable description of the design (variant and parameters).
    public var summary: String
    public var fovMeters: Double
    public var matrix: Int
    public var shots: Int
    public var samplesPerReadout: Int
    public var repetitions: Int
    public var repetitionSeconds: Double
    public var adcTimesSeconds: [Double]
    public var kx: [Double]
    public var ky: [Double]
    public var densityWeights: [Double]
    public var limits: GradientLimits
    public var prephaseGradients: [[SIMD2<Double>]]
    public var readoutGradients: [[SIMD2<Double>]]

    /// A trajectory from its samples, for example one read back from a file; gradients are
    /// optional (the encoding needs only the samples, ADC times and density weights).
    public init(kind: Kind, summary: String, fovMeters: Double, matrix: Int, shots: Int, samplesPerReadout: Int,
                repetitions: Int, repetitionSeconds: Double, adcTimesSeconds: [Double], kx: [Double], ky: [Double],
                densityWeights: [Double], limits: GradientLimits, prephaseGradients: [[SIMD2<Double>]] = [],
                readoutGradients: [[SIMD2<Double>]] = []) {
        self.kind = kind
        self.summary = summary
        self.fovMeters = fovMeters
        self.matrix = matrix
        self.shots = shots
        self.samplesPerReadout = samplesPerReadout
        self.repetitions = repetitions
        self.repetitionSeconds = repetitionSeconds
        self.adcTimesSeconds = adcTimesSeconds
        self.kx = kx
        self.ky = ky
        self.densityWeights = densityWeights
        self.limits = limits
        self.prephaseGradients = prephaseGradients
        self.readoutGradients = readoutGradients
    }

    /// The largest k-space radius the samples reach, `N / (2 FOV)` for a design at Nyquist, in 1/m.
    public var nominalKMax: Double { Double(matrix) / (2 * fovMeters) }

    /// Number of readout samples over all shots (one repetition).
    public var readoutSampleCount: Int { shots * samplesPerReadout }

    /// Total number of acquired samples.
    public var totalSampleCount: Int { readoutSampleCount * repetitions }

    /// Spectral bandwidth of the repeated readout, in Hz.
    public var spectralBandwidthHz: Double { 1 / repetitionSeconds }
}

extension KSpaceTrajectory {
    /// Integrates a piecewise-constant gradient (raster `dt`) from k0 and returns k at time `t`
    /// (s, from the waveform's start), in 1/m. Exact for piecewise-constant waveforms.
    static func integrate(_ g: [SIMD2<Double>], dt: Double, from k0: SIMD2<Double>, at t: Double) -> SIMD2<Double> {
        let gammaBar = PhysicalConstants.protonGyromagneticRatioHzPerTesla
        var k = k0
        let whole = min(g.count, Int((t / dt).rounded(.down)))
        for q in 0..<whole { k += g[q] * (gammaBar * dt) }
        if whole < g.count {
            let rest = t - Double(whole) * dt
            if rest > 0 { k += g[whole] * (gammaBar * rest) }
        }
        return k
    }

    /// The k-space position (1/m) after the whole of `g`, starting from `k0`.
    static func area(_ g: [SIMD2<Double>], dt: Double) -> SIMD2<Double> {
        var a = SIMD2<Double>.zero
        for v in g { a += v }
        return a * (PhysicalConstants.protonGyromagneticRatioHzPerTesla * dt)
    }

    /// Largest vector gradient magnitude over every waveform, in T/m.
    public var peakGradientTeslaPerMeter: Double {
        (prephaseGradients + readoutGradients).flatMap { $0 }.map { ($0 * $0).sum().squareRoot() }.max() ?? 0
    }

    /// Largest vector slew rate over every waveform (including the steps from and to zero at
    /// each waveform's ends), in T/m/s.
    public var peakSlewTeslaPerMeterPerSecond: Double {
        var peak = 0.0
        for w in prephaseGradients + readoutGradients where !w.isEmpty {
            let padded = [SIMD2<Double>.zero] + w + [SIMD2<Double>.zero]
            for q in 1..<padded.count {
                let d = padded[q] - padded[q - 1]
                peak = max(peak, (d * d).sum().squareRoot() / limits.rasterSeconds)
            }
        }
        return peak
    }

    /// The Bloch-solver waveform of shot `s`'s readout gradients (x, y), one repetition period.
    public func readoutWaveform(shot s: Int) throws -> BlochWaveform {
        let g = readoutGradients[s]
        return try BlochWaveform(durationsSeconds: .init(repeating: limits.rasterSeconds, count: g.count),
                                 b1Tesla: .init(repeating: .zero, count: g.count),
                                 gradientsTeslaPerMeter: g.map { SIMD3($0.x, $0.y, 0) }, source: "trajectory")
    }
}

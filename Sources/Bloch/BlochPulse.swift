import ASDSCore
import Foundation
import Numerics

/// A finite RF pulse for the Bloch solver: its waveform (RF and any slice-select and rephasing
/// gradients) and the time of its effective centre measured from the waveform's start, in s.
/// Sequence timings (TE, TM) are measured between pulse centres.
public struct BlochPulse: Sendable, Equatable {
    public var waveform: BlochWaveform
    public var centreSeconds: Double

    public init(waveform: BlochWaveform, centreSeconds: Double) throws {
        guard centreSeconds >= 0, centreSeconds <= waveform.durationSeconds else {
            throw ASDSError.invalidInput(source: "pulse", field: "centreSeconds",
                                         reason: "must lie within the waveform's \(waveform.durationSeconds) s, got \(centreSeconds) s")
        }
        self.waveform = waveform
        self.centreSeconds = centreSeconds
    }

    /// A rectangular non-selective pulse (centre at half its duration).
    public static func hard(flipRadians: Double, phaseRadians: Double, durationSeconds: Double, steps: Int = 16) throws -> BlochPulse {
        let w = try BlochWaveform.hardPulse(flipRadians: flipRadians, phaseRadians: phaseRadians,
                                            durationSeconds: durationSeconds, steps: steps)
        return try BlochPulse(waveform: w, centreSeconds: durationSeconds / 2)
    }

    /// A slice-selective Hann-windowed sinc pulse selecting a slab of `thicknessMeters` along the
    /// unit `axis` (0 = x, 1 = y, 2 = z), centred at the origin. The gradient is chosen so that
    /// the pulse bandwidth `2 lobes / duration` covers the thickness. An excitation pulse
    /// (`rephase == true`) is followed by a rephasing lobe of minus half the slice-select area.
    public static func sliceSelective(flipRadians: Double, phaseRadians: Double, durationSeconds: Double, lobes: Int,
                                      steps: Int, axis: Int, thicknessMeters: Double, rephase: Bool) throws -> BlochPulse {
        try ASDSError.requirePositive(thicknessMeters, source: "slice-selective pulse", field: "thicknessMeters", unit: "m")
        guard (0...2).contains(axis) else {
            throw ASDSError.invalidInput(source: "slice-selective pulse", field: "axis", reason: "must be 0, 1 or 2")
        }
        let bandwidth = 2 * Double(lobes) / durationSeconds
        let amplitude = bandwidth / (PhysicalConstants.protonGyromagneticRatioHzPerTesla * thicknessMeters)
        var g = SIMD3<Double>.zero
        g[axis] = amplitude
        var w = try BlochWaveform.sincPulse(flipRadians: flipRadians, phaseRadians: phaseRadians,
                                            durationSeconds: durationSeconds, lobes: lobes, steps: steps, sliceGradient: g)
        if rephase {
            w = w.appending(try .delay(durationSeconds / 2, steps: 1, gradient: -g))
        }
        return try BlochPulse(waveform: w, centreSeconds: durationSeconds / 2)
    }

    /// The slice-select gradient amplitude along `axis` during the RF, in T/m.
    public func sliceGradient(axis: Int) -> Double {
        zip(waveform.b1Tesla, waveform.gradientsTeslaPerMeter).first { $0.0 != .zero }?.1[axis] ?? 0
    }
}

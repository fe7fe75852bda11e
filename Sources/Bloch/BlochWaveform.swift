import ASDSCore
import Foundation
import Numerics

/// RF and gradients as piecewise-constant steps: the plain input of the Bloch solver.
///
/// Step `s` lasts `durationsSeconds[s]`, during which the rotating-frame RF field is the complex
/// `b1Tesla[s] = B1x + i B1y` (in T; its phase is the pulse phase, 0 = along +x) and the gradient
/// is `gradientsTeslaPerMeter[s]` (x, y, z in T/m).
public struct BlochWaveform: Sendable, Equatable {
    public var durationsSeconds: [Double]
    public var b1Tesla: [Complex<Double>]
    public var gradientsTeslaPerMeter: [SIMD3<Double>]

    /// Number of steps.
    public var count: Int { durationsSeconds.count }
    /// Total duration, in s.
    public var durationSeconds: Double { durationsSeconds.reduce(0, +) }

    /// Creates a waveform, checking lengths and that every number is finite (durations positive).
    public init(durationsSeconds: [Double], b1Tesla: [Complex<Double>], gradientsTeslaPerMeter: [SIMD3<Double>],
                source: String = "waveform") throws {
        let n = durationsSeconds.count
        guard b1Tesla.count == n, gradientsTeslaPerMeter.count == n else {
            throw ASDSError.invalidInput(source: source, field: "steps",
                                         reason: "durations, B1 and gradients must have the same length (\(n), \(b1Tesla.count), \(gradientsTeslaPerMeter.count))")
        }
        for (s, d) in durationsSeconds.enumerated() where !(d.isFinite && d > 0) {
            throw ASDSError.invalidInput(source: source, field: "durationsSeconds.\(s)", reason: "must be a positive finite duration, got \(d) s")
        }
        for (s, b) in b1Tesla.enumerated() where !(b.real.isFinite && b.imaginary.isFinite) {
            throw ASDSError.invalidInput(source: source, field: "b1Tesla.\(s)", reason: "must be finite")
        }
        for (s, g) in gradientsTeslaPerMeter.enumerated() where !(g.x.isFinite && g.y.isFinite && g.z.isFinite) {
            throw ASDSError.invalidInput(source: source, field: "gradientsTeslaPerMeter.\(s)", reason: "must be finite")
        }
        self.durationsSeconds = durationsSeconds
        self.b1Tesla = b1Tesla
        self.gradientsTeslaPerMeter = gradientsTeslaPerMeter
    }

    /// A free-precession interval of `steps` equal steps under a constant gradient.
    public static func delay(_ seconds: Double, steps: Int = 1, gradient: SIMD3<Double> = .zero) throws -> BlochWaveform {
        let n = max(1, steps)
        return try BlochWaveform(durationsSeconds: .init(repeating: seconds / Double(n), count: n),
                                 b1Tesla: .init(repeating: .zero, count: n),
                                 gradientsTeslaPerMeter: .init(repeating: gradient, count: n), source: "delay")
    }

    /// A rectangular (hard) pulse of flip angle `flipRadians` about the axis at `phaseRadians`
    /// (0 = +x), lasting `durationSeconds` in `steps` equal steps, for nucleus `nucleus`.
    public static func hardPulse(flipRadians: Double, phaseRadians: Double, durationSeconds: Double, steps: Int = 1,
                                 nucleus: Nucleus = .proton) throws -> BlochWaveform {
        try ASDSError.requirePositive(durationSeconds, source: "hard pulse", field: "durationSeconds", unit: "s")
        let b1 = flipRadians / (2 * Double.pi * nucleus.gyromagneticRatioHzPerTesla * durationSeconds)
        let n = max(1, steps)
        let value = Complex(b1 * cos(phaseRadians), b1 * sin(phaseRadians))
        return try BlochWaveform(durationsSeconds: .init(repeating: durationSeconds / Double(n), count: n),
                                 b1Tesla: .init(repeating: value, count: n),
                                 gradientsTeslaPerMeter: .init(repeating: .zero, count: n), source: "hard pulse")
    }

    /// A Hann-windowed sinc pulse with `lobes` zero crossings each side of the centre, sampled in
    /// `steps` equal steps over `durationSeconds` and scaled to flip angle `flipRadians` on resonance
    /// (small-tip area rule), with a constant slice-select gradient. The time-bandwidth product is
    /// `2 * lobes`: the excited band is `2 * lobes / durationSeconds` Hz wide.
    public static func sincPulse(flipRadians: Double, phaseRadians: Double, durationSeconds: Double, lobes: Int,
                                 steps: Int, sliceGradient: SIMD3<Double>, nucleus: Nucleus = .proton) throws -> BlochWaveform {
        try ASDSError.requirePositive(durationSeconds, source: "sinc pulse", field: "durationSeconds", unit: "s")
        guard lobes >= 1, steps >= 2 * lobes + 1 else {
            throw ASDSError.invalidInput(source: "sinc pulse", field: "steps", reason: "needs lobes >= 1 and steps >= 2 lobes + 1")
        }
        let dt = durationSeconds / Double(steps)
        var shape = [Double](repeating: 0, count: steps)
        for s in 0..<steps {
            let u = (Double(s) + 0.5) / Double(steps) * 2 - 1          // in (-1, 1)
            let x = Double(lobes) * u
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            shape[s] = sinc * 0.5 * (1 + cos(Double.pi * u))
        }
        let area = shape.reduce(0, +) * dt
        let b1 = flipRadians / (2 * Double.pi * nucleus.gyromagneticRatioHzPerTesla * area)
        let phase = Complex(cos(phaseRadians), sin(phaseRadians))
        return try BlochWaveform(durationsSeconds: .init(repeating: dt, count: steps),
                                 b1Tesla: shape.map { phase.multiplied(by: b1 * $0) },
                                 gradientsTeslaPerMeter: .init(repeating: sliceGradient, count: steps), source: "sinc pulse")
    }

    /// This waveform followed by `other`.
    public func appending(_ other: BlochWaveform) -> BlochWaveform {
        var w = self
        w.durationsSeconds += other.durationsSeconds
        w.b1Tesla += other.b1Tesla
        w.gradientsTeslaPerMeter += other.gradientsTeslaPerMeter
        return w
    }
}

/// One event of a Bloch sequence.
public enum BlochEvent: Sendable, Equatable {
    /// Piecewise-constant RF and gradients, with precession and relaxation. When `sampled`, the
    /// summed transverse magnetisation is recorded at the start of every step.
    case waveform(BlochWaveform, sampled: Bool)
    /// An instantaneous (ideal) rotation by `flipRadians` about the transverse axis at
    /// `phaseRadians` (0 = +x); no precession or relaxation.
    case idealPulse(flipRadians: Double, phaseRadians: Double)
    /// An ideal crusher: rotates isochromat `i` about z by `2 pi * cycles * dephasing[axis][i]`.
    case crusher(axis: Int, cycles: Int)
    /// An ideal spoiler: sets every transverse component to zero.
    case spoil
    /// Records the summed transverse magnetisation now, without evolution.
    case sample
}

/// A Bloch sequence: events applied in order to every isochromat.
public struct BlochSequence: Sendable, Equatable {
    public var events: [BlochEvent]
    public init(_ events: [BlochEvent]) { self.events = events }

    /// Number of recorded samples.
    public var sampleCount: Int {
        events.reduce(0) { n, e in
            switch e {
            case let .waveform(w, sampled): n + (sampled ? w.count : 0)
            case .sample: n + 1
            default: n
            }
        }
    }
}

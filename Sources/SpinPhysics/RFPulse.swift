import ASDSCore

/// A radio-frequency pulse as piecewise-constant samples of amplitude and phase.
///
/// Amplitudes are nutation frequencies `gamma_bar * B1` in Hz (so a constant 250 Hz for 2 ms
/// rotates a spin on resonance by 180 degrees); phases are in radians (0 is the x axis). Sample
/// j lasts `durationSeconds / count` and acts in the frame rotating at the transmitter frequency.
public struct RFPulse: Sendable, Equatable {
    /// Nutation frequency of each sample, `gamma_bar * B1`, in Hz.
    public let b1Hz: [Double]
    /// Phase of each sample, in radians.
    public let phaseRadians: [Double]
    /// Total duration, in s.
    public let durationSeconds: Double

    /// A pulse from its sample tables (equal, non-empty counts) and duration (> 0, in s).
    public init(b1Hz: [Double], phaseRadians: [Double], durationSeconds: Double) {
        precondition(!b1Hz.isEmpty && b1Hz.count == phaseRadians.count, "a pulse needs matching, non-empty sample tables")
        precondition(durationSeconds > 0, "a pulse needs a positive duration")
        self.b1Hz = b1Hz
        self.phaseRadians = phaseRadians
        self.durationSeconds = durationSeconds
    }

    /// A rectangular (hard) pulse of field `b1Tesla` on 1H for `durationSeconds`, in `samples` samples.
    public static func rectangular(b1Tesla: Double, durationSeconds: Double, samples: Int = 1) -> RFPulse {
        let hz = b1Tesla * PhysicalConstants.protonGyromagneticRatioHzPerTesla
        return RFPulse(b1Hz: [Double](repeating: hz, count: samples), phaseRadians: [Double](repeating: 0, count: samples),
                       durationSeconds: durationSeconds)
    }

    /// Number of samples.
    public var count: Int { b1Hz.count }

    /// Duration of one sample, in s.
    public var sampleSeconds: Double { durationSeconds / Double(b1Hz.count) }

    /// True when the samples read the same backwards and every phase is 0 or pi (a real,
    /// signed amplitude along x). Such a pulse has a complex-symmetric propagator per sample, so
    /// the whole propagator is `U_h^T U_h` with `U_h` the first half's.
    public var isMirrorSymmetricAlongX: Bool {
        let n = count
        guard n % 2 == 0 else { return false }
        for j in 0..<n {
            let s = Double.sin(phaseRadians[j])
            guard abs(s) < 1e-12 else { return false }
            let signed = b1Hz[j] * Double.cos(phaseRadians[j])
            let mirror = b1Hz[n - 1 - j] * Double.cos(phaseRadians[n - 1 - j])
            guard signed == mirror else { return false }
        }
        return true
    }

    /// The same shape with every amplitude multiplied by `factor`.
    public func scaled(by factor: Double) -> RFPulse {
        RFPulse(b1Hz: b1Hz.map { $0 * factor }, phaseRadians: phaseRadians, durationSeconds: durationSeconds)
    }

    /// Flip angle on resonance of the pulse's net area, `2 pi |sum_j b1_j exp(i phi_j)| dt`, in
    /// radians (exact for a constant-phase pulse; the hard-pulse equivalent otherwise).
    public var areaFlipRadians: Double {
        var re = 0.0, im = 0.0
        for j in 0..<count {
            re += b1Hz[j] * Double.cos(phaseRadians[j])
            im += b1Hz[j] * Double.sin(phaseRadians[j])
        }
        return 2 * Double.pi * (re * re + im * im).squareRoot() * sampleSeconds
    }
}

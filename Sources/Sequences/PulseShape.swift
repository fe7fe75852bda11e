import ASDSCore
import Foundation
import SpinPhysics

/// A pulse shape as stored in `sequences/pulses/<name>.json` (schema in docs/SEQUENCES.md):
/// normalised amplitude and phase tables with the pulse's duration, bandwidth and purpose.
/// An adiabatic pulse (a hyperbolic secant) also states the peak B1 it is played at, since its
/// effect does not scale with its area.
public struct PulseShape: Decodable, Sendable, Equatable {
    /// Short name (the file stem).
    public let name: String
    /// `excitation`, `refocusing` or `inversion`.
    public let purpose: String
    /// Free-text description.
    public let description: String
    /// How the table was generated (formula and parameters).
    public let generation: String
    /// Duration, in s.
    public let durationSeconds: Double
    /// Time-bandwidth product of the design.
    public let timeBandwidthProduct: Double
    /// Flip angle the bandwidth was measured at, in degrees.
    public let nominalFlipDegrees: Double
    /// Full width at half maximum of the slice profile at the nominal flip angle, in Hz; the
    /// slice-select gradient is set so that this width spans the slice thickness.
    public let bandwidthHz: Double
    /// Which profile `bandwidthHz` measures.
    public let bandwidthDefinition: String
    /// Relative amplitudes, 0...1, one per piecewise-constant sample.
    public let amplitudes: [Double]
    /// Phase of each sample, in degrees.
    public let phasesDegrees: [Double]
    /// For an adiabatic pulse, the peak B1 it is played at, in Hz (B1 in uT = Hz / 42.577); nil
    /// for a pulse scaled to its flip angle by its area.
    public let peakB1Hz: Double?

    /// Whether the pulse is adiabatic (played at `peakB1Hz`, whatever the nominal flip).
    public var isAdiabatic: Bool { peakB1Hz != nil }

    /// Loads and validates `path`.
    public static func load(path: String) throws -> PulseShape {
        let shape = try JSONInput.decode(PulseShape.self, fromFile: path)
        try shape.validate(source: path)
        return shape
    }

    /// Checks that every value is physical.
    public func validate(source: String) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError { .invalidInput(source: source, field: field, reason: reason) }
        guard ["excitation", "refocusing", "inversion"].contains(purpose) else {
            throw fail("purpose", "must be 'excitation', 'refocusing' or 'inversion'")
        }
        if let b1 = peakB1Hz { try ASDSError.require(b1, in: 1...1e5, source: source, field: "peakB1Hz", unit: "Hz") }
        try ASDSError.require(durationSeconds, in: 1e-5...0.1, source: source, field: "durationSeconds", unit: "s")
        try ASDSError.require(timeBandwidthProduct, in: 0.1...100, source: source, field: "timeBandwidthProduct")
        try ASDSError.require(nominalFlipDegrees, in: 1...360, source: source, field: "nominalFlipDegrees", unit: "degrees")
        try ASDSError.require(bandwidthHz, in: 1...1e6, source: source, field: "bandwidthHz", unit: "Hz")
        guard amplitudes.count >= 2, amplitudes.count <= 65536 else { throw fail("amplitudes", "must hold 2 to 65536 samples") }
        guard phasesDegrees.count == amplitudes.count else {
            throw fail("phasesDegrees", "must hold as many samples as amplitudes (\(amplitudes.count)), got \(phasesDegrees.count)")
        }
        for (j, a) in amplitudes.enumerated() {
            try ASDSError.require(a, in: 0...1, source: source, field: "amplitudes.\(j)")
        }
        for (j, p) in phasesDegrees.enumerated() {
            try ASDSError.require(p, in: -360...360, source: source, field: "phasesDegrees.\(j)", unit: "degrees")
        }
        guard amplitudes.contains(where: { $0 > 0 }) else { throw fail("amplitudes", "must not be all zero") }
    }

    /// The pulse scaled to `flipDegrees` by its net area (`2 pi |sum b1_j e^{i phi_j}| dt`); an
    /// adiabatic pulse is played at its `peakB1Hz` instead.
    public func rfPulse(flipDegrees: Double) -> RFPulse {
        if let peakB1Hz { return rfPulse(peakB1Hz: peakB1Hz) }
        let unit = unitPulse
        return unit.scaled(by: (flipDegrees * .pi / 180) / unit.areaFlipRadians)
    }

    /// The pulse with its largest sample at `peakB1Hz` (Hz).
    public func rfPulse(peakB1Hz: Double) -> RFPulse {
        unitPulse.scaled(by: peakB1Hz / (amplitudes.max() ?? 1))
    }

    private var unitPulse: RFPulse {
        RFPulse(b1Hz: amplitudes, phaseRadians: phasesDegrees.map { $0 * .pi / 180 }, durationSeconds: durationSeconds)
    }

    /// Samples of a Hamming-windowed sinc with `timeBandwidthProduct` zero crossings:
    /// `s(x) = sinc(TBW x) (0.54 + 0.46 cos(2 pi x))`, `x_j = (j + 0.5)/n - 0.5`, returned as
    /// amplitudes |s|/max|s| and phases 0 or 180 degrees (the sign of s).
    public static func hammingSinc(samples n: Int, timeBandwidthProduct tbw: Double) -> (amplitudes: [Double], phasesDegrees: [Double]) {
        let values: [Double] = (0..<n).map { j in
            let x = (Double(j) + 0.5) / Double(n) - 0.5
            let u = tbw * x
            let sinc = u == 0 ? 1 : Foundation.sin(Double.pi * u) / (Double.pi * u)
            return sinc * (0.54 + 0.46 * Foundation.cos(2 * Double.pi * x))
        }
        let peak = values.map(abs).max() ?? 1
        return (values.map { abs($0) / peak }, values.map { $0 >= 0 ? 0 : 180 })
    }

    /// Samples of a hyperbolic-secant (HS1) adiabatic full passage of time-bandwidth product `R`
    /// (the frequency sweep, in Hz, times the duration) and truncation `beta`:
    /// amplitude `sech(beta tau_j)`, phase `pi R ln cosh(beta tau_j) / (2 beta tanh beta)` (the
    /// integral of the sweep `f(tau) = (R / 2T) tanh(beta tau) / tanh(beta)`, which runs from
    /// -R/2T to +R/2T), `tau_j = 2 (j + 0.5)/n - 1`; phases in degrees, wrapped to (-180, 180].
    public static func hyperbolicSecant(samples n: Int, timeBandwidthProduct r: Double, beta: Double)
        -> (amplitudes: [Double], phasesDegrees: [Double]) {
        var amplitudes: [Double] = [], phases: [Double] = []
        for j in 0..<n {
            let tau = 2 * (Double(j) + 0.5) / Double(n) - 1
            amplitudes.append(1 / Foundation.cosh(beta * tau))
            let radians = Double.pi * r * Foundation.log(Foundation.cosh(beta * tau)) / (2 * beta * Foundation.tanh(beta))
            var degrees = (radians * 180 / .pi).truncatingRemainder(dividingBy: 360)
            if degrees > 180 { degrees -= 360 } else if degrees <= -180 { degrees += 360 }
            phases.append(degrees)
        }
        return (amplitudes, phases)
    }
}

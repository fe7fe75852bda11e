import ASDSCore
import Foundation
import Numerics

/// The complex response of one localisation pulse across its slice, on resonance.
///
/// `response[p]` is the pulse's contribution to the echo for an isochromat at
/// `positionsMeters[p]` (measured from the slice centre along the pulse's axis): for an
/// excitation pulse the transverse magnetisation it creates from `+z` (receiver-phased so an
/// ideal pulse gives 1), for a refocusing pulse the refocused fraction of transverse
/// magnetisation under crushers (`beta^2` in Cayley-Klein terms, 1 for an ideal 180).
///
/// Chemical-shift displacement: an isochromat at offset `f` Hz sees the profile shifted by
/// `f / (gamma_bar G)`, with `G = sliceGradientTeslaPerMeter` (zero for ideal profiles: no shift).
public struct SliceSelectionProfile: Sendable, Equatable {
    public var positionsMeters: [Double]
    public var response: [Complex<Double>]
    public var sliceGradientTeslaPerMeter: Double

    public init(positionsMeters: [Double], response: [Complex<Double>], sliceGradientTeslaPerMeter: Double) throws {
        guard positionsMeters.count == response.count, positionsMeters.count >= 2 else {
            throw ASDSError.invalidInput(source: "slice profile", field: "response", reason: "needs >= 2 positions and one response per position")
        }
        guard zip(positionsMeters, positionsMeters.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ASDSError.invalidInput(source: "slice profile", field: "positionsMeters", reason: "must increase strictly")
        }
        self.positionsMeters = positionsMeters
        self.response = response
        self.sliceGradientTeslaPerMeter = sliceGradientTeslaPerMeter
    }

    /// An ideal rectangular profile of `widthMeters` inside `[-extentMeters/2, extentMeters/2]`:
    /// 1 inside, 0 outside, with edges 1e-9 of the width wide (linear interpolation between the
    /// samples reproduces the rectangle to that precision).
    public static func ideal(widthMeters: Double, extentMeters: Double) throws -> SliceSelectionProfile {
        let h = widthMeters / 2, e = max(extentMeters / 2, h * 1.5), d = 1e-9 * widthMeters
        return try SliceSelectionProfile(positionsMeters: [-e, -h - d, -h, h, h + d, e],
                                response: [0, 0, 1, 1, 0, 0].map { Complex(Double($0), 0) }, sliceGradientTeslaPerMeter: 0)
    }

    /// Simulates `pulse` (whose waveform selects along `axis`) with the Bloch solver at
    /// `positionsMeters` on resonance. `refocusing` selects the crushed spin-echo response.
    public static func simulate(pulse: BlochPulse, axis: Int, positionsMeters: [Double], refocusing: Bool) throws -> SliceSelectionProfile {
        var positions: [SIMD3<Double>] = []
        for p in positionsMeters {
            var r = SIMD3<Double>.zero
            r[axis] = p
            positions.append(r)
        }
        let crusherPoints = refocusing ? 4 : 1
        let ensemble = try IsochromatEnsemble.crushed(positions: positions, crusherAxes: refocusing ? 1 : 0,
                                                      crusherPoints: crusherPoints, offResonanceHz: 0)
        var events: [BlochEvent] = []
        if refocusing {
            // Start from -y (an ideal 90x), crush, refocus, crush: the echo survives.
            events = [.idealPulse(flipRadians: Double.pi / 2, phaseRadians: 0), .crusher(axis: 0, cycles: 1),
                      .waveform(pulse.waveform, sampled: false), .crusher(axis: 0, cycles: 1)]
        } else {
            events = [.waveform(pulse.waveform, sampled: false)]
        }
        let result = try BlochSimulator.simulate(ensemble, sequence: BlochSequence(events))
        var response = [Complex<Double>](repeating: .zero, count: positionsMeters.count)
        for p in 0..<positionsMeters.count {
            var s = Complex<Double>.zero
            for c in 0..<(refocusing ? crusherPoints : 1) {
                let i = p * (refocusing ? crusherPoints : 1) + c
                s += Complex(result.mx[i], result.my[i])
            }
            // Receiver phase i: an ideal 90x gives +1. Each isochromat carries weight 1/count,
            // so the sum over the crusher grid is rescaled to one isochromat of unit M0.
            response[p] = Complex(0, 1) * s.multiplied(by: Double(ensemble.count) / Double(refocusing ? crusherPoints : 1))
        }
        if refocusing {
            // Relative to an ideal crushed 180 of the same phase.
            let phase = pulse.waveform.b1Tesla.first { $0 != .zero }.map { Foundation.atan2($0.imaginary, $0.real) } ?? 0
            let reference = idealRefocused(phaseRadians: phase)
            response = response.map { $0 / reference }
        }
        return try SliceSelectionProfile(positionsMeters: positionsMeters, response: response,
                                sliceGradientTeslaPerMeter: pulse.sliceGradient(axis: axis))
    }

    /// The receiver-phased echo of `-y` after an ideal crushed 180 about phase `phaseRadians`.
    static func idealRefocused(phaseRadians: Double) -> Complex<Double> {
        // Rotation by pi about n = (cos p, sin p, 0): M -> 2 n (n.M) - M, for M = (0, -1, 0).
        let nx = cos(phaseRadians), ny = sin(phaseRadians)
        let dot = -ny
        let mx = 2 * nx * dot, my = 2 * ny * dot + 1
        return Complex(0, 1) * Complex(mx, my)
    }

    /// Linear interpolation of the response at `position` (m from the slice centre); 0 outside.
    public func value(at position: Double) -> Complex<Double> {
        guard let first = positionsMeters.first, let last = positionsMeters.last,
              position >= first, position <= last else { return .zero }
        var lo = 0, hi = positionsMeters.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if positionsMeters[mid] <= position { lo = mid } else { hi = mid }
        }
        let t = (position - positionsMeters[lo]) / (positionsMeters[hi] - positionsMeters[lo])
        return response[lo].multiplied(by: 1 - t) + response[hi].multiplied(by: t)
    }

    /// Full width at half maximum of `|response|`, in m (linear interpolation at the crossings).
    public var fwhmMeters: Double {
        let mag = response.map(\.length)
        guard let peak = mag.max(), peak > 0 else { return 0 }
        let half = peak / 2
        guard let first = mag.firstIndex(where: { $0 >= half }), let last = mag.lastIndex(where: { $0 >= half }) else { return 0 }
        func cross(_ a: Int, _ b: Int) -> Double {
            let t = (half - mag[a]) / (mag[b] - mag[a])
            return positionsMeters[a] + t * (positionsMeters[b] - positionsMeters[a])
        }
        let left = first > 0 ? cross(first - 1, first) : positionsMeters[first]
        let right = last < mag.count - 1 ? cross(last, last + 1) : positionsMeters[last]
        return right - left
    }
}

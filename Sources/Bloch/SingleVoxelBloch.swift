import ASDSCore
import Foundation
import Numerics

/// Timing of a single-voxel localisation sequence; times between pulse centres, in s.
public enum SingleVoxelTiming: Sendable, Equatable {
    /// PRESS 90-180-180: 180s centred at `te1/2` and `te1 + te2/2`, echo at `TE = te1 + te2`.
    case press(te1Seconds: Double, te2Seconds: Double)
    /// STEAM 90-90-90: second pulse at `TE/2`, third at `TE/2 + TM`, echo at `TE + TM`.
    case steam(teSeconds: Double, tmSeconds: Double)

    /// Centres of the three pulses from the first, and the echo time, in s.
    public var pulseCentresSeconds: [Double] {
        switch self {
        case let .press(te1, te2): [0, te1 / 2, te1 + te2 / 2]
        case let .steam(te, tm): [0, te / 2, te / 2 + tm]
        }
    }

    /// Time of the echo top from the first pulse's centre, in s.
    public var echoSeconds: Double {
        switch self {
        case let .press(te1, te2): te1 + te2
        case let .steam(te, tm): te + tm
        }
    }

    /// Default pulse phases (rad): PRESS 90x 180y 180y, STEAM 90x 90x 90x.
    public var defaultPhasesRadians: [Double] {
        switch self {
        case .press: [0, Double.pi / 2, Double.pi / 2]
        case .steam: [0, 0, 0]
        }
    }

    /// Nominal flip angles (rad).
    public var flipAnglesRadians: [Double] {
        switch self {
        case .press: [Double.pi / 2, Double.pi, Double.pi]
        case .steam: [Double.pi / 2, Double.pi / 2, Double.pi / 2]
        }
    }
}

/// How the three pulses are modelled.
public enum BlochPulseModel: Sendable, Equatable {
    /// Instantaneous rotations with the nominal flip angles and `SingleVoxelTiming` phases.
    case ideal
    /// Finite pulses (hard or shaped, with their gradients), one per sequence pulse.
    case finite([BlochPulse])
}

/// The Bloch side of the uncoupled-limit cross-check with the density-matrix engine: a PRESS or
/// STEAM acquisition of one singlet, with ideal crushers realised by an isochromat grid.
///
/// Coherence selection: each isochromat carries two crusher coordinates on an
/// `crusherPoints x crusherPoints` grid. PRESS has one-cycle crushers on axis 0 just before and
/// after the first 180 and on axis 1 around the second; STEAM has one-cycle axis-0 crushers
/// after the first and after the third pulse and an axis-1 crusher in TM. Every unwanted
/// pathway carries a phase `2 pi (m0 d0 + m1 d1)` with `0 < |m| < crusherPoints` and cancels
/// exactly on the grid; the wanted echo is refocused on every isochromat.
///
/// Output: the FID from the echo top (t = 0) at the axis's dwell, scaled as the basis
/// convention asks: signal = `protons * i * sum_i (Mx_i + i My_i)` over isochromats of total
/// weight 1, so an ideal 90x pulse on a singlet of k protons gives `+k` at t = 0. PRESS with
/// ideal pulses gives `k exp(-TE/T2)`; STEAM gives `-k/2 exp(-TE/T2) exp(-TM/T1)` (pulse
/// phases 90x 90x 90x).
public struct SingleVoxelBloch: Sendable {
    public var timing: SingleVoxelTiming
    public var pulses: BlochPulseModel
    /// Pulse phases (rad) for the ideal model; finite pulses carry their own.
    public var phasesRadians: [Double]
    /// The readout axis: the FID has `axis.points` samples at `axis.dwellSeconds`.
    public var axis: SpectralAxis
    /// Isochromat positions (m) in the voxel: one (the origin) for non-selective pulses, a grid
    /// across the slices for slice-selective pulses.
    public var positions: [SIMD3<Double>]
    /// Crusher grid points per axis (at least 3 for PRESS/STEAM pathways of order <= 2).
    public var crusherPoints: Int
    /// Flip angles (rad) for the ideal model; nominal (90-180-180 or 90-90-90) by default.
    public var flipsRadians: [Double]

    public init(timing: SingleVoxelTiming, pulses: BlochPulseModel, axis: SpectralAxis,
                positions: [SIMD3<Double>] = [.zero], crusherPoints: Int = 8, phasesRadians: [Double]? = nil,
                flipsRadians: [Double]? = nil) {
        self.flipsRadians = flipsRadians ?? timing.flipAnglesRadians
        self.timing = timing
        self.pulses = pulses
        self.axis = axis
        self.positions = positions
        self.crusherPoints = crusherPoints
        self.phasesRadians = phasesRadians ?? timing.defaultPhasesRadians
    }

    /// The singlet's FID: `protons` equivalent nuclei at chemical shift `ppm`, with relaxation
    /// times `t1Seconds`, `t2Seconds` (infinite for the cross-check with the density matrix).
    public func singletFID(ppm: Double, protons: Int = 1, t1Seconds: Double = .infinity,
                           t2Seconds: Double = .infinity) throws -> [Complex<Double>] {
        guard crusherPoints >= 3 else {
            throw ASDSError.invalidInput(source: "single-voxel Bloch", field: "crusherPoints", reason: "must be at least 3")
        }
        let offset = axis.frequencyHz(ppm: ppm)
        let ensemble = try IsochromatEnsemble.crushed(positions: positions, crusherAxes: 2, crusherPoints: crusherPoints,
                                                      offResonanceHz: offset, t1Seconds: t1Seconds, t2Seconds: t2Seconds)
        let sequence = try makeSequence()
        let result = try BlochSimulator.simulate(ensemble, sequence: sequence, nucleus: axis.nucleus)
        let receiver = Complex<Double>(0, Double(protons))
        return result.signal.map { $0 * receiver }
    }

    /// The event list: pulses, crushers, delays and the sampled readout.
    public func makeSequence() throws -> BlochSequence {
        let centres = timing.pulseCentresSeconds
        var before = [Double](repeating: 0, count: 3), after = [Double](repeating: 0, count: 3)
        var pulseEvents: [BlochEvent] = []
        switch pulses {
        case .ideal:
            guard phasesRadians.count == 3, flipsRadians.count == 3 else {
                throw ASDSError.invalidInput(source: "single-voxel Bloch", field: "phasesRadians", reason: "needs 3 phases and 3 flip angles")
            }
            pulseEvents = (0..<3).map { .idealPulse(flipRadians: flipsRadians[$0], phaseRadians: phasesRadians[$0]) }
        case let .finite(list):
            guard list.count == 3 else {
                throw ASDSError.invalidInput(source: "single-voxel Bloch", field: "pulses", reason: "needs 3 pulses, got \(list.count)")
            }
            for (p, pulse) in list.enumerated() {
                before[p] = pulse.centreSeconds
                after[p] = pulse.waveform.durationSeconds - pulse.centreSeconds
                pulseEvents.append(.waveform(pulse.waveform, sampled: false))
            }
        }
        func gap(_ seconds: Double, _ field: String) throws -> [BlochEvent] {
            guard seconds >= -1e-12 else {
                throw ASDSError.invalidInput(source: "single-voxel Bloch", field: field,
                                             reason: "the pulses overlap: the interval is \(seconds) s too short")
            }
            return seconds > 1e-12 ? [.waveform(try .delay(seconds), sampled: false)] : []
        }
        let crusher0: BlochEvent = .crusher(axis: 0, cycles: 1), crusher1: BlochEvent = .crusher(axis: 1, cycles: 1)
        var events: [BlochEvent] = [pulseEvents[0]]
        let d01 = try gap(centres[1] - centres[0] - after[0] - before[1], "timing (pulse 1 to 2)")
        let d12 = try gap(centres[2] - centres[1] - after[1] - before[2], "timing (pulse 2 to 3)")
        let d2e = try gap(timing.echoSeconds - centres[2] - after[2], "timing (pulse 3 to echo)")
        switch timing {
        case .press:
            events += d01 + [crusher0, pulseEvents[1], crusher0] + d12 + [crusher1, pulseEvents[2], crusher1] + d2e
        case .steam:
            events += [crusher0] + d01 + [pulseEvents[1], crusher1] + d12 + [pulseEvents[2], crusher0] + d2e
        }
        events.append(.waveform(try .delay(axis.dwellSeconds * Double(axis.points), steps: axis.points), sampled: true))
        return BlochSequence(events)
    }
}

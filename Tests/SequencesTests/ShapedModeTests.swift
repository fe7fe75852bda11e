import ASDSCore
import Foundation
import Numerics
import Sequences
import SpinPhysics
import Testing

@Suite("Shaped pulses and 1D projection")
struct ShapedModeTests {
    /// The refocused-coherence factor `U_01 conj(U_10)` of a single spin at `offsetHz` from the
    /// transmitter, from the exact 2 x 2 product (independent of the density-matrix engine).
    static func refocusingFactor(_ pulse: RFPulse, offsetHz: Double) -> Complex<Double> {
        var u = SpinRotation.identity
        for j in 0..<pulse.count {
            u = SpinRotation.evolution(offsetHz: offsetHz, b1Hz: pulse.b1Hz[j], phaseRadians: pulse.phaseRadians[j],
                                       seconds: pulse.sampleSeconds).after(u)
        }
        return u.b * u.c.conjugate
    }

    @Test("shaped PRESS of a singlet equals the product of its two slice-profile integrals")
    func singletFactorises() throws {
        let sequence = try Fixtures.sequence("press")
        let timing = try sequence.timing(overrides: TimingOverrides())
        let options = SimulationOptions(mode: .shaped, spatialPoints: 15)
        let basis = try BasisSimulator.simulate(metabolites: [Fixtures.metabolite("sI")], sequence: sequence, timing: timing, options: options)
        let axis = basis.axis
        let shape = sequence.shape(ofPulse: 1)!
        let pulse = shape.rfPulse(flipDegrees: 180)
        let thickness = 0.03, extent = 1.5 * thickness, n = 15
        let offset = axis.frequencyHz(ppm: 3.34) - axis.frequencyHz(ppm: sequence.shaped.transmitPPM)
        var sum = Complex<Double>.zero
        for k in 0..<n {
            let x = -extent / 2 + (Double(k) + 0.5) * extent / Double(n)
            sum += Self.refocusingFactor(pulse, offsetHz: offset + shape.bandwidthHz * x / thickness)
                .multiplied(by: extent / Double(n) / thickness)
        }
        let expected = 6 * sum.lengthSquared
        let fid = basis.metabolites[0].fid
        #expect(abs(fid[0].length - expected) < 1e-9)
        #expect(abs(fid[0].imaginary) < 1e-3 * expected)
        #expect(fid[0].real > 0)
    }

    /// Largest |shaped - ideal| over a 512-point FID of lactate through PRESS (TE 30 ms) whose
    /// refocusing pulses are non-selective rectangular 180s of `duration`, relative to the
    /// ideal FID's largest value.
    static func hardPulseDeviation(duration: Double, lactate: SpinSystem, axis: SpectralAxis) -> Double {
        let pulse = RFPulse(b1Hz: [Double](repeating: 0.5 / duration, count: 8), phaseRadians: [Double](repeating: 0, count: 8),
                            durationSeconds: duration)
        let stage = SequencePlan.ShapedStage(pulse: pulse, phaseRadians: .pi / 2, gradientOffsetsHz: [0], weight: 1,
                                             transmitOffsetHz: 0, key: "hard\(duration)")
        let centres = [0.0055, 0.015, 0.0095]
        let shaped = SequencePlan(kind: .press, excitationFlipRadians: .pi / 2, excitationPhaseRadians: 0,
                                  stages: [.shaped(stage), .shaped(stage)],
                                  delaysSeconds: [centres[0] - duration / 2, centres[1] - duration, centres[2] - duration / 2])
        let ideal = SequencePlan(kind: .press, excitationFlipRadians: .pi / 2, excitationPhaseRadians: 0,
                                 stages: [.ideal(flipRadians: .pi, phaseRadians: .pi / 2), .ideal(flipRadians: .pi, phaseRadians: .pi / 2)],
                                 delaysSeconds: centres)
        var a = [Complex<Double>](repeating: .zero, count: 512), b = a
        FIDSynthesis.accumulate(BasisSimulator.transitions(of: lactate, plan: shaped, samplesPerCouplingStep: 1), into: &a,
                                dwellSeconds: axis.dwellSeconds)
        FIDSynthesis.accumulate(BasisSimulator.transitions(of: lactate, plan: ideal, samplesPerCouplingStep: 1), into: &b,
                                dwellSeconds: axis.dwellSeconds)
        return zip(a, b).map { ($0 - $1).length }.max()! / b.map(\.length).max()!
    }

    @Test("shaped PRESS converges to ideal PRESS as the refocusing pulses shorten")
    func convergesToIdeal() throws {
        let axis = try SimulationOptions().spectralAxis()
        let lactate = SpinSystem.systems(for: try Fixtures.metabolite("Lac"), spectrometerFrequencyHz: axis.spectrometerFrequencyHz,
                                         referencePPM: axis.referencePPM)[0]
        let deviations = [1e-3, 1e-4, 1e-5].map { Self.hardPulseDeviation(duration: $0, lactate: lactate, axis: axis) }
        #expect(deviations[0] > 0.05)
        #expect(deviations[1] < deviations[0] / 5 && deviations[2] < deviations[1] / 5)
        #expect(deviations[2] < 1e-2)
    }

    @Test("shaped results are bit-identical whatever the thread count")
    func deterministic() throws {
        let saved = ComputeSettings.threads
        defer { ComputeSettings.threads = saved }
        let options = SimulationOptions(mode: .shaped, spatialPoints: 7)
        ComputeSettings.threads = 1
        let one = try Fixtures.simulate(["Lac", "PCh"], sequence: "press", options: options)
        ComputeSettings.threads = 2
        let two = try Fixtures.simulate(["Lac", "PCh"], sequence: "press", options: options)
        #expect(one == two)
    }

    @Test("shaped STEAM of a singlet is half of shaped PRESS's scale and real at the echo")
    func steamShaped() throws {
        let basis = try Fixtures.simulate(["sI"], sequence: "steam", options: SimulationOptions(mode: .shaped, spatialPoints: 15))
        let s0 = basis.metabolites[0].fid[0]
        #expect(s0.real > 2 && s0.real < 3.2)
        #expect(abs(s0.imaginary) < 1e-3 * s0.real)
    }
}

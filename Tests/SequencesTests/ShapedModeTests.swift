import ASDSCore
import Foundation
import Numerics
import Sequences
import SpinPhysics
import Testing
import TestSupport

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

    /// semi-LASER's bundled sequence with the 1D-projection grid spanning `gridExtent` slice
    /// thicknesses, loaded from an edited copy in `directory` (to be cleaned up by the caller).
    static func semiLASER(gridExtent: Double) throws -> (sequence: SequenceDefinition, directory: String) {
        let (directory, text) = try Fixtures.sequenceWorkspace("semi-laser", pulses: ["hs1-afp-6ms"])
        try text.replacingOccurrences(of: "\"gridExtent\": 1.5", with: "\"gridExtent\": \(gridExtent)")
            .write(toFile: directory + "/semi-laser.json", atomically: true, encoding: .utf8)
        return (try SequenceDefinition.load(path: directory + "/semi-laser.json"), directory)
    }

    /// Each pair of adiabatic passages acts at one position before the projection average. The
    /// first takes coherence -1 to +1 with the factor f_k (grid point k), the second +1 to -1 with
    /// conj(f_k), so their nonlinear phase cancels point by point and a singlet's echo is
    /// `6 (sum_k w |f_k|^2)^2` (the same on both axes); inside the voxel that is the ideal
    /// amplitude within 1 %. Averaged pulse by pulse instead (`6 |sum_k w f_k|^4`), the passages'
    /// phase across the slice would cancel most of the signal.
    @Test("shaped semi-LASER refocuses a singlet as the ideal sequence does inside the voxel", arguments: [0.8, 1.5])
    func semiLASERSingletInsideTheVoxel(gridExtent: Double) throws {
        let (sequence, directory) = try Self.semiLASER(gridExtent: gridExtent)
        defer { TestSupport.cleanup(directory) }
        let n = 41
        let shaped = try BasisSimulator.simulate(metabolites: [Fixtures.metabolite("sI")], sequence: sequence,
                                                 timing: sequence.timing(overrides: TimingOverrides(teSeconds: 0.03)),
                                                 options: SimulationOptions(mode: .shaped, spatialPoints: n))
        let axis = shaped.axis
        let shape = sequence.shape(ofPulse: 1)!
        let pulse = shape.rfPulse(flipDegrees: 180)
        let thickness = 0.03, extent = gridExtent * thickness, w = extent / Double(n) / thickness
        let offset = axis.frequencyHz(ppm: 3.34) - axis.frequencyHz(ppm: sequence.shaped.transmitPPM)
        var paired = 0.0, single = Complex<Double>.zero
        for k in 0..<n {
            let x = -extent / 2 + (Double(k) + 0.5) * extent / Double(n)
            let f = Self.refocusingFactor(pulse, offsetHz: offset + shape.bandwidthHz * x / thickness)
            paired += f.lengthSquared * w
            single += f.multiplied(by: w)
        }
        let fid0 = shaped.metabolites[0].fid[0]
        #expect(abs(fid0.length - 6 * paired * paired) < 1e-9 * 6, "\(fid0.length) vs \(6 * paired * paired)")
        #expect(fid0.real > 0 && abs(fid0.imaginary) < 1e-3 * fid0.length)
        if gridExtent < 1 {
            // Inside the voxel: the ideal amplitude per unit of the grid's weight.
            let ideal = 6 * pow(Double(n) * w, 2)
            #expect(abs(fid0.length / ideal - 1) < 0.01, "\(fid0.length / ideal)")
        } else {
            // The whole slice and its edges: the transition bands give up a few percent.
            #expect(fid0.length > 0.9 * 6 && fid0.length < 6)
        }
        #expect(6 * pow(single.length, 4) < 0.5 * fid0.length)
    }
}

import ASDSCore
import Bloch
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct SingleVoxelBlochTests {
    let axis = try! SpectralAxis(b0Tesla: 2.89, points: 256, bandwidthHz: 2000)

    @Test func idealPressGivesTheFullEchoWithT2Weighting() throws {
        let t2 = 0.12, te1 = 0.012, te2 = 0.018
        let sim = SingleVoxelBloch(timing: .press(te1Seconds: te1, te2Seconds: te2), pulses: .ideal, axis: axis)
        let fid = try sim.singletFID(ppm: 2.01, protons: 3, t1Seconds: 1.4, t2Seconds: t2)
        let f = axis.frequencyHz(ppm: 2.01)
        for n in [0, 1, 50, 255] {
            let t = axis.timeSeconds(at: n)
            let expected = Complex(cos(2 * .pi * f * t), sin(2 * .pi * f * t)).multiplied(by: 3 * exp(-(te1 + te2 + t) / t2))
            #expect((fid[n] - expected).length < 1e-12)
        }
    }

    @Test func crushersSelectTheSpinEchoPathwayForAnyFlipAngles() throws {
        // Echo amplitude sin(a1) sin^2(a2/2) sin^2(a3/2), phases 90x 180y 180y.
        let flips = [1.2, 2.5, 2.1]
        let sim = SingleVoxelBloch(timing: .press(te1Seconds: 0.02, te2Seconds: 0.01), pulses: .ideal, axis: axis, flipsRadians: flips)
        let fid = try sim.singletFID(ppm: 4.65)
        let expected = sin(flips[0]) * pow(sin(flips[1] / 2), 2) * pow(sin(flips[2] / 2), 2)
        #expect((fid[0] - Complex(expected, 0)).length < 1e-12)
    }

    @Test func idealSteamGivesHalfTheSignalWithT1WeightingInTM() throws {
        let t1 = 1.1, t2 = 0.09, te = 0.02, tm = 0.01
        let sim = SingleVoxelBloch(timing: .steam(teSeconds: te, tmSeconds: tm), pulses: .ideal, axis: axis)
        let fid = try sim.singletFID(ppm: 3.03, protons: 3, t1Seconds: t1, t2Seconds: t2)
        #expect((fid[0] - Complex(-1.5 * exp(-te / t2) * exp(-tm / t1), 0)).length < 1e-12)
    }

    @Test func hardPulsesAreExactOnResonanceAndApproachIdealPulsesLinearlyInDuration() throws {
        let timing = SingleVoxelTiming.press(te1Seconds: 0.015, te2Seconds: 0.015)
        let phases = timing.defaultPhasesRadians, flips = timing.flipAnglesRadians
        func hard(_ d: Double) throws -> BlochPulseModel {
            .finite(try (0..<3).map { try BlochPulse.hard(flipRadians: flips[$0], phaseRadians: phases[$0], durationSeconds: d) })
        }
        func fid(_ model: BlochPulseModel, _ ppm: Double) throws -> [Complex<Double>] {
            try SingleVoxelBloch(timing: timing, pulses: model, axis: axis).singletFID(ppm: ppm)
        }
        // On resonance a hard pulse is an exact rotation: identical to the ideal pulse.
        #expect(TestSupport.maxDifference(try fid(.ideal, 4.65), try fid(try hard(1e-3), 4.65)) < 1e-12)
        // Off resonance the 90's phase error is first order in (offset x duration).
        let ideal = try fid(.ideal, 2.0)
        let e1 = TestSupport.maxDifference(ideal, try fid(try hard(2e-6), 2.0))
        let e2 = TestSupport.maxDifference(ideal, try fid(try hard(4e-6), 2.0))
        #expect(e1 > 1e-5 && e1 < 1e-3)
        #expect(abs(e2 / e1 - 2) < 0.01)
        #expect(throws: ASDSError.self) { try fid(try hard(0.02), 2.0) }
    }

    @Test func sliceProfilesOfSincPulsesHaveTheDesignedWidth() throws {
        let thickness = 0.02
        let positions = (0..<121).map { -0.03 + 0.06 * Double($0) / 120 }
        let exc = try BlochPulse.sliceSelective(flipRadians: .pi / 2, phaseRadians: 0, durationSeconds: 2.6e-3, lobes: 3,
                                                steps: 128, axis: 0, thicknessMeters: thickness, rephase: true)
        let p90 = try SliceSelectionProfile.simulate(pulse: exc, axis: 0, positionsMeters: positions, refocusing: false)
        #expect(abs(p90.fwhmMeters - thickness) < 0.1 * thickness)
        // Rephased: nearly real and ~1 at the centre, ~0 far outside.
        #expect((p90.value(at: 0) - Complex(1, 0)).length < 0.02)
        #expect(p90.value(at: 0.028).length < 0.02)
        let ref = try BlochPulse.sliceSelective(flipRadians: .pi, phaseRadians: .pi / 2, durationSeconds: 5.2e-3, lobes: 3,
                                                steps: 128, axis: 1, thicknessMeters: thickness, rephase: false)
        let p180 = try SliceSelectionProfile.simulate(pulse: ref, axis: 1, positionsMeters: positions, refocusing: true)
        #expect((p180.value(at: 0) - Complex(1, 0)).length < 0.05)
        #expect(p180.value(at: 0.028).length < 0.01)
        // Cayley-Klein: the crushed echo is beta^2 and the same pulse leaves Mz = 1 - 2|beta|^2.
        var rs = [SIMD3<Double>]()
        for p in positions { rs.append(SIMD3(0, p, 0)) }
        let e = try IsochromatEnsemble.crushed(positions: rs, crusherAxes: 0, crusherPoints: 1, offResonanceHz: 0)
        let mz = try BlochSimulator.simulate(e, sequence: BlochSequence([.waveform(ref.waveform, sampled: false)])).mz
        for i in positions.indices {
            let fromMz = (1 - mz[i] * Double(positions.count)) / 2
            #expect(abs(p180.response[i].length - fromMz) < 1e-10)
        }
        #expect(abs(p180.sliceGradientTeslaPerMeter - 6 / 5.2e-3 / (PhysicalConstants.protonGyromagneticRatioHzPerTesla * thickness)) < 1e-12)
    }

    @Test func shapedPressAtTheBoxCentreApproachesTheIdealEcho() throws {
        // Slice-selective sinc pulses along x (90), y and z (180s); an isochromat at the box centre
        // sees nearly ideal rotations, one at 2 box widths sees almost none.
        let timing = SingleVoxelTiming.press(te1Seconds: 0.02, te2Seconds: 0.02)
        let pulses = try [
            BlochPulse.sliceSelective(flipRadians: .pi / 2, phaseRadians: 0, durationSeconds: 2.6e-3, lobes: 3, steps: 128, axis: 0,
                                      thicknessMeters: 0.02, rephase: true),
            BlochPulse.sliceSelective(flipRadians: .pi, phaseRadians: .pi / 2, durationSeconds: 5.2e-3, lobes: 3, steps: 128, axis: 1,
                                      thicknessMeters: 0.02, rephase: false),
            BlochPulse.sliceSelective(flipRadians: .pi, phaseRadians: .pi / 2, durationSeconds: 5.2e-3, lobes: 3, steps: 128, axis: 2,
                                      thicknessMeters: 0.02, rephase: false),
        ]
        let centre = try SingleVoxelBloch(timing: timing, pulses: .finite(pulses), axis: axis).singletFID(ppm: 4.65)
        #expect((centre[0] - Complex(1, 0)).length < 0.05)
        let outside = try SingleVoxelBloch(timing: timing, pulses: .finite(pulses), axis: axis, positions: [SIMD3(0.04, 0, 0)]).singletFID(ppm: 4.65)
        #expect(outside[0].length < 0.02)
    }
}

import ASDSCore
import Foundation
import Numerics
import Sequences
import SpinPhysics
import Testing

@Suite("Known answers: singlets, STEAM/PRESS, lactate")
struct KnownAnswerTests {
    @Test("ideal PRESS: a singlet's FID(0) equals its proton count and never decays", arguments: ["sI", "Cr", "Gly"])
    func singletAmplitude(name: String) throws {
        let protons = try Fixtures.metabolite(name).subsystems.flatMap(\.groups).reduce(0) { $0 + $1.protons }
        let fid = try Fixtures.simulate([name], sequence: "press").metabolites[0].fid
        #expect(abs(fid[0].real - Double(protons)) < 1e-12)
        #expect(abs(fid[0].imaginary) < 1e-12)
        if name == "sI" {
            #expect(fid.allSatisfy { abs($0.length - 6) < 1e-9 })
        }
    }

    @Test("ideal STEAM gives exactly half of ideal PRESS for singlets, sample by sample")
    func steamIsHalfOfPress() throws {
        let press = try Fixtures.simulate(["sI", "Cr"], sequence: "press")
        let steam = try Fixtures.simulate(["sI", "Cr"], sequence: "steam")
        for (p, s) in zip(press.metabolites, steam.metabolites) {
            let worst = zip(p.fid, s.fid).map { ($0.divided(by: 2) - $1).length }.max()!
            #expect(worst < 1e-12)
        }
    }

    @Test("ideal semi-LASER equals ideal PRESS for singlets at the same TE, sample by sample")
    func semiLASERSingletsEqualPRESS() throws {
        let press = try Fixtures.simulate(["sI", "Cr"], sequence: "press", overrides: TimingOverrides(te1Seconds: 0.015, te2Seconds: 0.015))
        let semiLASER = try Fixtures.simulate(["sI", "Cr"], sequence: "semi-laser", overrides: TimingOverrides(teSeconds: 0.03))
        #expect(semiLASER.acquisition.sequence == "semi-LASER" && semiLASER.acquisition.echoTimeSeconds == 0.03)
        for (p, s) in zip(press.metabolites, semiLASER.metabolites) {
            #expect(zip(p.fid, s.fid).map { ($0 - $1).length }.max()! < 1e-12)
        }
    }

    /// Sum of the real parts (the integral of the real spectrum) of the transitions near each
    /// line of lactate's methyl doublet, at 3 T.
    static func lactateDoublet(teSeconds: Double, sequence name: String = "press") throws -> [Double] {
        let sequence = try Fixtures.sequence(name)
        let timing = try sequence.timing(overrides: name == "press" ? TimingOverrides(teSeconds: teSeconds, te1Seconds: teSeconds / 2)
                                                                     : TimingOverrides(teSeconds: teSeconds))
        let axis = try SimulationOptions().spectralAxis()
        let plan = SequencePlan(sequence: sequence, timing: timing, mode: .ideal, axis: axis, spatialPoints: nil)
        let phase = BasisSimulator.receiverPhase(plan: plan, samplesPerCouplingStep: 1)
        let system = SpinSystem.systems(for: try Fixtures.metabolite("Lac"), spectrometerFrequencyHz: axis.spectrometerFrequencyHz,
                                        referencePPM: axis.referencePPM)[0]
        let lines = BasisSimulator.transitions(of: system, plan: plan, samplesPerCouplingStep: 1)
        let centre = axis.frequencyHz(ppm: 1.3142)
        return [-1.0, 1.0].map { side in
            lines.filter { abs($0.frequencyHz - (centre + side * 6.933 / 2)) < 1 }
                .reduce(0) { $0 + ($1.amplitude * phase).real }
        }
    }

    @Test("lactate's 1.31 ppm doublet is inverted at PRESS TE 144 ms and upright at 288 ms")
    func lactateInversion() throws {
        let inverted = try Self.lactateDoublet(teSeconds: 0.144)
        let upright = try Self.lactateDoublet(teSeconds: 0.288)
        #expect(inverted.allSatisfy { $0 < 0 })
        #expect(upright.allSatisfy { $0 > 0 })
        // Weak coupling: the doublet (3 protons) scales with cos(pi J TE); the roof effect
        // (first order in J / delta-nu = 0.02 at 3 T) moves intensity between the two lines; the
        // sum keeps cos(pi J TE) to second order (0.5% of the 3 protons).
        #expect(abs(inverted[0] + inverted[1] - 3 * Foundation.cos(.pi * 6.933 * 0.144)) < 0.015)
        #expect(abs(upright[0] + upright[1] - 3 * Foundation.cos(.pi * 6.933 * 0.288)) < 0.015)
    }

    /// Hard 180s act on both spins of a weakly coupled pair, so J evolves through the whole train
    /// as through one spin echo: semi-LASER's four refocusing pulses give lactate the PRESS
    /// modulation cos(pi J TE), inverted at TE = 1/J.
    @Test("lactate's doublet under ideal semi-LASER is inverted at TE 144 ms and upright at 288 ms")
    func lactateInversionSemiLASER() throws {
        let inverted = try Self.lactateDoublet(teSeconds: 0.144, sequence: "semi-laser")
        let upright = try Self.lactateDoublet(teSeconds: 0.288, sequence: "semi-laser")
        #expect(inverted.allSatisfy { $0 < 0 } && upright.allSatisfy { $0 > 0 })
        // The roof effect's second-order terms act at every one of the four pulses: within 1 % of
        // the 3 protons (PRESS: 0.5 %).
        #expect(abs(inverted[0] + inverted[1] - 3 * Foundation.cos(.pi * 6.933 * 0.144)) < 0.03)
        #expect(abs(upright[0] + upright[1] - 3 * Foundation.cos(.pi * 6.933 * 0.288)) < 0.03)
    }

    @Test("any field from 1.5 to 11.7 T: NAA's singlet at 2.008 ppm, sI's amplitude 6", arguments: [1.5, 7.0, 11.7])
    func fieldStrengths(b0: Double) throws {
        let options = SimulationOptions(b0Tesla: b0, points: 4096, bandwidthHz: 1000 * b0 * 1.6)
        let basis = try Fixtures.simulate(["NAA", "sI"], sequence: "press", options: options)
        let fid = basis.metabolites[0].fid.enumerated().map { n, v in
            v.multiplied(by: Foundation.exp(-Double.pi * 2 * basis.axis.timeSeconds(at: n)))
        }
        let spectrum = FFT.spectrum(ofFID: fid).map(\.real)
        let window = basis.axis.indexRange(ppm: 1.9...2.1)
        let peak = window.max { spectrum[$0] < spectrum[$1] }!
        #expect(abs(basis.axis.ppm(atIndex: Double(peak)) - 2.008) <= basis.axis.resolutionHz / basis.axis.spectrometerFrequencyMHz)
        #expect(abs(basis.metabolites[1].fid[0].real - 6) < 1e-12)
    }
}

import ASDSCore
import Bloch
import Foundation
import Numerics
import Sequences
import SpinPhysics
import Testing
import TestSupport

/// The uncoupled limit: the Bloch engine and the density-matrix engine give the same FID for a
/// singlet through the same PRESS or STEAM sequence (ideal pulses, no relaxation). Both are
/// referred to the project's receiver-phase convention (an on-resonance singlet has a real positive
/// FID(0)), which removes STEAM's physical sign (-k/2 for 90x 90x 90x).
@Suite struct CrossEngineTests {
    private func normalised(_ fid: [Complex<Double>], reference: Complex<Double>) -> [Complex<Double>] {
        let p = reference.conjugate.divided(by: reference.length)
        return fid.map { $0 * p }
    }

    @Test(arguments: [("press", 0.011, 0.019), ("press", 0.070, 0.074), ("steam", 0.020, 0.010), ("steam", 0.030, 0.050)])
    func singletAgreesBetweenEngines(sequence name: String, first: Double, second: Double) throws {
        let axis = try SpectralAxis(b0Tesla: 2.893539, points: 1024, bandwidthHz: 4000)
        let sequence = try SequenceDefinition.load(name, from: TestSupport.library)
        let overrides = name == "press" ? TimingOverrides(te1Seconds: first, te2Seconds: second)
                                        : TimingOverrides(teSeconds: first, tmSeconds: second)
        let timing = try sequence.timing(overrides: overrides)
        let options = SimulationOptions(b0Tesla: axis.b0Tesla, points: axis.points, bandwidthHz: axis.bandwidthHz)
        // Creatine's CH3 singlet (3 protons, 3.027 ppm) from the bundled library.
        let creatine = try MetaboliteLibrary.load("Cr", from: TestSupport.library)
        let methyl = MetaboliteDefinitionSubset.singlet(of: creatine, label: "N(CH3)")
        let density = try BasisSimulator.simulate(metabolites: [methyl], sequence: sequence, timing: timing, options: options)
            .metabolites[0].fid
        let blochTiming: SingleVoxelTiming = name == "press" ? .press(te1Seconds: first, te2Seconds: second)
                                                             : .steam(teSeconds: first, tmSeconds: second)
        let engine = SingleVoxelBloch(timing: blochTiming, pulses: .ideal, axis: axis)
        let onResonance = try engine.singletFID(ppm: axis.referencePPM, protons: 1)
        let bloch = normalised(try engine.singletFID(ppm: 3.027, protons: 3), reference: onResonance[0])
        let scale = density.map(\.length).max()!
        let difference = zip(bloch, density).map { ($0 - $1).length }.max()!
        #expect(difference / scale < 1e-6, "\(name): relative difference \(difference / scale)")
    }
}

/// A one-group metabolite made from a library metabolite's singlet group.
enum MetaboliteDefinitionSubset {
    static func singlet(of definition: MetaboliteDefinition, label: String) -> MetaboliteDefinition {
        let json = """
        {"name": "\(definition.name)singlet", "fullName": "singlet", "references": [{"id": "r", "citation": "test"}],
         "defaultReference": "r", "subsystems": [{"groups": [{"label": "\(label)", "shiftPPM": \(group(definition, label).shiftPPM),
         "protons": \(group(definition, label).protons)}]}]}
        """
        return try! JSONInput.decode(MetaboliteDefinition.self, from: Data(json.utf8), source: "test")
    }

    private static func group(_ d: MetaboliteDefinition, _ label: String) -> SpinGroup {
        d.subsystems.flatMap(\.groups).first { $0.label == label }!
    }
}

import ASDSCore
import Foundation
import Sequences
import SpinPhysics
import TestSupport

/// Test fixtures: the bundled metabolite library and the FID-A reference spectra (see Fixtures/
/// and docs/VALIDATION.md).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func metabolite(_ name: String) throws -> MetaboliteDefinition {
        try MetaboliteLibrary.load(name, from: TestSupport.library)
    }

    static func sequence(_ name: String) throws -> SequenceDefinition {
        try SequenceDefinition.load(name, from: TestSupport.library)
    }

    /// Ideal-mode basis of `names` for `sequence` with `overrides` at `b0Tesla`.
    static func simulate(
        _ names: [String], sequence: String, overrides: TimingOverrides = TimingOverrides(),
        options: SimulationOptions = SimulationOptions()
    ) throws -> BasisSet {
        let definition = try Fixtures.sequence(sequence)
        return try BasisSimulator.simulate(
            metabolites: names.map(metabolite), sequence: definition, timing: definition.timing(overrides: overrides), options: options)
    }
}

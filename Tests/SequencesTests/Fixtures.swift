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

    /// A new temporary directory with a `pulses/` copy of the bundled pulse files `pulses`, and
    /// the text of bundled sequence `name`, for tests that load edited sequence files there.
    static func sequenceWorkspace(_ name: String, pulses: [String]) throws -> (directory: String, text: String) {
        let directory = try TestSupport.temporaryDirectory()
        let root = TestSupport.repositoryRoot + "/sequences"
        try FileManager.default.createDirectory(atPath: directory + "/pulses", withIntermediateDirectories: true)
        for pulse in pulses {
            try FileManager.default.copyItem(atPath: root + "/pulses/\(pulse).json", toPath: directory + "/pulses/\(pulse).json")
        }
        return (directory, try String(contentsOfFile: root + "/\(name).json", encoding: .utf8))
    }
}

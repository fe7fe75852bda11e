import ASDSCore
import Foundation
import Numerics
import SpinPhysics

/// Supplies the basis set of one sequence choice (simulated, or loaded from a cache).
public protocol BasisProvider: Sendable {
    /// The basis of `metabolites` (in that order) for `choice`, sampled on `axis`.
    func basis(for choice: SequenceChoice, metabolites: [String], axis: SpectralAxis) throws -> BasisSet
}

/// Generates the items of a suite: draws truth, synthesises FIDs, in parallel and
/// deterministically (item `i` is identical whichever range, shard or thread count produced it).
public struct SuiteGenerator: Sendable {
    public let suite: SuiteDefinition
    /// The suite file's exact text, stored with every output.
    public let suiteJSON: String
    /// Path of the suite file, for error messages.
    public let source: String
    /// The generator of the suite's MRSI part, if it has one.
    public let mrsi: MRSIPartGenerator?

    /// Loads and validates `path`, checking its metabolites against the library.
    public init(path: String, library: ResourceLocator) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ASDSError.io(path: path, reason: "cannot read the suite file")
        }
        suiteJSON = String(decoding: data, as: UTF8.self)
        suite = try JSONInput.decode(SuiteDefinition.self, from: data, source: path)
        try suite.validate(source: path)
        let known = Set(MetaboliteLibrary.availableNames(in: library.metabolitesDirectory).map { $0.lowercased() })
        for (i, name) in suite.metabolites.enumerated() where !known.contains(name.lowercased()) {
            throw ASDSError.invalidInput(source: path, field: "metabolites.\(i)", reason: "unknown metabolite '\(name)'")
        }
        source = path
        mrsi = try MRSIPartGenerator.load(suite: suite, suiteJSON: suiteJSON, source: path, library: library)
    }

    /// Refuses, before anything is simulated or written, a suite (or shard) whose spectra would not
    /// fit in memory: every item's intrinsic, clean and noisy FIDs stay in memory until the dataset
    /// is written, and writing copies one more.
    public func requireMemory(shard: ShardSpec?) throws {
        let items = shard?.range(total: suite.count).count ?? suite.count
        let points = Double(suite.acquisition.points)
        try MemoryBudget.require(
            Double(items) * (4 * points * Double(MemoryLayout<Complex<Double>>.stride) + 2048),
            for: "\(items) spectra of \(suite.acquisition.points) points" + (shard.map { " (\($0.label))" } ?? ""),
            source: source, field: "count", hint: "generate it in shards (asds generate --shard K --of N) or lower count")
    }

    /// Generates the whole suite (`shard` nil) or one shard of it.
    public func generate(shard: ShardSpec?, provider: any BasisProvider, components: LineComponentLibrary?,
                         progress: ProgressReporter? = nil) throws -> GeneratedDataset {
        let axis = try suite.acquisition.axis(source: source)
        let range = shard?.range(total: suite.count) ?? 0..<suite.count
        try requireMemory(shard: shard)
        let bases = try suite.sequences.map { choice -> BasisSet in
            let basis = try provider.basis(for: choice, metabolites: suite.metabolites, axis: axis)
            guard basis.axis.matches(axis), basis.names == suite.metabolites else {
                throw ASDSError.mismatch(what: "basis for \(choice.label)", reason: "does not match the suite's axis or metabolites")
            }
            // One axis value throughout, so files read back equal what was generated.
            return BasisSet(axis: axis, acquisition: basis.acquisition, metabolites: basis.metabolites)
        }
        let a = suite.artefacts
        let mm = a.macromolecules == nil ? nil : components?.macromoleculeFID(on: axis)
        let lipids = a.lipids == nil ? nil : components?.lipidFID(on: axis)
        if (a.macromolecules != nil || a.lipids != nil) && components == nil {
            throw ASDSError.invalidInput(source: source, field: "artefacts", reason: "macromolecules or lipids need the component library")
        }
        let context = SynthesisContext(
            axis: axis, basisFIDs: bases.map { $0.metabolites.map(\.fid) },
            echoTimesSeconds: bases.map(\.acquisition.echoTimeSeconds),
            macromoleculeFID: mm, lipidFID: lipids, snrReference: a.snrReference, seed: suite.seed)
        let sampler = ParameterSampler(suite: suite)
        let items = try Parallel.tryMap(range.count) { offset -> SynthesizedSpectrum in
            let item = try SpectrumSynthesizer.synthesize(sampler.draw(index: range.lowerBound + offset), context: context)
            progress?.advance()
            return item
        }
        progress?.finish()
        return GeneratedDataset(suiteJSON: suiteJSON, suite: suite, axis: axis, bases: bases,
                                macromoleculeFID: mm, lipidFID: lipids, shard: shard, items: items)
    }
}

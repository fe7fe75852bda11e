import ASDSCore
import FileFormats
import Foundation
import Sequences
import SpinPhysics

/// The basis set of each of a suite's sequence choices: read from the choice's `basisFile` when it
/// names one, otherwise simulated by the density-matrix simulator and cached on disk by content
/// hash. The key covers the tool version, every metabolite file's bytes, the sequence file and its
/// pulse tables, the timing, and every simulation option, so a cached basis is reused exactly when
/// a new simulation would give the same result.
public struct SuiteBasisProvider: BasisProvider {
    public let library: ResourceLocator
    /// Directory of cached basis files (`basis-<hash>.h5`); nil disables caching.
    public let cacheDirectory: String?
    /// Whether to draw a progress line while simulating.
    public let showProgress: Bool

    public init(library: ResourceLocator, cacheDirectory: String?, showProgress: Bool = false) {
        self.library = library
        self.cacheDirectory = cacheDirectory
        self.showProgress = showProgress
    }

    public func basis(for choice: SequenceChoice, metabolites: [String], axis: SpectralAxis) throws -> BasisSet {
        if let file = choice.basisFile { return try Self.basis(fromFile: file, metabolites: metabolites, axis: axis) }
        let sequence = try SequenceDefinition.load(choice.sequence, from: library)
        let timing = try sequence.timing(overrides: TimingOverrides(
            teSeconds: choice.teSeconds, te1Seconds: choice.te1Seconds, te2Seconds: choice.te2Seconds, tmSeconds: choice.tmSeconds))
        let mode = try PulseMode(rawValue: choice.pulses ?? "ideal").orThrow(
            ASDSError.invalidInput(source: "suite", field: "sequences.pulses", reason: "must be ideal or shaped, got \(choice.pulses ?? "")"))
        let options = SimulationOptions(b0Tesla: axis.b0Tesla, points: axis.points, bandwidthHz: axis.bandwidthHz,
                                        referencePPM: axis.referencePPM, mode: mode, spatialPoints: choice.spatialPoints)
        let definitions = try MetaboliteLibrary.load(metabolites, from: library)
        let key = try cacheKey(metabolites: metabolites, sequence: sequence, timing: timing, options: options)
        let cached = cacheDirectory.map { $0 + "/basis-" + key.prefix(24) + ".h5" }
        if let cached, FileManager.default.fileExists(atPath: cached), let basis = try? BasisHDF5.read(from: cached),
           basis.names == metabolites, basis.axis.matches(axis) {
            return basis
        }
        let progress = ProgressReporter(label: "simulate \(choice.label)", total: definitions.count, enabled: showProgress)
        let basis = try BasisSimulator.simulate(metabolites: definitions, sequence: sequence, timing: timing,
                                                options: options, progress: progress)
        if let cacheDirectory, let cached {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            try BasisHDF5.write(basis, to: cached)
        }
        return basis
    }

    /// The suite's `metabolites` (in that order) from the basis file at `path`, brought onto `axis`
    /// by `BasisAlignment` (same nucleus and field within 0.1%; the carrier shifted, the sampling
    /// truncated or resampled), labelled with the suite's axis.
    static func basis(fromFile path: String, metabolites: [String], axis: SpectralAxis) throws -> BasisSet {
        let file = try BasisFormat.read(from: path)
        let byName = Dictionary(file.metabolites.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let selected = try metabolites.map { name in
            try byName[name].orThrow(ASDSError.invalidInput(
                source: path, field: name,
                reason: "the suite's metabolite is not in this basis file (it has \(file.names.joined(separator: ", ")))"))
        }
        let aligned = try BasisAlignment.aligned(
            BasisSet(axis: file.axis, acquisition: file.acquisition, metabolites: selected), to: axis, source: path)
        return BasisSet(axis: axis, acquisition: aligned.acquisition, metabolites: aligned.metabolites)
    }

    /// SHA-256 of everything the simulation depends on.
    func cacheKey(metabolites: [String], sequence: SequenceDefinition, timing: SequenceTiming,
                  options: SimulationOptions) throws -> String {
        var text = "asds \(ToolVersion.current)\n"
        for name in metabolites {
            let path = try ResourceLocator.resolve(name, in: library.metabolitesDirectory, kind: "metabolite")
            text += "metabolite \(name) " + SHA256.hex(FileManager.default.contents(atPath: path) ?? Data()) + "\n"
        }
        text += "sequence " + SHA256.hex(FileManager.default.contents(atPath: sequence.source) ?? Data()) + "\n"
        for name in sequence.shapes.keys.sorted() {
            let s = sequence.shapes[name]!
            text += "pulse \(name) \(s.durationSeconds) \(s.amplitudes) \(s.phasesDegrees) \(s.bandwidthHz)\n"
        }
        text += "timing \(timing.teSeconds) \(String(describing: timing.te1Seconds)) \(String(describing: timing.te2Seconds)) "
            + "\(String(describing: timing.tmSeconds))\n"
        text += "options \(options.b0Tesla) \(options.points) \(options.bandwidthHz) \(options.referencePPM) \(options.mode.rawValue) "
            + "\(String(describing: options.spatialPoints)) \(options.samplesPerCouplingStep)\n"
        return SHA256.hex(Array(text.utf8))
    }
}

extension Optional {
    /// The wrapped value, or `error` thrown.
    func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}

import ASDSCore
import Foundation

/// A dataset suite as stored in `suites/<name>.json` (schema in `docs/DATASETS.md`): how many
/// spectra, how they split, which acquisitions, metabolites, scenarios and artefacts.
public struct SuiteDefinition: Decodable, Sendable, Equatable {
    public let name: String
    public let description: String?
    /// Seed of every random draw; item `i` draws from streams addressed by `(seed, i, purpose)`.
    public let seed: UInt64
    /// Number of spectra (single voxel) or of MRSI acquisitions.
    public let count: Int
    /// Items `0 ..< split.train` form the training split, the rest the test split.
    public let split: SplitDefinition
    public let acquisition: AcquisitionDefinition
    /// Sequences drawn per item with the given weights.
    public let sequences: [SequenceChoice]
    /// Metabolites in the basis, by library name (also the columns of the truth table).
    public let metabolites: [String]
    /// Default concentration distribution per metabolite, in mM; scenarios override entries.
    public let concentrationsMM: [String: ParameterDistribution]
    /// Tissue scenarios drawn per item with the given weights.
    public let scenarios: [ScenarioDefinition]
    public let artefacts: ArtefactDefinition
    /// Optional MRSI part: raw radial/spiral acquisitions of a phantom, one file each.
    public let mrsi: MRSIPartDefinition?
    /// How the files are written (absent: gzip-compressed NIfTI-MRS).
    public let output: OutputDefinition?

    /// Whether the NIfTI-MRS files are gzip-compressed (`.nii.gz`, the default) or not (`.nii`).
    public var compressesNIfTI: Bool { (output?.niftiCompression ?? .gzip) == .gzip }

    /// Loads and validates a suite file.
    public static func load(path: String) throws -> SuiteDefinition {
        let suite = try JSONInput.decode(SuiteDefinition.self, fromFile: path)
        try suite.validate(source: path)
        return suite
    }

    /// Checks the cross-field rules JSON decoding alone cannot.
    public func validate(source: String) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError { .invalidInput(source: source, field: field, reason: reason) }
        guard !name.isEmpty else { throw fail("name", "must not be empty") }
        guard count > 0 else { throw fail("count", "must be a positive integer, got \(count)") }
        guard split.train >= 0, split.test >= 0 else { throw fail("split", "train and test must be non-negative") }
        guard split.train + split.test == count else {
            throw fail("split", "train (\(split.train)) + test (\(split.test)) must equal count (\(count))")
        }
        guard !sequences.isEmpty else { throw fail("sequences", "must list at least one sequence") }
        for (i, s) in sequences.enumerated() {
            guard s.weight > 0, s.weight.isFinite else { throw fail("sequences.\(i).weight", "must be positive") }
        }
        guard !metabolites.isEmpty else { throw fail("metabolites", "must list at least one metabolite") }
        guard Set(metabolites).count == metabolites.count else { throw fail("metabolites", "names must be unique") }
        let known = Set(metabolites)
        for (name, d) in concentrationsMM {
            guard known.contains(name) else { throw fail("concentrationsMM.\(name)", "is not in metabolites") }
            guard d.lowerBound >= 0 else { throw fail("concentrationsMM.\(name)", "concentrations cannot be negative (lower bound \(d.lowerBound) mM)") }
        }
        guard !scenarios.isEmpty else { throw fail("scenarios", "must list at least one scenario") }
        for (i, scenario) in scenarios.enumerated() {
            guard scenario.weight > 0, scenario.weight.isFinite else { throw fail("scenarios.\(i).weight", "must be positive") }
            for (name, d) in scenario.concentrationsMM {
                let field = "scenarios.\(i).concentrationsMM.\(name)"
                guard known.contains(name) else { throw fail(field, "is not in metabolites") }
                guard d.lowerBound >= 0 else { throw fail(field, "concentrations cannot be negative (lower bound \(d.lowerBound) mM)") }
            }
            for name in metabolites where scenario.concentrationsMM[name] == nil && concentrationsMM[name] == nil {
                throw fail("scenarios.\(i).concentrationsMM", "gives no concentration for \(name) and concentrationsMM has no default")
            }
        }
        try artefacts.validate(source: source, metabolites: known)
        try mrsi?.validate(source: source, scenarios: scenarios)
    }

    /// Concentration distribution of `metabolite` in `scenario`.
    public func concentration(_ metabolite: String, in scenario: ScenarioDefinition) -> ParameterDistribution {
        scenario.concentrationsMM[metabolite] ?? concentrationsMM[metabolite]!
    }
}

/// File options of a suite: `{"niftiCompression": "gzip" | "none"}`. Uncompressed NIfTI-MRS
/// files are about twice the size and written several times faster (docs/BENCHMARKS.md).
public struct OutputDefinition: Decodable, Sendable, Equatable {
    public enum NIfTICompression: String, Decodable, Sendable {
        case gzip, none
    }

    public let niftiCompression: NIfTICompression?
}

public struct SplitDefinition: Codable, Sendable, Equatable {
    public let train: Int
    public let test: Int
}

/// Spectral sampling shared by every item.
public struct AcquisitionDefinition: Decodable, Sendable, Equatable {
    /// Static field, in T (1.5 to 11.7).
    public let b0Tesla: Double
    /// Complex points per FID.
    public let points: Int
    /// Spectral width, in Hz.
    public let bandwidthHz: Double
    /// Chemical shift at the carrier, in ppm.
    public let referencePPM: Double

    private enum CodingKeys: String, CodingKey { case b0Tesla, points, bandwidthHz, referencePPM }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        b0Tesla = try c.decode(Double.self, forKey: .b0Tesla)
        points = try c.decode(Int.self, forKey: .points)
        bandwidthHz = try c.decode(Double.self, forKey: .bandwidthHz)
        referencePPM = try c.decodeIfPresent(Double.self, forKey: .referencePPM) ?? PhysicalConstants.defaultReferencePPM
        guard b0Tesla.isFinite, (1.5...11.7).contains(b0Tesla) else {
            throw FieldError(decoder.codingPath + [CodingKeys.b0Tesla], "must lie in [1.5, 11.7] T, got \(b0Tesla)")
        }
        guard points >= 64, points <= 1 << 16 else {
            throw FieldError(decoder.codingPath + [CodingKeys.points], "must be an integer from 64 to 65536, got \(points)")
        }
        guard bandwidthHz.isFinite, bandwidthHz > 0 else {
            throw FieldError(decoder.codingPath + [CodingKeys.bandwidthHz], "must be positive, got \(bandwidthHz)")
        }
    }

    /// The spectral axis of every item.
    public func axis(source: String) throws -> SpectralAxis {
        try SpectralAxis(b0Tesla: b0Tesla, points: points, bandwidthHz: bandwidthHz, referencePPM: referencePPM, source: source)
    }
}

/// One sequence the suite draws from, with its timing (seconds) and pulse mode.
public struct SequenceChoice: Codable, Sendable, Equatable, Hashable {
    /// A bundled sequence name (`press`, `steam`) or a path to a sequence file.
    public let sequence: String
    public let teSeconds: Double?
    public let te1Seconds: Double?
    public let te2Seconds: Double?
    public let tmSeconds: Double?
    /// `ideal` (default) or `shaped`.
    public let pulses: String?
    /// Spatial points per selective axis in shaped mode.
    public let spatialPoints: Int?
    /// A basis file (any format `asds convert` reads: ASDS HDF5, NIfTI-MRS, LCModel `.BASIS`, an
    /// FSL-MRS folder) to synthesise this choice's spectra from instead of simulating `sequence`,
    /// e.g. another simulator's basis for a cross-fit; relative paths are taken from the working
    /// directory. The other fields still name the acquisition (label, timing in tables).
    public let basisFile: String?
    /// Relative probability of this sequence.
    public let weight: Double

    /// A short human-readable key such as `press-te30` used in file layouts and tables.
    public var label: String {
        let stem = URL(fileURLWithPath: sequence).deletingPathExtension().lastPathComponent.lowercased()
        var te = teSeconds
        if te == nil, let a = te1Seconds, let b = te2Seconds { te = a + b }
        var parts = [stem]
        if let te { parts.append("te\(Int((te * 1000).rounded()))") }
        if let tm = tmSeconds { parts.append("tm\(Int((tm * 1000).rounded()))") }
        if let p = pulses, p != "ideal" { parts.append(p) }
        return parts.joined(separator: "-")
    }
}

/// A tissue scenario: a weight and concentration overrides (mM).
public struct ScenarioDefinition: Decodable, Sendable, Equatable {
    public let name: String
    public let weight: Double
    public let concentrationsMM: [String: ParameterDistribution]
}

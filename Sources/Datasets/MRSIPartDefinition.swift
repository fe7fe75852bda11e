import ASDSCore
import Bloch
import Encoding
import Foundation

/// The MRSI part of a suite (`"mrsi"` in the suite file, schema in `docs/DATASETS.md`): raw
/// spectroscopic-imaging acquisitions of a phantom along radial or spiral (or Cartesian) k-space
/// trajectories, each region of the phantom filled with concentrations drawn from one of the
/// suite's scenarios. Every acquisition is one file, `mrsi/item-NNNNNN.h5`.
public struct MRSIPartDefinition: Decodable, Sendable, Equatable {
    /// Number of acquisitions.
    public let count: Int
    /// Acquisitions `0 ..< split.train` form the training split, the rest the test split.
    public let split: SplitDefinition
    /// A bundled phantom name (`phantoms/`) or a path: geometry, localisation box, relaxation,
    /// B0 map and eddy currents. Its own concentrations are replaced (see `regionScenarios`).
    public let phantom: String
    /// Reconstruction matrix N (N x N voxels over the phantom's FOV); default: the phantom's.
    public let matrix: Int?
    /// Region name -> scenario name: the region's concentrations (suite metabolites, mM) are
    /// drawn from that scenario's distributions. Regions not named hold no metabolites (CSF).
    public let regionScenarios: [String: String]
    /// Spectral points: readout repetitions.
    public let points: Int
    /// Spectral width, in Hz: the inverse of the readout repetition period.
    public let bandwidthHz: Double
    /// Chemical shift at the carrier, in ppm; default: the suite's `acquisition.referencePPM`.
    /// MRSI spectral widths are narrow (the readout must fit in one dwell), so the carrier is
    /// usually set inside the metabolite range (e.g. 2.6 ppm) to keep lactate from aliasing.
    public let referencePPM: Double?
    /// Repetition time TR of the localisation sequence, in s (saturation weighting of regions).
    public let repetitionTimeSeconds: Double
    /// Slice profiles of the PRESS/STEAM box: `ideal` (default) or `sinc` (Bloch-simulated).
    public let profiles: MRSISequence.Profiles
    /// Trajectories drawn per acquisition with the given weights.
    public let trajectories: [TrajectoryChoice]
    /// Gradient limit, in mT/m (default 40).
    public let maxGradientMilliTeslaPerMeter: Double
    /// Slew-rate limit, in T/m/s (default 150).
    public let maxSlewTeslaPerMeterPerSecond: Double
    /// Target SNR (MRSI definition in `docs/METRICS.md`); default: the suite's `artefacts.snr`.
    public let snr: ParameterDistribution?
    /// Root-mean-square of the smooth random B0 field drawn per acquisition, in Hz; default:
    /// the phantom's. The field itself is new for every acquisition (a drawn seed); its
    /// correlation length is the phantom's, or FOV / 8 when the phantom has none.
    public let b0RandomRmsHz: ParameterDistribution?

    private enum CodingKeys: String, CodingKey {
        case count, split, phantom, matrix, regionScenarios, points, bandwidthHz, referencePPM, repetitionTimeSeconds, profiles
        case trajectories, maxGradientMilliTeslaPerMeter, maxSlewTeslaPerMeterPerSecond, snr, b0RandomRmsHz
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        split = try c.decode(SplitDefinition.self, forKey: .split)
        phantom = try c.decode(String.self, forKey: .phantom)
        matrix = try c.decodeIfPresent(Int.self, forKey: .matrix)
        regionScenarios = try c.decode([String: String].self, forKey: .regionScenarios)
        points = try c.decode(Int.self, forKey: .points)
        bandwidthHz = try c.decode(Double.self, forKey: .bandwidthHz)
        referencePPM = try c.decodeIfPresent(Double.self, forKey: .referencePPM)
        repetitionTimeSeconds = try c.decode(Double.self, forKey: .repetitionTimeSeconds)
        profiles = try c.decodeIfPresent(MRSISequence.Profiles.self, forKey: .profiles) ?? .ideal
        trajectories = try c.decode([TrajectoryChoice].self, forKey: .trajectories)
        maxGradientMilliTeslaPerMeter = try c.decodeIfPresent(Double.self, forKey: .maxGradientMilliTeslaPerMeter) ?? 40
        maxSlewTeslaPerMeterPerSecond = try c.decodeIfPresent(Double.self, forKey: .maxSlewTeslaPerMeterPerSecond) ?? 150
        snr = try c.decodeIfPresent(ParameterDistribution.self, forKey: .snr)
        b0RandomRmsHz = try c.decodeIfPresent(ParameterDistribution.self, forKey: .b0RandomRmsHz)
    }

    /// Checks the fields that need no phantom; errors name `source` and `mrsi.<field>`.
    func validate(source: String, scenarios: [ScenarioDefinition]) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError { .invalidInput(source: source, field: "mrsi." + field, reason: reason) }
        guard count > 0 else { throw fail("count", "must be a positive integer, got \(count)") }
        guard split.train >= 0, split.test >= 0 else { throw fail("split", "train and test must be non-negative") }
        guard split.train + split.test == count else {
            throw fail("split", "train (\(split.train)) + test (\(split.test)) must equal count (\(count))")
        }
        if let matrix, !(2...256).contains(matrix) { throw fail("matrix", "must be an integer from 2 to 256, got \(matrix)") }
        guard (8...8192).contains(points) else { throw fail("points", "must be an integer from 8 to 8192, got \(points)") }
        guard bandwidthHz.isFinite, bandwidthHz > 0 else { throw fail("bandwidthHz", "must be positive, got \(bandwidthHz)") }
        if let r = referencePPM, !(r.isFinite && abs(r) <= 50) { throw fail("referencePPM", "must be a finite shift within +-50 ppm, got \(r)") }
        guard repetitionTimeSeconds.isFinite, repetitionTimeSeconds > 0 else {
            throw fail("repetitionTimeSeconds", "must be positive, got \(repetitionTimeSeconds)")
        }
        guard maxGradientMilliTeslaPerMeter.isFinite, maxGradientMilliTeslaPerMeter > 0 else {
            throw fail("maxGradientMilliTeslaPerMeter", "must be positive, got \(maxGradientMilliTeslaPerMeter)")
        }
        guard maxSlewTeslaPerMeterPerSecond.isFinite, maxSlewTeslaPerMeterPerSecond > 0 else {
            throw fail("maxSlewTeslaPerMeterPerSecond", "must be positive, got \(maxSlewTeslaPerMeterPerSecond)")
        }
        guard !trajectories.isEmpty else { throw fail("trajectories", "must list at least one trajectory") }
        for (i, t) in trajectories.enumerated() {
            guard t.weight > 0, t.weight.isFinite else { throw fail("trajectories.\(i).weight", "must be positive") }
            if let n = t.spokes, n < 1 { throw fail("trajectories.\(i).spokes", "must be at least 1, got \(n)") }
            if let n = t.interleaves, n < 1 { throw fail("trajectories.\(i).interleaves", "must be at least 1, got \(n)") }
            if let e = t.edgeDensity, !(e > 0 && e <= 1) { throw fail("trajectories.\(i).edgeDensity", "must lie in (0, 1], got \(e)") }
        }
        if let snr, !(snr.lowerBound > 0) { throw fail("snr", "must be positive (lower bound \(snr.lowerBound))") }
        if let rms = b0RandomRmsHz, !(rms.lowerBound >= 0) { throw fail("b0RandomRmsHz", "cannot be negative (lower bound \(rms.lowerBound) Hz)") }
        let names = Set(scenarios.map(\.name))
        guard !regionScenarios.isEmpty else { throw fail("regionScenarios", "must map at least one region to a scenario") }
        for (region, scenario) in regionScenarios.sorted(by: { $0.key < $1.key }) where !names.contains(scenario) {
            throw fail("regionScenarios.\(region)", "names no scenario of the suite: '\(scenario)'")
        }
    }

    /// Checks the region names against the loaded phantom.
    func validate(source: String, phantom: Phantom) throws {
        let regions = Set(phantom.regions.map(\.name))
        for region in regionScenarios.keys.sorted() where !regions.contains(region) {
            throw ASDSError.invalidInput(source: source, field: "mrsi.regionScenarios.\(region)",
                                         reason: "the phantom '\(phantom.name)' has no such region (it has \(phantom.regions.map(\.name).joined(separator: ", ")))")
        }
    }

    /// The gradient hardware limits.
    var limits: GradientLimits {
        GradientLimits(maxGradientTeslaPerMeter: maxGradientMilliTeslaPerMeter * 1e-3,
                       maxSlewTeslaPerMeterPerSecond: maxSlewTeslaPerMeterPerSecond)
    }
}

/// One k-space trajectory the MRSI part draws from.
public struct TrajectoryChoice: Decodable, Sendable, Equatable {
    public let kind: KSpaceTrajectory.Kind
    /// Radial: centre-out spokes (default ceil(pi N)).
    public let spokes: Int?
    /// Radial: golden-angle spoke increments (default false).
    public let goldenAngle: Bool?
    /// Spiral: interleaves (default 16).
    public let interleaves: Int?
    /// Spiral: FOV at k_max over FOV at the centre (1 = constant density, the default).
    public let edgeDensity: Double?
    /// Relative probability of this trajectory.
    public let weight: Double

    /// A short key such as `radial-golden` or `spiral-16` for file attributes and tables.
    public var label: String {
        switch kind {
        case .cartesian: "cartesian"
        case .radial: "radial" + (goldenAngle == true ? "-golden" : "") + (spokes.map { "-\($0)" } ?? "")
        case .spiral: "spiral-\(interleaves ?? 16)" + (edgeDensity.map { $0 < 1 ? "-vd\($0)" : "" } ?? "")
        }
    }

    /// The design of this trajectory for a FOV (m), matrix and spectral sampling.
    func design(fovMeters: Double, matrix: Int, part: MRSIPartDefinition) -> TrajectoryDesign {
        TrajectoryDesign(kind: kind, fovMeters: fovMeters, matrix: matrix, spectralPoints: part.points,
                         spectralBandwidthHz: part.bandwidthHz, spokes: spokes, goldenAngle: goldenAngle ?? false,
                         interleaves: interleaves ?? 16, edgeDensityFraction: edgeDensity ?? 1, limits: part.limits)
    }
}

import ASDSCore
import Bloch
import Encoding
import Foundation
import Numerics

/// Generates the MRSI part of a suite: for each acquisition, draws the region concentrations,
/// sequence, trajectory, B0 field, eddy current and SNR, simulates the raw k-space data
/// (`MRSIAcquisition`) and writes it with its truth to `mrsi/item-NNNNNN.h5`.
///
/// Acquisition `i` draws from streams `(suite seed, [mrsiStream, i, purpose])`, so it is the
/// same whichever shard, range or thread count produced it, and each file is written alone
/// (atomically): shards of one suite may share an output directory.
public struct MRSIPartGenerator: Sendable {
    public let suite: SuiteDefinition
    public let part: MRSIPartDefinition
    /// The suite file's text and SHA-256, stored in every item file.
    public let suiteJSON: String
    public let suiteHash: String
    /// The phantom (matrix set to the part's) and the path it was loaded from.
    public let phantom: Phantom
    public let phantomPath: String
    /// The designed trajectory of each `part.trajectories` entry.
    public let trajectories: [KSpaceTrajectory]
    /// Path of the suite file, for error messages.
    public let source: String

    static let mrsiStream: UInt64 = 0x4D52_5349
    private enum Purpose: UInt64 { case choice = 0, concentration = 1, artefact = 2, noise = 3 }

    /// The generator of `suite`'s MRSI part, or nil when the suite has none. Loads the phantom
    /// from the library and checks its region names.
    public static func load(suite: SuiteDefinition, suiteJSON: String, source: String, library: ResourceLocator) throws -> MRSIPartGenerator? {
        guard let part = suite.mrsi else { return nil }
        let path: String
        do {
            path = try ResourceLocator.resolve(part.phantom, in: library.phantomsDirectory, kind: "phantom")
        } catch {
            throw ASDSError.invalidInput(source: source, field: "mrsi.phantom", reason: "no phantom '\(part.phantom)' in the library or on disk")
        }
        var phantom = try Phantom.load(path: path)
        try part.validate(source: source, phantom: phantom)
        if let n = part.matrix { phantom.matrix = n }
        let fov = phantom.fovMeters, n = phantom.matrix
        let trajectories = try part.trajectories.enumerated().map { i, choice in
            try KSpaceTrajectory.design(choice.design(fovMeters: fov, matrix: n, part: part), source: "\(source) mrsi.trajectories.\(i)")
        }
        return MRSIPartGenerator(suite: suite, part: part, suiteJSON: suiteJSON, suiteHash: SHA256.hex(Array(suiteJSON.utf8)),
                                 phantom: phantom, phantomPath: path, trajectories: trajectories, source: source)
    }

    /// The spectral axis of every acquisition: the part's points, bandwidth and carrier at the suite's B0.
    public func axis(source: String) throws -> SpectralAxis {
        try SpectralAxis(b0Tesla: suite.acquisition.b0Tesla, points: part.points, bandwidthHz: part.bandwidthHz,
                         referencePPM: part.referencePPM ?? suite.acquisition.referencePPM, source: source)
    }

    /// The drawn parameters of acquisition `index` (noise level and reference peak are filled in
    /// by `simulate`).
    public func draw(index: Int) -> MRSIItemTruth {
        func stream(_ p: Purpose) -> SeededRandom {
            SeededRandom(seed: suite.seed, path: [Self.mrsiStream, UInt64(index), p.rawValue])
        }
        var choice = stream(.choice)
        let sequence = ParameterSampler.pick(suite.sequences.map(\.weight), &choice)
        let trajectory = ParameterSampler.pick(part.trajectories.map(\.weight), &choice)
        var conc = stream(.concentration)
        let regions = phantom.regions.map { region -> MRSIItemTruth.Region in
            guard let name = part.regionScenarios[region.name], let scenario = suite.scenarios.first(where: { $0.name == name }) else {
                return .init(name: region.name, scenario: nil, concentrationsMM: suite.metabolites.map { _ in 0 })
            }
            return .init(name: region.name, scenario: name,
                         concentrationsMM: suite.metabolites.map { suite.concentration($0, in: scenario).draw(&conc) })
        }
        var rng = stream(.artefact)
        let b0Seed = rng.next()
        let rms = part.b0RandomRmsHz?.draw(&rng) ?? phantom.b0Map?.randomRmsHz ?? 0
        let shift = suite.artefacts.frequencyShiftHz?.draw(&rng) ?? 0
        let eddy = suite.artefacts.eddyCurrents
        let eddyAmplitude = eddy?.amplitudeHz.draw(&rng), eddyTau = eddy?.timeConstantSeconds.draw(&rng)
        let snr = (part.snr ?? suite.artefacts.snr).draw(&rng)
        var noise = stream(.noise)
        return MRSIItemTruth(index: index, isTraining: index < part.split.train, sequence: sequence, trajectory: trajectory,
                             regions: regions, b0Seed: b0Seed, b0RandomRmsHz: rms, frequencyShiftHz: shift,
                             eddyAmplitudeHz: eddyAmplitude, eddyTimeConstantSeconds: eddyTau, noiseSeed: noise.next(),
                             targetSNR: snr, referencePeakHeight: 0, referenceVoxel: 0, noiseStandardDeviation: 0,
                             imageNoiseStandardDeviation: 0)
    }

    /// The phantom of one acquisition: drawn concentrations, B0 field and eddy current.
    func phantom(for truth: MRSIItemTruth) -> Phantom {
        var p = phantom
        for (g, region) in truth.regions.enumerated() {
            var concentrations: [String: Double] = [:]
            for (name, c) in zip(suite.metabolites, region.concentrationsMM) where c > 0 { concentrations[name] = c }
            p.regions[g].concentrations = concentrations
        }
        var b0 = p.b0Map ?? Phantom.B0Map()
        b0.offsetHz = (b0.offsetHz ?? 0) + truth.frequencyShiftHz
        b0.seed = truth.b0Seed
        b0.randomRmsHz = truth.b0RandomRmsHz > 0 ? truth.b0RandomRmsHz : nil
        if truth.b0RandomRmsHz > 0, b0.randomCorrelationMeters == nil { b0.randomCorrelationMeters = p.fovMeters / 8 }
        p.b0Map = b0
        if let a = truth.eddyAmplitudeHz, let tau = truth.eddyTimeConstantSeconds {
            p.eddyCurrents = [EddyCurrentModel.Term(amplitudeHz: a, timeConstantSeconds: tau)]
        }
        return p
    }

    /// Simulates acquisition `truth.index` with `basis` (on `axis(source:)`) along `trajectory`,
    /// with noise scaled to the drawn SNR: `sigma = H / (SNR g)`, where H is the reference peak
    /// height in the brightest voxel's spectrum (its truth spectrum with the voxel's T2' decay)
    /// and `g = sqrt(S sum_j w_j^2) / N^2` is the noise gain of the unit-gain density-compensated
    /// gridding reconstruction for k-space weights `w_j`, S spectral points and N x N voxels.
    public func simulate(_ truth: MRSIItemTruth, basis: BasisSet, trajectory: KSpaceTrajectory) throws -> (MRSIData, MRSIItemTruth) {
        let object = phantom(for: truth)
        let sequence = try Self.sequence(of: basis.acquisition, repetitionTimeSeconds: part.repetitionTimeSeconds, profiles: part.profiles)
        let clean = try MRSIAcquisition.simulate(phantom: object, basis: basis, sequence: sequence, trajectory: trajectory,
                                                 noiseStandardDeviation: 0, seed: truth.noiseSeed, phantomSource: phantomPath)
        let (height, voxel) = referencePeak(clean)
        guard height > 0 else {
            throw ASDSError.invalidInput(source: "suite", field: "mrsi", reason: "acquisition \(truth.index) has no positive \(suite.artefacts.snrReference.name) peak in any voxel to define its SNR")
        }
        let n = Double(trajectory.matrix)
        let gain = (Double(trajectory.repetitions) * trajectory.densityWeights.reduce(0) { $0 + $1 * $1 }).squareRoot() / (n * n)
        var t = truth
        t.referencePeakHeight = height
        t.referenceVoxel = voxel
        t.imageNoiseStandardDeviation = height / t.targetSNR
        t.noiseStandardDeviation = t.imageNoiseStandardDeviation / gain
        return (clean.addingNoise(standardDeviation: t.noiseStandardDeviation), t)
    }

    /// The largest SNR reference peak height over the voxels, and its voxel.
    func referencePeak(_ data: MRSIData) -> (height: Double, voxel: Int) {
        let s = data.axis.points, dt = data.axis.dwellSeconds
        var best = (height: 0.0, voxel: 0)
        for p in 0..<(data.truthSpectra.count / s) {
            let spectrum = Array(data.truthSpectra[(p * s)..<((p + 1) * s)])
            guard spectrum.contains(where: { $0 != .zero }) else { continue }
            var fid = FFT.fid(ofSpectrum: spectrum)
            let t2 = data.t2PrimeSeconds[p]
            if t2.isFinite { for i in 0..<s { fid[i] = fid[i].multiplied(by: exp(-Double(i) * dt / t2)) } }
            let h = SpectrumSynthesizer.referenceHeight(fid, axis: data.axis, reference: suite.artefacts.snrReference, shiftHz: 0)
            if h > best.height { best = (h, p) }
        }
        return best
    }

    /// The localisation sequence matching a basis set's acquisition.
    static func sequence(of a: AcquisitionParameters, repetitionTimeSeconds: Double, profiles: MRSISequence.Profiles) throws -> MRSISequence {
        let timing: SingleVoxelTiming
        if let te1 = a.te1Seconds, let te2 = a.te2Seconds {
            timing = .press(te1Seconds: te1, te2Seconds: te2)
        } else if let tm = a.mixingTimeSeconds {
            timing = .steam(teSeconds: a.echoTimeSeconds, tmSeconds: tm)
        } else {
            throw ASDSError.invalidInput(source: "suite", field: "sequences", reason: "the MRSI part needs PRESS (TE1, TE2) or STEAM (TE, TM) timing, got \(a.sequence)")
        }
        let s = MRSISequence(timing: timing, repetitionTimeSeconds: repetitionTimeSeconds, profiles: profiles)
        try s.validate(source: "suite mrsi")
        return s
    }
}

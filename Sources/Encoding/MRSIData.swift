import ASDSCore
import Bloch
import Foundation
import HDF5Kit
import Numerics

/// Simulated raw MRSI data with its trajectory, ground truth and every parameter
/// (layout of the HDF5 file: docs/ENCODING.md).
public struct MRSIData: Sendable {
    public var phantom: Phantom
    public var sequence: MRSISequence.Record
    public var trajectory: KSpaceTrajectory
    /// The spectral axis of the reconstructed spectra (repetitions points, 1/T bandwidth).
    public var axis: SpectralAxis
    public var metabolites: [String]
    /// Data `d[(shot * I + i) * S + r]` without and with noise.
    public var noiseFree: [Complex<Double>]
    public var noisy: [Complex<Double>]
    public var noiseStandardDeviation: Double
    public var seed: UInt64
    /// Ground truth: per-voxel spectra `x[p * S + n]` (H's unknown) and amplitudes `a[p * M + m]`.
    public var truthSpectra: [Complex<Double>]
    public var truthAmplitudes: [Double]
    /// Per-voxel B0 offset (Hz) and T2' (s).
    public var offResonanceHz: [Double]
    public var t2PrimeSeconds: [Double]
    /// Time segments the NUFFT operator used (1 = exact spectral step).
    public var segmentCount: Int

    /// The data with complex Gaussian noise of standard deviation `standardDeviation` per real and
    /// imaginary part added to `noiseFree`, drawn from `SeededRandom(seed: seed, path: [0x401])` in
    /// data order (so the same seed and level always give the same noisy data).
    public func addingNoise(standardDeviation: Double) -> MRSIData {
        var copy = self
        var rng = SeededRandom(seed: seed, path: [0x401])
        copy.noisy = noiseFree.map { $0 + Complex(rng.normal() * standardDeviation, rng.normal() * standardDeviation) }
        copy.noiseStandardDeviation = standardDeviation
        return copy
    }

    /// Everything needed to reproduce the file, as stored in `/parameters`.
    struct Parameters: Codable {
        var phantom: Phantom
        var sequence: MRSISequence.Record
        var trajectory: String
        var trajectoryKind: String
        var fovMeters: Double
        var matrix: Int
        var shots: Int
        var samplesPerReadout: Int
        var repetitions: Int
        var repetitionSeconds: Double
        var limits: GradientLimits
        var axis: SpectralAxis
        var metabolites: [String]
        var noiseStandardDeviation: Double
        var seed: UInt64
        var timeSegments: Int
    }

    /// Writes the data to `path` atomically (no file is left behind on failure); `extra` may add
    /// groups to the root before the file is closed and renamed.
    public func write(to path: String, extra: ((HDF5Group) throws -> Void)? = nil) throws {
        let t = trajectory, s = axis.points, n = t.matrix
        let parameters = Parameters(
            phantom: phantom, sequence: sequence, trajectory: t.summary, trajectoryKind: t.kind.rawValue, fovMeters: t.fovMeters,
            matrix: n, shots: t.shots, samplesPerReadout: t.samplesPerReadout, repetitions: t.repetitions,
            repetitionSeconds: t.repetitionSeconds, limits: t.limits, axis: axis, metabolites: metabolites,
            noiseStandardDeviation: noiseStandardDeviation, seed: seed, timeSegments: segmentCount)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = String(decoding: try encoder.encode(parameters), as: UTF8.self)
        try AtomicWrite.write(to: path) { temporary in
            let root = try HDF5File.create(temporary).root()
            try root.setAttribute("format", string: "asds-mrsi-raw")
            try root.setAttribute("version", Int32(1))
            try root.writeString(json, to: "parameters")
            let data = try root.createGroup("data")
            try data.write(noiseFree, to: "noise_free", shape: [t.shots, t.samplesPerReadout, s])
            try data.write(noisy, to: "noisy", shape: [t.shots, t.samplesPerReadout, s])
            try data.setAttribute("noise_standard_deviation", noiseStandardDeviation)
            try data.setAttribute("seed", Int64(bitPattern: seed))
            try data.setAttribute("axes", string: "shot, readout sample, repetition; t = repetition * repetition_s + adc_times_s[sample]")
            let spectral = try root.createGroup("spectral")
            try spectral.setAttribute("points", Int32(s))
            try spectral.setAttribute("bandwidth_hz", axis.bandwidthHz)
            try spectral.setAttribute("spectrometer_frequency_hz", axis.spectrometerFrequencyHz)
            try spectral.setAttribute("reference_ppm", axis.referencePPM)
            try spectral.setAttribute("nucleus", string: axis.nucleus.rawValue)
            try TrajectoryHDF5.write(t, to: try root.createGroup("trajectory"))
            let truth = try root.createGroup("truth")
            try truth.write(truthSpectra, to: "spectra", shape: [n, n, s])
            try truth.write(truthAmplitudes, to: "amplitudes", shape: [n, n, metabolites.count])
            try truth.writeString(String(decoding: try JSONEncoder().encode(metabolites), as: UTF8.self), to: "metabolites")
            try truth.write(offResonanceHz, to: "b0_offset_hz", shape: [n, n])
            try truth.write(t2PrimeSeconds, to: "t2prime_s", shape: [n, n])
            try extra?(root)
        }
    }
}

/// The `/trajectory` group shared by `acquire` and `system-matrix` outputs.
enum TrajectoryHDF5 {
    static func write(_ t: KSpaceTrajectory, to g: HDF5Group) throws {
        try g.setAttribute("kind", string: t.kind.rawValue)
        try g.setAttribute("summary", string: t.summary)
        try g.setAttribute("fov_m", t.fovMeters)
        try g.setAttribute("matrix", Int32(t.matrix))
        try g.setAttribute("repetition_s", t.repetitionSeconds)
        try g.setAttribute("repetitions", Int32(t.repetitions))
        try g.setAttribute("raster_s", t.limits.rasterSeconds)
        try g.setAttribute("max_gradient_t_per_m", t.limits.maxGradientTeslaPerMeter)
        try g.setAttribute("max_slew_t_per_m_per_s", t.limits.maxSlewTeslaPerMeterPerSecond)
        try g.write(t.kx, to: "kx_per_m", shape: [t.shots, t.samplesPerReadout])
        try g.write(t.ky, to: "ky_per_m", shape: [t.shots, t.samplesPerReadout])
        try g.write(t.adcTimesSeconds, to: "adc_times_s")
        try g.write(t.densityWeights, to: "density_weights", shape: [t.shots, t.samplesPerReadout])
        for (name, waves) in [("readout_gradients_t_per_m", t.readoutGradients), ("prephase_gradients_t_per_m", t.prephaseGradients)] {
            guard let steps = waves.first?.count, steps > 0, waves.allSatisfy({ $0.count == steps }) else { continue }
            try g.write(waves.flatMap { $0.flatMap { [$0.x, $0.y] } }, to: name, shape: [t.shots, steps, 2])
        }
    }
}

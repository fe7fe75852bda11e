import Foundation

/// Every drawn parameter of one MRSI acquisition of a suite, stored as JSON in its file
/// (`/suite/item_truth`) and as rows of `mrsi/truth.csv`. The per-voxel truth (spectra,
/// amplitudes, B0 and T2' maps) is in the file's `/truth` group.
public struct MRSIItemTruth: Codable, Sendable, Equatable {
    /// One region of the phantom with the concentrations it was given.
    public struct Region: Codable, Sendable, Equatable {
        public var name: String
        /// The scenario its concentrations were drawn from; nil for a metabolite-free region.
        public var scenario: String?
        /// Concentrations in the suite's metabolite order, in mM.
        public var concentrationsMM: [Double]
    }

    public var index: Int
    public var isTraining: Bool
    /// Index into the suite's `sequences` and `mrsi.trajectories`.
    public var sequence: Int
    public var trajectory: Int
    public var regions: [Region]
    /// Seed and root-mean-square (Hz) of the smooth random B0 field.
    public var b0Seed: UInt64
    public var b0RandomRmsHz: Double
    /// Global frequency offset added to the B0 map, in Hz.
    public var frequencyShiftHz: Double
    /// Single-exponential eddy current (Hz, s); nil when the phantom's own model is used.
    public var eddyAmplitudeHz: Double?
    public var eddyTimeConstantSeconds: Double?
    /// Seed of the k-space noise.
    public var noiseSeed: UInt64
    public var targetSNR: Double
    /// Height of the SNR reference peak in the brightest voxel's spectrum, and that voxel
    /// (`iy * N + ix`).
    public var referencePeakHeight: Double
    public var referenceVoxel: Int
    /// Noise per real and imaginary part of each k-space sample, and of each voxel spectrum of
    /// the unit-gain density-compensated gridding reconstruction (`docs/METRICS.md`).
    public var noiseStandardDeviation: Double
    public var imageNoiseStandardDeviation: Double
}

import ASDSCore

/// How pulses are modelled.
public enum PulseMode: String, Sendable, CaseIterable {
    /// Instantaneous rotations, no spatial dependence.
    case ideal
    /// Slice-selective shaped pulses 2 and 3 on an N x N spatial grid (1D projection), ideal
    /// excitation.
    case shaped
}

/// Settings of a basis simulation that are not part of the sequence file.
public struct SimulationOptions: Sendable, Equatable {
    /// Static field, in T (sets the 1H spectrometer frequency, `gamma_bar * B0`).
    public var b0Tesla: Double
    /// Complex FID samples.
    public var points: Int
    /// Spectral width, in Hz.
    public var bandwidthHz: Double
    /// Chemical shift at the carrier, in ppm.
    public var referencePPM: Double
    /// Ideal or shaped pulses.
    public var mode: PulseMode
    /// Spatial points per axis in shaped mode; nil keeps the sequence file's value.
    public var spatialPoints: Int?
    /// Pulse samples per J-coupling step of the shaped-pulse splitting (see docs/PHYSICS.md for
    /// the measured error of each choice).
    public var samplesPerCouplingStep: Int

    /// The default number of pulse samples per coupling step: 2 keeps the splitting error of
    /// the bundled refocusing pulse below 1e-5 of the propagator's elements for the strongly
    /// coupled systems measured (4.1e-6 for alpha-glucose; docs/PHYSICS.md).
    public static let defaultSamplesPerCouplingStep = 2

    /// Options; the defaults are 3 T, 2048 points, 4000 Hz, 4.65 ppm, ideal pulses.
    public init(
        b0Tesla: Double = 3.0, points: Int = 2048, bandwidthHz: Double = 4000,
        referencePPM: Double = PhysicalConstants.defaultReferencePPM, mode: PulseMode = .ideal,
        spatialPoints: Int? = nil, samplesPerCouplingStep: Int = SimulationOptions.defaultSamplesPerCouplingStep
    ) {
        self.b0Tesla = b0Tesla
        self.points = points
        self.bandwidthHz = bandwidthHz
        self.referencePPM = referencePPM
        self.mode = mode
        self.spatialPoints = spatialPoints
        self.samplesPerCouplingStep = samplesPerCouplingStep
    }

    /// The spectral axis these options describe, validated (errors name the option).
    public func spectralAxis() throws -> SpectralAxis {
        try ASDSError.require(b0Tesla, in: 0.1...30, source: "--b0", field: "", unit: "T")
        guard points > 0 else {
            throw ASDSError.invalidInput(source: "--points", field: "", reason: "must be a positive integer, got \(points)")
        }
        try ASDSError.requirePositive(bandwidthHz, source: "--bandwidth", field: "", unit: "Hz")
        if let n = spatialPoints, !(1...2001).contains(n) {
            throw ASDSError.invalidInput(source: "--spatial-points", field: "", reason: "must be an integer from 1 to 2001, got \(n)")
        }
        guard samplesPerCouplingStep >= 1 else {
            throw ASDSError.invalidInput(source: "samplesPerCouplingStep", field: "", reason: "must be at least 1")
        }
        return try SpectralAxis(b0Tesla: b0Tesla, points: points, bandwidthHz: bandwidthHz, referencePPM: referencePPM,
                                source: "--b0")
    }
}

import ArgumentParser
import ASDSCore
import Bloch
import Encoding

/// The sequence and trajectory options `asds acquire` and `asds system-matrix` share.
public struct EncodingOptions: ParsableArguments {
    @Option(help: "Localisation: press or steam.")
    public var sequence: String = "press"

    @Option(help: "PRESS TE1, in s.")
    public var te1: Double = 0.015
    @Option(help: "PRESS TE2, in s.")
    public var te2: Double = 0.015
    @Option(help: "STEAM TE, in s.")
    public var te: Double = 0.02
    @Option(help: "STEAM TM, in s.")
    public var tm: Double = 0.01
    @Option(help: "Repetition time TR, in s.")
    public var tr: Double = 1.5

    @Option(help: "Slice profiles: ideal (rectangular) or sinc (Bloch-simulated, with chemical-shift displacement).")
    public var profiles: MRSISequence.Profiles = .ideal

    @Option(help: "k-space trajectory: cartesian, radial or spiral.")
    public var trajectory: KSpaceTrajectory.Kind = .spiral
    @Option(help: "Spiral interleaves.")
    public var interleaves: Int = 16
    @Option(help: "Radial spokes (default: ceil(pi N)).")
    public var spokes: Int?
    @Flag(name: .customLong("golden-angle"), help: "Radial: golden-angle spoke increments.")
    public var goldenAngle = false
    @Option(name: .customLong("edge-density"), help: "Spiral: FOV at k_max over FOV at the centre (1 = constant density).")
    public var edgeDensity: Double = 1
    @Option(name: .customLong("max-gradient"), help: "Gradient limit, in mT/m.")
    public var maxGradient: Double = 40
    @Option(name: .customLong("max-slew"), help: "Slew-rate limit, in T/m/s.")
    public var maxSlew: Double = 150

    @Option(help: "Spectral points (repetitions of the readout).")
    public var points: Int = 256
    @Option(help: "Spectral width, in Hz.")
    public var bandwidth: Double = 800
    @Option(help: "Static field, in T.")
    public var b0: Double = 3.0

    public init() {}

    /// The localisation sequence, validated.
    public func mrsiSequence() throws -> MRSISequence {
        let timing: SingleVoxelTiming
        switch sequence.lowercased() {
        case "press": timing = .press(te1Seconds: te1, te2Seconds: te2)
        case "steam": timing = .steam(teSeconds: te, tmSeconds: tm)
        default: throw ASDSError.invalidInput(source: "--sequence", field: "", reason: "must be press or steam, got \(sequence)")
        }
        let s = MRSISequence(timing: timing, repetitionTimeSeconds: tr,
                             profiles: profiles)
        try s.validate(source: "--sequence")
        return s
    }

    /// The trajectory for a FOV and matrix, designed under the limits.
    public func designTrajectory(fovMeters: Double, matrix: Int) throws -> KSpaceTrajectory {
        let kind = trajectory
        let limits = GradientLimits(maxGradientTeslaPerMeter: maxGradient * 1e-3, maxSlewTeslaPerMeterPerSecond: maxSlew)
        return try KSpaceTrajectory.design(TrajectoryDesign(
            kind: kind, fovMeters: fovMeters, matrix: matrix, spectralPoints: points, spectralBandwidthHz: bandwidth, spokes: spokes,
            goldenAngle: goldenAngle, interleaves: interleaves, edgeDensityFraction: edgeDensity, limits: limits), source: "--trajectory")
    }

    /// The spectral axis of the acquisition.
    public func axis() throws -> SpectralAxis {
        try SpectralAxis(b0Tesla: b0, points: points, bandwidthHz: bandwidth, source: "--b0")
    }
}

import Numerics

/// How a basis set (or a dataset) was acquired: the sequence and its timings.
public struct AcquisitionParameters: Codable, Sendable, Equatable, Hashable {
    /// Sequence name as the sequence file gives it, for example `PRESS` or `STEAM`.
    public var sequence: String
    /// Echo time, in s.
    public var echoTimeSeconds: Double
    /// PRESS first and second half-echo intervals (TE = TE1 + TE2), in s; nil for STEAM.
    public var te1Seconds: Double?
    public var te2Seconds: Double?
    /// STEAM mixing time, in s; nil for PRESS.
    public var mixingTimeSeconds: Double?
    /// `ideal` (instantaneous pulses) or `shaped` (slice-selective shaped pulses on a spatial grid).
    public var pulseMode: String
    /// Spatial points per selective axis in shaped mode; nil in ideal mode.
    public var spatialPoints: Int?

    public init(sequence: String, echoTimeSeconds: Double, te1Seconds: Double? = nil, te2Seconds: Double? = nil,
                mixingTimeSeconds: Double? = nil, pulseMode: String, spatialPoints: Int? = nil) {
        self.sequence = sequence
        self.echoTimeSeconds = echoTimeSeconds
        self.te1Seconds = te1Seconds
        self.te2Seconds = te2Seconds
        self.mixingTimeSeconds = mixingTimeSeconds
        self.pulseMode = pulseMode
        self.spatialPoints = spatialPoints
    }
}

/// One metabolite's simulated FID in a basis set.
public struct BasisMetabolite: Sendable, Equatable {
    /// Short name as in `metabolites/` (for example `NAA`, `Cr`, `Glc`).
    public var name: String
    /// The FID, sampled on the basis set's `SpectralAxis`; at t = 0 an uncoupled singlet of k
    /// protons excited by an ideal 90 degree pulse has the value k (no relaxation, no broadening).
    public var fid: [Complex<Double>]

    public init(name: String, fid: [Complex<Double>]) {
        self.name = name
        self.fid = fid
    }
}

/// A set of metabolite FIDs sharing one spectral axis and acquisition: what the simulator
/// produces, the generator combines, and the fitter fits.
public struct BasisSet: Sendable, Equatable {
    public var axis: SpectralAxis
    public var acquisition: AcquisitionParameters
    public var metabolites: [BasisMetabolite]

    public init(axis: SpectralAxis, acquisition: AcquisitionParameters, metabolites: [BasisMetabolite]) {
        self.axis = axis
        self.acquisition = acquisition
        self.metabolites = metabolites
    }

    /// Metabolite names in basis order.
    public var names: [String] { metabolites.map(\.name) }

    /// The metabolite called `name`, if present.
    public subscript(name: String) -> BasisMetabolite? { metabolites.first { $0.name == name } }
}

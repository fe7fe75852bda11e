/// Physical constants used across ASDS, in SI units unless the name says otherwise.
public enum PhysicalConstants {
    /// Proton gyromagnetic ratio over 2 pi, in Hz/T (CODATA 2018: 42.577 478 518 MHz/T).
    public static let protonGyromagneticRatioHzPerTesla = 42.577_478_518e6
    /// Phosphorus-31 gyromagnetic ratio over 2 pi, in Hz/T (CODATA-derived, 17.235 MHz/T).
    public static let phosphorusGyromagneticRatioHzPerTesla = 17.235e6
    /// Default chemical shift assigned to the carrier (receiver) frequency, in ppm: the water
    /// resonance at body temperature, 4.65 ppm, as in FID-A, FSL-MRS and LCModel.
    public static let defaultReferencePPM = 4.65
}

/// A nucleus observed or coupled in a spin system.
public enum Nucleus: String, Codable, Sendable, CaseIterable {
    case proton = "1H"
    case phosphorus = "31P"

    /// Gyromagnetic ratio over 2 pi, in Hz/T.
    public var gyromagneticRatioHzPerTesla: Double {
        switch self {
        case .proton: PhysicalConstants.protonGyromagneticRatioHzPerTesla
        case .phosphorus: PhysicalConstants.phosphorusGyromagneticRatioHzPerTesla
        }
    }
}

import ASDSCore
import Foundation

/// The distributions of every artefact a suite applies (absent entries are not applied).
/// Units: Hz, s, degrees; amplitudes of baseline and water are relative to the height of the
/// SNR reference peak in the noise-free real spectrum; macromolecule and lipid amplitudes are in
/// mM-equivalents of their component models.
public struct ArtefactDefinition: Decodable, Sendable, Equatable {
    /// Target SNR (consensus definition, `docs/METRICS.md`). Required; must be positive.
    public let snr: ParameterDistribution
    /// The peak whose height defines the SNR; NAA's 2.008 ppm singlet when absent.
    public let snrReference: SNRReference
    /// Lorentzian line broadening (FWHM), in Hz, applied to every signal.
    public let lorentzianHz: ParameterDistribution?
    /// Gaussian line broadening (FWHM), in Hz.
    public let gaussianHz: ParameterDistribution?
    /// Transverse relaxation per metabolite, in s: decay exp(-t/T2) during acquisition and
    /// attenuation exp(-TE/T2) at the echo.
    public let t2Seconds: RelaxationDefinition?
    /// Global frequency shift, in Hz (B0 drift, mis-set reference).
    public let frequencyShiftHz: ParameterDistribution?
    /// Independent extra shift per metabolite, in Hz (temperature, pH).
    public let metaboliteShiftHz: ParameterDistribution?
    /// Zero-order phase, in degrees.
    public let phase0Degrees: ParameterDistribution?
    /// First-order phase as an acquisition delay tau, in s: phase(f) = 2 pi f tau.
    public let phase1Seconds: ParameterDistribution?
    public let baseline: BaselineDefinition?
    public let macromolecules: ComponentAmplitude?
    public let lipids: ComponentAmplitude?
    public let water: WaterDefinition?
    public let eddyCurrents: EddyCurrentDefinition?

    private enum CodingKeys: String, CodingKey {
        case snr, snrReference, lorentzianHz, gaussianHz, t2Seconds, frequencyShiftHz, metaboliteShiftHz
        case phase0Degrees, phase1Seconds, baseline, macromolecules, lipids, water, eddyCurrents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        snr = try c.decode(ParameterDistribution.self, forKey: .snr)
        snrReference = try c.decodeIfPresent(SNRReference.self, forKey: .snrReference) ?? .naa
        lorentzianHz = try c.decodeIfPresent(ParameterDistribution.self, forKey: .lorentzianHz)
        gaussianHz = try c.decodeIfPresent(ParameterDistribution.self, forKey: .gaussianHz)
        t2Seconds = try c.decodeIfPresent(RelaxationDefinition.self, forKey: .t2Seconds)
        frequencyShiftHz = try c.decodeIfPresent(ParameterDistribution.self, forKey: .frequencyShiftHz)
        metaboliteShiftHz = try c.decodeIfPresent(ParameterDistribution.self, forKey: .metaboliteShiftHz)
        phase0Degrees = try c.decodeIfPresent(ParameterDistribution.self, forKey: .phase0Degrees)
        phase1Seconds = try c.decodeIfPresent(ParameterDistribution.self, forKey: .phase1Seconds)
        baseline = try c.decodeIfPresent(BaselineDefinition.self, forKey: .baseline)
        macromolecules = try c.decodeIfPresent(ComponentAmplitude.self, forKey: .macromolecules)
        lipids = try c.decodeIfPresent(ComponentAmplitude.self, forKey: .lipids)
        water = try c.decodeIfPresent(WaterDefinition.self, forKey: .water)
        eddyCurrents = try c.decodeIfPresent(EddyCurrentDefinition.self, forKey: .eddyCurrents)
    }

    func validate(source: String, metabolites: Set<String>) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError {
            .invalidInput(source: source, field: "artefacts." + field, reason: reason)
        }
        guard snr.lowerBound > 0 else { throw fail("snr", "must be positive (lower bound \(snr.lowerBound))") }
        let nonNegative: [(String, ParameterDistribution?)] = [
            ("lorentzianHz", lorentzianHz), ("gaussianHz", gaussianHz),
            ("baseline.amplitude", baseline?.amplitude), ("macromolecules.amplitude", macromolecules?.amplitude),
            ("lipids.amplitude", lipids?.amplitude), ("water.amplitude", water?.amplitude),
            ("water.lorentzianHz", water?.lorentzianHz),
            ("eddyCurrents.timeConstantSeconds", eddyCurrents?.timeConstantSeconds),
        ]
        for case let (field, d?) in nonNegative where d.lowerBound < 0 {
            throw fail(field, "cannot be negative (lower bound \(d.lowerBound))")
        }
        if let tau = eddyCurrents?.timeConstantSeconds, tau.lowerBound <= 0 {
            throw fail("eddyCurrents.timeConstantSeconds", "must be positive")
        }
        if let t2 = t2Seconds {
            guard t2.default.lowerBound > 0 else { throw fail("t2Seconds.default", "must be positive") }
            for (name, d) in t2.perMetabolite {
                guard metabolites.contains(name) else { throw fail("t2Seconds.perMetabolite.\(name)", "is not in metabolites") }
                guard d.lowerBound > 0 else { throw fail("t2Seconds.perMetabolite.\(name)", "must be positive") }
            }
        }
        if let b = baseline, !(0...8).contains(b.components) {
            throw fail("baseline.components", "must be an integer from 0 to 8")
        }
    }
}

/// The peak whose height in the noise-free real spectrum defines the SNR.
public struct SNRReference: Codable, Sendable, Equatable {
    /// Label for tables (e.g. `NAA`).
    public let name: String
    /// Peak position, in ppm; the height is the maximum of the real spectrum within
    /// `halfWidthPPM` of it.
    public let ppm: Double
    public let halfWidthPPM: Double

    public static let naa = SNRReference(name: "NAA", ppm: 2.008, halfWidthPPM: 0.05)
}

/// Per-metabolite T2 distributions, in s.
public struct RelaxationDefinition: Decodable, Sendable, Equatable {
    public let `default`: ParameterDistribution
    public let perMetabolite: [String: ParameterDistribution]

    private enum CodingKeys: String, CodingKey { case `default`, perMetabolite }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.default = try c.decode(ParameterDistribution.self, forKey: .default)
        perMetabolite = try c.decodeIfPresent([String: ParameterDistribution].self, forKey: .perMetabolite) ?? [:]
    }

    /// The distribution for `metabolite`.
    public func distribution(for metabolite: String) -> ParameterDistribution { perMetabolite[metabolite] ?? self.default }
}

/// A smooth baseline: `components` broad Gaussian humps (FWHM 0.5-2 ppm, centres 0-4.5 ppm)
/// plus a linear term, its total peak amplitude drawn relative to the SNR reference peak.
public struct BaselineDefinition: Decodable, Sendable, Equatable {
    public let amplitude: ParameterDistribution
    public let components: Int
}

/// The overall amplitude of a fixed multi-peak component model (macromolecules, lipids).
public struct ComponentAmplitude: Decodable, Sendable, Equatable {
    public let amplitude: ParameterDistribution
}

/// Residual water after suppression: a Lorentzian at the reference ppm with random phase.
public struct WaterDefinition: Decodable, Sendable, Equatable {
    /// Peak height relative to the SNR reference peak.
    public let amplitude: ParameterDistribution
    /// Line width (FWHM), in Hz.
    public let lorentzianHz: ParameterDistribution
    /// Offset from the reference, in Hz.
    public let offsetHz: ParameterDistribution?
}

/// A single-exponential eddy-current frequency shift df(t) = A exp(-t/tau); its phase
/// 2 pi A tau (1 - exp(-t/tau)) multiplies the FID.
public struct EddyCurrentDefinition: Decodable, Sendable, Equatable {
    public let amplitudeHz: ParameterDistribution
    public let timeConstantSeconds: ParameterDistribution
}

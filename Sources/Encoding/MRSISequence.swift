import ASDSCore
import Bloch
import Foundation

/// The localisation sequence of an MRSI or single-voxel acquisition: PRESS or STEAM timing, the
/// repetition time, and how the pulses' slice profiles are modelled.
public struct MRSISequence: Sendable, Equatable {
    /// Slice-profile model of the localisation pulses.
    public enum Profiles: String, Sendable, Codable, CaseIterable {
        /// Rectangular profiles of the box size, no chemical-shift displacement.
        case ideal
        /// Hann-windowed 3-lobe sinc pulses simulated with the Bloch solver (`VoxelSelection.simulated`).
        case sinc
    }

    public var timing: SingleVoxelTiming
    /// Repetition time TR, in s.
    public var repetitionTimeSeconds: Double
    public var profiles: Profiles

    public init(timing: SingleVoxelTiming, repetitionTimeSeconds: Double, profiles: Profiles = .ideal) {
        self.timing = timing
        self.repetitionTimeSeconds = repetitionTimeSeconds
        self.profiles = profiles
    }

    /// Checks timings; errors name `source` (an option or file) and the field.
    public func validate(source: String) throws {
        switch timing {
        case let .press(te1, te2):
            try ASDSError.requirePositive(te1, source: source, field: "te1Seconds", unit: "s")
            try ASDSError.requirePositive(te2, source: source, field: "te2Seconds", unit: "s")
        case let .steam(te, tm):
            try ASDSError.requirePositive(te, source: source, field: "teSeconds", unit: "s")
            try ASDSError.requirePositive(tm, source: source, field: "tmSeconds", unit: "s")
        }
        try ASDSError.requirePositive(repetitionTimeSeconds, source: source, field: "repetitionTimeSeconds", unit: "s")
        guard repetitionTimeSeconds > timing.echoSeconds else {
            throw ASDSError.invalidInput(source: source, field: "repetitionTimeSeconds",
                                         reason: "must exceed the echo time \(timing.echoSeconds) s, got \(repetitionTimeSeconds) s")
        }
    }

    /// The relaxation weight of a region: `(1 - e^{-TR/T1}) e^{-TE/T2}`, times `e^{-TM/T1}` for STEAM.
    public func relaxationWeight(t1Seconds: Double, t2Seconds: Double) -> Double {
        let saturation = 1 - exp(-repetitionTimeSeconds / t1Seconds)
        switch timing {
        case let .press(te1, te2): return saturation * exp(-(te1 + te2) / t2Seconds)
        case let .steam(te, tm): return saturation * exp(-te / t2Seconds) * exp(-tm / t1Seconds)
        }
    }

    /// The voxel selection for `voxel` under this sequence's profile model.
    public func selection(_ voxel: Phantom.Voxel) throws -> VoxelSelection {
        switch profiles {
        case .ideal: try VoxelSelection.ideal(voxel)
        case .sinc: try VoxelSelection.simulated(voxel, timing: timing)
        }
    }

    /// A plain description for output files.
    public var record: Record {
        switch timing {
        case let .press(te1, te2):
            Record(name: "PRESS", echoTimeSeconds: te1 + te2, te1Seconds: te1, te2Seconds: te2, mixingTimeSeconds: nil,
                   repetitionTimeSeconds: repetitionTimeSeconds, profiles: profiles)
        case let .steam(te, tm):
            Record(name: "STEAM", echoTimeSeconds: te, te1Seconds: nil, te2Seconds: nil, mixingTimeSeconds: tm,
                   repetitionTimeSeconds: repetitionTimeSeconds, profiles: profiles)
        }
    }

    /// The sequence as stored in output files.
    public struct Record: Codable, Sendable, Equatable {
        public var name: String
        public var echoTimeSeconds: Double
        public var te1Seconds: Double?
        public var te2Seconds: Double?
        public var mixingTimeSeconds: Double?
        public var repetitionTimeSeconds: Double
        public var profiles: Profiles
    }
}

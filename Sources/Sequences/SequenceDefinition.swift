import ASDSCore
import Foundation

/// The localisation sequences ASDS simulates.
public enum SequenceKind: String, Decodable, Sendable {
    /// Point-resolved spectroscopy: 90 - TE1/2 - 180 - (TE1+TE2)/2 - 180 - TE2/2 - acquire;
    /// coherence pathway [-1, +1, -1].
    case press = "PRESS"
    /// Stimulated-echo acquisition mode: 90 - TE/2 - 90 - TM - 90 - TE/2 - acquire;
    /// coherence pathway [+1, 0, -1].
    case steam = "STEAM"
    /// Semi-LASER (Scheenen et al., MRM 2008; Wilson et al., MRM 2019): 90 - TE/8 - AFP - TE/4 -
    /// AFP - TE/4 - AFP - TE/4 - AFP - TE/8 - acquire, two pairs of adiabatic full passages on
    /// two axes; coherence pathway [-1, +1, -1, +1, -1].
    case semiLASER = "semi-LASER"

    /// Coherence order kept after each pulse.
    public var pathway: [Int] {
        switch self {
        case .press: [-1, 1, -1]
        case .steam: [1, 0, -1]
        case .semiLASER: [-1, 1, -1, 1, -1]
        }
    }

    /// Pulses in the sequence, the excitation included.
    public var pulseCount: Int { pathway.count }
}

/// One of a sequence's pulses.
public struct SequencePulse: Decodable, Sendable, Equatable {
    /// Flip angle, in degrees (both modes; a shaped pulse is scaled to it by its area).
    public let flipDegrees: Double
    /// Phase, in degrees (0 is x).
    public let phaseDegrees: Double
    /// Pulse-shape name in `sequences/pulses/` (or a path) used in shaped mode; absent for the
    /// excitation pulse, which is always simulated as ideal.
    public let shape: String?
    /// Spatial axis the pulse selects in shaped mode: `x` or `y`.
    public let axis: String?
    /// Slice thickness selected in shaped mode, in m.
    public let sliceThicknessMeters: Double?

    private enum CodingKeys: String, CodingKey { case flipDegrees, phaseDegrees, shape, axis, sliceThicknessMeters }

    /// Decodes a pulse entry (`phaseDegrees` defaults to 0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flipDegrees = try c.decode(Double.self, forKey: .flipDegrees)
        phaseDegrees = try c.decodeIfPresent(Double.self, forKey: .phaseDegrees) ?? 0
        shape = try c.decodeIfPresent(String.self, forKey: .shape)
        axis = try c.decodeIfPresent(String.self, forKey: .axis)
        sliceThicknessMeters = try c.decodeIfPresent(Double.self, forKey: .sliceThicknessMeters)
    }
}

/// Default timings as stored in the file; which keys apply depends on the kind.
public struct TimingDefaults: Decodable, Sendable, Equatable {
    /// PRESS first half-echo interval TE1, in s.
    public let te1Seconds: Double?
    /// PRESS second half-echo interval TE2, in s.
    public let te2Seconds: Double?
    /// Echo time of STEAM and semi-LASER, in s.
    public let teSeconds: Double?
    /// STEAM mixing time, in s.
    public let tmSeconds: Double?
}

/// Settings of the shaped-pulse mode.
public struct ShapedModeSettings: Decodable, Sendable, Equatable {
    /// Spatial points per selective axis (the 1D-projection grid is this many points on x plus
    /// as many on y).
    public let spatialPoints: Int
    /// Extent of the grid along each axis as a multiple of the slice thickness (covers the slice
    /// and its transition bands).
    public let gridExtent: Double
    /// Chemical shift the slice-selective pulses are centred on (the transmitter), in ppm.
    public let transmitPPM: Double
}

/// A sequence as stored in `sequences/<name>.json` (schema in docs/SEQUENCES.md).
public struct SequenceDefinition: Sendable, Equatable {
    /// Sequence name written into basis sets.
    public let name: String
    /// Timeline and coherence pathway.
    public let kind: SequenceKind
    /// Free-text description.
    public let description: String
    /// Default timings.
    public let timing: TimingDefaults
    /// The pulses in order: excitation, then those that complete the pathway.
    public let pulses: [SequencePulse]
    /// Shaped-mode settings.
    public let shaped: ShapedModeSettings
    /// The pulse shapes the slice-selective pulses name, loaded and validated, by shape name.
    public let shapes: [String: PulseShape]
    /// The file the definition came from (for messages).
    public let source: String

    /// Loads `nameOrPath` (a name such as `press`, or a path) from the library's `sequences/`.
    public static func load(_ nameOrPath: String, from library: ResourceLocator) throws -> SequenceDefinition {
        let path = try ResourceLocator.resolve(nameOrPath, in: library.sequencesDirectory, kind: "sequence")
        return try load(path: path)
    }

    /// Loads and validates `path`; pulse shapes resolve in `<directory of path>/pulses/`.
    public static func load(path: String) throws -> SequenceDefinition {
        let file = try JSONInput.decode(SequenceFile.self, fromFile: path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/pulses"
        return try SequenceDefinition(file: file, source: path, pulseDirectory: directory)
    }

    private init(file: SequenceFile, source: String, pulseDirectory: String) throws {
        func fail(_ field: String, _ reason: String) -> ASDSError { .invalidInput(source: source, field: field, reason: reason) }
        guard !file.name.isEmpty else { throw fail("name", "must not be empty") }
        let count = file.kind.pulseCount
        guard file.pulses.count == count else {
            throw fail("pulses", "\(file.kind.rawValue) needs exactly \(count) pulses, got \(file.pulses.count)")
        }
        var shapes: [String: PulseShape] = [:]
        for (p, pulse) in file.pulses.enumerated() {
            let field = "pulses.\(p)"
            try ASDSError.require(pulse.flipDegrees, in: 1...360, source: source, field: field + ".flipDegrees", unit: "degrees")
            try ASDSError.require(pulse.phaseDegrees, in: -360...360, source: source, field: field + ".phaseDegrees", unit: "degrees")
            if p == 0 {
                guard pulse.shape == nil else { throw fail(field + ".shape", "the excitation pulse is simulated as ideal; remove the shape") }
                continue
            }
            guard let shapeName = pulse.shape else { throw fail(field + ".shape", "is required for the slice-selective pulses (all but the first)") }
            guard pulse.axis == "x" || pulse.axis == "y" else { throw fail(field + ".axis", "must be \"x\" or \"y\"") }
            guard let thickness = pulse.sliceThicknessMeters else { throw fail(field + ".sliceThicknessMeters", "is required") }
            try ASDSError.require(thickness, in: 1e-4...1, source: source, field: field + ".sliceThicknessMeters", unit: "m")
            if shapes[shapeName] == nil {
                let path: String
                do {
                    path = try ResourceLocator.resolve(shapeName, in: pulseDirectory, kind: "pulse shape")
                } catch {
                    throw fail(field + ".shape", "no pulse shape '\(shapeName)' in \(pulseDirectory)")
                }
                shapes[shapeName] = try PulseShape.load(path: path)
            }
        }
        switch file.kind {
        case .press, .steam:
            if file.pulses[1].axis == file.pulses[2].axis {
                throw fail("pulses.2.axis", "pulses 2 and 3 must select different axes (x and y)")
            }
        case .semiLASER:
            // Each pair of adiabatic passages refocuses the other's nonlinear phase: one axis per pair.
            guard file.pulses[1].axis == file.pulses[2].axis, file.pulses[3].axis == file.pulses[4].axis,
                  file.pulses[1].axis != file.pulses[3].axis else {
                throw fail("pulses.3.axis", "semi-LASER's pulses 2-3 select one axis and pulses 4-5 the other (x, x, y, y)")
            }
        }
        switch file.kind {
        case .press:
            guard file.timing.te1Seconds != nil else { throw fail("timing.te1Seconds", "is required for PRESS") }
            guard file.timing.te2Seconds != nil else { throw fail("timing.te2Seconds", "is required for PRESS") }
        case .steam:
            guard file.timing.teSeconds != nil else { throw fail("timing.teSeconds", "is required for STEAM") }
            guard file.timing.tmSeconds != nil else { throw fail("timing.tmSeconds", "is required for STEAM") }
        case .semiLASER:
            guard file.timing.teSeconds != nil else { throw fail("timing.teSeconds", "is required for semi-LASER") }
        }
        guard (1...2001).contains(file.shaped.spatialPoints) else {
            throw fail("shaped.spatialPoints", "must be an integer from 1 to 2001, got \(file.shaped.spatialPoints)")
        }
        try ASDSError.require(file.shaped.gridExtent, in: 0.1...10, source: source, field: "shaped.gridExtent")
        try ASDSError.require(file.shaped.transmitPPM, in: -20...20, source: source, field: "shaped.transmitPPM", unit: "ppm")
        name = file.name
        kind = file.kind
        description = file.description
        timing = file.timing
        pulses = file.pulses
        shaped = file.shaped
        self.shapes = shapes
        self.source = source
        // Defaults must themselves be a valid timing.
        _ = try self.timing(overrides: TimingOverrides())
    }

    /// The shaped-mode pulse shape of pulse `index` (1 or later).
    public func shape(ofPulse index: Int) -> PulseShape? {
        pulses[index].shape.flatMap { shapes[$0] }
    }
}

/// The JSON layout of a sequence file.
private struct SequenceFile: Decodable {
    let name: String
    let kind: SequenceKind
    let description: String
    let timing: TimingDefaults
    let pulses: [SequencePulse]
    let shaped: ShapedModeSettings
}

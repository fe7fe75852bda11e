import ASDSCore
import Foundation
import Numerics

/// An LCModel `.RAW` file: one time-domain FID for LCModel to fit.
///
/// Layout: `$SEQPAR` (ECHOT in ms, HZPPPM in MHz, SEQ, and DWELLTIME in s, the key FSL-MRS and
/// FID-A read; LCModel itself takes the dwell time from its control file), `$NMID` (ID, FMTDAT,
/// VOLUME, TRAMP), then one complex sample per line in `(2E15.6)`.
/// Convention (FID-A `io_writelcm` writes `[real, -imag]` of its FID, whose frame is the ASDS
/// one; FSL-MRS `readLCModelRaw` conjugates on reading): the file holds the complex conjugate of
/// the ASDS-convention FID, the carrier at 4.65 ppm. `fid` is in the ASDS convention; `read` and
/// `write` conjugate.
public struct LCModelRaw: Sendable, Equatable {
    /// The FID, ASDS convention, carrier at `LCModelBasis.carrierPPM`.
    public var fid: [Complex<Double>]
    /// `$NMID ID`.
    public var id: String
    /// Dwell time, in s (nil if the file does not record it).
    public var dwellSeconds: Double?
    /// Spectrometer frequency, in Hz (`HZPPPM` * 1e6; nil if absent).
    public var spectrometerFrequencyHz: Double?
    /// Echo time, in s (`ECHOT` / 1000; nil if absent).
    public var echoTimeSeconds: Double?
    /// Sequence name (`SEQ`; nil if absent).
    public var sequence: String?
    /// LCModel's amplitude scale `TRAMP` (the data are not multiplied by it here).
    public var tramp: Double
    /// LCModel's voxel-volume scale `VOLUME` (the data are not divided by it here).
    public var volume: Double

    /// A file's content as is: `fid` in the ASDS convention with the carrier at 4.65 ppm.
    public init(fid: [Complex<Double>], id: String, dwellSeconds: Double?, spectrometerFrequencyHz: Double?,
                echoTimeSeconds: Double? = nil, sequence: String? = nil, tramp: Double = 1, volume: Double = 1) {
        self.fid = fid
        self.id = id
        self.dwellSeconds = dwellSeconds
        self.spectrometerFrequencyHz = spectrometerFrequencyHz
        self.echoTimeSeconds = echoTimeSeconds
        self.sequence = sequence
        self.tramp = tramp
        self.volume = volume
    }

    /// The FID of a 1H spectrum on `axis`, re-referenced to LCModel's 4.65 ppm carrier (every peak
    /// keeps its chemical shift).
    public init(fid: [Complex<Double>], axis: SpectralAxis, id: String, echoTimeSeconds: Double? = nil,
                sequence: String? = nil, source: String = "LCModel .RAW") throws {
        guard axis.nucleus == .proton else {
            throw ASDSError.invalidInput(source: source, field: "nucleus", reason: "LCModel .RAW export supports 1H only, got \(axis.nucleus.rawValue)")
        }
        guard fid.count == axis.points else {
            throw ASDSError.invalidInput(source: source, field: "fid", reason: "\(fid.count) points, the axis has \(axis.points)")
        }
        self.init(fid: FIDConvention.reReferenced(fid, axis: axis, to: LCModelBasis.carrierPPM), id: id,
                  dwellSeconds: axis.dwellSeconds, spectrometerFrequencyHz: axis.spectrometerFrequencyHz,
                  echoTimeSeconds: echoTimeSeconds, sequence: sequence)
    }

    /// The spectral axis (1H, carrier at 4.65 ppm).
    /// - Throws: `invalidInput` naming `source` if dwell time or spectrometer frequency is absent.
    public func spectralAxis(source: String) throws -> SpectralAxis {
        guard let dwell = dwellSeconds else {
            throw ASDSError.invalidInput(source: source, field: "$SEQPAR DWELLTIME", reason: "missing; the dwell time (s) is needed for a spectral axis")
        }
        guard let frequency = spectrometerFrequencyHz else {
            throw ASDSError.invalidInput(source: source, field: "$SEQPAR HZPPPM", reason: "missing; the spectrometer frequency (MHz) is needed for a spectral axis")
        }
        try ASDSError.requirePositive(dwell, source: source, field: "$SEQPAR DWELLTIME", unit: "s")
        return try SpectralAxis(points: fid.count, bandwidthHz: 1 / dwell, spectrometerFrequencyHz: frequency,
                                referencePPM: LCModelBasis.carrierPPM, nucleus: .proton, source: source)
    }

    /// The text of the file.
    public func text(source: String) throws -> String {
        var seqpar: [(String, String)] = []
        if let te = echoTimeSeconds { seqpar.append(("ECHOT", LCModelText.literal(te * 1000))) }
        if let f = spectrometerFrequencyHz { seqpar.append(("HZPPPM", LCModelText.literal(f / 1e6))) }
        if let s = sequence { seqpar.append(("SEQ", LCModelText.quoted(s))) }
        if let d = dwellSeconds { seqpar.append(("DWELLTIME", LCModelText.literal(d))) }
        var text = seqpar.isEmpty ? "" : LCModelText.group("SEQPAR", seqpar)
        text += LCModelText.group("NMID", [
            ("ID", LCModelText.quoted(id)),
            ("FMTDAT", LCModelText.quoted(LCModelText.dataFormat)),
            ("VOLUME", LCModelText.literal(volume)),
            ("TRAMP", LCModelText.literal(tramp)),
        ])
        return text + (try LCModelText.dataLines(FIDConvention.conjugated(fid), source: source, field: "fid"))
    }

    /// Writes the file (atomically).
    public func write(to path: String) throws {
        try AtomicWrite.write(text(source: path), to: path)
    }

    /// Reads a `.RAW` file: `$NMID` and at least one complex sample are required.
    public static func read(from path: String) throws -> LCModelRaw {
        let sections = try LCModelText.parse(try FileBytes.readText(path), path: path)
        guard let nmidIndex = sections.firstIndex(where: { $0.group.name == "NMID" }) else {
            throw ASDSError.invalidInput(source: path, field: "$NMID", reason: "missing; not an LCModel .RAW file")
        }
        let nmid = sections[nmidIndex].group
        let numbers = sections[nmidIndex...].flatMap(\.numbers)
        guard !numbers.isEmpty, numbers.count % 2 == 0 else {
            throw ASDSError.corrupt(path: path, reason: "data: \(numbers.count) numbers after $NMID; need real/imaginary pairs (truncated?)")
        }
        let seqpar = sections.first(where: { $0.group.name == "SEQPAR" })?.group
        let fid = (0..<(numbers.count / 2)).map { Complex(numbers[2 * $0], -numbers[2 * $0 + 1]) }
        return LCModelRaw(
            fid: fid, id: nmid.string("ID") ?? "",
            dwellSeconds: try seqpar?.double("DWELLTIME", path: path),
            spectrometerFrequencyHz: try seqpar?.double("HZPPPM", path: path).map { $0 * 1e6 },
            echoTimeSeconds: try seqpar?.double("ECHOT", path: path).map { $0 / 1000 },
            sequence: seqpar?.string("SEQ"),
            tramp: try nmid.double("TRAMP", path: path) ?? 1, volume: try nmid.double("VOLUME", path: path) ?? 1)
    }
}

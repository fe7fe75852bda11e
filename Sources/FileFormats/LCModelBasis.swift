import ASDSCore
import Foundation
import Numerics

/// LCModel `.BASIS` files: `$SEQPAR` (FWHMBA, HZPPPM, ECHOT, SEQ), `$BASIS1` (IDBASI, FMTBAS,
/// BADELT, NDATAB), then per metabolite `$NMUSED`, `$BASIS` (ID, METABO, CONC, TRAMP, VOLUME,
/// ISHIFT) and NDATAB complex frequency-domain samples.
///
/// Data convention (Osprey/FID-A `io_writelcmBASIS`, whose note says LCModel's sense of rotation
/// is opposite to FID-A's; FID-A's frame is the ASDS one, as its NIfTI-MRS reader shows): each
/// block is the unnormalised forward DFT, without fftshift (sample 0 is the carrier, 4.65 ppm), of
/// the complex conjugate of the ASDS-convention FID. A line `exp(+i 2 pi f t)` f = k bins above
/// the carrier therefore sits at block index N - k. Reading undoes `ISHIFT` (a circular shift by
/// ISHIFT samples, as FSL-MRS does), inverts the DFT and conjugates back.
/// Samples are written as `(2E15.6)`, 7 significant digits.
public enum LCModelBasis {
    /// The chemical shift LCModel assumes at the carrier of 1H basis spectra, in ppm.
    public static let carrierPPM = PhysicalConstants.defaultReferencePPM

    /// Writes `basis` to `path` (atomically). `linewidthHz` is the full width at half maximum of
    /// the basis lines, written as FWHMBA (in ppm); nil writes the axis resolution
    /// (bandwidth / points), the narrowest line the digitised, unbroadened basis can hold.
    public static func write(_ basis: BasisSet, to path: String, linewidthHz: Double? = nil) throws {
        try AtomicWrite.write(text(of: basis, source: path, linewidthHz: linewidthHz), to: path)
    }

    /// The text of the `.BASIS` file of `basis`.
    public static func text(of basis: BasisSet, source: String, linewidthHz: Double? = nil) throws -> String {
        let axis = basis.axis, acq = basis.acquisition
        guard axis.nucleus == .proton else {
            throw ASDSError.invalidInput(source: source, field: "nucleus",
                                         reason: "LCModel .BASIS export supports 1H only (carrier at \(carrierPPM) ppm), got \(axis.nucleus.rawValue)")
        }
        try BasisHDF5.validateNames(basis.names, source: source)
        let width = linewidthHz ?? axis.resolutionHz
        try ASDSError.requirePositive(width, source: source, field: "linewidth", unit: "Hz")
        var text = LCModelText.group("SEQPAR", [
            ("FWHMBA", LCModelText.literal(width / axis.spectrometerFrequencyMHz)),
            ("HZPPPM", LCModelText.literal(axis.spectrometerFrequencyMHz)),
            ("ECHOT", LCModelText.literal(acq.echoTimeSeconds * 1000)),
            ("SEQ", LCModelText.quoted(acq.sequence)),
        ])
        text += LCModelText.group("BASIS1", [
            ("IDBASI", LCModelText.quoted(identification(acq))),
            ("FMTBAS", LCModelText.quoted(LCModelText.dataFormat)),
            ("BADELT", LCModelText.literal(axis.dwellSeconds)),
            ("NDATAB", String(axis.points)),
        ])
        for m in basis.metabolites {
            guard m.fid.count == axis.points else {
                throw ASDSError.invalidInput(source: source, field: m.name, reason: "FID has \(m.fid.count) points, the axis \(axis.points)")
            }
            // $NMUSED records the makebasis input; LCModel reads and ignores it. XTRASH is the
            // variable FID-A/Osprey write there when there is no makebasis input to record.
            text += LCModelText.group("NMUSED", [("XTRASH", "0.0")])
            text += LCModelText.group("BASIS", [
                ("ID", LCModelText.quoted(m.name)),
                ("METABO", LCModelText.quoted(m.name)),
                ("CONC", "1.0"),
                ("TRAMP", "1.0"),
                ("VOLUME", "1.0"),
                ("ISHIFT", "0"),
            ])
            let spectrum = FFT.forward(FIDConvention.conjugated(FIDConvention.reReferenced(m.fid, axis: axis, to: carrierPPM)))
            text += try LCModelText.dataLines(spectrum, source: source, field: m.name)
        }
        return text
    }

    /// IDBASI: the tool and the acquisition fields `$SEQPAR` cannot hold, as `key=value` words
    /// (times in s, exact), for example `ASDS 0.1.0 te=0.03 te1=0.015 te2=0.015 mode=ideal`.
    static func identification(_ a: AcquisitionParameters) -> String {
        var words = ["ASDS", ToolVersion.current, "te=\(LCModelText.literal(a.echoTimeSeconds))"]
        if let v = a.te1Seconds { words.append("te1=\(LCModelText.literal(v))") }
        if let v = a.te2Seconds { words.append("te2=\(LCModelText.literal(v))") }
        if let v = a.mixingTimeSeconds { words.append("tm=\(LCModelText.literal(v))") }
        words.append("mode=\(a.pulseMode.replacingOccurrences(of: " ", with: "_"))")
        if let v = a.spatialPoints { words.append("sp=\(v)") }
        return words.joined(separator: " ")
    }

    /// Reads a `.BASIS` file. The axis is 1H with the carrier at 4.65 ppm; the acquisition comes
    /// from `$SEQPAR` (SEQ, ECHOT in ms) and, for files ASDS wrote, the exact values in IDBASI.
    public static func read(from path: String) throws -> BasisSet {
        let sections = try LCModelText.parse(try FileBytes.readText(path), path: path)
        guard let seqpar = sections.first(where: { $0.group.name == "SEQPAR" })?.group else {
            throw ASDSError.invalidInput(source: path, field: "$SEQPAR", reason: "missing; not an LCModel .BASIS file")
        }
        guard let basis1 = sections.first(where: { $0.group.name == "BASIS1" })?.group else {
            throw ASDSError.invalidInput(source: path, field: "$BASIS1", reason: "missing; not an LCModel .BASIS file")
        }
        let hzPerPPM = try seqpar.requiredDouble("HZPPPM", path: path)
        let dwell = try basis1.requiredDouble("BADELT", path: path)
        let pointsValue = try basis1.requiredDouble("NDATAB", path: path)
        guard pointsValue >= 1, pointsValue.rounded() == pointsValue, let points = Int(exactly: pointsValue) else {
            throw ASDSError.invalidInput(source: path, field: "$BASIS1 NDATAB", reason: "must be a positive integer, got \(pointsValue)")
        }
        try ASDSError.requirePositive(dwell, source: path, field: "$BASIS1 BADELT", unit: "s")
        let axis = try SpectralAxis(points: points, bandwidthHz: 1 / dwell, spectrometerFrequencyHz: hzPerPPM * 1e6,
                                    referencePPM: carrierPPM, nucleus: .proton, source: path)

        var metabolites: [BasisMetabolite] = []
        for section in sections where section.group.name == "BASIS" {
            let g = section.group
            guard let name = g.string("METABO") ?? g.string("ID"), !name.isEmpty else {
                throw ASDSError.invalidInput(source: path, field: "$BASIS METABO", reason: "missing for basis spectrum \(metabolites.count + 1)")
            }
            guard section.numbers.count == 2 * points else {
                throw ASDSError.corrupt(path: path, reason: "$BASIS \(name): NDATAB = \(points) needs \(2 * points) numbers, found \(section.numbers.count) (truncated?)")
            }
            var spectrum = (0..<points).map { Complex(section.numbers[2 * $0], section.numbers[2 * $0 + 1]) }
            let shiftValue = try g.double("ISHIFT", path: path) ?? 0
            guard shiftValue.rounded() == shiftValue, let shift = Int(exactly: shiftValue) else {
                throw ASDSError.invalidInput(source: path, field: "$BASIS \(name) ISHIFT", reason: "must be an integer, got \(shiftValue)")
            }
            if shift != 0 {
                let s = ((shift % points) + points) % points
                spectrum = Array(spectrum[s...] + spectrum[..<s])
            }
            let fid = FFT.backward(spectrum).map { $0.conjugate.multiplied(by: 1 / Double(points)) }
            metabolites.append(BasisMetabolite(name: name, fid: fid))
        }
        guard !metabolites.isEmpty else {
            throw ASDSError.invalidInput(source: path, field: "$BASIS", reason: "no basis spectra in the file")
        }
        let acquisition = try acquisition(seqpar: seqpar, basis1: basis1, path: path)
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: metabolites)
    }

    private static func acquisition(seqpar: NamelistGroup, basis1: NamelistGroup, path: String) throws -> AcquisitionParameters {
        var a = BasisFormat.unknownAcquisition
        if let seq = seqpar.string("SEQ"), !seq.isEmpty { a.sequence = seq }
        let echoMilliseconds = try seqpar.double("ECHOT", path: path)
        if let ms = echoMilliseconds { a.echoTimeSeconds = ms / 1000 }
        let words = (basis1.string("IDBASI") ?? "").split(separator: " ").map(String.init)
        guard words.first == "ASDS" else { return a }
        var fields: [String: String] = [:]
        for word in words.dropFirst(2) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        func seconds(_ key: String) throws -> Double? {
            guard let text = fields[key] else { return nil }
            guard let x = Double(text) else {
                throw ASDSError.invalidInput(source: path, field: "$BASIS1 IDBASI \(key)", reason: "\"\(text)\" is not a number")
            }
            return x
        }
        if let te = try seconds("te") {
            // The exact value, if it agrees with ECHOT (which LCModel itself uses).
            if let ms = echoMilliseconds, abs(te * 1000 - ms) > 1e-6 * max(1, abs(ms)) {
                throw ASDSError.invalidInput(source: path, field: "$SEQPAR ECHOT", reason: "\(ms) ms disagrees with IDBASI te=\(te) s")
            }
            a.echoTimeSeconds = te
        }
        a.te1Seconds = try seconds("te1")
        a.te2Seconds = try seconds("te2")
        a.mixingTimeSeconds = try seconds("tm")
        if let mode = fields["mode"] { a.pulseMode = mode }
        if let sp = fields["sp"] {
            guard let n = Int(sp) else {
                throw ASDSError.invalidInput(source: path, field: "$BASIS1 IDBASI sp", reason: "\"\(sp)\" is not an integer")
            }
            a.spatialPoints = n
        }
        return a
    }
}

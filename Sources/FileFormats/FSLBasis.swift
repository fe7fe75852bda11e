import ASDSCore
import Foundation
import Numerics

/// FSL-MRS basis sets: a folder with one JSON file per metabolite, `<name>.json`:
///
/// ```
/// { "basis": { "basis_re": [...], "basis_im": [...], "basis_dwell": s, "basis_centre": MHz,
///              "basis_width": Hz, "basis_name": "NAA", "centralShift": ppm },
///   "meta":  { "SimVersion": "ASDS 0.1.0", "TE": ms },
///   "seq":   { "sequenceName": "PRESS", "B0": T, "centralShift": ppm, "Rx_Points": n,
///              "Rx_SW": Hz, "Rx_LW": Hz },
///   "asds":  { "index": i, "referencePPM": ppm, "nucleus": "1H", "acquisition": {...} } }
/// ```
///
/// Convention (FSL-MRS `fsl_io.write_fsl_basis_file` / `readFSLBasisFiles`): `basis_re/im` hold
/// the complex conjugate of the FID in the FSL-MRS (= ASDS) frame, the carrier at the
/// chemical shift `basis.centralShift` (FSL-MRS's default, 4.65 ppm for 1H, when absent).
/// Numbers are written in shortest round-trip form, so a basis set reads back bit-identical.
/// `asds.index` keeps the basis order (FSL-MRS sorts files by name).
public enum FSLBasis {
    /// Writes `basis` into the folder `path`. The folder appears complete or not at all: files are
    /// written to a temporary folder that is then renamed. An existing folder is replaced only if
    /// it is empty or holds nothing but `.json` files (a previous basis set); otherwise the write
    /// is refused. `linewidthHz` is written as `basis_width` (nil: the axis resolution).
    public static func write(_ basis: BasisSet, to path: String, linewidthHz: Double? = nil) throws {
        try BasisHDF5.validateNames(basis.names, source: path)
        let files = try basis.metabolites.enumerated().map { index, m in
            (name: m.name + ".json", text: try document(for: m, index: index, of: basis, linewidthHz: linewidthHz, source: path))
        }
        try replaceFolder(at: path) { temporary in
            for file in files {
                do {
                    try Data(file.text.utf8).write(to: URL(fileURLWithPath: temporary + "/" + file.name))
                } catch {
                    throw ASDSError.io(path: path + "/" + file.name, reason: "cannot write: \(error.localizedDescription)")
                }
            }
        }
    }

    /// The JSON text of one metabolite's file.
    static func document(for m: BasisMetabolite, index: Int, of basis: BasisSet, linewidthHz: Double?, source: String) throws -> String {
        let axis = basis.axis, acq = basis.acquisition
        guard m.fid.count == axis.points else {
            throw ASDSError.invalidInput(source: source, field: m.name, reason: "FID has \(m.fid.count) points, the axis \(axis.points)")
        }
        let width = linewidthHz ?? axis.resolutionHz
        try ASDSError.requirePositive(width, source: source, field: "linewidth", unit: "Hz")
        let stored = FIDConvention.conjugated(m.fid)
        let json: JSONValue = .object([
            "basis": .object([
                "basis_re": .numbers(stored.map(\.real)),
                "basis_im": .numbers(stored.map(\.imaginary)),
                "basis_dwell": .number(axis.dwellSeconds),
                "basis_centre": .number(axis.spectrometerFrequencyMHz),
                "basis_width": .number(width),
                "basis_name": .string(m.name),
                "centralShift": .number(axis.referencePPM),
            ]),
            "meta": .object([
                "SimVersion": .string("ASDS \(ToolVersion.current)"),
                "TE": .number(acq.echoTimeSeconds * 1000),
            ]),
            "seq": .object([
                "sequenceName": .string(acq.sequence),
                "B0": .number(axis.b0Tesla),
                "centralShift": .number(axis.referencePPM),
                "Rx_Points": .integer(axis.points),
                "Rx_SW": .number(axis.bandwidthHz),
                "Rx_LW": .number(width),
            ]),
            "asds": .object([
                "index": .integer(index),
                "referencePPM": .number(axis.referencePPM),
                "nucleus": .string(axis.nucleus.rawValue),
                "bandwidthHz": .number(axis.bandwidthHz),
                "spectrometerFrequencyHz": .number(axis.spectrometerFrequencyHz),
                "acquisition": AcquisitionJSON.encode(acq),
            ]),
        ])
        return try json.serialized(indent: 2, source: source + "/" + m.name + ".json") + "\n"
    }

    /// Reads every `*.json` file of the folder `path` as one basis set. Files ASDS wrote keep
    /// their basis order; others are taken in file-name order (as FSL-MRS does).
    public static func read(from path: String) throws -> BasisSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ASDSError.io(path: path, reason: "no such folder (an FSL-MRS basis set is a folder of .json files)")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { throw ASDSError.invalidInput(source: path, field: "", reason: "the folder holds no .json basis files") }
        let entries = try names.map { try entry(path + "/" + $0) }

        let first = entries[0]
        for e in entries.dropFirst() {
            guard abs(e.dwell / first.dwell - 1) < 1e-9, abs(e.centreMHz / first.centreMHz - 1) < 1e-9,
                  e.fid.count == first.fid.count, e.reference == first.reference, e.nucleus == first.nucleus else {
                throw ASDSError.mismatch(what: e.file, reason: "basis_dwell, basis_centre, points, centralShift or nucleus differ from \(first.file)")
            }
        }
        guard let nucleus = Nucleus(rawValue: first.nucleus) else {
            throw ASDSError.invalidInput(source: first.file, field: "asds.nucleus", reason: "unknown nucleus \(first.nucleus)")
        }
        var bandwidth = 1 / first.dwell, frequency = first.centreMHz * 1e6
        if let bw = first.exactBandwidth, abs(bw * first.dwell - 1) < 1e-9 { bandwidth = bw }
        if let sf = first.exactFrequency, abs(sf / frequency - 1) < 1e-9 { frequency = sf }
        let axis = try SpectralAxis(points: first.fid.count, bandwidthHz: bandwidth, spectrometerFrequencyHz: frequency,
                                    referencePPM: first.reference, nucleus: nucleus, source: first.file)
        let ordered = entries.allSatisfy({ $0.index != nil }) ? entries.sorted { $0.index! < $1.index! } : entries
        let acquisition = first.acquisition ?? {
            var a = BasisFormat.unknownAcquisition
            if let name = first.sequenceName { a.sequence = name }
            if let ms = first.echoMilliseconds { a.echoTimeSeconds = ms / 1000 }
            return a
        }()
        return BasisSet(axis: axis, acquisition: acquisition,
                        metabolites: ordered.map { BasisMetabolite(name: $0.name, fid: $0.fid) })
    }

    private struct Entry {
        let file: String
        let name: String
        let fid: [Complex<Double>]
        let dwell: Double
        let centreMHz: Double
        let reference: Double
        let nucleus: String
        let index: Int?
        let exactBandwidth: Double?
        let exactFrequency: Double?
        let acquisition: AcquisitionParameters?
        let sequenceName: String?
        let echoMilliseconds: Double?
    }

    private static func entry(_ file: String) throws -> Entry {
        let json = try JSONValue.parse(try FileBytes.read(file), source: file)
        guard let b = json["basis"], b.objectValue != nil else {
            throw ASDSError.invalidInput(source: file, field: "basis", reason: "missing; not an FSL-MRS basis file")
        }
        func number(_ key: String) throws -> Double {
            guard let x = b[key]?.doubleValue else { throw ASDSError.invalidInput(source: file, field: "basis.\(key)", reason: "missing or not a number") }
            return x
        }
        guard let re = b["basis_re"]?.doubleArray else { throw ASDSError.invalidInput(source: file, field: "basis.basis_re", reason: "missing or not an array of numbers") }
        guard let im = b["basis_im"]?.doubleArray else { throw ASDSError.invalidInput(source: file, field: "basis.basis_im", reason: "missing or not an array of numbers") }
        guard re.count == im.count, !re.isEmpty else {
            throw ASDSError.corrupt(path: file, reason: "basis.basis_re has \(re.count) values, basis.basis_im \(im.count)")
        }
        let dwell = try number("basis_dwell")
        var centre = try number("basis_centre")
        try ASDSError.requirePositive(dwell, source: file, field: "basis.basis_dwell", unit: "s")
        try ASDSError.requirePositive(centre, source: file, field: "basis.basis_centre", unit: "MHz")
        // Some writers give Hz; FSL-MRS (misc.checkCFUnits) takes values above 1e5 as Hz too.
        if centre > 1e5 { centre /= 1e6 }
        let asds = json["asds"]
        let nucleus = asds?["nucleus"]?.stringValue ?? Nucleus.proton.rawValue
        let reference = b["centralShift"]?.doubleValue ?? NIfTIMRS.defaultReferencePPM(nucleus: nucleus)
        let name = b["basis_name"]?.stringValue ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let acquisition = try asds?["acquisition"].map { try AcquisitionJSON.decode($0, source: file, field: "asds.acquisition") }
        let stored = zip(re, im).map { Complex($0, $1) }
        return Entry(
            file: file, name: name, fid: FIDConvention.conjugated(stored), dwell: dwell, centreMHz: centre,
            reference: reference, nucleus: nucleus, index: asds?["index"]?.intValue,
            exactBandwidth: asds?["bandwidthHz"]?.doubleValue, exactFrequency: asds?["spectrometerFrequencyHz"]?.doubleValue,
            acquisition: acquisition, sequenceName: json["seq"]?["sequenceName"]?.stringValue,
            echoMilliseconds: json["meta"]?["TE"]?.doubleValue)
    }

    /// Builds a folder at a temporary path with `body`, then moves it to `path` (see `write`).
    static func replaceFolder(at path: String, _ body: (String) throws -> Void) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ASDSError.io(path: path, reason: "the directory \(parent) does not exist")
        }
        var existing = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ASDSError.io(path: path, reason: "exists and is not a folder") }
            let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            guard contents.allSatisfy({ $0.lowercased().hasSuffix(".json") }) else {
                throw ASDSError.io(path: path, reason: "exists and holds files other than .json; choose an empty or new folder")
            }
            existing = true
        }
        let tag = "\(getpid())-\(UUID().uuidString.prefix(8))"
        let temporary = parent + "/." + url.lastPathComponent + ".tmp-" + tag
        do {
            try fm.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw ASDSError.io(path: path, reason: "cannot create a temporary folder next to it")
        }
        do {
            try body(temporary)
            if existing {
                let old = parent + "/." + url.lastPathComponent + ".old-" + tag
                guard rename(path, old) == 0 else {
                    throw ASDSError.io(path: path, reason: "cannot move the previous folder aside: \(String(cString: strerror(errno)))")
                }
                guard rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(old, path)
                    throw ASDSError.io(path: path, reason: "cannot move the new folder into place: \(reason)")
                }
                try? fm.removeItem(atPath: old)
            } else {
                guard rename(temporary, path) == 0 else {
                    throw ASDSError.io(path: path, reason: "cannot move the new folder into place: \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
    }
}

import ASDSCore
import HDF5Kit
import Numerics

/// The ASDS basis-set layout in HDF5 (documented in docs/FORMATS.md):
///
/// ```
/// /basis                    group; attributes below; children in basis order
/// /basis/<metabolite>/fid   complex dataset, compound {r, i} float64, shape [points]
/// ```
///
/// Attributes of `/basis`: `points`, `bandwidth_hz`, `dwell_time_s`, `spectrometer_frequency_hz`,
/// `b0_t`, `reference_ppm`, `nucleus`, `sequence`, `pulse_mode`, `te_s`, and where present `te1_s`,
/// `te2_s`, `tm_s`, `spatial_points`; plus `tool_version`. Numbers are stored as float64 (counts as
/// int64), so a basis set reads back bit-identical.
public enum BasisHDF5 {
    /// Name of the group holding the basis set.
    public static let groupName = "basis"

    /// Writes `basis` to a new HDF5 file at `path` (atomically: temporary file, then rename).
    public static func write(_ basis: BasisSet, to path: String) throws {
        try AtomicWrite.write(to: path) { temporary in
            let file = try HDF5File.create(temporary)
            try write(basis, into: try file.root(), source: path)
            try file.flush()
        }
    }

    /// Writes `basis` as the child group `basis` of `parent` (for files that hold more, such as
    /// datasets that embed the basis they were generated from).
    public static func write(_ basis: BasisSet, into parent: HDF5Group, source: String) throws {
        try validateNames(basis.names, source: source)
        let g = try parent.createGroup(groupName)
        let axis = basis.axis, acq = basis.acquisition
        try g.setAttribute("points", Int64(axis.points))
        try g.setAttribute("bandwidth_hz", axis.bandwidthHz)
        try g.setAttribute("dwell_time_s", axis.dwellSeconds)
        try g.setAttribute("spectrometer_frequency_hz", axis.spectrometerFrequencyHz)
        try g.setAttribute("b0_t", axis.b0Tesla)
        try g.setAttribute("reference_ppm", axis.referencePPM)
        try g.setAttribute("nucleus", string: axis.nucleus.rawValue)
        try writeAcquisition(acq, to: g)
        try g.setAttribute("tool_version", string: ToolVersion.current)
        for m in basis.metabolites {
            guard m.fid.count == axis.points else {
                throw ASDSError.invalidInput(source: source, field: "basis.\(m.name)",
                                             reason: "FID has \(m.fid.count) points, the axis \(axis.points)")
            }
            try g.createGroup(m.name).write(m.fid, to: "fid")
        }
    }

    /// The acquisition parameters as attributes of `g`: `sequence`, `pulse_mode`, `te_s`, and
    /// where present `te1_s`, `te2_s`, `tm_s`, `spatial_points` (also used by dataset files).
    public static func writeAcquisition(_ acq: AcquisitionParameters, to g: HDF5Group) throws {
        try g.setAttribute("sequence", string: acq.sequence)
        try g.setAttribute("pulse_mode", string: acq.pulseMode)
        try g.setAttribute("te_s", acq.echoTimeSeconds)
        if let v = acq.te1Seconds { try g.setAttribute("te1_s", v) }
        if let v = acq.te2Seconds { try g.setAttribute("te2_s", v) }
        if let v = acq.mixingTimeSeconds { try g.setAttribute("tm_s", v) }
        if let v = acq.spatialPoints { try g.setAttribute("spatial_points", Int64(v)) }
    }

    /// Reads the basis set of the HDF5 file at `path`.
    public static func read(from path: String) throws -> BasisSet {
        try read(from: try HDF5File.open(path).root(), source: path)
    }

    /// Reads the basis set stored in the child group `basis` of `parent`.
    public static func read(from parent: HDF5Group, source: String) throws -> BasisSet {
        guard parent.contains(groupName) else {
            throw ASDSError.invalidInput(source: source, field: "/\(groupName)", reason: "no basis group; not an ASDS basis file")
        }
        let g = try parent.group(groupName)
        func number(_ key: String) throws -> Double { try g.scalarAttribute(key, as: Double.self) }
        func optionalNumber(_ key: String) throws -> Double? { g.hasAttribute(key) ? try number(key) : nil }
        let field = "\(g.name) attribute"
        let points = Int(try g.scalarAttribute("points", as: Int64.self))
        let bandwidth = try number("bandwidth_hz"), dwell = try number("dwell_time_s")
        guard abs(bandwidth * dwell - 1) < 1e-9 else {
            throw ASDSError.corrupt(path: source, reason: "\(field) dwell_time_s: \(dwell) s is not 1 / bandwidth_hz (\(bandwidth) Hz)")
        }
        let nucleusText = try g.stringAttribute("nucleus")
        guard let nucleus = Nucleus(rawValue: nucleusText) else {
            throw ASDSError.invalidInput(source: source, field: "\(field) nucleus", reason: "unknown nucleus \(nucleusText)")
        }
        let frequency = try number("spectrometer_frequency_hz"), b0 = try number("b0_t")
        guard abs(b0 * nucleus.gyromagneticRatioHzPerTesla / frequency - 1) < 1e-9 else {
            throw ASDSError.corrupt(path: source, reason: "\(field) b0_t: \(b0) T does not match spectrometer_frequency_hz \(frequency) Hz")
        }
        let axis = try SpectralAxis(points: points, bandwidthHz: bandwidth, spectrometerFrequencyHz: frequency,
                                    referencePPM: try number("reference_ppm"), nucleus: nucleus, source: source)
        let spatial = g.hasAttribute("spatial_points") ? Int(try g.scalarAttribute("spatial_points", as: Int64.self)) : nil
        let acquisition = AcquisitionParameters(
            sequence: try g.stringAttribute("sequence"), echoTimeSeconds: try number("te_s"),
            te1Seconds: try optionalNumber("te1_s"), te2Seconds: try optionalNumber("te2_s"),
            mixingTimeSeconds: try optionalNumber("tm_s"), pulseMode: try g.stringAttribute("pulse_mode"),
            spatialPoints: spatial)
        var metabolites: [BasisMetabolite] = []
        for name in try g.childNames() {
            let (fid, shape) = try g.group(name).read("fid", as: Complex<Double>.self)
            guard shape == [points] else {
                throw ASDSError.corrupt(path: source, reason: "\(g.name)/\(name)/fid: shape \(shape), expected [\(points)] (points)")
            }
            metabolites.append(BasisMetabolite(name: name, fid: fid))
        }
        guard !metabolites.isEmpty else {
            throw ASDSError.invalidInput(source: source, field: g.name, reason: "the basis group holds no metabolites")
        }
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: metabolites)
    }

    /// Metabolite names must be usable as HDF5 link names (and as file names, for FSL-MRS folders).
    static func validateNames(_ names: [String], source: String) throws {
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
                throw ASDSError.invalidInput(source: source, field: "metabolites", reason: "\"\(name)\" cannot name a metabolite in a file (empty, '.', '..' or containing '/')")
            }
            guard seen.insert(name).inserted else {
                throw ASDSError.invalidInput(source: source, field: "metabolites", reason: "\(name) appears twice")
            }
        }
        guard !names.isEmpty else { throw ASDSError.invalidInput(source: source, field: "metabolites", reason: "the basis set is empty") }
    }
}

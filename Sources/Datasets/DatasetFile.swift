import ASDSCore
import FileFormats
import Foundation
import HDF5Kit
import Numerics

/// The HDF5 layout of a generated dataset (documented in `docs/FORMATS.md`, section Datasets).
///
/// ```
/// /                      attrs: format, format_version, suite_name, suite_sha256, seed, count,
///                        first_index, item_count, shard_index, shard_count, points, bandwidth_hz,
///                        spectrometer_frequency_hz, b0_t, reference_ppm, nucleus, metabolites (JSON),
///                        sequences (JSON), scenarios (JSON), snr_reference, snr_reference_ppm
/// /suite.json            the suite file, verbatim
/// /spectra/noisy         [items, points] complex {r, i} float64
/// /spectra/clean         [items, points] complex, the noise-free acquired FIDs
/// /spectra/intrinsic     [items, points] complex, the object's FIDs before the acquisition system
/// /truth/index           [items] int64;  /truth/split [items] uint8 (1 = train, 0 = test)
/// /truth/scenario        [items] int32;  /truth/sequence [items] int32
/// /truth/<scalar>        [items] float64 (see TruthColumns)
/// /truth/<per metabolite> [items, metabolites] float64
/// /truth/<per hump>      [items, humps] float64
/// /bases/<sequence label>/<metabolite>  [points] complex, attrs te_s, sequence
/// /bases/components/macromolecules, /bases/components/lipids  [points] complex (when used)
/// ```
public enum DatasetFile {
    public static let formatName = "asds-dataset"
    public static let formatVersion: Int64 = 1

    /// Writes `dataset` to `path` atomically.
    public static func write(_ dataset: GeneratedDataset, to path: String) throws {
        try AtomicWrite.write(to: path) { temporary in
            let root = try HDF5File.create(temporary).root()
            try writeAttributes(dataset, root)
            try root.writeString(dataset.suiteJSON, to: "suite.json")
            let points = dataset.axis.points
            let spectra = try root.createGroup("spectra")
            try spectra.writeRows(dataset.items.map(\.noisy), rowLength: points, to: "noisy")
            try spectra.writeRows(dataset.items.map(\.clean), rowLength: points, to: "clean")
            try spectra.writeRows(dataset.items.map(\.intrinsic), rowLength: points, to: "intrinsic")
            try writeTruth(dataset, try root.createGroup("truth"))
            try writeBases(dataset, try root.createGroup("bases"))
        }
    }

    private static func writeAttributes(_ d: GeneratedDataset, _ root: HDF5Group) throws {
        try root.setAttribute("format", string: formatName)
        try root.setAttribute("format_version", formatVersion)
        try root.setAttribute("suite_name", string: d.suite.name)
        try root.setAttribute("suite_sha256", string: d.suiteHash)
        try root.setAttribute("seed", Int64(bitPattern: d.suite.seed))
        try root.setAttribute("count", Int64(d.suite.count))
        try root.setAttribute("first_index", Int64(d.indexRange.lowerBound))
        try root.setAttribute("item_count", Int64(d.items.count))
        try root.setAttribute("shard_index", Int64(d.shard?.index ?? 0))
        try root.setAttribute("shard_count", Int64(d.shard?.count ?? 1))
        try root.setAttribute("points", Int64(d.axis.points))
        try root.setAttribute("bandwidth_hz", d.axis.bandwidthHz)
        try root.setAttribute("spectrometer_frequency_hz", d.axis.spectrometerFrequencyHz)
        try root.setAttribute("b0_t", d.axis.b0Tesla)
        try root.setAttribute("reference_ppm", d.axis.referencePPM)
        try root.setAttribute("nucleus", string: d.axis.nucleus.rawValue)
        try root.setAttribute("metabolites", string: json(d.suite.metabolites))
        try root.setAttribute("sequences", string: json(d.suite.sequences.map(\.label)))
        try root.setAttribute("scenarios", string: json(d.suite.scenarios.map(\.name)))
        try root.setAttribute("snr_reference", string: d.suite.artefacts.snrReference.name)
        try root.setAttribute("snr_reference_ppm", d.suite.artefacts.snrReference.ppm)
    }

    private static func writeTruth(_ d: GeneratedDataset, _ g: HDF5Group) throws {
        let truths = d.items.map(\.truth)
        let n = truths.count
        try g.write(truths.map { Int64($0.index) }, to: "index")
        try g.write(truths.map { UInt8($0.isTraining ? 1 : 0) }, to: "split")
        try g.write(truths.map { Int32($0.scenario) }, to: "scenario")
        try g.write(truths.map { Int32($0.sequence) }, to: "sequence")
        for column in TruthColumns.scalars {
            try g.write(truths.map { $0[keyPath: column.field] }, to: column.name)
        }
        let m = d.suite.metabolites.count
        for column in TruthColumns.perMetabolite {
            try g.write(truths.flatMap { $0[keyPath: column.field] }, to: column.name, shape: [n, m])
        }
        let humps = d.suite.artefacts.baseline?.components ?? 0
        for column in TruthColumns.perBaselineHump {
            try g.write(truths.flatMap { $0[keyPath: column.field] }, to: column.name, shape: [n, humps])
        }
    }

    private static func writeBases(_ d: GeneratedDataset, _ g: HDF5Group) throws {
        for (choice, basis) in zip(d.suite.sequences, d.bases) {
            let sg = try g.createGroup(choice.label)
            try BasisHDF5.writeAcquisition(basis.acquisition, to: sg)
            for metabolite in basis.metabolites {
                try sg.write(metabolite.fid, to: metabolite.name)
            }
        }
        if d.macromoleculeFID != nil || d.lipidFID != nil {
            let cg = try g.createGroup("components")
            if let mm = d.macromoleculeFID { try cg.write(mm, to: "macromolecules") }
            if let lip = d.lipidFID { try cg.write(lip, to: "lipids") }
        }
    }

    static func json(_ strings: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings, options: [])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func strings(fromJSON text: String, path: String, field: String) throws -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw ASDSError.corrupt(path: path, reason: "attribute \(field) is not a JSON list of strings")
        }
        return value
    }
}

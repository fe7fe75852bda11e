import ASDSCore
import Foundation
import HDF5Kit
import Numerics

extension DatasetFile {
    /// Reads a dataset (whole suite or shard) written by `write(_:to:)`; errors name the file and
    /// the missing or malformed field.
    public static func read(_ path: String) throws -> GeneratedDataset {
        let root = try HDF5File.open(path).root()
        guard root.hasAttribute("format"), try root.stringAttribute("format") == formatName else {
            throw ASDSError.corrupt(path: path, reason: "not an ASDS dataset (attribute format is not \(formatName))")
        }
        let version: Int64 = try root.scalarAttribute("format_version")
        guard version == formatVersion else {
            throw ASDSError.corrupt(path: path, reason: "dataset format version \(version), this tool reads \(formatVersion)")
        }
        let suiteJSON = try root.readString("suite.json")
        let suite = try JSONInput.decode(SuiteDefinition.self, from: Data(suiteJSON.utf8), source: path + ":/suite.json")
        let storedHash = try root.stringAttribute("suite_sha256")
        guard storedHash == SHA256.hex(Array(suiteJSON.utf8)) else {
            throw ASDSError.corrupt(path: path, reason: "suite.json does not match its recorded SHA-256")
        }
        let axis = try SpectralAxis(
            points: Int(try root.scalarAttribute("points", as: Int64.self)),
            bandwidthHz: try root.scalarAttribute("bandwidth_hz"),
            spectrometerFrequencyHz: try root.scalarAttribute("spectrometer_frequency_hz"),
            referencePPM: try root.scalarAttribute("reference_ppm"),
            nucleus: Nucleus(rawValue: try root.stringAttribute("nucleus")) ?? .proton, source: path)
        let shardIndex = Int(try root.scalarAttribute("shard_index", as: Int64.self))
        let shardCount = Int(try root.scalarAttribute("shard_count", as: Int64.self))
        let shard = shardCount > 1 || shardIndex > 0 ? try ShardSpec(index: shardIndex, count: shardCount, source: path) : nil
        let itemCount = Int(try root.scalarAttribute("item_count", as: Int64.self))

        let spectra = try root.group("spectra")
        let noisy = try spectra.read("noisy", as: Complex<Double>.self)
        let clean = try spectra.read("clean", as: Complex<Double>.self)
        let intrinsic = try spectra.read("intrinsic", as: Complex<Double>.self)
        guard noisy.shape == [itemCount, axis.points], clean.shape == noisy.shape, intrinsic.shape == noisy.shape else {
            throw ASDSError.corrupt(path: path, reason: "/spectra has shape \(noisy.shape), expected [\(itemCount), \(axis.points)]")
        }
        let truths = try readTruth(try root.group("truth"), suite: suite, count: itemCount, path: path)
        let items = (0..<itemCount).map { i in
            let rows = (i * axis.points)..<((i + 1) * axis.points)
            return SynthesizedSpectrum(truth: truths[i], intrinsic: Array(intrinsic.values[rows]),
                                       clean: Array(clean.values[rows]), noisy: Array(noisy.values[rows]))
        }
        let (bases, mm, lipids) = try readBases(try root.group("bases"), suite: suite, axis: axis)
        return GeneratedDataset(suiteJSON: suiteJSON, suite: suite, axis: axis, bases: bases,
                                macromoleculeFID: mm, lipidFID: lipids, shard: shard, items: items)
    }

    private static func readTruth(_ g: HDF5Group, suite: SuiteDefinition, count n: Int, path: String) throws -> [SpectrumTruth] {
        func column<T: HDF5Element>(_ name: String, width: Int? = nil, as type: T.Type = T.self) throws -> [T] {
            let (values, shape) = try g.read(name, as: T.self)
            let expected = width.map { [n, $0] } ?? [n]
            guard shape == expected else {
                throw ASDSError.corrupt(path: path, reason: "/truth/\(name) has shape \(shape), expected \(expected)")
            }
            return values
        }
        let index: [Int64] = try column("index"), split: [UInt8] = try column("split")
        let scenario: [Int32] = try column("scenario"), sequence: [Int32] = try column("sequence")
        var truths = (0..<n).map { i in
            SpectrumTruth(index: Int(index[i]), isTraining: split[i] == 1, scenario: Int(scenario[i]), sequence: Int(sequence[i]),
                          concentrationsMM: [], t2Seconds: [], metaboliteShiftHz: [], lorentzianHz: 0, gaussianHz: 0,
                          frequencyShiftHz: 0, phase0Radians: 0, phase1Seconds: 0, baselineAmplitude: 0,
                          baselineCentersPPM: [], baselineWidthsPPM: [], baselineWeights: [], macromoleculeAmplitude: 0,
                          lipidAmplitude: 0, waterAmplitude: 0, waterLorentzianHz: 0, waterOffsetHz: 0, waterPhaseRadians: 0,
                          eddyAmplitudeHz: 0, eddyTimeConstantSeconds: 0, targetSNR: 0, referencePeakHeight: 0,
                          noiseStandardDeviation: 0)
        }
        for c in TruthColumns.scalars {
            let values: [Double] = try column(c.name)
            for i in 0..<n { truths[i][keyPath: c.field] = values[i] }
        }
        let m = suite.metabolites.count
        for c in TruthColumns.perMetabolite {
            let values: [Double] = try column(c.name, width: m)
            for i in 0..<n { truths[i][keyPath: c.field] = Array(values[(i * m)..<((i + 1) * m)]) }
        }
        let humps = suite.artefacts.baseline?.components ?? 0
        for c in TruthColumns.perBaselineHump {
            let values: [Double] = try column(c.name, width: humps)
            for i in 0..<n { truths[i][keyPath: c.field] = Array(values[(i * humps)..<((i + 1) * humps)]) }
        }
        return truths
    }

    private static func readBases(_ g: HDF5Group, suite: SuiteDefinition, axis: SpectralAxis) throws
        -> ([BasisSet], [Complex<Double>]?, [Complex<Double>]?) {
        var bases: [BasisSet] = []
        for choice in suite.sequences {
            let sg = try g.group(choice.label)
            func optional(_ key: String) throws -> Double? { sg.hasAttribute(key) ? try sg.scalarAttribute(key) : nil }
            let acquisition = AcquisitionParameters(
                sequence: try sg.stringAttribute("sequence"), echoTimeSeconds: try sg.scalarAttribute("te_s"),
                te1Seconds: try optional("te1_s"), te2Seconds: try optional("te2_s"), mixingTimeSeconds: try optional("tm_s"),
                pulseMode: try sg.stringAttribute("pulse_mode"),
                spatialPoints: sg.hasAttribute("spatial_points") ? Int(try sg.scalarAttribute("spatial_points", as: Int64.self)) : nil)
            let metabolites = try suite.metabolites.map { name in
                BasisMetabolite(name: name, fid: try sg.read(name, as: Complex<Double>.self).values)
            }
            bases.append(BasisSet(axis: axis, acquisition: acquisition, metabolites: metabolites))
        }
        guard g.contains("components") else { return (bases, nil, nil) }
        let cg = try g.group("components")
        let mm = cg.contains("macromolecules") ? try cg.read("macromolecules", as: Complex<Double>.self).values : nil
        let lipids = cg.contains("lipids") ? try cg.read("lipids", as: Complex<Double>.self).values : nil
        return (bases, mm, lipids)
    }
}

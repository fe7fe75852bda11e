import ASDSCore
import Encoding
import FileFormats
import Foundation
import HDF5Kit
import Numerics

extension DatasetDirectory {
    /// `mrsi/`: one `item-NNNNNN.h5` per acquisition of the suite's MRSI part, and `truth.csv`.
    public var mrsiDirectory: String { path + "/mrsi" }
    public var mrsiTruthPath: String { mrsiDirectory + "/truth.csv" }
    public func mrsiItemPath(_ index: Int) -> String { mrsiDirectory + "/item-" + String(format: "%06d", index) + ".h5" }
    /// NIfTI-MRS of an acquisition's ground-truth voxel FIDs (`N x N x 1 x S`).
    public func mrsiTruthNIfTIPath(_ index: Int) -> String { mrsiDirectory + "/item-" + String(format: "%06d", index) + "-truth.nii.gz" }
}

/// The files of a suite's MRSI part. An item file is `asds acquire`'s layout (`docs/ENCODING.md`)
/// plus a `/suite` group (layout in `docs/FORMATS.md`): the suite's SHA-256 and text, the tool
/// version, every drawn parameter as JSON (`item_truth`) and the basis FIDs used. Whole runs and
/// merges add `truth.csv` and each acquisition's truth as NIfTI-MRS, both derived from the items.
public enum MRSIPartFiles {
    /// Whether `file` exists and was written for the suite with hash `suiteHash`.
    public static func isComplete(_ file: String, suiteHash: String) -> Bool {
        guard FileManager.default.fileExists(atPath: file) else { return false }
        return (try? HDF5File.open(file).root().group("suite").stringAttribute("suite_sha256")) == suiteHash
    }

    /// Writes one acquisition atomically.
    static func write(_ data: MRSIData, truth: MRSIItemTruth, basis: BasisSet, generator g: MRSIPartGenerator, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let truthJSON = String(decoding: try encoder.encode(truth), as: UTF8.self)
        try data.write(to: path) { root in
            let s = try root.createGroup("suite")
            try s.setAttribute("suite_sha256", string: g.suiteHash)
            try s.setAttribute("tool_version", string: ToolVersion.current)
            try s.setAttribute("phantom", string: g.part.phantom)
            try s.setAttribute("sequence", string: g.suite.sequences[truth.sequence].label)
            try s.setAttribute("trajectory", string: g.part.trajectories[truth.trajectory].label)
            try s.setAttribute("split", string: truth.isTraining ? "train" : "test")
            try s.writeString(g.suiteJSON, to: "suite_json")
            try s.writeString(truthJSON, to: "item_truth")
            try BasisHDF5.write(basis, into: s, source: path)
        }
    }

    /// The drawn parameters stored in an item file.
    public static func readTruth(_ path: String) throws -> MRSIItemTruth {
        let text: String
        do {
            text = try HDF5File.open(path).root().group("suite").readString("item_truth")
        } catch {
            throw ASDSError.corrupt(path: path, reason: "has no readable /suite/item_truth (not an MRSI item of a suite, or truncated)")
        }
        return try JSONInput.decode(MRSIItemTruth.self, from: Data(text.utf8), source: path + ":/suite/item_truth")
    }

    /// Gathers every acquisition of `suite`'s MRSI part into `target`, copying item files from
    /// `directories` that `target` lacks, then writes `mrsi/truth.csv`. Refuses, naming them,
    /// when acquisitions are missing from every directory. Returns the number of acquisitions.
    public static func collect(suite: SuiteDefinition, suiteHash: String, from directories: [String], into target: DatasetDirectory) throws -> Int {
        guard let part = suite.mrsi else { return 0 }
        let sources = directories.map(DatasetDirectory.init(path:))
        var missing: [String] = [], copies: [(String, String)] = []
        for i in 0..<part.count {
            let destination = target.mrsiItemPath(i)
            if isComplete(destination, suiteHash: suiteHash) { continue }
            guard let source = sources.map({ $0.mrsiItemPath(i) }).first(where: { isComplete($0, suiteHash: suiteHash) }) else {
                missing.append("mrsi/" + URL(fileURLWithPath: destination).lastPathComponent)
                continue
            }
            copies.append((source, destination))
        }
        guard missing.isEmpty else {
            let shown = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            throw ASDSError.invalidInput(source: directories.joined(separator: " "), field: "",
                                         reason: "MRSI acquisition(s) missing or failed: \(shown)")
        }
        for (source, destination) in copies { try copy(source, to: destination) }
        try writeTruthTable(suite: suite, directory: target)
        return part.count
    }

    /// Writes `mrsi/truth.csv` and every `item-NNNNNN-truth.nii.gz` from the item files in
    /// `directory` (all must be present).
    public static func writeTruthTable(suite: SuiteDefinition, directory: DatasetDirectory) throws {
        guard let part = suite.mrsi else { return }
        let truths = try (0..<part.count).map { try readTruth(directory.mrsiItemPath($0)) }
        for i in 0..<part.count {
            try truthNIfTI(itemFile: directory.mrsiItemPath(i), truth: truths[i], suite: suite).write(to: directory.mrsiTruthNIfTIPath(i))
        }
        try AtomicWrite.write(truthCSV(suite: suite, truths: truths), to: directory.mrsiTruthPath)
    }

    /// The ground truth of one acquisition as NIfTI-MRS: per voxel the FID of H's unknown x (the
    /// localisation-weighted, relaxation-weighted metabolite signal, before B0, T2' and the
    /// PSF), on the `N x N` grid with the voxel size and the origin at the FOV's corner voxel,
    /// so FSL-MRS, spant or Osprey can fit the target a reconstruction aims at.
    static func truthNIfTI(itemFile path: String, truth: MRSIItemTruth, suite: SuiteDefinition) throws -> NIfTIMRS {
        let root: HDF5Group
        do { root = try HDF5File.open(path).root() } catch { throw ASDSError.corrupt(path: path, reason: "cannot open the MRSI item file") }
        let spectral = try root.group("spectral"), trajectory = try root.group("trajectory")
        let nucleus = try Nucleus(rawValue: spectral.stringAttribute("nucleus")).orThrow(
            ASDSError.corrupt(path: path, reason: "/spectral has an unknown nucleus"))
        let axis = try SpectralAxis(points: Int(try spectral.scalarAttribute("points", as: Int32.self)),
                                    bandwidthHz: try spectral.scalarAttribute("bandwidth_hz", as: Double.self),
                                    spectrometerFrequencyHz: try spectral.scalarAttribute("spectrometer_frequency_hz", as: Double.self),
                                    referencePPM: try spectral.scalarAttribute("reference_ppm", as: Double.self), nucleus: nucleus, source: path)
        let n = Int(try trajectory.scalarAttribute("matrix", as: Int32.self))
        let fovMillimetres = try trajectory.scalarAttribute("fov_m", as: Double.self) * 1000
        let spectra = try root.group("truth").read("spectra", as: Complex<Double>.self)
        guard spectra.shape == [n, n, axis.points] else {
            throw ASDSError.corrupt(path: path, reason: "/truth/spectra has shape \(spectra.shape), expected [\(n), \(n), \(axis.points)]")
        }
        let s = axis.points
        let fids = (0..<(n * n)).map { FFT.fid(ofSpectrum: Array(spectra.values[($0 * s)..<(($0 + 1) * s)])) }
        let dx = fovMillimetres / Double(n)
        func user(_ value: JSONValue, _ description: String) -> JSONValue { NIfTIMRS.userDefined(value, description: description) }
        var nifti = try NIfTIMRS(grid: fids, size: [n, n, 1], axis: axis, voxelSizeMillimetres: [dx, dx, 10_000], header: [
            "ASDSSuite": user(.string(suite.name), "ASDS suite the acquisition was generated from"),
            "ASDSItem": user(.integer(truth.index), "index of the acquisition in the suite's MRSI part"),
            "ASDSSplit": user(.string(truth.isTraining ? "train" : "test"), "split of the acquisition"),
            "ASDSContent": user(.string("ground truth x of H: per-voxel FIDs before B0, T2' and the point-spread function"),
                                "what the voxels hold"),
            "ConversionMethod": .string("ASDS \(ToolVersion.current) asds generate"),
        ], source: path)
        nifti.originMillimetres = [-Double(n / 2) * dx, -Double(n / 2) * dx, 0]
        return nifti
    }

    /// One row per acquisition and region: the acquisition's scalars, the region and its
    /// concentrations (mM), numbers with 17 significant digits.
    public static func truthCSV(suite: SuiteDefinition, truths: [MRSIItemTruth]) -> String {
        let f = TruthTable.format
        let header = ["index", "split", "sequence", "trajectory", "region", "scenario", "target_snr", "reference_peak_height",
                      "reference_voxel", "noise_sd", "image_noise_sd", "b0_seed", "b0_random_rms_hz", "frequency_shift_hz",
                      "eddy_amplitude_hz", "eddy_time_constant_s", "noise_seed"] + suite.metabolites.map { $0 + "_mM" }
        var lines = [header.joined(separator: ",")]
        for t in truths {
            let common = [String(t.index), t.isTraining ? "train" : "test", suite.sequences[t.sequence].label,
                          suite.mrsi!.trajectories[t.trajectory].label]
            let scalars = [f(t.targetSNR), f(t.referencePeakHeight), String(t.referenceVoxel), f(t.noiseStandardDeviation),
                           f(t.imageNoiseStandardDeviation), String(t.b0Seed), f(t.b0RandomRmsHz), f(t.frequencyShiftHz),
                           t.eddyAmplitudeHz.map(f) ?? "", t.eddyTimeConstantSeconds.map(f) ?? "", String(t.noiseSeed)]
            for r in t.regions {
                lines.append((common + [CSVField.escaped(r.name), r.scenario ?? ""] + scalars + r.concentrationsMM.map(f)).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func copy(_ source: String, to destination: String) throws {
        guard let bytes = FileManager.default.contents(atPath: source) else {
            throw ASDSError.io(path: source, reason: "cannot read the MRSI item file")
        }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try AtomicWrite.write(bytes, to: destination)
    }
}

extension MRSIPartGenerator {
    /// Generates acquisitions `range` into `directory/mrsi/`, skipping files already complete for
    /// this suite; with `writeTruthTable`, also writes `mrsi/truth.csv` and the truth NIfTI-MRS
    /// files once all are present, unless nothing was written and `truth.csv` (written last)
    /// already exists.
    /// Returns how many files were written and skipped.
    public func generate(range: Range<Int>, into directory: DatasetDirectory, provider: any BasisProvider,
                         writeTruthTable: Bool, progress: ProgressReporter? = nil) throws -> (written: Int, skipped: Int) {
        do {
            try FileManager.default.createDirectory(atPath: directory.mrsiDirectory, withIntermediateDirectories: true)
        } catch {
            throw ASDSError.io(path: directory.mrsiDirectory, reason: "cannot create the MRSI output directory")
        }
        let axis = try axis(source: source)
        var bases: [Int: BasisSet] = [:]
        var written = 0, skipped = 0
        for i in range {
            defer { progress?.advance() }
            let path = directory.mrsiItemPath(i)
            if MRSIPartFiles.isComplete(path, suiteHash: suiteHash) { skipped += 1; continue }
            let drawn = draw(index: i)
            let basis = try bases[drawn.sequence] ?? provider.basis(for: suite.sequences[drawn.sequence], metabolites: suite.metabolites, axis: axis)
            bases[drawn.sequence] = basis
            let (data, truth) = try simulate(drawn, basis: basis, trajectory: trajectories[drawn.trajectory])
            try MRSIPartFiles.write(data, truth: truth, basis: basis, generator: self, to: path)
            written += 1
        }
        progress?.finish()
        if writeTruthTable && (written > 0 || !FileManager.default.fileExists(atPath: directory.mrsiTruthPath)) {
            try MRSIPartFiles.writeTruthTable(suite: suite, directory: directory)
        }
        return (written, skipped)
    }
}

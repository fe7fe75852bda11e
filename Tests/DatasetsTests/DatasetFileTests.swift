import ASDSCore
import Datasets
import FileFormats
import Foundation
import Testing
import TestSupport

@Suite struct DatasetFileTests {
    private static let artefacts = #""snr": {"uniform": [10, 40]}, "lorentzianHz": {"uniform": [2, 6]}, "phase0Degrees": {"uniform": [-20, 20]}, "baseline": {"amplitude": {"uniform": [0.05, 0.2]}, "components": 2}"#

    private func generate(_ dir: String, library: ResourceLocator, shard: ShardSpec? = nil, threads: Int? = nil) throws -> GeneratedDataset {
        let generator = try SuiteGenerator(path: try writeSuite(suiteJSON(count: 37, train: 20, artefacts: Self.artefacts), in: dir), library: library)
        let saved = ComputeSettings.threads
        defer { ComputeSettings.threads = saved }
        if let threads { ComputeSettings.threads = threads }
        return try generator.generate(shard: shard, provider: SingletBasisProvider(), components: nil)
    }

    @Test func hdf5RoundTripIsExact() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let dataset = try generate(dir, library: library)
        let out = DatasetDirectory(path: dir + "/out")
        try out.writeWhole(dataset)
        #expect(try DatasetFile.read(out.datasetPath) == dataset)
    }

    /// One NIfTI-MRS file per split, spectra along dim 5, equal to the HDF5 noisy FIDs to float32.
    @Test func niftiFilesHoldEachSplitsSpectra() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let dataset = try generate(dir, library: library)
        let out = DatasetDirectory(path: dir + "/out")
        try out.writeWhole(dataset)
        for training in [true, false] {
            let nifti = try NIfTIMRS.read(from: out.path + "/" + DatasetNIfTI.fileName(training: training))
            let items = dataset.items.filter { $0.truth.isTraining == training }
            #expect(nifti.shape == [1, 1, 1, dataset.axis.points, items.count])
            #expect(nifti.dimensions.first?.tag == "DIM_USER_0")
            #expect(try nifti.spectralAxis() == dataset.axis)
            for (k, item) in items.enumerated() {
                let scale = item.noisy.map(\.length).max()!
                #expect(TestSupport.maxDifference(nifti.fid(atSpectrum: k), item.noisy) <= 1e-6 * scale)
            }
        }
    }

    /// A suite asking for uncompressed NIfTI-MRS gets `.nii` files (no gzip stream) holding the
    /// same data as the compressed ones; no `.nii.gz` is written.
    @Test func uncompressedNIfTIOutputHoldsTheSameData() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let compressed = try generate(dir, library: library)
        let plain = try SuiteGenerator(path: try writeSuite(suiteJSON(count: 37, train: 20, artefacts: Self.artefacts, extra: #", "output": {"niftiCompression": "none"}"#),
                                                            in: dir, name: "plain.json"), library: library)
            .generate(shard: nil, provider: SingletBasisProvider(), components: nil)
        #expect(!plain.suite.compressesNIfTI && compressed.suite.compressesNIfTI)
        let a = DatasetDirectory(path: dir + "/gz"), b = DatasetDirectory(path: dir + "/nii")
        try a.writeWhole(compressed)
        try b.writeWhole(plain)
        for training in [true, false] {
            let name = DatasetNIfTI.fileName(training: training, compressed: false)
            #expect(name.hasSuffix(".nii"))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: b.path + "/" + name)))
            #expect(!(bytes[0] == 0x1F && bytes[1] == 0x8B))
            #expect(!FileManager.default.fileExists(atPath: b.path + "/" + DatasetNIfTI.fileName(training: training)))
            let read = try NIfTIMRS.read(from: b.path + "/" + name)
            let reference = try NIfTIMRS.read(from: a.path + "/" + DatasetNIfTI.fileName(training: training))
            #expect(read.shape == reference.shape)
            #expect((0..<read.shape[4]).allSatisfy { read.fid(atSpectrum: $0) == reference.fid(atSpectrum: $0) })
        }
    }

    /// `dataset.h5` marks a set complete (re-run skip, `cluster status`), so it is written after
    /// its siblings: when a NIfTI-MRS file cannot be written, no `dataset.h5` appears.
    @Test func datasetFileIsWrittenAfterItsSiblings() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let dataset = try generate(dir, library: library)
        let out = DatasetDirectory(path: dir + "/out")
        try FileManager.default.createDirectory(atPath: out.path + "/" + DatasetNIfTI.fileName(training: false) + "/blocker",
                                                withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try out.writeWhole(dataset) }
        #expect(FileManager.default.fileExists(atPath: out.path + "/" + DatasetNIfTI.fileName(training: true)))
        #expect(!FileManager.default.fileExists(atPath: out.datasetPath))
    }

    @Test func truthTableHoldsExactlyTheHDF5Concentrations() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let dataset = try generate(dir, library: library)
        let out = DatasetDirectory(path: dir + "/out")
        try out.writeWhole(dataset)
        let stored = try DatasetFile.read(out.datasetPath)
        let lines = try String(contentsOfFile: out.truthPath, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        #expect(lines.count == dataset.items.count + 1)
        for (m, name) in dataset.suite.metabolites.enumerated() {
            let column = try #require(header.firstIndex(of: name + "_mM"))
            for (row, item) in zip(lines.dropFirst(), stored.items) {
                #expect(Double(row[column]) == item.truth.concentrationsMM[m])
            }
        }
        let scalars: [(String, KeyPath<SpectrumTruth, Double>)] = [
            ("snr", \.targetSNR), ("noise_sd", \.noiseStandardDeviation), ("lorentzian_hz", \.lorentzianHz),
            ("phase0_rad", \.phase0Radians), ("baseline_amplitude", \.baselineAmplitude),
        ]
        for (name, field) in scalars {
            let column = try #require(header.firstIndex(of: name))
            #expect(zip(lines.dropFirst(), stored.items).allSatisfy { row, item in Double(row[column]) == item.truth[keyPath: field] }, "\(name)")
        }
    }

    /// Shards written separately and merged give a file byte-identical to the single run, and a
    /// run with one thread equals a run with several.
    @Test func shardsMergeIntoTheUnshardedFileByteForByte() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let single = DatasetDirectory(path: dir + "/single")
        try single.writeWhole(try generate(dir, library: library, threads: 1))
        let sharded = DatasetDirectory(path: dir + "/sharded")
        for k in 0..<4 {
            try sharded.writeShard(try generate(dir, library: library, shard: try ShardSpec(index: k, count: 4), threads: 2))
        }
        let merged = DatasetDirectory(path: dir + "/merged")
        try merged.writeWhole(try ShardMerge.merge(directories: [sharded.path]))
        for file in ["dataset.h5", "truth.csv", "train.nii.gz", "test.nii.gz"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: single.path + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: merged.path + "/" + file))
            #expect(a == b, "\(file) differs after merge")
        }
    }

    @Test func mergeRefusesIncompleteOrForeignShards() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let sharded = DatasetDirectory(path: dir + "/sharded")
        for k in [0, 2] {
            try sharded.writeShard(try generate(dir, library: library, shard: try ShardSpec(index: k, count: 3)))
        }
        #expect(throws: ASDSError.invalidInput(source: sharded.path, field: "", reason: "shard(s) missing or failed: shard-0001-of-0003.h5")) {
            try ShardMerge.merge(directories: [sharded.path])
        }
        #expect(throws: ASDSError.self) { try ShardSpec(index: 3, count: 3) }
    }

    @Test func corruptDatasetFilesAreRejected() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let out = DatasetDirectory(path: dir + "/out")
        try out.writeWhole(try generate(dir, library: library))
        #expect(DatasetDirectory.isComplete(out.datasetPath, suiteHash: try DatasetFile.recordedSuiteHash(out.datasetPath)))
        let data = try Data(contentsOf: URL(fileURLWithPath: out.datasetPath))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: out.datasetPath))
        #expect(throws: ASDSError.self) { try DatasetFile.read(out.datasetPath) }
        #expect(!DatasetDirectory.isComplete(out.datasetPath, suiteHash: "x"))
    }
}

@Suite struct SuiteValidationTests {
    private func expectRejected(_ text: String, field: String, _ reason: String? = nil) throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let path = try writeSuite(text, in: dir)
        do {
            _ = try SuiteGenerator(path: path, library: library)
            Issue.record("suite accepted: expected an error on \(field)")
        } catch let ASDSError.invalidInput(source, f, r) {
            #expect(source == path)
            #expect(f == field)
            if let reason { #expect(r.contains(reason), "\(r)") }
        }
    }

    @Test func badSuitesFailWithTheFileAndField() throws {
        try expectRejected(suiteJSON(metabolites: ["NAA", "Unobtainium"]), field: "metabolites.1", "unknown metabolite")
        try expectRejected(suiteJSON(count: 10, train: 10).replacingOccurrences(of: #""train": 10"#, with: #""train": 12"#),
                           field: "split", "must equal count")
        try expectRejected(suiteJSON(count: 10, train: 12), field: "split", "non-negative")
        try expectRejected(suiteJSON(artefacts: #""snr": {"uniform": [0, 10]}"#), field: "artefacts.snr", "positive")
        try expectRejected(suiteJSON(artefacts: #""snr": -3"#), field: "artefacts.snr", "positive")
        try expectRejected(suiteJSON().replacingOccurrences(of: #""NAA": {"uniform": [1, 12]}"#, with: #""NAA": {"uniform": [-2, 12]}"#),
                           field: "concentrationsMM.NAA", "negative")
        try expectRejected(suiteJSON().replacingOccurrences(of: #""NAA": {"uniform": [1, 4]}"#, with: #""NAA": {"normal": {"mean": 2, "sd": 1}}"#),
                           field: "scenarios.1.concentrationsMM.NAA", "negative")
        try expectRejected(suiteJSON().replacingOccurrences(of: #""NAA": {"uniform": [1, 4]}"#, with: #""NAA": {"uniform": [4, 1]}"#),
                           field: "scenarios.1.concentrationsMM.NAA.uniform", "low <= high")
        try expectRejected(suiteJSON().replacingOccurrences(of: "\"count\": 40", with: "\"count\": \"many\""), field: "count", "integer")
        try expectRejected("{ \"name\": ", field: "", "not valid JSON")
    }
}

@Suite struct BundledSuiteTests {
    @Test(arguments: ["quick", "table1", "challenge-like"])
    func bundledSuitesValidateAgainstTheLibrary(name: String) throws {
        let generator = try SuiteGenerator(path: TestSupport.repositoryRoot + "/suites/\(name).json", library: TestSupport.library)
        #expect(generator.suite.name == name)
        #expect(generator.suite.split.train > 0 && generator.suite.split.test > 0)
    }
}

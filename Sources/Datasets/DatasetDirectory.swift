import ASDSCore
import Foundation
import HDF5Kit

/// The files `asds generate` writes in its output directory:
/// - `dataset.h5`: the whole suite (HDF5, `DatasetFile`), `truth.csv`, and `train.nii.gz` and
///   `test.nii.gz` (NIfTI-MRS, `DatasetNIfTI`; `.nii` when the suite's output asks for no compression);
/// - `shards/shard-KKKK-of-NNNN.h5`: one shard of a sharded run (`--shard K --of N`).
/// Every file is written atomically, so an existing file is complete, and `dataset.h5` is written
/// after its siblings; a re-run skips files already complete for the same suite (same SHA-256).
public struct DatasetDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var datasetPath: String { path + "/dataset.h5" }
    public var truthPath: String { path + "/truth.csv" }
    public var shardsDirectory: String { path + "/shards" }
    public func shardPath(_ shard: ShardSpec) -> String { shardsDirectory + "/" + shard.fileName }

    /// Creates the directory (and `shards/` when needed).
    public func create(forShards: Bool) throws {
        do {
            try FileManager.default.createDirectory(atPath: forShards ? shardsDirectory : path, withIntermediateDirectories: true)
        } catch {
            throw ASDSError.io(path: path, reason: "cannot create the output directory")
        }
    }

    /// Whether `file` exists and was written for the suite with hash `suiteHash`.
    public static func isComplete(_ file: String, suiteHash: String) -> Bool {
        guard FileManager.default.fileExists(atPath: file) else { return false }
        return (try? DatasetFile.recordedSuiteHash(file)) == suiteHash
    }

    /// Writes a whole-suite dataset: truth table, one NIfTI-MRS file per split, then the HDF5.
    /// `dataset.h5` comes last because its presence is what marks the set complete (a re-run's
    /// skip, `asds cluster status`'s merge task), so no reader can see it before its siblings.
    /// The truth table and the two NIfTI-MRS files are written concurrently; `clock` times each.
    public func writeWhole(_ dataset: GeneratedDataset, clock: StageClock? = nil) throws {
        try create(forShards: false)
        let siblings: [() throws -> Void] = [
            { try clock.time("NIfTI-MRS train") { try self.writeNIfTI(dataset, training: true) } },
            { try clock.time("NIfTI-MRS test") { try self.writeNIfTI(dataset, training: false) } },
            { try clock.time("truth.csv") { try AtomicWrite.write(TruthTable.csv(dataset), to: self.truthPath) } },
        ]
        _ = try Parallel.tryMap(siblings.count) { try siblings[$0]() }
        try clock.time("HDF5") { try DatasetFile.write(dataset, to: datasetPath) }
    }

    private func writeNIfTI(_ dataset: GeneratedDataset, training: Bool) throws {
        let name = DatasetNIfTI.fileName(training: training, compressed: dataset.suite.compressesNIfTI)
        try DatasetNIfTI.dataSet(dataset, training: training)?.write(to: path + "/" + name)
    }

    /// Writes one shard.
    public func writeShard(_ dataset: GeneratedDataset, clock: StageClock? = nil) throws {
        guard let shard = dataset.shard else { preconditionFailure("writeShard needs a shard") }
        try create(forShards: true)
        try clock.time("HDF5") { try DatasetFile.write(dataset, to: shardPath(shard)) }
    }
}

extension DatasetFile {
    /// The suite SHA-256 recorded in a dataset file (cheap: reads one attribute).
    public static func recordedSuiteHash(_ path: String) throws -> String {
        try HDF5File.open(path).root().stringAttribute("suite_sha256")
    }
}

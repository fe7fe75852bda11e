import ASDSCore
import Foundation

/// Joins the shards of a suite into the dataset a single run would have written: the items are
/// concatenated in index order and written by the same writer, so the merged files are byte-for-byte
/// identical to an unsharded run's.
public enum ShardMerge {
    /// Reads every `shards/*.h5` of the given directories and returns the merged dataset.
    /// Refuses (naming the file or the missing shard) unless the shards come from one suite, share
    /// one shard count, and cover every shard exactly once.
    public static func merge(directories: [String]) throws -> GeneratedDataset {
        var files: [String] = []
        for dir in directories {
            let shards = DatasetDirectory(path: dir).shardsDirectory
            let names = (try? FileManager.default.contentsOfDirectory(atPath: shards)) ?? []
            files += names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".h5") }.sorted().map { shards + "/" + $0 }
        }
        guard !files.isEmpty else {
            throw ASDSError.invalidInput(source: directories.joined(separator: " "), field: "", reason: "holds no shards/shard-*.h5 files")
        }
        let parts = try files.map { try DatasetFile.read($0) }
        let first = parts[0]
        guard let count = first.shard?.count else {
            throw ASDSError.corrupt(path: files[0], reason: "is not a shard")
        }
        var byIndex: [Int: GeneratedDataset] = [:]
        for (file, part) in zip(files, parts) {
            guard part.suiteHash == first.suiteHash else {
                throw ASDSError.mismatch(what: file, reason: "belongs to another suite (SHA-256 differs from \(files[0]))")
            }
            guard let shard = part.shard, shard.count == count else {
                throw ASDSError.mismatch(what: file, reason: "is not one of \(count) shards")
            }
            guard part.bases == first.bases, part.axis == first.axis else {
                throw ASDSError.mismatch(what: file, reason: "was generated with other basis sets than \(files[0])")
            }
            guard byIndex[shard.index] == nil else {
                throw ASDSError.mismatch(what: file, reason: "duplicates shard \(shard.index)")
            }
            guard part.indexRange == shard.range(total: part.suite.count) || part.items.isEmpty else {
                throw ASDSError.corrupt(path: file, reason: "holds items \(part.indexRange), expected \(shard.range(total: part.suite.count))")
            }
            byIndex[shard.index] = part
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { (try? ShardSpec(index: $0, count: count))?.fileName ?? "\($0)" }
            throw ASDSError.invalidInput(source: directories.joined(separator: " "), field: "",
                                         reason: "shard(s) missing or failed: \(names.joined(separator: ", "))")
        }
        let items = (0..<count).flatMap { byIndex[$0]!.items }
        return GeneratedDataset(suiteJSON: first.suiteJSON, suite: first.suite, axis: first.axis, bases: first.bases,
                                macromoleculeFID: first.macromoleculeFID, lipidFID: first.lipidFID, shard: nil, items: items)
    }
}

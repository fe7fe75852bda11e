import Foundation

/// The files of a main-job output directory (`asds run --out DIR`, `asds cluster`), in one place
/// for the job that writes them and the cluster status that checks them:
/// `data/` (a `DatasetDirectory`), `.cache/` (bases, `model-<hash>.h5`, `mrsi-model-<hash>.h5`),
/// `parts/scores-KKKK-of-NNNN.csv` (one shard's per-spectrum scores), and `scores.csv`,
/// `scores.md`, `per_spectrum.csv`, `bias_crlb.csv`, `mrsi_scores.csv`, `mrsi_scores.md`, `mrsi_per_item.csv`,
/// `report.html`.
public struct MainJobLayout: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var data: DatasetDirectory { DatasetDirectory(path: directory + "/data") }
    public var cacheDirectory: String { directory + "/.cache" }
    public var partsDirectory: String { directory + "/parts" }
    public var scoresPath: String { directory + "/scores.csv" }
    public var scoresMarkdownPath: String { directory + "/scores.md" }
    public var perSpectrumPath: String { directory + "/per_spectrum.csv" }
    public var biasPath: String { directory + "/bias_crlb.csv" }
    public var mrsiScoresPath: String { directory + "/mrsi_scores.csv" }
    public var mrsiScoresMarkdownPath: String { directory + "/mrsi_scores.md" }
    public var mrsiPerItemPath: String { directory + "/mrsi_per_item.csv" }
    public var reportPath: String { directory + "/report.html" }

    /// The score file of one shard.
    public func partPath(_ shard: ShardSpec) -> String {
        partsDirectory + "/scores-" + shard.fileName.replacingOccurrences(of: "shard-", with: "")
            .replacingOccurrences(of: ".h5", with: ".csv")
    }

    /// The cached single-voxel model for a content key (`model-<key>.h5`).
    public func modelPath(key: String) -> String { cacheDirectory + "/model-" + key.prefix(24) + ".h5" }

    /// The cached MRSI model for a content key (`mrsi-model-<key>.h5`).
    public func mrsiModelPath(key: String) -> String { cacheDirectory + "/mrsi-model-" + key.prefix(24) + ".h5" }

    /// Whether the cache holds a trained single-voxel model (any key).
    public var hasCachedModel: Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []
        return names.contains { $0.hasPrefix("model-") && $0.hasSuffix(".h5") }
    }
}

import ASDSCore
import Numerics

/// A generated suite, or one shard of it, in memory: items in index order with their truth and
/// FIDs, the bases used and the suite itself.
public struct GeneratedDataset: Sendable, Equatable {
    /// The suite file's exact text (stored in outputs) and its SHA-256.
    public let suiteJSON: String
    public let suiteHash: String
    public let suite: SuiteDefinition
    public let axis: SpectralAxis
    /// Basis set of each sequence choice, in suite order (metabolites in suite order).
    public let bases: [BasisSet]
    /// Macromolecule and lipid component sums at unit amplitude, when the suite uses them.
    public let macromoleculeFID: [Complex<Double>]?
    public let lipidFID: [Complex<Double>]?
    /// `(index, count)` when this is shard `index` of `count`; nil for a whole suite.
    public let shard: ShardSpec?
    /// Items, ascending by `truth.index`.
    public var items: [SynthesizedSpectrum]

    public init(suiteJSON: String, suite: SuiteDefinition, axis: SpectralAxis, bases: [BasisSet],
                macromoleculeFID: [Complex<Double>]?, lipidFID: [Complex<Double>]?, shard: ShardSpec?,
                items: [SynthesizedSpectrum]) {
        self.suiteJSON = suiteJSON
        self.suiteHash = SHA256.hex(Array(suiteJSON.utf8))
        self.suite = suite
        self.axis = axis
        self.bases = bases
        self.macromoleculeFID = macromoleculeFID
        self.lipidFID = lipidFID
        self.shard = shard
        self.items = items
    }

    /// Item indices held.
    public var indexRange: Range<Int> {
        guard let first = items.first, let last = items.last else { return 0..<0 }
        return first.truth.index..<(last.truth.index + 1)
    }
}

/// Shard `index` (0-based) of `count`: items `index * total / count ..< (index + 1) * total / count`.
public struct ShardSpec: Sendable, Equatable, Hashable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int, source: String = "--shard") throws {
        guard count >= 1 else { throw ASDSError.invalidInput(source: "--of", field: "", reason: "must be a positive integer, got \(count)") }
        guard (0..<count).contains(index) else {
            throw ASDSError.invalidInput(source: source, field: "", reason: "must lie in 0 ..< \(count), got \(index)")
        }
        self.index = index
        self.count = count
    }

    /// The item range of this shard in a suite of `total` items.
    public func range(total: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }

    /// How messages name the shard: `shard 2 of 0..<3`. Shards are numbered from 0, as Slurm
    /// array task ids and file names are, and the range says so.
    public var label: String { "shard \(index) of 0..<\(count)" }

    /// File name of the shard, e.g. `shard-0003-of-0008.h5`.
    public var fileName: String {
        "shard-" + zeroPadded(index) + "-of-" + zeroPadded(count) + ".h5"
    }

    private func zeroPadded(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

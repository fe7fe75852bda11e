import ASDSCore
import Foundation

/// What `asds generate` does with a suite (and what `asds bench generate` times): the MRSI
/// acquisitions first (a shard file then exists only once its whole share is done, which `asds
/// cluster status` checks), then the single-voxel spectra and their files, each part skipped when
/// already complete for the same suite.
public struct SuiteGenerationRun {
    public let generator: SuiteGenerator
    public let directory: DatasetDirectory
    public let shard: ShardSpec?
    public let provider: any BasisProvider
    public let components: LineComponentLibrary?

    public init(generator: SuiteGenerator, directory: DatasetDirectory, shard: ShardSpec?, provider: any BasisProvider,
                components: LineComponentLibrary?) {
        self.generator = generator
        self.directory = directory
        self.shard = shard
        self.provider = provider
        self.components = components
    }

    /// The single-voxel file this run writes: the shard's, or `dataset.h5`.
    public var target: String { shard.map(directory.shardPath) ?? directory.datasetPath }

    /// Runs it; `log` receives one line per part, `clock` (when given) each stage's time.
    public func run(showProgress: Bool, clock: StageClock? = nil, log: (String) -> Void) throws {
        try generator.requireMemory(shard: shard)
        let name = generator.suite.name
        if let mrsi = generator.mrsi {
            let start = Date()
            let range = shard?.range(total: mrsi.part.count) ?? 0..<mrsi.part.count
            let progress = ProgressReporter(label: "generate \(name) MRSI", total: range.count, enabled: showProgress)
            let done = try clock.time("MRSI acquisitions") {
                try mrsi.generate(range: range, into: directory, provider: provider, writeTruthTable: shard == nil, progress: progress)
            }
            log(String(format: "%@: MRSI acquisitions %d ..< %d: %d written, %d already complete, in %.2f s -> %@",
                       name, range.lowerBound, range.upperBound, done.written, done.skipped,
                       Date().timeIntervalSince(start), directory.mrsiDirectory))
        }
        if DatasetDirectory.isComplete(target, suiteHash: SHA256.hex(Array(generator.suiteJSON.utf8))) {
            log("\(target) is already complete for suite \(name); not regenerated")
            return
        }
        let start = Date()
        let count = shard?.range(total: generator.suite.count).count ?? generator.suite.count
        let progress = ProgressReporter(label: "generate \(name)", total: count, enabled: showProgress)
        let dataset = try clock.time("synthesis") {
            try generator.generate(shard: shard, provider: provider, components: components, progress: progress)
        }
        if shard != nil { try directory.writeShard(dataset, clock: clock) } else { try directory.writeWhole(dataset, clock: clock) }
        let seconds = Date().timeIntervalSince(start)
        log(String(format: "%@: %d spectra (%@) in %.2f s (%.0f spectra/s) -> %@", name, dataset.items.count,
                   shard.map(\.label) ?? "whole suite", seconds, Double(dataset.items.count) / max(seconds, 1e-9), target))
    }
}

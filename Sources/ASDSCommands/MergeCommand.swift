import ArgumentParser
import ASDSCore
import Datasets
import Foundation

/// `asds merge`: joins the shards of a suite into the files a single run writes, byte for byte.
public struct MergeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shards of a suite (DIR/shards/*.h5) into DIR/dataset.h5, truth.csv and NIfTI-MRS files; gather its MRSI acquisitions.",
        discussion: "Example: asds merge data/table1")

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "Directories holding shards/ (all shards of one suite).")
    public var directories: [String]

    @Option(help: "Output directory (default: the first directory).")
    public var out: String?

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            guard let first = directories.first else {
                throw ASDSError.invalidInput(source: "merge", field: "", reason: "give at least one directory")
            }
            let dataset = try ShardMerge.merge(directories: directories)
            let target = DatasetDirectory(path: out ?? first)
            let acquisitions = try MRSIPartFiles.collect(suite: dataset.suite, suiteHash: dataset.suiteHash, from: directories, into: target)
            try target.writeWhole(dataset)
            print("merged \(dataset.items.count) spectra of suite \(dataset.suite.name) from \(dataset.items.isEmpty ? 0 : directories.count) director\(directories.count == 1 ? "y" : "ies") -> \(target.datasetPath)")
            if acquisitions > 0 { print("collected \(acquisitions) MRSI acquisitions -> \(target.mrsiDirectory)") }
        }
    }
}

import ArgumentParser
import ASDSCore
import Foundation
import Quantification
import Reconstruction

/// `asds bench reconstruct` and the LC-fit figure: spectra per second on 2048-point spectra.
public struct BenchReconstructCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Spectra per second for FT, ILS, FISTA (200 iterations) and the LC fit, beside sigpy, NumPy and FSL-MRS.",
        discussion: "Example: asds bench reconstruct")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Spectra per reconstruction measurement.")
    public var count: Int = 4000

    @Option(name: .customLong("fit-count"), help: "Spectra per LC-fit measurement.")
    public var fitCount: Int = 400

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            print("reconstruction, 2048 points, \(ComputeSettings.threads) threads:")
            for m in try ReconstructionBenchmark.run(count: count) { print("  " + m.line) }
            print("linear-combination fit, 2048 points, 20 metabolites:")
            for m in try QuantificationBenchmark.run(count: fitCount) { print("  " + m.line) }
        }
    }
}

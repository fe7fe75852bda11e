import ArgumentParser
import ASDSCore
import Foundation
import Sequences
import SpinPhysics

/// `asds bench basis`: the full metabolite list, PRESS at 3 T, TE 30 ms (or another sequence at
/// its file's default timing, such as semi-LASER at TE 28 ms), shaped pulses on a 101 x 101 grid
/// (MRSCloud's default), timed per metabolite.
public struct BenchBasisCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "basis",
        abstract: "Time a full basis with shaped pulses (default PRESS, 101 x 101 spatial points).",
        discussion: "Examples: asds bench basis --spatial-points 101; asds bench basis --sequence semi-laser")

    @OptionGroup public var global: GlobalOptions

    @Option(name: .customLong("spatial-points"), help: "Spatial points per selective axis (0 for ideal pulses).")
    public var spatialPoints: Int = 101

    @Option(help: "Sequence name or path: PRESS is timed at TE1 11, TE2 19 ms, any other at its file's default timing.")
    public var sequence: String = "press"

    @Option(help: "Static field, in T.")
    public var b0: Double = 3.0

    @Option(help: "Comma-separated metabolites (default: the 20 of the issue's list).")
    public var metabolites: String?

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let sequence = try SequenceDefinition.load(self.sequence, from: library)
            let timing = try sequence.timing(overrides: sequence.kind == .press ? TimingOverrides(te1Seconds: 0.011, te2Seconds: 0.019)
                                                                                : TimingOverrides())
            let names = metabolites.map { $0.split(separator: ",").map(String.init) } ?? BasisBenchmark.fullList
            let options = SimulationOptions(b0Tesla: b0, mode: spatialPoints > 0 ? .shaped : .ideal,
                                            spatialPoints: spatialPoints > 0 ? spatialPoints : nil)
            let (_, report) = try BasisBenchmark.run(metabolites: try MetaboliteLibrary.load(names, from: library),
                                                      sequence: sequence, timing: timing, options: options)
            print(report.summary)
            if spatialPoints > 0 && sequence.kind == .press {
                // FID-A's 1D-projection figures at 101 + 101 points (PEERS.md): NAA ~34 s, Glc ~13 min.
                for (name, peer) in [("NAA", 34.0), ("Glc", 780.0)] {
                    if let ours = report.metaboliteSeconds.first(where: { $0.name == name })?.seconds {
                        print(String(format: "peer: FID-A (1D projection, 101 + 101) %@ about %.0f s; ours %.2f s (%.0fx)",
                                     name, peer, ours, peer / max(ours, 1e-9)))
                    }
                }
            }
        }
    }
}

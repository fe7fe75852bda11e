import ArgumentParser
import ASDSCore
import FileFormats
import Foundation
import Sequences
import SpinPhysics

/// `asds simulate`: a metabolite basis set for PRESS or STEAM, written in any basis format.
public struct SimulateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a metabolite basis set (density matrix, full J coupling) for PRESS or STEAM.",
        discussion: """
        Examples:
          asds simulate --sequence press --out basis.h5
          asds simulate --sequence steam --te 0.02 --tm 0.01 --b0 7 --format nifti-mrs --out basis.nii.gz
          asds simulate --sequence press --te1 0.011 --te2 0.019 --spatial-points 101 --metabolites NAA,Cr,Glc --out shaped.h5
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Sequence: press, steam, or a path to a sequence JSON file.")
    public var sequence: String

    @Option(help: "Echo time, in s (PRESS: sets TE2 = TE - TE1 unless --te1/--te2 are given).")
    public var te: Double?

    @Option(help: "PRESS first half-echo interval TE1, in s.")
    public var te1: Double?

    @Option(help: "PRESS second half-echo interval TE2, in s.")
    public var te2: Double?

    @Option(help: "STEAM mixing time TM, in s.")
    public var tm: Double?

    @Option(help: "Static field, in T (1.5 to 11.7 for brain work).")
    public var b0: Double = 3.0

    @Option(help: "Complex points per FID.")
    public var points: Int = 2048

    @Option(help: "Spectral width, in Hz.")
    public var bandwidth: Double = 4000

    @Option(name: .customLong("reference-ppm"), help: "Chemical shift at the carrier, in ppm.")
    public var referencePPM: Double = PhysicalConstants.defaultReferencePPM

    @Option(help: "Comma-separated metabolite names or JSON paths (default: every metabolite in the library).")
    public var metabolites: String?

    @Option(help: "Pulses: ideal (instantaneous) or shaped (slice-selective, 1D-projection spatial grid).")
    public var pulses: PulseMode?

    @Option(name: .customLong("spatial-points"), help: "Spatial points per selective axis in shaped mode (implies --pulses shaped).")
    public var spatialPoints: Int?

    @Option(help: "Output format (default: from the --out extension, else hdf5).")
    public var format: BasisFormat?

    @Option(help: "Output path (a directory for --format fsl).")
    public var out: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let definition = try SequenceDefinition.load(sequence, from: library)
            let timing = try definition.timing(overrides: TimingOverrides(teSeconds: te, te1Seconds: te1, te2Seconds: te2, tmSeconds: tm))
            let mode = pulses
                ?? (spatialPoints != nil ? .shaped : .ideal)
            let options = SimulationOptions(b0Tesla: b0, points: points, bandwidthHz: bandwidth, referencePPM: referencePPM,
                                            mode: mode, spatialPoints: spatialPoints)
            _ = try options.spectralAxis()
            let names = metabolites.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
                ?? MetaboliteLibrary.availableNames(in: library.metabolitesDirectory)
            let definitions = try MetaboliteLibrary.load(names, from: library)
            let outputFormat = format
                ?? BasisFormat.inferred(fromPath: out)
            let start = Date()
            let progress = ProgressReporter(label: "simulate", total: definitions.count, enabled: global.showProgress)
            let basis = try BasisSimulator.simulate(metabolites: definitions, sequence: definition, timing: timing,
                                                    options: options, progress: progress)
            try BasisFormat.write(basis, to: out, format: outputFormat)
            print(BasisSummary.text(basis, definitions: definitions))
            print(String(format: "wrote %@ (%@, %d metabolites) in %.2f s", out, outputFormat.rawValue, basis.metabolites.count,
                         Date().timeIntervalSince(start)))
        }
    }
}

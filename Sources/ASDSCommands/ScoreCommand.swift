import ArgumentParser
import ASDSCore
import Foundation
import Metrics
import Pipeline

/// `asds score`: a reconstruction (and its concentrations) against the dataset's ground truth.
public struct ScoreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a reconstruction against ground truth: SNR, error-based SNR, FWHM, concentration accuracy, MAPE.",
        discussion: "Example: asds score --truth data/quick/dataset.h5 --in fista.h5 --conc conc.csv --out scores.csv")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "The ASDS dataset the reconstruction came from.")
    public var truth: String

    @Option(name: .customLong("in"), help: "Reconstruction file from asds reconstruct.")
    public var input: String

    @Option(help: "Concentration table from asds quantify (adds accuracy and MAPE).")
    public var conc: String?

    @Option(help: "Scores table to write (CSV).")
    public var out: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            let (row, perSpectrum, metabolites) = try FileScoring.score(truthPath: truth, reconstructionPath: input, concentrationsPath: conc)
            try AtomicWrite.write(ScoreTable.csv([row]), to: out)
            let detail = URL(fileURLWithPath: out).deletingPathExtension().path + "_per_spectrum.csv"
            try AtomicWrite.write(PerSpectrumTable.csv(perSpectrum, metabolites: metabolites), to: detail)
            print(ScoreTable.markdown([row]))
            print("wrote \(out) and \(detail)")
        }
    }
}

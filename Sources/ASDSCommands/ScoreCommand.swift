import ArgumentParser
import ASDSCore
import Foundation
import Metrics
import Pipeline

/// `asds score`: a reconstruction (and its concentrations), or another tool's fits, against the
/// dataset's ground truth.
public struct ScoreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a reconstruction, or FSL-MRS / LCModel fits, against ground truth: SNR, error-based SNR, FWHM, concentration accuracy, MAPE.",
        discussion: """
            Examples:
              asds score --truth data/quick/dataset.h5 --in fista.h5 --conc conc.csv --out scores.csv
              asds score --truth data/table1/dataset.h5 --fitter fsl-mrs --results fsl/ --out fsl-scores.csv
              asds score --truth data/table1/dataset.h5 --fitter lcmodel --results lcm/ --out lcm-scores.csv
              asds score --truth data/table1/dataset.h5 --fitter asds --results conc.csv --split test --out asds-scores.csv

            Another tool's results hold one result per spectrum, named so that the name ends in the
            spectrum's index: fsl-mrs, DIR/<name>/summary.csv (an fsl_mrs results folder); lcmodel,
            DIR/<name>.table; asds, the conc.csv of asds quantify on the dataset (rows by index).
            Besides the score table, OUT_ratios.csv gives each metabolite's error relative to
            --reference, which needs no common concentration scale.
            """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "The ASDS dataset the spectra came from.")
    public var truth: String

    @Option(name: .customLong("in"), help: "Reconstruction file from asds reconstruct.")
    public var input: String?

    @Option(help: "Concentration table from asds quantify (adds accuracy and MAPE; with --in).")
    public var conc: String?

    @Option(help: "Another tool whose fits to score: \(ExternalFitter.allCases.map(\.rawValue).joined(separator: ", ")) (with --results).")
    public var fitter: ExternalFitter?

    @Option(help: "That tool's results: a directory with one result per spectrum (asds: the conc.csv of asds quantify).")
    public var results: String?

    @Option(help: "Items scored with --fitter: all, train or test.")
    public var split: FileReconstruction.Split = .all

    @Option(help: "Reference of the ratio errors (with --fitter): a suite metabolite or a sum such as Cr+PCr.")
    public var reference: String = "Cr"

    @Option(help: "Scores table to write (CSV).")
    public var out: String

    public init() {}

    public func validate() throws {
        switch (input, fitter, results) {
        case (.some, nil, nil): break
        case (nil, .some, .some):
            guard conc == nil else { throw ValidationError("--conc goes with --in; another tool's results carry their concentrations") }
        case (nil, .some, nil): throw ValidationError("--fitter needs --results DIR")
        case (nil, nil, .some): throw ValidationError("--results needs --fitter (\(ExternalFitter.allCases.map(\.rawValue).joined(separator: " or ")))")
        case (nil, nil, nil): throw ValidationError("give --in FILE (a reconstruction) or --fitter TOOL --results DIR")
        default: throw ValidationError("give either --in or --fitter with --results, not both")
        }
    }

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            let stem = URL(fileURLWithPath: out).deletingPathExtension().path
            let detail = stem + "_per_spectrum.csv"
            let row: MethodScores, perSpectrum: [ItemScore], metabolites: [String]
            var summary = "wrote \(out) and \(detail)"
            var ratioLine: String?
            if let fitter, let results {
                let scored = try FitterScoring.score(truthPath: truth, fitter: fitter, directory: results, reference: reference,
                                                     names: try FitterNameMap.load(from: library), split: split)
                (row, perSpectrum, metabolites) = (scored.row, scored.perSpectrum, scored.metabolites)
                let ratios = stem + "_ratios.csv"
                try AtomicWrite.write(FitterScoring.ratioCSV(scored), to: ratios)
                ratioLine = "ratio to \(reference), mean absolute percent error: " + FitterScoring.ratioErrors(scored)
                    .map { String(format: "%@ %.2f %%", $0.name, $0.mape) }.joined(separator: ", ")
                if scored.failedFits > 0 {
                    ratioLine! += "\n\(scored.failedFits) of \(perSpectrum.count) fits gave a non-finite value (a failed fit) and are left out of the ratio errors"
                }
                summary = "scored \(perSpectrum.count) \(fitter.rawValue) fits; wrote \(out), \(detail) and \(ratios)"
            } else {
                (row, perSpectrum, metabolites) = try FileScoring.score(truthPath: truth, reconstructionPath: input!, concentrationsPath: conc)
            }
            try AtomicWrite.write(ScoreTable.csv([row]), to: out)
            try AtomicWrite.write(PerSpectrumTable.csv(perSpectrum, metabolites: metabolites), to: detail)
            print(ScoreTable.markdown([row]))
            if let ratioLine { print(ratioLine) }
            print(summary)
        }
    }
}

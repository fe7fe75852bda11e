import ArgumentParser
import ASDSCore
import FileFormats
import Foundation
import Pipeline
import Quantification

/// `asds quantify`: linear-combination fits with Cramer-Rao lower bounds.
public struct QuantifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quantify",
        abstract: "Fit a basis set to every spectrum (LC model, variable projection); write conc.csv and conc_crlb.csv.",
        discussion: """
        Examples:
          asds quantify --in fista.h5 --basis basis.h5 --out conc.csv
          asds quantify --in data/quick/test.nii.gz --basis basis.BASIS --out conc.csv
        conc.csv: index, then one column per basis metabolite in the basis's amplitude units;
        conc_crlb.csv (next to it): the Cramer-Rao lower bounds, same shape.
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(name: .customLong("in"), help: "Reconstruction (RECON.h5), ASDS dataset (dataset.h5) or NIfTI-MRS file.")
    public var input: String

    @Option(help: "Basis set: ASDS HDF5, NIfTI-MRS, LCModel .BASIS or an FSL-MRS basis folder.")
    public var basis: String

    @Option(help: "Concentration table to write (CSV).")
    public var out: String

    @Option(name: .customLong("ppm-range"), help: "Fitting range LOW:HIGH in ppm.")
    public var ppmRange: String = "0.2:4.2"

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            let bounds = ppmRange.split(separator: ":").compactMap { Double($0) }
            guard bounds.count == 2, bounds[0] < bounds[1] else {
                throw ASDSError.invalidInput(source: "--ppm-range", field: "", reason: "must be LOW:HIGH with LOW < HIGH, got \(ppmRange)")
            }
            let data = try SpectraInput.read(input)
            let basisSet = try BasisFormat.read(from: basis)
            var options = ConcentrationEstimator.fitOptions
            options.ppmRange = bounds[0]...bounds[1]
            let fitter = try BaselineOrderSelection(basis: basisSet, dataAxis: data.axis, options: options,
                                                    orders: ConcentrationEstimator.baselineOrders, basisSource: basis)
            let start = Date()
            let fits = try fitter.fit(fids: data.fids)
            let crlbPath = URL(fileURLWithPath: out).deletingPathExtension().path + "_crlb.csv"
            try AtomicWrite.write(ConcentrationTable.amplitudesCSV(fits, names: fitter.names, indices: data.indices), to: out)
            try AtomicWrite.write(ConcentrationTable.crlbCSV(fits, names: fitter.names, indices: data.indices), to: crlbPath)
            print(String(format: "fitted %d spectra (%d basis spectra) in %.2f s -> %@, %@", fits.count, fitter.names.count,
                         Date().timeIntervalSince(start), out, crlbPath))
        }
    }
}

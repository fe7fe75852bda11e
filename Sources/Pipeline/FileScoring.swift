import ASDSCore
import Datasets
import Foundation
import Metrics
import Numerics

/// `asds score`: scores a reconstruction file against its dataset's truth, and optionally the
/// concentrations `asds quantify` estimated from it.
public enum FileScoring {
    /// Scores of one reconstruction: the table row and the per-spectrum rows.
    public static func score(truthPath: String, reconstructionPath: String, concentrationsPath: String?)
        throws -> (row: MethodScores, perSpectrum: [ItemScore], metabolites: [String]) {
        let dataset = try DatasetFile.read(truthPath)
        let recon = try ReconstructionFile.read(reconstructionPath)
        guard recon.suiteSHA256 == dataset.suiteHash else {
            throw ASDSError.mismatch(what: reconstructionPath, reason: "was not reconstructed from \(truthPath) (suite SHA-256 differs)")
        }
        guard recon.axis.matches(dataset.axis) else {
            throw ASDSError.mismatch(what: reconstructionPath, reason: "its spectral axis differs from \(truthPath)'s")
        }
        let byIndex = Dictionary(uniqueKeysWithValues: dataset.items.map { ($0.truth.index, $0) })
        let table = try concentrationsPath.map { try ConcentrationCSV.read($0) }
        let attenuation = ConcentrationEstimator.attenuations(dataset)
        let metabolites = dataset.suite.metabolites
        var rows: [ItemScore] = []
        for (k, index) in recon.indices.enumerated() {
            guard let item = byIndex[index] else {
                throw ASDSError.mismatch(what: reconstructionPath, reason: "spectrum index \(index) is not in \(truthPath)")
            }
            let spectrum = recon.spectra[k], axis = dataset.axis
            let truth = FFT.spectrum(ofFID: item.intrinsic)
            var estimated = [Double](repeating: .nan, count: metabolites.count)
            if let table {
                guard let values = table.rows[index] else {
                    throw ASDSError.invalidInput(source: concentrationsPath!, field: "index", reason: "has no row for spectrum \(index)")
                }
                for (m, name) in metabolites.enumerated() {
                    guard let column = table.names.firstIndex(of: name) else {
                        throw ASDSError.invalidInput(source: concentrationsPath!, field: name, reason: "no column for suite metabolite \(name)")
                    }
                    estimated[m] = values[column] / attenuation[item.truth.sequence][m]
                }
            }
            let accuracy = table == nil ? Double.nan
                : ((try? ConcentrationMetrics.accuracy(estimated: estimated, truth: item.truth.concentrationsMM)) ?? .nan)
            rows.append(ItemScore(
                method: recon.method, index: index, targetSNR: item.truth.targetSNR,
                snr: (try? SignalToNoise.consensus(spectrum, axis: axis)) ?? .nan,
                snrError: (try? SignalToNoise.errorBased(spectrum, truth: truth, axis: axis)) ?? .nan,
                fwhmHz: (try? SpectrumMeasures.fullWidthHalfMaximumHz(spectrum, axis: axis)) ?? .nan,
                accuracy: accuracy, lambda: recon.lambdas[k], concentrations: estimated, truth: item.truth.concentrationsMM,
                crlb: [Double](repeating: .nan, count: metabolites.count)))
        }
        var summary = ExperimentRun.summarise(rows, method: recon.method)
        if table == nil {
            summary.accuracy = nil
            summary.mapePerMetabolite = nil
        }
        return (summary, rows, metabolites)
    }
}

/// Reads `conc.csv` as `asds quantify` writes it: `index,<names...>` and one row per spectrum.
public struct ConcentrationCSV: Sendable {
    public let names: [String]
    /// Values by row index.
    public let rows: [Int: [Double]]

    public static func read(_ path: String) throws -> ConcentrationCSV {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ASDSError.io(path: path, reason: "cannot read the concentration table")
        }
        let lines = text.split(whereSeparator: \.isNewline)   // LF or CRLF (one Character in Swift)
        guard let header = lines.first?.split(separator: ",").map(String.init), header.first == "index", header.count > 1 else {
            throw ASDSError.invalidInput(source: path, field: "header", reason: "must start with index followed by metabolite names")
        }
        var rows: [Int: [Double]] = [:]
        for (n, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count, let index = Int(fields[0]) else {
                throw ASDSError.invalidInput(source: path, field: "line \(n + 2)", reason: "expected \(header.count) fields starting with an index")
            }
            let values = fields.dropFirst().map { Double($0) ?? .nan }
            rows[index] = values
        }
        return ConcentrationCSV(names: Array(header.dropFirst()), rows: rows)
    }
}

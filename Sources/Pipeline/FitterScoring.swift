import ASDSCore
import Datasets
import FileFormats
import Foundation
import Metrics

/// Another fitting tool whose results `asds score` reads.
public enum ExternalFitter: String, CaseIterable, Sendable {
    /// `fsl_mrs` results folders: `DIR/<name ending in the spectrum index>/summary.csv`.
    case fslMRS = "fsl-mrs"
    /// LCModel tables: `DIR/<name ending in the spectrum index>.table`.
    case lcmodel
}

/// `asds score` for another tool's fits: reads one result per spectrum (the spectrum's index is
/// the number that ends its folder or file name: `000012/`, `item-12.table`), maps the tool's
/// metabolite names to the suite's (`FitterNameMap`) and scores the concentrations against the
/// dataset's truth as our own fits are scored.
///
/// Two scores, because tools report in different units:
/// - absolute (accuracy, MAPE, as in the main table), when the tool reports mM or basis
///   amplitudes (a fit with the basis `asds convert` exported, whose units are ours); like our own
///   fits, amplitudes are divided by the suite's mean T2 attenuation at the item's echo time;
/// - ratios to a reference metabolite (MAPE of `c_m / c_ref`), always: they need no common scale,
///   so every tool can be compared on them.
public enum FitterScoring {
    public struct Result: Sendable {
        /// The main table's row (SNR and FWHM are NaN: no spectra are scored).
        public var row: MethodScores
        public var perSpectrum: [ItemScore]
        public var metabolites: [String]
        /// The ratio reference.
        public var reference: String
        /// Per metabolite, the MAPE (%) of its ratio to the reference (NaN for the reference itself
        /// and for metabolites absent from every scored spectrum).
        public var ratioMAPE: [Double]
    }

    /// The tables of `directory`, by spectrum index.
    public static func collect(_ fitter: ExternalFitter, directory: String) throws -> [Int: (path: String, table: FitterConcentrationTable)] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw ASDSError.io(path: directory, reason: "cannot list the \(fitter.rawValue) results directory")
        }
        var out: [Int: (path: String, table: FitterConcentrationTable)] = [:]
        for entry in entries.sorted() {
            let path = directory + "/" + entry
            let stem: String
            switch fitter {
            case .fslMRS:
                guard fm.fileExists(atPath: path + "/summary.csv") else { continue }
                stem = entry
            case .lcmodel:
                guard entry.lowercased().hasSuffix(".table") else { continue }
                stem = String(entry.dropLast(6))
            }
            guard let index = Int(String(stem.reversed().prefix { $0.isNumber }.reversed())) else {
                throw ASDSError.invalidInput(source: path, field: "name", reason: "does not end in the spectrum's index (for example item-000012)")
            }
            let file = fitter == .fslMRS ? path + "/summary.csv" : path
            if let other = out[index] {
                throw ASDSError.invalidInput(source: file, field: "name", reason: "spectrum \(index) also has \(other.path)")
            }
            let table = fitter == .fslMRS ? try FSLMRSResults.read(summary: file) : try LCModelTable.read(file)
            out[index] = (file, table)
        }
        guard !out.isEmpty else {
            let layout = fitter == .fslMRS ? "folders holding summary.csv" : "*.table files"
            throw ASDSError.invalidInput(source: directory, field: "", reason: "holds no \(fitter.rawValue) results (\(layout))")
        }
        return out
    }

    /// Scores the results in `directory` against the dataset at `truthPath`.
    public static func score(truthPath: String, fitter: ExternalFitter, directory: String, reference: String,
                             names: FitterNameMap) throws -> Result {
        let dataset = try DatasetFile.read(truthPath)
        let metabolites = dataset.suite.metabolites
        guard let referenceIndex = metabolites.firstIndex(of: reference) else {
            throw ASDSError.invalidInput(source: "--reference", field: reference,
                                         reason: "is not a metabolite of suite \(dataset.suite.name) (\(metabolites.joined(separator: ", ")))")
        }
        let results = try collect(fitter, directory: directory)
        let byIndex = Dictionary(uniqueKeysWithValues: dataset.items.map { ($0.truth.index, $0) })
        let attenuation = ConcentrationEstimator.attenuations(dataset)
        var rows: [ItemScore] = []
        var ratios: [(estimated: [Double], truth: [Double])] = []
        for index in results.keys.sorted() {
            let (path, table) = results[index]!
            guard let item = byIndex[index] else {
                throw ASDSError.mismatch(what: path, reason: "spectrum index \(index) is not in \(truthPath)")
            }
            let values = try suiteValues(table, path: path, metabolites: metabolites, names: names, reference: reference)
            let a = attenuation[item.truth.sequence]
            let truth = item.truth.concentrationsMM
            var estimated = [Double](repeating: .nan, count: metabolites.count)
            var crlb = estimated
            var ratio = estimated
            for m in metabolites.indices {
                if table.unit == .ratio {
                    ratio[m] = values.value[m] * a[referenceIndex] / a[m]
                } else {
                    estimated[m] = values.value[m] / a[m]
                    crlb[m] = (values.deviation[m] ?? .nan) / a[m]
                }
            }
            if table.unit != .ratio {
                ratio = estimated.map { $0 / estimated[referenceIndex] }
            }
            let accuracy = table.unit == .ratio ? Double.nan
                : ((try? ConcentrationMetrics.accuracy(estimated: estimated, truth: truth)) ?? .nan)
            rows.append(ItemScore(method: fitter.rawValue, index: index, targetSNR: item.truth.targetSNR, snr: .nan, snrError: .nan,
                                  fwhmHz: .nan, accuracy: accuracy, lambda: .nan, concentrations: estimated, truth: truth, crlb: crlb))
            ratios.append((ratio, truth.map { $0 / truth[referenceIndex] }))
        }
        var row = ExperimentRun.summarise(rows, method: fitter.rawValue)
        if rows.allSatisfy({ !$0.accuracy.isFinite }) {
            row.accuracy = nil
            row.mapePerMetabolite = nil
        }
        let usable = ratios.filter { $0.estimated.allSatisfy(\.isFinite) && $0.truth.allSatisfy(\.isFinite) }
        var ratioMAPE = (try? ConcentrationMetrics.meanAbsolutePercentError(estimated: usable.map(\.estimated), truth: usable.map(\.truth)))
            ?? [Double](repeating: .nan, count: metabolites.count)
        ratioMAPE[referenceIndex] = .nan
        return Result(row: row, perSpectrum: rows, metabolites: metabolites, reference: reference, ratioMAPE: ratioMAPE)
    }

    /// The table's value (and standard deviation) for every suite metabolite, in suite order.
    private static func suiteValues(_ table: FitterConcentrationTable, path: String, metabolites: [String], names: FitterNameMap,
                                    reference: String) throws -> (value: [Double], deviation: [Double?]) {
        var byMetabolite: [String: Int] = [:]
        for (k, name) in table.names.enumerated() {
            guard let parts = try names.metabolites(of: name, source: path), parts.count == 1, let m = parts.first else { continue }
            if byMetabolite[m] != nil {
                throw ASDSError.invalidInput(source: path, field: name, reason: "a second row for \(m)")
            }
            byMetabolite[m] = k
        }
        if table.unit == .ratio, let tableReference = table.reference {
            // The table's reference may be a sum (Cr+PCr); it is the suite's reference when the
            // suite has no other metabolite of that sum.
            let parts = try names.metabolites(of: tableReference, source: path) ?? []
            guard parts.intersection(metabolites) == [reference] else {
                throw ASDSError.mismatch(what: path, reason: "its ratios are to \(tableReference), not to the suite's reference \(reference); pass --reference")
            }
        }
        var value: [Double] = [], deviation: [Double?] = []
        for m in metabolites {
            guard let k = byMetabolite[m] else {
                throw ASDSError.invalidInput(source: path, field: m, reason: "no row for suite metabolite \(m)")
            }
            value.append(table.values[k])
            deviation.append(table.standardDeviations[k])
        }
        return (value, deviation)
    }

    /// `metabolite,ratio_to_<reference>_mape_percent`, one row per metabolite but the reference.
    public static func ratioCSV(_ result: Result) -> String {
        var out = "metabolite,ratio_to_\(result.reference)_mape_percent\n"
        for (m, name) in result.metabolites.enumerated() where name != result.reference {
            out += "\(CSVField.escaped(name)),\(result.ratioMAPE[m])\n"
        }
        return out
    }
}

import ASDSCore
import Datasets
import FileFormats
import Foundation
import Metrics

/// A fitting tool whose results `asds score` reads.
public enum ExternalFitter: String, CaseIterable, Sendable {
    /// `asds quantify`'s `conc.csv` (and `conc_crlb.csv` beside it), rows by spectrum index: our
    /// own fit scored through the same path as the other tools'.
    case asds
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
/// - ratios to a reference metabolite or sum (MAPE of `c_m / c_ref`, e.g. to `Cr+PCr`), always:
///   they need no common scale, so every tool can be compared on them; a table of ratios (FSL-MRS
///   without a water reference writes `/Cr+PCr`) is scored on them only.
public enum FitterScoring {
    public struct Result: Sendable {
        /// The main table's row (SNR and FWHM are NaN: no spectra are scored).
        public var row: MethodScores
        public var perSpectrum: [ItemScore]
        public var metabolites: [String]
        /// The ratio reference: a suite metabolite or a `+` sum of them (`Cr+PCr`).
        public var reference: String
        /// Per metabolite, the MAPE (%) of its ratio to the reference (NaN for the reference itself
        /// and for metabolites absent from every scored spectrum).
        public var ratioMAPE: [Double]
        /// The totals (`GPC+PCh`) of `FitterNameMap.totals` whose parts are all suite metabolites
        /// (the reference excepted), and the MAPE (%) of each one's ratio to the reference.
        public var totals: [String]
        public var totalRatioMAPE: [Double]
        /// Scored spectra whose fit gave a non-finite value (the tool's failure: a reference
        /// fitted as 0 makes every ratio infinite); they are left out of the ratio errors.
        public var failedFits: Int
    }

    /// Where a tool keeps one spectrum's result in its results directory, and how to read it.
    private struct ResultLayout {
        /// The name whose trailing number is the spectrum index, and the file to read, for a
        /// directory entry; nil for an entry that holds no result.
        let locate: (_ entry: String, _ path: String) -> (stem: String, file: String)?
        let read: (String) throws -> FitterConcentrationTable
        /// What the directory should hold, for the error when it holds nothing.
        let description: String
    }

    /// The tables of `directory` (for `asds`, the `conc.csv` file), by spectrum index.
    public static func collect(_ fitter: ExternalFitter, directory: String) throws -> [Int: (path: String, table: FitterConcentrationTable)] {
        let fm = FileManager.default
        let layout: ResultLayout
        switch fitter {
        case .asds:
            return try collectQuantifyTable(directory)
        case .fslMRS:
            layout = ResultLayout(locate: { entry, path in fm.fileExists(atPath: path + "/summary.csv") ? (entry, path + "/summary.csv") : nil },
                                  read: { try FSLMRSResults.read(summary: $0) }, description: "folders holding summary.csv")
        case .lcmodel:
            layout = ResultLayout(locate: { entry, path in entry.lowercased().hasSuffix(".table") ? (String(entry.dropLast(6)), path) : nil },
                                  read: { try LCModelTable.read($0) }, description: "*.table files")
        }
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw ASDSError.io(path: directory, reason: "cannot list the \(fitter.rawValue) results directory")
        }
        var out: [Int: (path: String, table: FitterConcentrationTable)] = [:]
        for entry in entries.sorted() {
            let path = directory + "/" + entry
            guard let (stem, file) = layout.locate(entry, path) else { continue }
            guard let index = Int(String(stem.reversed().prefix { $0.isNumber }.reversed())) else {
                throw ASDSError.invalidInput(source: path, field: "name", reason: "does not end in the spectrum's index (for example item-000012)")
            }
            if let other = out[index] {
                throw ASDSError.invalidInput(source: file, field: "name", reason: "spectrum \(index) also has \(other.path)")
            }
            out[index] = (file, try layout.read(file))
        }
        guard !out.isEmpty else {
            throw ASDSError.invalidInput(source: directory, field: "", reason: "holds no \(fitter.rawValue) results (\(layout.description))")
        }
        return out
    }

    /// `conc.csv` and, when present, `conc_crlb.csv` beside it, one table per row.
    private static func collectQuantifyTable(_ path: String) throws -> [Int: (path: String, table: FitterConcentrationTable)] {
        let values = try ConcentrationCSV.read(path)
        let crlbPath = URL(fileURLWithPath: path).deletingPathExtension().path + "_crlb.csv"
        let crlb = FileManager.default.fileExists(atPath: crlbPath) ? try ConcentrationCSV.read(crlbPath) : nil
        if let crlb, crlb.names != values.names {
            throw ASDSError.mismatch(what: crlbPath, reason: "its columns differ from \(path)'s")
        }
        var out: [Int: (path: String, table: FitterConcentrationTable)] = [:]
        for (index, row) in values.rows {
            let deviations: [Double?] = crlb?.rows[index].map { $0.map { Optional($0) } } ?? row.map { _ in nil }
            out[index] = (path, FitterConcentrationTable(names: values.names, values: row, standardDeviations: deviations, unit: .basisAmplitude))
        }
        return out
    }

    /// Scores the results in `directory` against the dataset at `truthPath`, over the items of
    /// `split` that have a result.
    public static func score(truthPath: String, fitter: ExternalFitter, directory: String, reference: String,
                             names: FitterNameMap, split: FileReconstruction.Split = .all) throws -> Result {
        let dataset = try DatasetFile.read(truthPath)
        let metabolites = dataset.suite.metabolites
        let referenceIndices = try reference.split(separator: "+").map { part -> Int in
            guard let m = metabolites.firstIndex(of: String(part)) else {
                throw ASDSError.invalidInput(source: "--reference", field: reference,
                                             reason: "\(part) is not a metabolite of suite \(dataset.suite.name) (\(metabolites.joined(separator: ", ")))")
            }
            return m
        }
        let totals = names.totals.filter { $0 != reference }.compactMap { total -> (name: String, parts: [Int])? in
            let parts = total.split(separator: "+").map(String.init)
            let indices = parts.compactMap { metabolites.firstIndex(of: $0) }
            return indices.count == parts.count && parts.count > 1 ? (total, indices) : nil
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
            guard split.includes(isTraining: item.truth.isTraining) else { continue }
            let values = try suiteValues(table, path: path, metabolites: metabolites, names: names)
            let a = attenuation[item.truth.sequence]
            let truth = item.truth.concentrationsMM
            // Amplitudes over the attenuation: concentrations (mM for absolute tables; up to one
            // common factor for ratio tables, which is all a ratio needs).
            let relative = metabolites.indices.map { values.value[$0] / a[$0] }
            let absolute = table.unit != .ratio
            let estimated = absolute ? relative : [Double](repeating: .nan, count: metabolites.count)
            let crlb = metabolites.indices.map { absolute ? (values.deviation[$0] ?? .nan) / a[$0] : .nan }
            let referenceSum = referenceIndices.reduce(0) { $0 + relative[$1] }
            let ratio = relative.map { $0 / referenceSum }
            let accuracy = absolute ? ((try? ConcentrationMetrics.accuracy(estimated: estimated, truth: truth)) ?? .nan) : .nan
            rows.append(ItemScore(method: fitter.rawValue, index: index, targetSNR: item.truth.targetSNR, snr: .nan, snrError: .nan,
                                  fwhmHz: .nan, accuracy: accuracy, lambda: .nan, concentrations: estimated, truth: truth, crlb: crlb))
            let trueReference = referenceIndices.reduce(0) { $0 + truth[$1] }
            let trueRatio = truth.map { $0 / trueReference }
            // Each total's ratio after the metabolites' own.
            func withTotals(_ r: [Double]) -> [Double] { r + totals.map { $0.parts.reduce(0) { $0 + r[$1] } } }
            ratios.append((withTotals(ratio), withTotals(trueRatio)))
        }
        guard !rows.isEmpty else {
            throw ASDSError.mismatch(what: directory, reason: "has no result for a spectrum of split \(split.rawValue) of \(truthPath)")
        }
        var row = ExperimentRun.summarise(rows, method: fitter.rawValue)
        if rows.allSatisfy({ !$0.accuracy.isFinite }) {
            row.accuracy = nil
            row.mapePerMetabolite = nil
        }
        let usable = ratios.filter { $0.estimated.allSatisfy(\.isFinite) && $0.truth.allSatisfy(\.isFinite) }
        let allMAPE = (try? ConcentrationMetrics.meanAbsolutePercentError(estimated: usable.map(\.estimated), truth: usable.map(\.truth)))
            ?? [Double](repeating: .nan, count: metabolites.count + totals.count)
        var ratioMAPE = Array(allMAPE.prefix(metabolites.count))
        if referenceIndices.count == 1 { ratioMAPE[referenceIndices[0]] = .nan }
        return Result(row: row, perSpectrum: rows, metabolites: metabolites, reference: reference, ratioMAPE: ratioMAPE,
                      totals: totals.map(\.name), totalRatioMAPE: Array(allMAPE.suffix(totals.count)),
                      failedFits: ratios.count - usable.count)
    }

    /// The table's value (and standard deviation) for every suite metabolite, in suite order.
    private static func suiteValues(_ table: FitterConcentrationTable, path: String, metabolites: [String],
                                    names: FitterNameMap) throws -> (value: [Double], deviation: [Double?]) {
        var byMetabolite: [String: Int] = [:]
        for (k, name) in table.names.enumerated() {
            guard let parts = try names.metabolites(of: name, source: path), parts.count == 1, let m = parts.first else { continue }
            if byMetabolite[m] != nil {
                throw ASDSError.invalidInput(source: path, field: name, reason: "a second row for \(m)")
            }
            byMetabolite[m] = k
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

    /// `metabolite,ratio_to_<reference>_mape_percent`, one row per metabolite but a one-metabolite
    /// reference, then one per total.
    public static func ratioCSV(_ result: Result) -> String {
        var out = "metabolite,ratio_to_\(result.reference)_mape_percent\n"
        for (name, mape) in ratioErrors(result) { out += "\(CSVField.escaped(name)),\(mape)\n" }
        return out
    }

    /// The rows of `ratioCSV`: (metabolite or total, ratio MAPE in %).
    public static func ratioErrors(_ result: Result) -> [(name: String, mape: Double)] {
        zip(result.metabolites, result.ratioMAPE).filter { $0.0 != result.reference }.map { ($0.0, $0.1) }
            + zip(result.totals, result.totalRatioMAPE).map { ($0.0, $0.1) }
    }
}

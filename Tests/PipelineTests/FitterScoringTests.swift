import ASDSCore
import Datasets
import FileFormats
import Foundation
import Metrics
import Pipeline
import Testing
import TestSupport

/// `asds score` on other tools' fits: hand-made FSL-MRS results folders and LCModel tables in the
/// documented layout, holding the truth (times the T2 attenuation the basis lacks) or a known error.
@Suite struct FitterScoringTests {
    private struct Fixture {
        let dir: String
        let datasetPath: String
        let dataset: GeneratedDataset
        let attenuation: [[Double]]
    }

    private func fixture() throws -> Fixture {
        let dir = try TestSupport.temporaryDirectory("asds-fitters")
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.repositoryRoot + "/suites/quick.json"))
        var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        json["count"] = 6
        json["split"] = ["train": 3, "test": 3]
        let suitePath = dir + "/suite.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: suitePath))
        let dataset = try SuiteGenerator(path: suitePath, library: TestSupport.library)
            .generate(shard: nil, provider: SuiteBasisProvider(library: TestSupport.library, cacheDirectory: nil),
                      components: try LineComponentLibrary.load(from: TestSupport.library))
        let directory = DatasetDirectory(path: dir + "/data")
        try directory.writeWhole(dataset)
        return Fixture(dir: dir, datasetPath: directory.datasetPath, dataset: dataset, attenuation: ConcentrationEstimator.attenuations(dataset))
    }

    /// The amplitude a fit with the exported (unrelaxed) basis reports: c * exp(-TE/T2), with
    /// `scale[name]` applied.
    private func amplitudes(_ f: Fixture, item: SynthesizedSpectrum, scale: [String: Double] = [:]) -> [(String, Double)] {
        f.dataset.suite.metabolites.enumerated().map { m, name in
            (name, item.truth.concentrationsMM[m] * f.attenuation[item.truth.sequence][m] * (scale[name] ?? 1))
        }
    }

    /// fsl_mrs summaries: raw amplitudes, or (`ratios`) amplitudes over the Cr amplitude in a `/Cr` column.
    private func writeFSL(_ f: Fixture, scale: [String: Double] = [:], rename: [String: String] = [:], ratios: Bool = false) throws -> String {
        let root = f.dir + (ratios ? "/fsl-ratio" : "/fsl")
        for item in f.dataset.items {
            let folder = root + "/item-\(String(format: "%06d", item.truth.index))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let rows = amplitudes(f, item: item, scale: scale)
            let cr = ratios ? rows.first { $0.0 == "Cr" }!.1 : 1
            var csv = ratios ? "Metab,/Cr,/Cr CRLB,%CRLB,SNR,FWHM\n" : "Metab,Raw conc,Raw CRLB,%CRLB,SNR,FWHM\n"
            for (name, a) in rows {
                csv += "\(rename[name] ?? name),\(a / cr),\(0.05 * a / cr),5.0,20.0,6.1\n"
            }
            try csv.write(toFile: folder + "/summary.csv", atomically: true, encoding: .utf8)
        }
        return root
    }

    private func writeLCModel(_ f: Fixture, scale: [String: Double] = [:]) throws -> String {
        let root = f.dir + "/lcm"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for item in f.dataset.items {
            let rows = amplitudes(f, item: item, scale: scale)
            let cr = rows.first { $0.0 == "Cr" }!.1
            var text = " $$CONC 10 lines in following concentration table = NCONC+1\n    Conc.  %SD   /Cr  Metabolite\n"
            for (name, a) in rows {
                text += String(format: "%10.3E %3d%% %7.3f  ", a, 4, a / cr) + name + "\n"
            }
            text += String(format: "%10.3E %3d%% %7.3f  ", 0.5, 999, 0.1) + "Lip13a\n"
            text += String(format: "%10.3E %3d%% %7.3f  ", 0.7, 30, 0.2) + "MM09+Lip09\n"
            text += "\n $$MISC 4 lines in following diagnostic table:\n  FWHM = 0.045 ppm    S/N =  21\n"
            try text.write(toFile: root + "/spectrum\(item.truth.index).table", atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func exactFitsScorePerfectly() throws {
        let f = try fixture()
        defer { TestSupport.cleanup(f.dir) }
        let names = try FitterNameMap.load(from: TestSupport.library)
        // LCModel prints 4 significant digits (%10.3E): relative rounding up to 5e-4.
        for (fitter, root, tolerance) in [(ExternalFitter.fslMRS, try writeFSL(f), 1e-9), (.lcmodel, try writeLCModel(f), 1e-3)] {
            let r = try FitterScoring.score(truthPath: f.datasetPath, fitter: fitter, directory: root, reference: "Cr", names: names)
            #expect(r.perSpectrum.count == f.dataset.items.count)
            for row in r.perSpectrum {
                #expect(abs(row.accuracy - 1) < tolerance)
                #expect(zip(row.concentrations, row.truth).allSatisfy { abs($0 - $1) <= tolerance * $1 })
            }
            #expect(r.ratioMAPE.filter(\.isFinite).allSatisfy { $0 < 100 * 2 * tolerance })
            #expect(r.ratioMAPE[f.dataset.suite.metabolites.firstIndex(of: "Cr")!].isNaN)
        }
    }

    /// A table of ratios (fsl_mrs without a water reference) is scored on ratios only, to a
    /// single reference or to a sum.
    @Test func ratioTablesScoreRatios() throws {
        let f = try fixture()
        defer { TestSupport.cleanup(f.dir) }
        let names = try FitterNameMap.load(from: TestSupport.library)
        let root = try writeFSL(f, scale: ["Cho": 0.8], ratios: true)
        let r = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "Cr", names: names)
        #expect(r.row.accuracy == nil && r.row.mapePerMetabolite == nil)
        let cho = f.dataset.suite.metabolites.firstIndex(of: "Cho")!
        #expect(abs(r.ratioMAPE[cho] - 20) < 1e-6)
        for (m, value) in r.ratioMAPE.enumerated() where m != cho && value.isFinite { #expect(value < 1e-7) }
        // To NAA+Cr: Cho/(NAA+Cr) is still 20 % low; NAA's and Cr's shares of the sum stay exact.
        let sum = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "NAA+Cr", names: names)
        #expect(abs(sum.ratioMAPE[cho] - 20) < 1e-6)
        #expect(sum.ratioMAPE[f.dataset.suite.metabolites.firstIndex(of: "NAA")!] < 1e-7)
        #expect(throws: ASDSError.self) {
            try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "PCr", names: names)
        }
    }

    /// NAA 10 % high: its absolute MAPE and its ratio error are 10 %, the others stay 0; the CRLB
    /// column is the table's standard deviation over the attenuation.
    @Test func aKnownErrorIsReportedAsIs() throws {
        let f = try fixture()
        defer { TestSupport.cleanup(f.dir) }
        let root = try writeFSL(f, scale: ["NAA": 1.1])
        let r = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "Cr",
                                        names: try FitterNameMap.load(from: TestSupport.library))
        let naa = f.dataset.suite.metabolites.firstIndex(of: "NAA")!
        #expect(abs(r.ratioMAPE[naa] - 10) < 1e-6)
        #expect(abs(r.row.mapePerMetabolite![naa] - 10) < 1e-6)
        for (m, value) in r.ratioMAPE.enumerated() where m != naa && value.isFinite { #expect(value < 1e-7) }
        for row in r.perSpectrum { #expect(abs(row.crlb[naa] - 0.05 * row.concentrations[naa]) < 1e-9 * row.concentrations[naa]) }
    }

    /// A total's ratio error is that of the sum of its parts: with NAA 10 % high and Cho exact,
    /// (NAA+Cho)/Cr is high by 10 % of NAA's share of the sum; a total with a part the suite lacks
    /// is not reported.
    @Test func totalsAreScoredAsSums() throws {
        let f = try fixture()
        defer { TestSupport.cleanup(f.dir) }
        let library = try FitterNameMap.load(from: TestSupport.library)
        #expect(library.totals.contains("GPC+PCh"))
        let names = FitterNameMap(aliases: [:], nuisance: [], metabolites: f.dataset.suite.metabolites, totals: ["NAA+Cho", "GPC+PCh"])
        let root = try writeFSL(f, scale: ["NAA": 1.1])
        let r = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "Cr", names: names)
        #expect(r.totals == ["NAA+Cho"])
        let naa = f.dataset.suite.metabolites.firstIndex(of: "NAA")!, cho = f.dataset.suite.metabolites.firstIndex(of: "Cho")!
        let shares = f.dataset.items.map { $0.truth.concentrationsMM[naa] / ($0.truth.concentrationsMM[naa] + $0.truth.concentrationsMM[cho]) }
        let expected = 10 * shares.reduce(0, +) / Double(shares.count)
        #expect(abs(r.totalRatioMAPE[0] - expected) < 1e-6, "\(r.totalRatioMAPE[0]) vs \(expected)")
        #expect(FitterScoring.ratioCSV(r).hasSuffix("NAA+Cho,\(r.totalRatioMAPE[0])\n"))
        #expect(r.failedFits == 0)
        // A failed fit (fsl_mrs writes inf when the reference fits as 0) is counted, not scored.
        let first = root + "/item-\(String(format: "%06d", f.dataset.items[0].truth.index))/summary.csv"
        let lines = try String(contentsOfFile: first, encoding: .utf8).split(separator: "\n")
        let failed = ([String(lines[0])] + lines.dropFirst().map { $0.split(separator: ",").first! + ",inf,inf,5.0,20.0,6.1" }).joined(separator: "\n")
        try failed.write(toFile: first, atomically: true, encoding: .utf8)
        let withFailure = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: root, reference: "Cr", names: names)
        #expect(withFailure.failedFits == 1 && withFailure.perSpectrum.count == f.dataset.items.count)
        #expect(abs(withFailure.ratioMAPE[naa] - 10) < 1e-6)
    }

    /// Aliases map (mI style names), and bad tables are refused with the file and field.
    @Test func namesAreMappedAndBadTablesRefused() throws {
        let f = try fixture()
        defer { TestSupport.cleanup(f.dir) }
        let names = try FitterNameMap.load(from: TestSupport.library)
        #expect(try names.metabolites(of: "tCr", source: "x") == ["Cr", "PCr"])
        #expect(try names.metabolites(of: "mI", source: "x") == ["Ins"])
        #expect(try names.metabolites(of: "Lip13a+Lip13b", source: "x") == nil)
        let unknown = try writeFSL(f, rename: ["Ala": "Alanine2"])
        #expect(throws: ASDSError.self) {
            try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: unknown, reference: "Cr", names: names)
        }
        do {
            _ = try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: unknown, reference: "Cr", names: names)
        } catch let error as ASDSError {
            #expect(error.description.contains("Alanine2") && error.description.contains("summary.csv"))
        }
        // A table without the suite's Glc row.
        let missing = f.dir + "/missing/item-1"
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: true)
        try "Metab,Raw conc\nNAA,1\nCr,1\nCho,1\nLac,1\nAla,1\n".write(toFile: missing + "/summary.csv", atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: missing + "/summary.csv", field: "Glc", reason: "no row for suite metabolite Glc")) {
            try FitterScoring.score(truthPath: f.datasetPath, fitter: .fslMRS, directory: f.dir + "/missing", reference: "Cr", names: names)
        }
        // A table without a concentration column.
        try "Metab,%CRLB\nNAA,3\n".write(toFile: missing + "/summary.csv", atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.self) { try FSLMRSResults.read(summary: missing + "/summary.csv") }
    }
}

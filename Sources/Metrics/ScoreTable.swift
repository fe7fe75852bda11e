import ASDSCore
import Foundation

/// One method's scores over a dataset: one entry per spectrum.
public struct MethodScores: Sendable {
    /// Method name as shown in the table (`FT`, `ILS`, `FISTA`, ...).
    public var method: String
    /// Consensus SNR per spectrum.
    public var snr: [Double]
    /// Error-based SNR per spectrum.
    public var snrError: [Double]
    /// NAA FWHM per spectrum, in Hz.
    public var fwhmHz: [Double]
    /// Concentration accuracy per spectrum, when concentrations were scored.
    public var accuracy: [Double]?
    /// MAPE per metabolite, in percent, when concentrations were scored.
    public var mapePerMetabolite: [Double]?

    public init(method: String, snr: [Double], snrError: [Double], fwhmHz: [Double],
                accuracy: [Double]? = nil, mapePerMetabolite: [Double]? = nil) {
        self.method = method
        self.snr = snr
        self.snrError = snrError
        self.fwhmHz = fwhmHz
        self.accuracy = accuracy
        self.mapePerMetabolite = mapePerMetabolite
    }
}

/// The summary table `method | SNR (mean +- std) | SNR_err | FWHM Hz | accuracy | MAPE`
/// (the paper's Table 1), as Markdown and CSV. Means and standard deviations (n - 1) are over
/// spectra; MAPE is the mean over metabolites of the per-metabolite MAPE (metabolites absent
/// from every spectrum skipped). Missing concentration scores print as `-` (Markdown) or empty
/// (CSV).
public enum ScoreTable {
    /// `(mean, standard deviation)` of the finite values of `x`.
    public static func meanAndStandardDeviation(_ x: [Double]) -> (mean: Double, std: Double) {
        let v = x.filter(\.isFinite)
        guard !v.isEmpty else { return (.nan, .nan) }
        let mean = v.reduce(0, +) / Double(v.count)
        guard v.count > 1 else { return (mean, 0) }
        let ss = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / Double(v.count - 1)).squareRoot())
    }

    public static func markdown(_ rows: [MethodScores]) -> String {
        var out = "| method | SNR (mean ± std) | SNR_err | FWHM Hz | accuracy | MAPE % |\n"
        out += "| --- | --- | --- | --- | --- | --- |\n"
        for r in rows {
            let c = cells(r)
            out += "| \(r.method) | \(f(c.snr.mean)) ± \(f(c.snr.std)) | \(f(c.snrErr.mean)) ± \(f(c.snrErr.std)) | "
            out += "\(f(c.fwhm.mean)) ± \(f(c.fwhm.std)) | \(c.accuracy.map { "\(f($0.mean, 3)) ± \(f($0.std, 3))" } ?? "-") | "
            out += "\(c.mape.map { f($0) } ?? "-") |\n"
        }
        return out
    }

    public static func csv(_ rows: [MethodScores]) -> String {
        var out = "method,snr,snr_std,snr_err,snr_err_std,fwhm_hz,fwhm_std,accuracy,accuracy_std,mape\n"
        for r in rows {
            let c = cells(r)
            var fields: [String] = [c.snr.mean, c.snr.std, c.snrErr.mean, c.snrErr.std, c.fwhm.mean, c.fwhm.std].map { "\($0)" }
            let accuracyMean: String = c.accuracy.map { "\($0.mean)" } ?? ""
            let accuracyStd: String = c.accuracy.map { "\($0.std)" } ?? ""
            let mape: String = c.mape.map { "\($0)" } ?? ""
            fields += [accuracyMean, accuracyStd, mape]
            out += ([CSVField.escaped(r.method)] + fields).joined(separator: ",") + "\n"
        }
        return out
    }

    private struct Cells {
        var snr, snrErr, fwhm: (mean: Double, std: Double)
        var accuracy: (mean: Double, std: Double)?
        var mape: Double?
    }

    private static func cells(_ r: MethodScores) -> Cells {
        let mape = r.mapePerMetabolite.map { v -> Double in
            let finite = v.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        return Cells(snr: meanAndStandardDeviation(r.snr), snrErr: meanAndStandardDeviation(r.snrError),
                     fwhm: meanAndStandardDeviation(r.fwhmHz), accuracy: r.accuracy.map(meanAndStandardDeviation), mape: mape)
    }

    private static func f(_ x: Double, _ digits: Int = 2) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "\(x)"
    }
}

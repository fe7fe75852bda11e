import ASDSCore
import Foundation

/// The MRSI score files: `mrsi_scores.csv` (mean and standard error over acquisitions, per
/// method and trajectory) and `mrsi_per_item.csv` (one row per acquisition and method).
public enum MRSIScoreTable {
    /// One summary row: method, trajectory, acquisitions, then per metabolite mean NRMSE, its
    /// standard error, mean bias, estimated and true lesion contrast and the contrast error,
    /// then median-of-medians relative CRLB, SNR_err, PSF FWHM (mm) and seconds.
    public static func summaryCSV(_ scores: [MRSIScore], methods: [MRSIMethod]) -> String {
        guard let metabolites = scores.first?.metabolites else { return "method,trajectory,acquisitions\n" }
        var header = ["method", "trajectory", "acquisitions"]
        for m in metabolites {
            header += ["\(m)_nrmse", "\(m)_nrmse_se", "\(m)_bias", "\(m)_contrast_est", "\(m)_contrast_true", "\(m)_contrast_error", "\(m)_crlb_rel"]
        }
        header += ["snr_err", "psf_fwhm_mm", "seconds"]
        var lines = [header.joined(separator: ",")]
        let trajectories = Array(Set(scores.map(\.trajectory))).sorted() + ["all"]
        for method in methods {
            for trajectory in trajectories {
                let rows = scores.filter { $0.method == method && (trajectory == "all" || $0.trajectory == trajectory) }
                guard !rows.isEmpty else { continue }
                var fields = [method.rawValue, CSVField.escaped(trajectory), String(rows.count)]
                for k in metabolites.indices {
                    let nrmse = rows.map { $0.nrmse[k] }
                    let (mean, se) = meanAndError(nrmse)
                    let errors = rows.map { $0.contrastEstimated[k] - $0.contrastTrue[k] }
                    fields += [format(mean), format(se), format(meanAndError(rows.map { $0.bias[k] }).0),
                               format(meanAndError(rows.map { $0.contrastEstimated[k] }).0),
                               format(meanAndError(rows.map { $0.contrastTrue[k] }).0), format(meanAndError(errors).0),
                               format(meanAndError(rows.map { $0.relativeCRLB[k] }).0)]
                }
                fields += [format(meanAndError(rows.map(\.snrError)).0), format(meanAndError(rows.map(\.psfFWHMMillimetres)).0),
                           format(meanAndError(rows.map(\.seconds)).0)]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per acquisition and method.
    public static func perItemCSV(_ scores: [MRSIScore]) -> String {
        guard let metabolites = scores.first?.metabolites else { return "item,trajectory,method\n" }
        var header = ["item", "trajectory", "method"]
        for m in metabolites { header += ["\(m)_nrmse", "\(m)_bias", "\(m)_contrast_est", "\(m)_contrast_true", "\(m)_crlb_rel"] }
        header += ["snr_err", "psf_fwhm_mm", "seconds"]
        var lines = [header.joined(separator: ",")]
        for s in scores {
            var fields = [String(s.item), CSVField.escaped(s.trajectory), s.method.rawValue]
            for k in metabolites.indices {
                fields += [format(s.nrmse[k]), format(s.bias[k]), format(s.contrastEstimated[k]), format(s.contrastTrue[k]), format(s.relativeCRLB[k])]
            }
            fields += [format(s.snrError), format(s.psfFWHMMillimetres), format(s.seconds)]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A markdown table of NRMSE (mean +- SE) and lesion contrast per method and trajectory for
    /// the metabolites `shown`.
    public static func markdown(_ scores: [MRSIScore], methods: [MRSIMethod], shown: [String] = ["NAA", "Cho", "Lac"]) -> String {
        guard let metabolites = scores.first?.metabolites else { return "" }
        let columns = shown.compactMap { name in metabolites.firstIndex(of: name).map { (name, $0) } }
        var lines = ["| method | trajectory | n | " + columns.map { "\($0.0) NRMSE | \($0.0) contrast (true)" }.joined(separator: " | ")
                     + " | SNR_err | PSF FWHM (mm) | s |"]
        lines.append("|" + String(repeating: " --- |", count: 3 + 2 * columns.count + 3))
        for method in methods {
            for trajectory in Array(Set(scores.map(\.trajectory))).sorted() + ["all"] {
                let rows = scores.filter { $0.method == method && (trajectory == "all" || $0.trajectory == trajectory) }
                guard !rows.isEmpty else { continue }
                var cells = [method.rawValue, trajectory, String(rows.count)]
                for (_, k) in columns {
                    let (mean, se) = meanAndError(rows.map { $0.nrmse[k] })
                    cells.append(String(format: "%.3f +- %.3f", mean, se))
                    cells.append(String(format: "%.2f (%.2f)", meanAndError(rows.map { $0.contrastEstimated[k] }).0,
                                        meanAndError(rows.map { $0.contrastTrue[k] }).0))
                }
                cells.append(String(format: "%.2f", meanAndError(rows.map(\.snrError)).0))
                let psf = meanAndError(rows.map(\.psfFWHMMillimetres)).0
                cells.append(psf.isNaN ? "n/a (nonlinear)" : String(format: "%.1f", psf))
                cells.append(String(format: "%.1f", meanAndError(rows.map(\.seconds)).0))
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mean and standard error of the finite values.
    static func meanAndError(_ x: [Double]) -> (Double, Double) {
        let v = x.filter(\.isFinite)
        guard !v.isEmpty else { return (.nan, .nan) }
        let mean = v.reduce(0, +) / Double(v.count)
        guard v.count > 1 else { return (mean, .nan) }
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        return (mean, (variance / Double(v.count)).squareRoot())
    }

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "" }
}

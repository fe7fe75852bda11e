import ASDSCore
import Foundation

/// `per_spectrum.csv`: one row per (method, spectrum) with every score and the estimated and true
/// concentrations, so summaries can be recomputed (and shards merged) from per-spectrum results.
public enum PerSpectrumTable {
    public static func csv(_ scores: [ItemScore], metabolites: [String]) -> String {
        var header = ["method", "index", "target_snr", "snr", "snr_err", "fwhm_hz", "accuracy", "lambda"]
        header += metabolites.map { $0 + "_mM" } + metabolites.map { $0 + "_true_mM" } + metabolites.map { $0 + "_crlb_mM" }
        var lines = [header.joined(separator: ",")]
        for s in scores {
            let values = [s.targetSNR, s.snr, s.snrError, s.fwhmHz, s.accuracy, s.lambda] + s.concentrations + s.truth + s.crlb
            lines.append(([s.method, String(s.index)] + values.map { String(format: "%.17g", $0) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

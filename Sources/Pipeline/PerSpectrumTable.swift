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

    /// Reads a table written by `csv` back (exactly: values are written with 17 digits).
    public static func read(_ path: String, metabolites: [String]) throws -> [ItemScore] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ASDSError.io(path: path, reason: "cannot read the per-spectrum scores")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let m = metabolites.count, width = 8 + 3 * m
        guard let header = lines.first, header.split(separator: ",").count == width else {
            throw ASDSError.corrupt(path: path, reason: "the header does not have \(width) columns for \(m) metabolites")
        }
        return try lines.dropFirst().enumerated().map { n, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == width, let index = Int(f[1]) else {
                throw ASDSError.corrupt(path: path, reason: "line \(n + 2) does not have \(width) fields")
            }
            let v = f[2...].map { Double($0) ?? .nan }
            return ItemScore(method: f[0], index: index, targetSNR: v[0], snr: v[1], snrError: v[2], fwhmHz: v[3], accuracy: v[4],
                             lambda: v[5], concentrations: Array(v[6..<(6 + m)]), truth: Array(v[(6 + m)..<(6 + 2 * m)]),
                             crlb: Array(v[(6 + 2 * m)..<(6 + 3 * m)]))
        }
    }
}

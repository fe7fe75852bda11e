import ASDSCore
import Foundation

/// Per-metabolite bias and RMSE of each method's concentrations in SNR bands, beside the
/// Cramer-Rao lower bound of the raw data (the CRLB of the FT row's fit, which sees the
/// measurement's full noise). A method cannot beat the bound without a prior; where its RMSE
/// falls below the bound, the gain comes from the prior and shows as bias.
public enum BiasAnalysis {
    public struct Row: Sendable, Equatable {
        public var method: String
        public var metabolite: String
        /// SNR band `[low, high)` of the target SNR.
        public var band: ClosedRange<Double>
        public var count: Int
        /// Mean of estimate - truth, and root mean square error, in mM.
        public var bias: Double
        public var rmse: Double
        /// Mean CRLB of the raw data's fit (FT), in mM.
        public var crlb: Double
    }

    /// The SNR bands: thirds of the target-SNR range.
    public static func bands(_ scores: [ItemScore]) -> [ClosedRange<Double>] {
        let snr = scores.map(\.targetSNR).filter(\.isFinite)
        guard let lo = snr.min(), let hi = snr.max(), hi > lo else { return [] }
        let edges = (0...3).map { lo + (hi - lo) * Double($0) / 3 }
        return (0..<3).map { edges[$0]...edges[$0 + 1] }
    }

    public static func rows(_ scores: [ItemScore], metabolites: [String], methods: [String], reference: String = PipelineMethod.ft.rawValue) -> [Row] {
        let bands = bands(scores)
        let referenceCRLB = Dictionary(uniqueKeysWithValues: scores.filter { $0.method == reference }.map { ($0.index, $0.crlb) })
        var out: [Row] = []
        for method in methods {
            for (m, name) in metabolites.enumerated() {
                for (b, band) in bands.enumerated() {
                    let inBand = scores.filter {
                        $0.method == method && (b == bands.count - 1 ? band.contains($0.targetSNR)
                                                : ($0.targetSNR >= band.lowerBound && $0.targetSNR < band.upperBound))
                    }
                    let errors = inBand.map { $0.concentrations[m] - $0.truth[m] }.filter(\.isFinite)
                    let bounds = inBand.compactMap { referenceCRLB[$0.index]?[m] }.filter(\.isFinite)
                    guard !errors.isEmpty else { continue }
                    let n = Double(errors.count)
                    out.append(Row(method: method, metabolite: name, band: band, count: errors.count,
                                   bias: errors.reduce(0, +) / n, rmse: (errors.reduce(0) { $0 + $1 * $1 } / n).squareRoot(),
                                   crlb: bounds.isEmpty ? .nan : bounds.reduce(0, +) / Double(bounds.count)))
                }
            }
        }
        return out
    }

    /// `method,metabolite,snr_low,snr_high,count,bias_mM,rmse_mM,crlb_mM,rmse_over_crlb`.
    public static func csv(_ rows: [Row]) -> String {
        var lines = ["method,metabolite,snr_low,snr_high,count,bias_mM,rmse_mM,crlb_mM,rmse_over_crlb"]
        for r in rows {
            lines.append([r.method, r.metabolite, String(format: "%.2f", r.band.lowerBound), String(format: "%.2f", r.band.upperBound),
                          String(r.count), String(format: "%.4f", r.bias), String(format: "%.4f", r.rmse), String(format: "%.4f", r.crlb),
                          String(format: "%.3f", r.rmse / r.crlb)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

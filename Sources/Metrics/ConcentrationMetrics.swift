import ASDSCore

/// Concentration accuracy, percent errors and CRLB efficiency (`docs/METRICS.md`).
///
/// Matrices are `[spectrum][metabolite]`, in one amplitude unit throughout.
public enum ConcentrationMetrics {
    /// Per-spectrum accuracy `1 - sum_m |c_est - c_true| / sum_m c_true` (1 is perfect; it stays
    /// defined when single true concentrations are 0).
    public static func accuracy(estimated: [Double], truth: [Double]) throws -> Double {
        guard estimated.count == truth.count, !truth.isEmpty else {
            throw ASDSError.mismatch(what: "concentrations", reason: "\(estimated.count) estimates for \(truth.count) true values")
        }
        let total = truth.reduce(0, +)
        guard total > 0 else {
            throw ASDSError.invalidInput(source: "truth", field: "concentrations", reason: "sum to \(total); accuracy needs a positive total")
        }
        var err = 0.0
        for (e, t) in zip(estimated, truth) { err += abs(e - t) }
        return 1 - err / total
    }

    /// Per metabolite, the mean absolute percent error `100 * mean |c_est - c_true| / c_true`
    /// over the spectra whose true concentration is positive; NaN for a metabolite that is
    /// absent from every spectrum.
    public static func meanAbsolutePercentError(estimated: [[Double]], truth: [[Double]]) throws -> [Double] {
        let m = try shape(estimated, truth)
        return (0..<m).map { j in
            var sum = 0.0, count = 0
            for (e, t) in zip(estimated, truth) where t[j] > 0 {
                sum += abs(e[j] - t[j]) / t[j]
                count += 1
            }
            return count > 0 ? 100 * sum / Double(count) : .nan
        }
    }

    /// Per metabolite, the observed standard deviation of `c_est - c_true` (over spectra, n - 1
    /// denominator) divided by the mean CRLB: about 1 for an efficient unbiased estimator.
    public static func crlbEfficiency(estimated: [[Double]], truth: [[Double]], crlb: [[Double]]) throws -> [Double] {
        let m = try shape(estimated, truth)
        _ = try shape(crlb, truth)
        let n = Double(truth.count)
        guard truth.count >= 2 else {
            throw ASDSError.invalidInput(source: "concentrations", field: "", reason: "CRLB efficiency needs at least 2 spectra")
        }
        return (0..<m).map { j in
            let d = zip(estimated, truth).map { $0[j] - $1[j] }
            let mean = d.reduce(0, +) / n
            let sd = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            let meanCRLB = crlb.reduce(0) { $0 + $1[j] } / n
            return sd / meanCRLB
        }
    }

    private static func shape(_ a: [[Double]], _ b: [[Double]]) throws -> Int {
        guard a.count == b.count, let m = b.first?.count, m > 0,
              a.allSatisfy({ $0.count == m }), b.allSatisfy({ $0.count == m }) else {
            throw ASDSError.mismatch(what: "concentrations", reason: "estimates and truth must be matrices of one shape [spectrum][metabolite]")
        }
        return m
    }
}

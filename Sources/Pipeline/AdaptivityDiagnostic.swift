import ASDSCore
import Foundation
import Metrics
import Numerics

/// Why an adaptive lambda does or does not help: for a subset of test spectra, the lambda that is
/// best for each spectrum alone (per-spectrum oracle), how much SNR_err it would gain over the
/// calibrated fixed lambda, and how well the quantities adaptive rules use (the encoder's
/// sigma^2, the noise-scaled universal threshold) predict it (Pearson correlation of logarithms).
public struct AdaptivityDiagnostic: Sendable, Codable, Equatable {
    /// Spectra examined.
    public var count: Int
    /// Mean SNR_err at the per-spectrum best lambda, and at the fixed lambda, on those spectra.
    public var oracleSNRError: Double
    public var fixedSNRError: Double
    /// corr(log best lambda, log sigma^2) and corr(log best lambda, log universal threshold).
    public var correlationWithLatentVariance: Double
    public var correlationWithNoise: Double
    /// corr(log sigma^2, log target SNR): does the encoder's variance follow the noise at all?
    public var latentVarianceVersusSNR: Double
    /// Per spectrum: target SNR, best lambda, sigma^2, universal threshold.
    public var rows: [[Double]]

    public static func run(items: [ExperimentItem], latentVariances: [Double], model: TrainedModel, runner: MethodRunner) throws
        -> AdaptivityDiagnostic {
        let sigmas = try items.map { try runner.noiseStandardDeviation($0) }
        let universal = (0..<items.count).map { runner.universalLambda(items[$0], noiseStandardDeviation: sigmas[$0]) }
        let fixed = model.calibrations.fixed.factor
        let perItem = Parallel.map(items.count) { i -> (best: Double, snrBest: Double, snrFixed: Double) in
            let single = [items[i]]
            let result = LambdaCalibration.calibrate(items: single, scales: [1], range: (fixed * 0.01)...(fixed * 100), runner: runner)
            let snrFixed = 1 / LambdaCalibration.lossRoot(factor: fixed, item: items[i], runner: runner)
            return (result.factor, 1 / result.loss.squareRoot(), snrFixed)
        }
        func corr(_ a: [Double], _ b: [Double]) -> Double {
            let x = a.map { log($0) }, y = b.map { log($0) }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for (u, v) in zip(x, y) { sxy += (u - mx) * (v - my); sxx += (u - mx) * (u - mx); syy += (v - my) * (v - my) }
            return sxy / (sxx * syy).squareRoot()
        }
        let best = perItem.map(\.best)
        return AdaptivityDiagnostic(
            count: items.count,
            oracleSNRError: perItem.map(\.snrBest).reduce(0, +) / Double(items.count),
            fixedSNRError: perItem.map(\.snrFixed).reduce(0, +) / Double(items.count),
            correlationWithLatentVariance: corr(best, latentVariances), correlationWithNoise: corr(best, universal),
            latentVarianceVersusSNR: corr(latentVariances, items.map(\.targetSNR)),
            rows: (0..<items.count).map { [items[$0].targetSNR, best[$0], latentVariances[$0], universal[$0]] })
    }
}

extension LambdaCalibration {
    /// sqrt(1/SNR_err^2) of one item at `lambda = factor`: 1/SNR_err.
    static func lossRoot(factor: Double, item: ExperimentItem, runner: MethodRunner) -> Double {
        var warm: [[Complex<Double>]?] = [nil]
        return loss(factor: factor, items: [item], scales: [1], runner: runner, warmStarts: &warm).squareRoot()
    }
}

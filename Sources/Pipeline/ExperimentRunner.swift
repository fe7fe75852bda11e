import ASDSCore
import Datasets
import Foundation
import Metrics
import Numerics

/// Every method's reconstructions of the test split, their LC fits and scores.
public struct ExperimentRun: Sendable {
    /// The test items, in index order.
    public let items: [ExperimentItem]
    /// Reconstructed spectra per method, in item order.
    public let spectra: [PipelineMethod: [[Complex<Double>]]]
    /// Per-spectrum scores, method by method in `methods` order, items in index order.
    public let scores: [ItemScore]
    /// The methods, in table order.
    public let methods: [PipelineMethod]
    /// The VAE encoder's mean latent variance sigma^2 of each item.
    public let latentVariances: [Double]
    /// What a per-spectrum lambda could gain, and what predicts it.
    public let adaptivity: AdaptivityDiagnostic

    /// The table rows (one per method): means over spectra.
    public func tableRows() -> [MethodScores] {
        methods.map { ExperimentRun.summarise(scores, method: $0.rawValue) }
    }

    /// Summarises the per-spectrum scores of one method (rows whose `method` matches).
    public static func summarise(_ all: [ItemScore], method: String) -> MethodScores {
        let rows = all.filter { $0.method == method }
        let fitted = rows.filter { $0.concentrations.allSatisfy(\.isFinite) }
        let mape = try? ConcentrationMetrics.meanAbsolutePercentError(estimated: fitted.map(\.concentrations), truth: fitted.map(\.truth))
        return MethodScores(method: method, snr: rows.map(\.snr), snrError: rows.map(\.snrError), fwhmHz: rows.map(\.fwhmHz),
                            accuracy: rows.map(\.accuracy), mapePerMetabolite: mape)
    }
}

/// Runs the methods on a dataset's test split with a trained model.
public struct ExperimentRunner: Sendable {
    public var runner: MethodRunner
    public var methods: [PipelineMethod]
    /// Test spectra the adaptivity diagnostic examines (the first ones in index order).
    public var diagnosticItems: Int

    public init(runner: MethodRunner, methods: [PipelineMethod] = PipelineMethod.allCases, diagnosticItems: Int = 24) {
        self.runner = runner
        self.methods = methods
        self.diagnosticItems = diagnosticItems
    }

    /// Reconstructs, fits and scores the test split of `dataset`; `log` gets one line per stage.
    public func run(_ dataset: GeneratedDataset, model: TrainedModel, log: (String) -> Void) throws -> ExperimentRun {
        let items = ExperimentItem.items(of: dataset, training: false)
        guard !items.isEmpty else {
            throw ASDSError.invalidInput(source: "suite \(dataset.suite.name)", field: "split.test", reason: "the test split is empty")
        }
        let estimator = try ConcentrationEstimator(dataset: dataset)
        let variances = try VAEInputs.latentVariances(items, model: model.checkpoint.model, runner: runner,
                                                      normalisation: model.checkpoint.normalisation)
        let lambdas = try self.lambdas(items, model: model, latentVariances: variances)
        var spectra: [PipelineMethod: [[Complex<Double>]]] = [:]
        var scores: [ItemScore] = []
        for method in methods {
            let start = Date()
            let results = try Parallel.tryMap(items.count) { i -> ([Complex<Double>], ItemScore) in
                let (spectrum, lambda) = try reconstruct(items[i], method: method, lambda: lambdas[method]?[i])
                return (spectrum, ItemScore.score(method: method.rawValue, item: items[i], spectrum: spectrum, lambda: lambda,
                                                  estimator: estimator))
            }
            spectra[method] = results.map(\.0)
            scores += results.map(\.1)
            log(String(format: "  %@: %d spectra reconstructed, fitted and scored in %.1f s", method.rawValue, items.count,
                       Date().timeIntervalSince(start)))
        }
        let subset = min(items.count, diagnosticItems)
        let adaptivity = try AdaptivityDiagnostic.run(items: Array(items.prefix(subset)), latentVariances: Array(variances.prefix(subset)),
                                                      model: model, runner: runner)
        log(String(format: "  per-spectrum best lambda on %d spectra: SNR_err %.2f vs %.2f at the fixed lambda; "
                   + "corr(log best, log sigma^2) %.2f, corr(log best, log noise threshold) %.2f", subset, adaptivity.oracleSNRError,
                   adaptivity.fixedSNRError, adaptivity.correlationWithLatentVariance, adaptivity.correlationWithNoise))
        return ExperimentRun(items: items, spectra: spectra, scores: scores, methods: methods, latentVariances: variances,
                             adaptivity: adaptivity)
    }

    /// lambda per item for each sparse method (`latentVariances`: the encoder's sigma^2 per item).
    public func lambdas(_ items: [ExperimentItem], model: TrainedModel, latentVariances: [Double]) throws -> [PipelineMethod: [Double]] {
        let sigmas = try items.map { try runner.noiseStandardDeviation($0) }
        let universal = (0..<items.count).map { runner.universalLambda(items[$0], noiseStandardDeviation: sigmas[$0]) }
        let out: [PipelineMethod: [Double]] = [
            .fistaFixed: items.map { _ in model.calibrations.fixed.factor },
            .fistaUniversal: universal,
            .fistaNoise: universal.map { model.calibrations.noise.factor * $0 },
            .asdsVAE: latentVariances.map { model.alpha * $0 },
        ]
        return out
    }

    /// One item's reconstruction by `method` and the weight used (NaN for FT).
    public func reconstruct(_ item: ExperimentItem, method: PipelineMethod, lambda: Double?) throws -> ([Complex<Double>], Double) {
        switch method {
        case .ft:
            return (runner.fourier(item), .nan)
        case .ils:
            let r = runner.leastSquares(item, noiseStandardDeviation: try runner.noiseStandardDeviation(item))
            return (r.solution, r.alpha)
        case .fistaFixed, .asdsVAE, .fistaUniversal, .fistaNoise:
            guard let lambda else { preconditionFailure("no lambda for \(method.rawValue)") }
            return (runner.sparse(item, lambda: lambda).spectrum, lambda)
        }
    }
}

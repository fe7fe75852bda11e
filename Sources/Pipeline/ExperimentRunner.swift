import ASDSCore
import Datasets
import Foundation
import Metrics
import Numerics

/// The main job's results on the test split: per-spectrum scores of every method, the examples
/// the report draws, and the adaptivity diagnostic.
public struct ExperimentRun: Sendable {
    /// The test items, in index order.
    public let items: [ExperimentItem]
    /// Per-spectrum scores, method by method in `methods` order, items in index order.
    public let scores: [ItemScore]
    /// The methods, in table order.
    public let methods: [PipelineMethod]
    /// The VAE encoder's mean latent variance sigma^2 of each test item.
    public let latentVariances: [Double]
    /// What a per-spectrum lambda could gain, and what predicts it.
    public let adaptivity: AdaptivityDiagnostic
    /// Reconstructions of the report's example items (positions in `items`), per method.
    public let examples: [Int: [PipelineMethod: [Complex<Double>]]]

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

/// Runs the methods on a dataset's test split with a trained model, in two stages so a cluster
/// can shard the first: `score` (reconstruct, fit and score any subset of the test items; every
/// item's result depends on that item alone) and `summarise` (the table, the report's examples
/// and the adaptivity diagnostic from the per-spectrum scores of every item).
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

    /// The test items of `dataset`, in index order.
    public static func testItems(_ dataset: GeneratedDataset) throws -> [ExperimentItem] {
        let items = ExperimentItem.items(of: dataset, training: false)
        guard !items.isEmpty else {
            throw ASDSError.invalidInput(source: "suite \(dataset.suite.name)", field: "split.test", reason: "the test split is empty")
        }
        return items
    }

    /// Reconstructs, fits and scores `items` with every method; rows method by method, items in order.
    public func score(_ items: [ExperimentItem], dataset: GeneratedDataset, model: TrainedModel, log: (String) -> Void) throws -> [ItemScore] {
        let estimator = try ConcentrationEstimator(dataset: dataset)
        let lambdas = try self.lambdas(items, model: model, latentVariances: try variances(items, model: model))
        var scores: [ItemScore] = []
        for method in methods {
            let start = Date()
            scores += try Parallel.tryMap(items.count) { i -> ItemScore in
                let (spectrum, lambda) = try reconstruct(items[i], method: method, lambda: lambdas[method]?[i])
                return ItemScore.score(method: method.rawValue, item: items[i], spectrum: spectrum, lambda: lambda, estimator: estimator)
            }
            log(String(format: "  %@: %d spectra reconstructed, fitted and scored in %.1f s", method.rawValue, items.count,
                       Date().timeIntervalSince(start)))
        }
        return scores
    }

    /// Orders per-spectrum rows as `score` produces them for the whole test split.
    public func ordered(_ rows: [ItemScore]) -> [ItemScore] {
        let rank = Dictionary(uniqueKeysWithValues: methods.enumerated().map { ($1.rawValue, $0) })
        return rows.sorted { (rank[$0.method] ?? .max, $0.index) < (rank[$1.method] ?? .max, $1.index) }
    }

    /// The run's results from the per-spectrum scores of every test item.
    public func summarise(_ dataset: GeneratedDataset, model: TrainedModel, scores: [ItemScore], log: (String) -> Void) throws -> ExperimentRun {
        let items = try Self.testItems(dataset)
        let variances = try variances(items, model: model)
        let subset = min(items.count, diagnosticItems)
        let adaptivity = try AdaptivityDiagnostic.run(items: Array(items.prefix(subset)), latentVariances: Array(variances.prefix(subset)),
                                                      model: model, runner: runner)
        log(String(format: "  per-spectrum best lambda on %d spectra: SNR_err %.2f vs %.2f at the fixed lambda; "
                   + "corr(log best, log sigma^2) %.2f, corr(log best, log noise threshold) %.2f", subset, adaptivity.oracleSNRError,
                   adaptivity.fixedSNRError, adaptivity.correlationWithLatentVariance, adaptivity.correlationWithNoise))
        let lambdas = try self.lambdas(items, model: model, latentVariances: variances)
        var examples: [Int: [PipelineMethod: [Complex<Double>]]] = [:]
        for i in RunReport.exampleIndices(items) {
            var spectra: [PipelineMethod: [Complex<Double>]] = [:]
            for method in methods { spectra[method] = try reconstruct(items[i], method: method, lambda: lambdas[method]?[i]).0 }
            examples[i] = spectra
        }
        return ExperimentRun(items: items, scores: ordered(scores), methods: methods, latentVariances: variances,
                             adaptivity: adaptivity, examples: examples)
    }

    /// The encoder's sigma^2 of each item.
    func variances(_ items: [ExperimentItem], model: TrainedModel) throws -> [Double] {
        try VAEInputs.latentVariances(items, model: model.checkpoint.model, runner: runner, normalisation: model.checkpoint.normalisation)
    }

    /// lambda per item for each sparse method (`latentVariances`: the encoder's sigma^2 per item).
    public func lambdas(_ items: [ExperimentItem], model: TrainedModel, latentVariances: [Double]) throws -> [PipelineMethod: [Double]] {
        let sigmas = try items.map { try runner.noiseStandardDeviation($0) }
        let universal = (0..<items.count).map { runner.universalLambda(items[$0], noiseStandardDeviation: sigmas[$0]) }
        return [
            .fistaFixed: items.map { _ in model.calibrations.fixed.factor },
            .fistaUniversal: universal,
            .fistaNoise: universal.map { model.calibrations.noise.factor * $0 },
            .asdsVAE: latentVariances.map { model.alpha * $0 },
        ]
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

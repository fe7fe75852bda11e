import ASDSCore
import Datasets
import Foundation
import Metrics
import NeuralNet

/// `asds run`: simulate the basis (cached), generate the suite (skipped when complete), train the
/// VAE and calibrate lambda (cached by content hash), reconstruct the test split with every
/// method, fit, score, and write `scores.csv`, `scores.md`, `per_spectrum.csv` and `report.html`;
/// with an MRSI part, also reconstruct, fit and score its test acquisitions (`mrsi_scores.csv`).
public struct MainJob: Sendable {
    /// What one invocation does: everything, or one stage of a cluster run.
    public enum Stage: String, CaseIterable, Sendable {
        case all, train, score, report
    }

    public var suitePath: String
    public var outputDirectory: String
    public var training: TrainingConfiguration
    public var maxCalibrationItems: Int
    public var showProgress: Bool

    public init(suitePath: String, outputDirectory: String, training: TrainingConfiguration, maxCalibrationItems: Int = 32,
                showProgress: Bool) {
        self.suitePath = suitePath
        self.outputDirectory = outputDirectory
        self.training = training
        self.maxCalibrationItems = maxCalibrationItems
        self.showProgress = showProgress
    }

    /// The training `asds run` uses: Adam at 1e-4, batches of 32, early stopping after 10 epochs
    /// without improvement, at most `epochs`, seeded by the suite.
    public static func training(epochs: Int, seed: UInt64) -> TrainingConfiguration {
        TrainingConfiguration(learningRate: 1e-4, batchSize: 32, maxEpochs: epochs, patience: 10, seed: seed)
    }

    /// Where the job's files go.
    public var layout: MainJobLayout { MainJobLayout(directory: outputDirectory) }

    /// Runs the whole job; `log` receives progress lines. Returns the table rows.
    public func run(library: ResourceLocator, log: @escaping (String) -> Void) throws -> [MethodScores] {
        let generator = try SuiteGenerator(path: suitePath, library: library)
        let dataset = try loadOrGenerate(generator, library: library, log: log)
        let runner = try MethodRunner(axis: dataset.axis)
        let model = try loadOrTrain(dataset, runner: runner, log: log)
        log("reconstructing the test split")
        let experiment = ExperimentRunner(runner: runner)
        let scores = try experiment.score(try ExperimentRunner.testItems(dataset), dataset: dataset, model: model, log: log)
        let summary = try experiment.summarise(dataset, model: model, scores: scores, log: log)
        let mrsi = try mrsiPart(generator, log: log)
        return try writeOutputs(summary, dataset: dataset, model: model, mrsi: mrsi)
    }

    /// The MRSI part: reconstruct, fit and score every test acquisition (nil without one).
    func mrsiPart(_ generator: SuiteGenerator, log: @escaping (String) -> Void) throws -> MRSIPartRun.Outcome? {
        guard generator.suite.mrsi != nil else { return nil }
        log("reconstructing the MRSI test acquisitions")
        let part = MRSIPartRun(suite: generator.suite, suiteHash: SHA256.hex(Array(generator.suiteJSON.utf8)),
                               directory: layout.data, training: training)
        return try part.run(outputDirectory: outputDirectory, log: log)
    }

    /// The MRSI part alone (what `asds bench mrsi` times): its acquisitions in `OUT/data/mrsi`
    /// (generated where missing), the MRSI model (cached), and every method's maps and scores;
    /// writes `mrsi_scores.csv` and `mrsi_per_item.csv`. Nil when the suite has no MRSI part.
    public func mrsiOnly(library: ResourceLocator, log: @escaping (String) -> Void) throws -> MRSIPartRun.Outcome? {
        let generator = try SuiteGenerator(path: suitePath, library: library)
        guard let mrsi = generator.mrsi else { return nil }
        let directory = layout.data
        let provider = SuiteBasisProvider(library: library, cacheDirectory: layout.cacheDirectory, showProgress: showProgress)
        let progress = ProgressReporter(label: "generate MRSI", total: mrsi.part.count, enabled: showProgress)
        _ = try mrsi.generate(range: 0..<mrsi.part.count, into: directory, provider: provider, writeTruthTable: true, progress: progress)
        return try mrsiPart(generator, log: log)
    }

    /// Stage `train` of a cluster run: the dataset (already merged, or generated) and the model.
    public func train(library: ResourceLocator, log: @escaping (String) -> Void) throws {
        let generator = try SuiteGenerator(path: suitePath, library: library)
        let dataset = try loadOrGenerate(generator, library: library, log: log)
        _ = try loadOrTrain(dataset, runner: try MethodRunner(axis: dataset.axis), log: log)
    }

    /// Stage `score` of a cluster run: shard `shard` of the test split, its per-spectrum scores
    /// written to `OUT/parts/`. Needs the dataset and the trained model (stage `train`).
    public func score(shard: ShardSpec, library: ResourceLocator, log: @escaping (String) -> Void) throws {
        let (dataset, runner, model) = try prepared(library: library)
        let items = try ExperimentRunner.testItems(dataset)
        let part = Array(items[shard.range(total: items.count)])
        let scores = try ExperimentRunner(runner: runner).score(part, dataset: dataset, model: model, log: log)
        try FileManager.default.createDirectory(atPath: layout.partsDirectory, withIntermediateDirectories: true)
        try AtomicWrite.write(PerSpectrumTable.csv(scores, metabolites: dataset.suite.metabolites), to: layout.partPath(shard))
    }

    /// Stage `report` of a cluster run: every part's scores into the files `run` writes.
    public func report(parts count: Int, library: ResourceLocator, log: @escaping (String) -> Void) throws -> [MethodScores] {
        let (dataset, runner, model) = try prepared(library: library)
        var scores: [ItemScore] = []
        for k in 0..<count {
            let shard = try ShardSpec(index: k, count: count)
            guard FileManager.default.fileExists(atPath: layout.partPath(shard)) else {
                throw ASDSError.invalidInput(source: layout.partsDirectory, field: "", reason: "part \(shard.fileName) is missing (its score task failed or has not run)")
            }
            scores += try PerSpectrumTable.read(layout.partPath(shard), metabolites: dataset.suite.metabolites)
        }
        let experiment = ExperimentRunner(runner: runner)
        let expected = try ExperimentRunner.testItems(dataset).count * experiment.methods.count
        guard scores.count == expected else {
            throw ASDSError.mismatch(what: layout.partsDirectory, reason: "the parts hold \(scores.count) scores, the test split needs \(expected)")
        }
        let summary = try experiment.summarise(dataset, model: model, scores: scores, log: log)
        return try writeOutputs(summary, dataset: dataset, model: model,
                                mrsi: try mrsiPart(try SuiteGenerator(path: suitePath, library: library), log: log))
    }

    /// The dataset (which must be complete), the runner and the cached model of an earlier stage.
    private func prepared(library: ResourceLocator) throws -> (GeneratedDataset, MethodRunner, TrainedModel) {
        let generator = try SuiteGenerator(path: suitePath, library: library)
        let path = layout.data.datasetPath
        guard DatasetDirectory.isComplete(path, suiteHash: SHA256.hex(Array(generator.suiteJSON.utf8))) else {
            throw ASDSError.invalidInput(source: path, field: "", reason: "no complete dataset for this suite; run the generate and train stages first")
        }
        let dataset = try DatasetFile.read(path)
        let runner = try MethodRunner(axis: dataset.axis)
        let trainer = ModelTrainer(training: training, runner: runner, maxCalibrationItems: maxCalibrationItems)
        let modelPath = self.modelPath(dataset: dataset, trainer: trainer)
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw ASDSError.invalidInput(source: modelPath, field: "", reason: "no trained model for this suite and settings; run the train stage first")
        }
        return (dataset, runner, try TrainedModel.read(from: modelPath))
    }

    /// Writes `scores.csv`, `scores.md`, `per_spectrum.csv` and `report.html`; returns the rows.
    private func writeOutputs(_ run: ExperimentRun, dataset: GeneratedDataset, model: TrainedModel,
                              mrsi: MRSIPartRun.Outcome?) throws -> [MethodScores] {
        let rows = run.tableRows()
        try AtomicWrite.write(ScoreTable.csv(rows), to: layout.scoresPath)
        try AtomicWrite.write(ScoreTable.markdown(rows), to: layout.scoresMarkdownPath)
        try AtomicWrite.write(PerSpectrumTable.csv(run.scores, metabolites: dataset.suite.metabolites),
                              to: layout.perSpectrumPath)
        let methods = run.methods.map(\.rawValue)
        try AtomicWrite.write(BiasAnalysis.csv(BiasAnalysis.rows(run.scores, metabolites: dataset.suite.metabolites, methods: methods)),
                              to: layout.biasPath)
        if let mrsi {
            try AtomicWrite.write(MRSIScoreTable.markdown(mrsi.scores, methods: mrsi.methods), to: layout.mrsiScoresMarkdownPath)
        }
        try AtomicWrite.write(RunReport.html(suiteName: dataset.suite.name, run: run, model: model, metabolites: dataset.suite.metabolites,
                                             mrsi: mrsi), to: layout.reportPath)
        return rows
    }

    /// The suite's dataset in `OUT/data`, generated unless already complete, and its MRSI
    /// acquisitions (raw k-space data with ground truth; the main job scores the single-voxel part).
    public func loadOrGenerate(_ generator: SuiteGenerator, library: ResourceLocator, log: (String) -> Void) throws -> GeneratedDataset {
        let directory = layout.data
        let hash = SHA256.hex(Array(generator.suiteJSON.utf8))
        let provider = SuiteBasisProvider(library: library, cacheDirectory: layout.cacheDirectory, showProgress: showProgress)
        let dataset: GeneratedDataset
        if DatasetDirectory.isComplete(directory.datasetPath, suiteHash: hash) {
            log("dataset: \(directory.datasetPath) is complete for this suite; reading it")
            dataset = try DatasetFile.read(directory.datasetPath)
        } else {
            let start = Date()
            let progress = ProgressReporter(label: "generate", total: generator.suite.count, enabled: showProgress)
            dataset = try generator.generate(shard: nil, provider: provider, components: try LineComponentLibrary.load(from: library),
                                             progress: progress)
            try directory.writeWhole(dataset)
            log(String(format: "dataset: %d spectra generated in %.1f s -> %@", dataset.items.count, Date().timeIntervalSince(start),
                       directory.path))
        }
        if let mrsi = generator.mrsi {
            let start = Date()
            let progress = ProgressReporter(label: "generate MRSI", total: mrsi.part.count, enabled: showProgress)
            let done = try mrsi.generate(range: 0..<mrsi.part.count, into: directory, provider: provider, writeTruthTable: true,
                                         progress: progress)
            if done.written > 0 {
                log(String(format: "dataset: %d MRSI acquisitions generated in %.1f s -> %@ (raw k-space data with ground truth)",
                           done.written, Date().timeIntervalSince(start), directory.mrsiDirectory))
            }
        }
        return dataset
    }

    /// The trained model for this dataset, from the cache when an identical training was done.
    func loadOrTrain(_ dataset: GeneratedDataset, runner: MethodRunner, log: @escaping (String) -> Void) throws -> TrainedModel {
        let trainer = ModelTrainer(training: training, runner: runner, maxCalibrationItems: maxCalibrationItems)
        let path = modelPath(dataset: dataset, trainer: trainer)
        if FileManager.default.fileExists(atPath: path), let model = try? TrainedModel.read(from: path),
           model.suiteSHA256 == dataset.suiteHash {
            log("model: \(path) matches this suite and training; reusing it")
            return model
        }
        let start = Date()
        let model = try trainer.train(dataset, log: log)
        try FileManager.default.createDirectory(atPath: layout.cacheDirectory, withIntermediateDirectories: true)
        try model.write(to: path)
        log(String(format: "model: trained and calibrated in %.1f s -> %@", Date().timeIntervalSince(start), path))
        return model
    }
}

extension MainJob {
    /// The cached model's path: `OUT/.cache/model-<content hash>.h5`.
    func modelPath(dataset: GeneratedDataset, trainer: ModelTrainer) -> String {
        let key = SHA256.hex(Array(ModelCache.key(dataset: dataset, trainer: trainer).utf8))
        return layout.modelPath(key: key)
    }
}

/// The cache key of a trained model: everything training and calibration depend on.
enum ModelCache {
    static func key(dataset: GeneratedDataset, trainer: ModelTrainer) -> String {
        let encoder = JSONEncoder.sorted
        let architecture = (try? encoder.encode(VAEInputs.architecture(points: dataset.axis.points))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let training = (try? encoder.encode(trainer.training)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let o = trainer.runner.sparseOptions
        return "asds \(ToolVersion.current)\nsuite \(dataset.suiteHash)\narchitecture \(architecture)\ntraining \(training)\n"
            + "calibration \(trainer.maxCalibrationItems) \(trainer.validationFraction) \(o.algorithm.rawValue) \(o.maxIterations) \(o.relativeTolerance)\n"
            + "dictionary \(MethodRunner.lineWidthsHz) \(trainer.runner.dictionary.oversampling)\n"
    }
}

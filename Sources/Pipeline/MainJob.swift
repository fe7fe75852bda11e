import ASDSCore
import Datasets
import Foundation
import Metrics
import NeuralNet

/// `asds run`: simulate the basis (cached), generate the suite (skipped when complete), train the
/// VAE and calibrate lambda (cached by content hash), reconstruct the test split with every
/// method, fit, score, and write `scores.csv`, `scores.md`, `per_spectrum.csv` and `report.html`.
public struct MainJob: Sendable {
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

    public var scoresPath: String { outputDirectory + "/scores.csv" }
    public var reportPath: String { outputDirectory + "/report.html" }

    /// Runs the job; `log` receives progress lines. Returns the table rows.
    public func run(library: ResourceLocator, log: @escaping (String) -> Void) throws -> [MethodScores] {
        let generator = try SuiteGenerator(path: suitePath, library: library)
        let dataset = try loadOrGenerate(generator, library: library, log: log)
        let runner = try MethodRunner(axis: dataset.axis)
        let model = try loadOrTrain(dataset, runner: runner, log: log)
        log("reconstructing the test split")
        let run = try ExperimentRunner(runner: runner).run(dataset, model: model, log: log)
        let rows = run.tableRows()
        try AtomicWrite.write(ScoreTable.csv(rows), to: scoresPath)
        try AtomicWrite.write(ScoreTable.markdown(rows), to: outputDirectory + "/scores.md")
        try AtomicWrite.write(PerSpectrumTable.csv(run.scores, metabolites: dataset.suite.metabolites),
                              to: outputDirectory + "/per_spectrum.csv")
        try AtomicWrite.write(RunReport.html(suiteName: dataset.suite.name, run: run, model: model), to: reportPath)
        return rows
    }

    /// The suite's dataset in `OUT/data`, generated unless already complete.
    public func loadOrGenerate(_ generator: SuiteGenerator, library: ResourceLocator, log: (String) -> Void) throws -> GeneratedDataset {
        let directory = DatasetDirectory(path: outputDirectory + "/data")
        let hash = SHA256.hex(Array(generator.suiteJSON.utf8))
        if DatasetDirectory.isComplete(directory.datasetPath, suiteHash: hash) {
            log("dataset: \(directory.datasetPath) is complete for this suite; reading it")
            return try DatasetFile.read(directory.datasetPath)
        }
        let start = Date()
        let provider = SimulatedBasisProvider(library: library, cacheDirectory: outputDirectory + "/.cache", showProgress: showProgress)
        let progress = ProgressReporter(label: "generate", total: generator.suite.count, enabled: showProgress)
        let dataset = try generator.generate(shard: nil, provider: provider, components: try LineComponentLibrary.load(from: library),
                                             progress: progress)
        try directory.writeWhole(dataset)
        log(String(format: "dataset: %d spectra generated in %.1f s -> %@", dataset.items.count, Date().timeIntervalSince(start),
                   directory.path))
        return dataset
    }

    /// The trained model for this dataset, from the cache when an identical training was done.
    func loadOrTrain(_ dataset: GeneratedDataset, runner: MethodRunner, log: @escaping (String) -> Void) throws -> TrainedModel {
        let trainer = ModelTrainer(training: training, runner: runner, maxCalibrationItems: maxCalibrationItems)
        let key = SHA256.hex(Array(ModelCache.key(dataset: dataset, trainer: trainer).utf8))
        let path = outputDirectory + "/.cache/model-" + key.prefix(24) + ".h5"
        if FileManager.default.fileExists(atPath: path), let model = try? TrainedModel.read(from: path),
           model.suiteSHA256 == dataset.suiteHash {
            log("model: \(path) matches this suite and training; reusing it")
            return model
        }
        let start = Date()
        let model = try trainer.train(dataset, log: log)
        try FileManager.default.createDirectory(atPath: outputDirectory + "/.cache", withIntermediateDirectories: true)
        try model.write(to: path)
        log(String(format: "model: trained and calibrated in %.1f s -> %@", Date().timeIntervalSince(start), path))
        return model
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

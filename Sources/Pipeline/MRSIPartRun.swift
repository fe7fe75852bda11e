import ASDSCore
import Datasets
import Foundation
import NeuralNet
import Numerics

/// The MRSI part of `asds run`: trains (or reuses) the MRSI model on the training acquisitions,
/// reconstructs every test acquisition by every method, fits every object voxel and scores the
/// maps; writes `mrsi_scores.csv` (per method and trajectory) and `mrsi_per_item.csv`.
public struct MRSIPartRun: Sendable {
    public var suite: SuiteDefinition
    /// SHA-256 of the suite file (keys the cached model).
    public var suiteHash: String
    public var directory: DatasetDirectory
    public var training: TrainingConfiguration
    /// Training acquisitions used to calibrate alpha (the first ones).
    public var calibrationItems = 4

    public init(suite: SuiteDefinition, suiteHash: String, directory: DatasetDirectory, training: TrainingConfiguration) {
        self.suite = suite
        self.suiteHash = suiteHash
        self.directory = directory
        self.training = training
    }

    /// What the report shows of the run: every score, and the first test acquisition's maps
    /// (truth and per method) and spectra of one lesion (or object) voxel.
    public struct Outcome: Sendable {
        public var scores: [MRSIScore]
        public var example: MRSIItem?
        public var exampleResults: [MRSIResult]
        public var methods: [MRSIMethod]
        /// Wall time of reconstructing, fitting and scoring every test acquisition (s; the model
        /// loaded or trained before).
        public var seconds: Double
    }

    /// Runs the part; nil when the suite has none.
    public func run(outputDirectory: String, log: @escaping (String) -> Void) throws -> Outcome? {
        guard let part = suite.mrsi else { return nil }
        let trainIndices = Array(0..<part.split.train), testIndices = Array(part.split.train..<part.count)
        guard !testIndices.isEmpty else { return nil }
        let model = try loadOrTrain(trainIndices, outputDirectory: outputDirectory, log: log)
        let experiment = MRSIExperiment()
        var scores: [MRSIScore] = [], example: MRSIItem?, exampleResults: [MRSIResult] = []
        let start = Date()
        var psfCache: [String: Double] = [:]
        // Acquisitions are reconstructed and fitted concurrently (each result in its own slot),
        // then scored in index order (the PSF is measured on each trajectory's first).
        let fitted = try Parallel.tryMap(testIndices.count) { k in
            let item = try MRSIItem.load(directory.mrsiItemPath(testIndices[k]), index: testIndices[k])
            return (item, try experiment.reconstructAndFit(item, model: model))
        }
        for (k, (item, reconstructions)) in fitted.enumerated() {
            let results = try experiment.score(item, reconstructions, psfCache: &psfCache)
            scores += results.map(\.score)
            if k == 0 { example = item; exampleResults = results }
            let naa = item.truth.metabolites.firstIndex(of: "NAA") ?? 0
            log(String(format: "MRSI %d/%d (item %d, %@): NAA map NRMSE ", k + 1, testIndices.count, item.index, item.trajectory)
                + results.map { String(format: "%@ %.3f", $0.score.method.rawValue, $0.score.nrmse[naa]) }.joined(separator: ", "))
        }
        let seconds = Date().timeIntervalSince(start)
        log(String(format: "MRSI: %d acquisitions reconstructed and fitted by %d methods in %.1f s", testIndices.count,
                   experiment.methods.count, seconds))
        let layout = MainJobLayout(directory: outputDirectory)
        try AtomicWrite.write(MRSIScoreTable.summaryCSV(scores, methods: experiment.methods), to: layout.mrsiScoresPath)
        try AtomicWrite.write(MRSIScoreTable.perItemCSV(scores), to: layout.mrsiPerItemPath)
        return Outcome(scores: scores, example: example, exampleResults: exampleResults, methods: experiment.methods, seconds: seconds)
    }

    /// The MRSI model for this suite and training, from `OUT/.cache` when an identical one exists.
    func loadOrTrain(_ indices: [Int], outputDirectory: String, log: @escaping (String) -> Void) throws -> MRSIModel {
        let key = "asds \(ToolVersion.current) mrsi suite \(suiteHash) training \(String(decoding: try JSONEncoder.sorted.encode(training), as: UTF8.self)) calibration \(calibrationItems)"
        let layout = MainJobLayout(directory: outputDirectory)
        let path = layout.mrsiModelPath(key: SHA256.hex(Array(key.utf8)))
        if FileManager.default.fileExists(atPath: path), let model = try? MRSIModel.read(from: path) {
            log("MRSI model: \(path) matches this suite and training; reusing it")
            return model
        }
        let start = Date()
        let items = try indices.map { try MRSIItem.load(directory.mrsiItemPath($0), index: $0) }
        guard let axis = items.first?.data.axis else {
            throw ASDSError.invalidInput(source: "suite \(suite.name)", field: "mrsi.split.train", reason: "the MRSI model needs at least one training acquisition")
        }
        var spectra: [[Complex<Double>]] = []
        var griddings: [[Complex<Double>]] = []
        for item in items {
            let x = try MRSIReconstructor(data: item.data).gridding()
            griddings.append(x)
            let s = axis.points
            spectra += item.regions.object.map { Array(x[($0 * s)..<(($0 + 1) * s)]) }
        }
        let normalisation = VAEInputs.normalisation
        let matrix = try normalisation.matrix(spectra, axis: axis, source: "MRSI training voxels").spectra
        let (trainingSet, validationSet) = try matrix.split(validationFraction: 0.2, seed: training.seed, source: "MRSI training voxels")
        var vae = try ConvolutionalVAE(architecture: VAEInputs.architecture(points: axis.points), seed: training.seed)
        log("MRSI model: training the VAE on \(trainingSet.count) object-voxel spectra of \(items.count) training acquisitions")
        let history = try VAETrainer.train(&vae, training: trainingSet, validation: validationSet, configuration: training,
                                           progress: { log("  " + $0.line) })
        let checkpoint = VAECheckpoint(model: vae, normalisation: normalisation, training: training, history: history, metadata: [:])
        var model = MRSIModel(checkpoint: checkpoint, alpha: 1, suiteSHA256: suiteHash)
        // alpha = median universal lambda / median object-voxel sigma^2 over the first training acquisitions.
        let experiment = MRSIExperiment()
        var lambdas: [Double] = [], variances: [Double] = []
        for (item, x) in zip(items, griddings).prefix(calibrationItems) {
            lambdas.append(try MRSIReconstructor(data: item.data).sparseProblem(dictionary: try experiment.dictionary(axis)).universalLambda)
            let v = try model.latentVariances(gridding: x, axis: axis, source: "MRSI item \(item.index)")
            variances += item.regions.object.map { v[$0] }
        }
        let u = NoiseEstimation.median(lambdas), v = NoiseEstimation.median(variances)
        guard u > 0, v > 0 else {
            throw ASDSError.invalidInput(source: "MRSI training split", field: "", reason: "cannot calibrate alpha: zero noise or latent variance")
        }
        model.alpha = u / v
        try FileManager.default.createDirectory(atPath: layout.cacheDirectory, withIntermediateDirectories: true)
        try model.write(to: path)
        log(String(format: "MRSI model: trained and calibrated (alpha %.4g) in %.1f s -> %@", model.alpha, Date().timeIntervalSince(start), path))
        return model
    }
}

import ASDSCore
import Datasets
import FileFormats
import Foundation
import HDF5Kit
import Numerics
import Reconstruction

/// `asds reconstruct`: one method over the spectra of a data file.
///
/// Input: an ASDS dataset (`dataset.h5`; H is each item's calibrated system) or any NIfTI-MRS
/// file (single spectrum or many along higher dimensions; H is the plain inverse DFT, as nothing
/// is known of the system). Methods: `ft`, `ils`, `ista`, `fista` (lambda fixed with `--lambda`,
/// else the universal threshold of each spectrum's noise estimate) and `asds-vae` (lambda =
/// alpha sigma^2 with the model's alpha and encoder).
public enum FileReconstruction {
    public enum Method: String, CaseIterable, Sendable {
        case ft, ils, ista, fista
        case asdsVAE = "asds-vae"
    }

    /// Which items of a dataset to reconstruct.
    public enum Split: String, CaseIterable, Sendable {
        case all, train, test

        /// Whether an item of the training (`isTraining`) or test split belongs to this one.
        public func includes(isTraining: Bool) -> Bool { self == .all || isTraining == (self == .train) }
    }

    /// The items of `path` (dataset HDF5 or NIfTI-MRS) and the suite hash (empty for NIfTI-MRS).
    public static func items(_ path: String, split: Split) throws -> (items: [ExperimentItem], axis: SpectralAxis, suiteSHA256: String) {
        if try ASDSFileKind.detect(path) == .dataset {
            let dataset = try DatasetFile.read(path)
            let chosen = dataset.items.filter { split.includes(isTraining: $0.truth.isTraining) }
            let items = Parallel.map(chosen.count) { ExperimentItem(chosen[$0], axis: dataset.axis) }
            return (items, dataset.axis, dataset.suiteHash)
        }
        let nifti = try NIfTIMRS.read(from: path)
        let axis = try nifti.spectralAxis(source: path)
        let items = (0..<nifti.spectrumCount).map { ExperimentItem(index: $0, fid: nifti.fid(atSpectrum: $0), axis: axis) }
        return (items, axis, "")
    }

    /// Reconstructs every item of `path` with `method`.
    public static func run(_ method: Method, path: String, split: Split, lambda: Double?, model: TrainedModel?,
                           progress: ProgressReporter?) throws -> ReconstructionSet {
        let (items, axis, hash) = try items(path, split: split)
        guard !items.isEmpty else { throw ASDSError.invalidInput(source: path, field: "", reason: "holds no spectra for split \(split.rawValue)") }
        if let lambda { try ASDSError.require(lambda, in: 0...Double.greatestFiniteMagnitude, source: "--lambda", field: "") }
        if method == .asdsVAE && model == nil {
            throw ASDSError.invalidInput(source: "--model", field: "", reason: "asds-vae needs a model from asds train")
        }
        var options = SparseSolverOptions(algorithm: method == .ista ? .ista : .fista, maxIterations: method == .ista ? 1000 : 200,
                                          relativeTolerance: 1e-5)
        if method == .ista { options.relativeTolerance = 1e-6 }
        let runner = try MethodRunner(axis: axis, sparseOptions: options)
        let variances = try model.map { m in
            try VAEInputs.latentVariances(items, model: m.checkpoint.model, runner: runner, normalisation: m.checkpoint.normalisation)
        }
        let rule: String
        switch method {
        case .ft: rule = "none"
        case .ils: rule = "discrepancy"
        case .ista, .fista: rule = lambda == nil ? "universal" : "fixed"
        case .asdsVAE: rule = "alpha*sigma^2"
        }
        let results = try Parallel.tryMap(items.count) { i -> ([Complex<Double>], Double, Int, [Double]) in
            defer { progress?.advance() }
            let item = items[i]
            for v in item.fid where !(v.real.isFinite && v.imaginary.isFinite) {
                throw ASDSError.invalidInput(source: path, field: "spectrum \(item.index)", reason: "contains NaN or infinite samples")
            }
            guard item.fid.contains(where: { $0 != .zero }) else {
                throw ASDSError.invalidInput(source: path, field: "spectrum \(item.index)", reason: "is all zeros")
            }
            switch method {
            case .ft:
                return (runner.fourier(item), .nan, 0, [])
            case .ils:
                let s = runner.leastSquares(item, noiseStandardDeviation: try runner.noiseStandardDeviation(item))
                return (s.solution, s.alpha, s.totalIterations, s.relativeResiduals)
            case .ista, .fista, .asdsVAE:
                let l: Double
                if method == .asdsVAE, let model, let variances {
                    l = model.alpha * variances[i]
                } else if let lambda {
                    l = lambda
                } else {
                    l = runner.universalLambda(item, noiseStandardDeviation: try runner.noiseStandardDeviation(item))
                }
                let (spectrum, solution) = runner.sparse(item, lambda: l)
                return (spectrum, l, solution.iterations, solution.objectiveHistory)
            }
        }
        progress?.finish()
        return ReconstructionSet(method: method.rawValue, rule: rule, source: path, suiteSHA256: hash, axis: axis,
                                 indices: items.map(\.index), sequences: items.map(\.sequence), spectra: results.map(\.0),
                                 lambdas: results.map(\.1), iterations: results.map(\.2), objectives: results.map(\.3))
    }
}

import ASDSCore
import Datasets
import Encoding
import FileFormats
import Foundation
import HDF5Kit
import Numerics
import Reconstruction

/// One test acquisition of a suite's MRSI part, loaded for reconstruction and scoring.
public struct MRSIItem: Sendable {
    public var index: Int
    public var trajectory: String
    public var data: MRSIData
    public var quantifier: MRSIQuantifier
    public var truth: MetaboliteMaps
    public var regions: MRSIScoringRegions

    /// Reads `path` (a suite's `mrsi/item-*.h5`, which embeds its basis under `/suite`).
    public static func load(_ path: String, index: Int) throws -> MRSIItem {
        let data = try MRSIData.read(path)
        let suite: HDF5Group
        do { suite = try HDF5File.open(path).root().group("suite") } catch {
            throw ASDSError.invalidInput(source: path, field: "/suite", reason: "is missing: the file is not an MRSI item of a suite (it carries no basis to fit with)")
        }
        let basis = try BasisHDF5.read(from: suite, source: path + ":/suite")
        let quantifier = try MRSIQuantifier(basis: basis, axis: data.axis)
        let truth = quantifier.truthMaps(spectra: data.truthSpectra, matrix: data.trajectory.matrix)
        let trajectory = (try? suite.stringAttribute("trajectory")) ?? data.trajectory.kind.rawValue
        return MRSIItem(index: index, trajectory: trajectory, data: data, quantifier: quantifier, truth: truth,
                        regions: MRSIScoringRegions(truth: truth, phantom: data.phantom))
    }
}

/// The outcome of one method on one acquisition: its spectra, maps and scores.
public struct MRSIResult: Sendable {
    public var reconstruction: MRSIReconstruction
    public var maps: MetaboliteMaps
    public var score: MRSIScore
}

/// Reconstructs acquisitions with every MRSI method, fits every object voxel and scores the maps.
public struct MRSIExperiment: Sendable {
    public var methods: [MRSIMethod]
    public let lineWidthsHz: [Double]

    public init(methods: [MRSIMethod] = MRSIMethod.allCases, lineWidthsHz: [Double] = MethodRunner.lineWidthsHz) {
        self.methods = methods
        self.lineWidthsHz = lineWidthsHz
    }

    /// The line dictionary on an acquisition's axis.
    public func dictionary(_ axis: SpectralAxis) throws -> LineDictionary {
        try LineDictionary(axis: axis, widths: lineWidthsHz.map { LineWidth(lorentzianHz: $0) }, oversampling: 2)
    }

    /// Reconstructs `data` by `method` (asds-vae needs `model`).
    public func reconstruct(_ data: MRSIData, method: MRSIMethod, model: MRSIModel?, source: String) throws -> MRSIReconstruction {
        var shared = SharedWork(data)
        return try reconstruct(method, shared: &shared, model: model, source: source)
    }

    /// What the methods on one acquisition share, built on first use: the operators (NUFFT plan,
    /// Toeplitz kernels), the gridding (ft, and asds-vae's encoder input) and the sparse problem
    /// (its step and column norm serve fista and asds-vae). A method's time includes what it built.
    struct SharedWork {
        let data: MRSIData
        var reconstructor: MRSIReconstructor?
        var gridding: [Complex<Double>]?
        var sparse: MRSISparseProblem?

        init(_ data: MRSIData) { self.data = data }

        mutating func operators() throws -> MRSIReconstructor {
            if let reconstructor { return reconstructor }
            let built = try MRSIReconstructor(data: data)
            reconstructor = built
            return built
        }

        mutating func griddingSpectra() throws -> [Complex<Double>] {
            if let gridding { return gridding }
            let x = try operators().gridding()
            gridding = x
            return x
        }

        mutating func sparseProblem(_ dictionary: () throws -> LineDictionary) throws -> MRSISparseProblem {
            if let sparse { return sparse }
            let problem = try operators().sparseProblem(dictionary: try dictionary())
            sparse = problem
            return problem
        }
    }

    func reconstruct(_ method: MRSIMethod, shared: inout SharedWork, model: MRSIModel?, source: String) throws -> MRSIReconstruction {
        let start = Date()
        let axis = shared.data.axis
        switch method {
        case .ft:
            return MRSIReconstruction(method: method, spectra: try shared.griddingSpectra(), weight: .nan, gain: 1, voxelWeights: [],
                                      iterations: 0, seconds: Date().timeIntervalSince(start))
        case .ils:
            let (s, gain) = try shared.operators().unitGainLeastSquares()
            return MRSIReconstruction(method: method, spectra: s.solution, weight: s.alpha, gain: gain, voxelWeights: [],
                                      iterations: s.totalIterations, seconds: Date().timeIntervalSince(start))
        case .fista:
            let r = try shared.sparseProblem { try dictionary(axis) }.solve()
            return MRSIReconstruction(method: method, spectra: r.spectra, weight: r.lambda, gain: 1, voxelWeights: [],
                                      iterations: r.solution.iterations, seconds: Date().timeIntervalSince(start))
        case .asdsVAE:
            guard let model else {
                throw ASDSError.invalidInput(source: "--model", field: "", reason: "asds-vae needs an MRSI model (asds run trains one into OUT/.cache)")
            }
            let variances = try model.latentVariances(gridding: try shared.griddingSpectra(), axis: axis, source: source)
            let r = try shared.sparseProblem { try dictionary(axis) }.solve(lambda: model.alpha, voxelWeights: variances)
            return MRSIReconstruction(method: method, spectra: r.spectra, weight: model.alpha, gain: 1, voxelWeights: variances,
                                      iterations: r.solution.iterations, seconds: Date().timeIntervalSince(start))
        }
    }

    /// Every method on `item`: reconstruct, fit the object voxels, score. `psfCache` holds the
    /// PSF FWHM per trajectory and method, measured on the first acquisition of each trajectory
    /// (the ILS response costs a solve).
    public func run(_ item: MRSIItem, model: MRSIModel?, psfCache: inout [String: Double]) throws -> [MRSIResult] {
        try score(item, try reconstructAndFit(item, model: model), psfCache: &psfCache)
    }

    /// Every method's reconstruction of `item` and its maps (object voxels fitted); independent
    /// of other acquisitions, so acquisitions may run concurrently.
    public func reconstructAndFit(_ item: MRSIItem, model: MRSIModel?) throws -> [(MRSIReconstruction, MetaboliteMaps)] {
        var shared = SharedWork(item.data)
        return try methods.map { method in
            let r = try reconstruct(method, shared: &shared, model: model, source: "MRSI item \(item.index)")
            return (r, item.quantifier.fit(spectra: r.spectra, matrix: item.data.trajectory.matrix, voxels: item.regions.object))
        }
    }

    /// Scores `fitted` (from `reconstructAndFit`) against the truth; acquisitions must come in
    /// index order so `psfCache` is filled by the first of each trajectory.
    public func score(_ item: MRSIItem, _ fitted: [(MRSIReconstruction, MetaboliteMaps)], psfCache: inout [String: Double]) throws -> [MRSIResult] {
        try fitted.map { r, maps in
            let key = item.trajectory + " " + r.method.rawValue
            let psf = try psfCache[key] ?? psfFWHMMillimetres(item.data, method: r.method, reconstruction: r)
            psfCache[key] = psf
            let score = MRSIScore.score(item: item.index, trajectory: item.trajectory, method: r.method, estimate: maps, truth: item.truth,
                                        regions: item.regions, reconstructed: r.spectra, truthSpectra: item.data.truthSpectra,
                                        axis: item.data.axis, psfFWHMMillimetres: psf, seconds: r.seconds)
            return MRSIResult(reconstruction: r, maps: maps, score: score)
        }
    }

    /// The FWHM of the method's point-spread function, in mm (mean of x and y): for ft the
    /// gridding PSF (exact sums off the grid); for ils the reconstruction, at the weight it chose,
    /// of noise-free data of a point at the centre voxel (`pointResponse`), measured on the voxel grid; NaN for the
    /// sparse methods, whose response is not linear (it depends on the object).
    func psfFWHMMillimetres(_ data: MRSIData, method: MRSIMethod, reconstruction: MRSIReconstruction) throws -> Double {
        let t = data.trajectory
        switch method {
        case .ft:
            return 1000 * (PointSpreadFunction.fwhmMeters(t, axis: 0) + PointSpreadFunction.fwhmMeters(t, axis: 1)) / 2
        case .ils:
            let n = t.matrix, s = t.repetitions, centre = (n / 2) * n + n / 2
            let alpha = reconstruction.weight.isFinite ? reconstruction.weight : 0
            let x = try MRSIReconstructor(data: data).pointResponse(alpha: alpha, voxel: centre)
            let magnitude = (0..<(n * n)).map { x[$0 * s + s / 2].length }
            let dx = t.fovMeters / Double(n), positions = (0..<n).map { Double($0) * dx }
            let fx = PointSpreadFunction.fwhm(positions: positions, magnitudes: (0..<n).map { magnitude[(n / 2) * n + $0] })
            let fy = PointSpreadFunction.fwhm(positions: positions, magnitudes: (0..<n).map { magnitude[$0 * n + n / 2] })
            return 1000 * (fx + fy) / 2
        case .fista, .asdsVAE:
            return .nan
        }
    }
}

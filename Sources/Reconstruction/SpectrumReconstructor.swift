import ASDSCore
import Encoding
import Numerics

/// The sparse dictionary Theta of ISTA/FISTA.
public enum SparseDictionary: Sendable, Equatable {
    /// The identity in the frequency domain: sparsity of the spectrum itself.
    case identity
    /// An overcomplete Lorentzian/Voigt line dictionary (`LineDictionary`).
    case lines(widths: [LineWidth], oversampling: Int)
}

/// Where lambda comes from for ISTA/FISTA.
public enum LambdaRule: Sendable, Equatable {
    /// A given lambda.
    case fixed(Double)
    /// The universal threshold (`SparseDeconvolution.universalLambda`), with the noise level
    /// estimated per spectrum from the signal-free regions.
    case universal
}

/// Options of `SpectrumReconstructor`.
public struct ReconstructionOptions: Sendable, Equatable {
    public var method: ReconstructionMethod
    public var preprocessing: PreprocessingOptions
    /// ISTA/FISTA: lambda rule, dictionary and stopping.
    public var lambda: LambdaRule
    public var dictionary: SparseDictionary
    /// Iteration cap and relative-change tolerance (ISTA/FISTA); `algorithm` is set from `method`.
    public var sparse: SparseSolverOptions
    /// ILS: `nil` for the discrepancy principle with the estimated noise level, else a fixed alpha.
    public var tikhonovAlpha: Double?
    /// Signal-free ranges used to estimate the noise level, in ppm.
    public var noiseRegionsPPM: [ClosedRange<Double>]

    public init(method: ReconstructionMethod, preprocessing: PreprocessingOptions = PreprocessingOptions(),
                lambda: LambdaRule = .universal, dictionary: SparseDictionary = .identity,
                sparse: SparseSolverOptions = SparseSolverOptions(), tikhonovAlpha: Double? = nil,
                noiseRegionsPPM: [ClosedRange<Double>] = SignalFreeRegions.defaultPPM) {
        self.method = method
        self.preprocessing = preprocessing
        self.lambda = lambda
        self.dictionary = dictionary
        self.sparse = sparse
        self.tikhonovAlpha = tikhonovAlpha
        self.noiseRegionsPPM = noiseRegionsPPM
    }
}

/// Single-voxel reconstruction: preprocessing, then FT, ILS, ISTA or FISTA on the forward model
/// `H = SpectrumToFIDOperator` (spectrum of the zero-filled length to the acquired FID). Built
/// once per axis and options (operator norms are computed here), then applied to any number of
/// FIDs, in parallel over spectra.
public struct SpectrumReconstructor: Sendable {
    /// The acquired FID's axis.
    public let axis: SpectralAxis
    public let options: ReconstructionOptions
    /// The spectrum's axis (zero-filled length).
    public let spectrumAxis: SpectralAxis
    private let forward: SpectrumToFIDOperator
    private let identitySolver: SparseDeconvolution<SpectrumToFIDOperator>?
    private let lineSolver: SparseDeconvolution<LineDictionary>?
    private let tikhonov: TikhonovLeastSquares<SpectrumToFIDOperator>?

    public init(axis: SpectralAxis, options: ReconstructionOptions) throws {
        self.axis = axis
        self.options = options
        let m = max(axis.points, options.preprocessing.zeroFillPoints ?? axis.points)
        guard options.preprocessing.firstPointScale.isFinite else {
            throw ASDSError.invalidInput(source: "preprocessing", field: "firstPointScale", reason: "must be finite")
        }
        if let z = options.preprocessing.zeroFillPoints, z < 1 {
            throw ASDSError.invalidInput(source: "--zero-fill", field: "", reason: "must be a positive number of points, got \(z)")
        }
        spectrumAxis = try axis.withPoints(m)
        forward = SpectrumToFIDOperator(spectrumPoints: m, fidPoints: axis.points)
        if case let .fixed(l) = options.lambda, !(l >= 0 && l.isFinite) {
            throw ASDSError.invalidInput(source: "--lambda", field: "", reason: "must be a finite non-negative number, got \(l)")
        }
        if let a = options.tikhonovAlpha, !(a >= 0 && a.isFinite) {
            throw ASDSError.invalidInput(source: "--alpha", field: "", reason: "must be a finite non-negative number, got \(a)")
        }
        switch options.method {
        case .ft:
            identitySolver = nil; lineSolver = nil; tikhonov = nil
        case .ils:
            identitySolver = nil; lineSolver = nil
            tikhonov = TikhonovLeastSquares(operator: forward)
        case .ista, .fista:
            tikhonov = nil
            switch options.dictionary {
            case .identity:
                identitySolver = SparseDeconvolution(operator: forward); lineSolver = nil
            case let .lines(widths, oversampling):
                identitySolver = nil
                lineSolver = SparseDeconvolution(operator: try LineDictionary(axis: axis, widths: widths, oversampling: oversampling))
            }
        }
    }

    /// Reconstructs one FID; `lambda` overrides the options' rule for ISTA/FISTA (a per-spectrum
    /// weight, as ASDS-VAE supplies).
    public func reconstruct(fid input: [Complex<Double>], lambda: Double? = nil) throws -> ReconstructionResult {
        try validate(input)
        var fid = input
        var steps: [PreprocessingStep] = []
        let pre = options.preprocessing
        if pre.firstPointScale != 1 {
            fid[0] = fid[0].multiplied(by: pre.firstPointScale)
            steps.append(PreprocessingStep(name: "first-point-scaling", parameters: ["factor": pre.firstPointScale]))
        }
        if pre.apodisation != .none {
            TimeDomainSteps.apodise(&fid, axis: axis, pre.apodisation)
            switch pre.apodisation {
            case let .exponential(hz): steps.append(PreprocessingStep(name: "apodisation-exponential", parameters: ["lineBroadeningHz": hz]))
            case let .gaussian(hz): steps.append(PreprocessingStep(name: "apodisation-gaussian", parameters: ["lineBroadeningHz": hz]))
            case .none: break
            }
        }
        if let ref = pre.frequencyReferencing {
            let s = FourierReconstruction.spectrum(ofFID: fid, zeroFilledTo: spectrumAxis.points)
            let window = (ref.expectedPPM - ref.searchHalfWidthPPM)...(ref.expectedPPM + ref.searchHalfWidthPPM)
            guard let k = SpectrumSteps.peakIndex(s, axis: spectrumAxis, ppm: window) else {
                throw ASDSError.invalidInput(source: "frequency referencing", field: "search window", reason: "\(window) ppm lies outside the spectrum")
            }
            let shift = spectrumAxis.frequencyHz(ppm: ref.expectedPPM) - spectrumAxis.frequencyHz(atIndex: k)
            TimeDomainSteps.shift(&fid, axis: axis, byHz: shift)
            steps.append(PreprocessingStep(name: "frequency-referencing", parameters: ["shiftHz": shift, "referencePPM": ref.expectedPPM]))
        }
        var firstOrder = 0.0
        switch pre.phase {
        case .none: break
        case let .fixed(p0, p1):
            TimeDomainSteps.rotate(&fid, byRadians: p0)
            firstOrder = p1
            steps.append(PreprocessingStep(name: "phase", parameters: ["zeroOrderRadians": p0, "firstOrderSeconds": p1]))
        case let .automatic(window, p1):
            let s = FourierReconstruction.spectrum(ofFID: fid, zeroFilledTo: spectrumAxis.points)
            let r = spectrumAxis.indexRange(ppm: window)
            guard let k = r.max(by: { s[$0].length < s[$1].length }) else {
                throw ASDSError.invalidInput(source: "phase correction", field: "search window", reason: "\(window) ppm lies outside the spectrum")
            }
            let p0 = -s[k].phase
            TimeDomainSteps.rotate(&fid, byRadians: p0)
            firstOrder = p1
            steps.append(PreprocessingStep(name: "phase", parameters: ["zeroOrderRadians": p0, "firstOrderSeconds": p1]))
        }
        if spectrumAxis.points > axis.points {
            steps.append(PreprocessingStep(name: "zero-filling", parameters: ["points": Double(spectrumAxis.points)]))
        }
        var result = try solve(fid, lambda: lambda)
        if firstOrder != 0 { SpectrumSteps.applyFirstOrderPhase(&result.spectrum, axis: spectrumAxis, seconds: firstOrder) }
        if let baseline = pre.baseline {
            let fit = try baseline.fit(result.spectrum, axis: spectrumAxis)
            for i in result.spectrum.indices { result.spectrum[i] -= fit.baseline[i] }
            steps.append(PreprocessingStep(name: "baseline", parameters: ["order": Double(baseline.order), "inliers": Double(fit.inliers)]))
        }
        result.preprocessing = steps + result.preprocessing
        return result
    }

    /// Reconstructs many FIDs in parallel (bit-identical for any thread count); `lambdas`, when
    /// given, holds one ISTA/FISTA weight per FID.
    public func reconstruct(fids: [[Complex<Double>]], lambdas: [Double]? = nil) throws -> [ReconstructionResult] {
        if let lambdas, lambdas.count != fids.count {
            throw ASDSError.mismatch(what: "lambdas", reason: "\(lambdas.count) weights for \(fids.count) spectra")
        }
        return try Parallel.tryMap(fids.count) { i in
            do {
                return try reconstruct(fid: fids[i], lambda: lambdas?[i])
            } catch let e as ASDSError {
                throw e.inSpectrum(i)
            }
        }
    }

    private func validate(_ fid: [Complex<Double>]) throws {
        guard fid.count == axis.points else {
            throw ASDSError.mismatch(what: "FID", reason: "has \(fid.count) points, the axis \(axis.points)")
        }
        guard fid.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else {
            throw ASDSError.invalidInput(source: "data", field: "fid", reason: "contains NaN or infinite samples")
        }
        guard fid.contains(where: { $0 != .zero }) else {
            throw ASDSError.invalidInput(source: "data", field: "fid", reason: "is all zeros")
        }
    }

    private func noiseSigma(_ fid: [Complex<Double>]) throws -> Double {
        try NoiseEstimation.fidStandardDeviation(fid: fid, axis: axis, signalFreePPM: options.noiseRegionsPPM)
    }

    private func solve(_ fid: [Complex<Double>], lambda override: Double?) throws -> ReconstructionResult {
        var result = ReconstructionResult(method: options.method, axis: spectrumAxis, spectrum: [], preprocessing: [],
                                          regularisationWeight: nil, regularisationRule: nil, dictionary: nil,
                                          iterations: 0, converged: true, objectiveHistory: [], noiseStandardDeviation: nil)
        switch options.method {
        case .ft:
            result.spectrum = FourierReconstruction.spectrum(ofFID: fid, zeroFilledTo: spectrumAxis.points)
            result.preprocessing = [PreprocessingStep(name: "fft", parameters: ["points": Double(spectrumAxis.points)])]
        case .ils:
            let solution: TikhonovSolution
            if let alpha = options.tikhonovAlpha {
                solution = tikhonov!.solve(fid, rule: .fixed(alpha))
                result.regularisationRule = "fixed"
            } else {
                let sigma = try noiseSigma(fid)
                result.noiseStandardDeviation = sigma
                solution = tikhonov!.solve(fid, rule: .discrepancy(noiseStandardDeviation: sigma))
                result.regularisationRule = "discrepancy"
            }
            result.spectrum = solution.solution
            result.regularisationWeight = solution.alpha
            result.iterations = solution.totalIterations
            result.converged = solution.converged
            result.objectiveHistory = solution.relativeResiduals
        case .ista, .fista:
            var sparse = options.sparse
            sparse.algorithm = options.method == .ista ? .ista : .fista
            let lambda: Double
            if let override {
                guard override >= 0, override.isFinite else {
                    throw ASDSError.invalidInput(source: "--lambda", field: "", reason: "must be a finite non-negative number, got \(override)")
                }
                lambda = override
                result.regularisationRule = "fixed"
            } else if case let .fixed(l) = options.lambda {
                lambda = l
                result.regularisationRule = "fixed"
            } else {
                let sigma = try noiseSigma(fid)
                result.noiseStandardDeviation = sigma
                lambda = identitySolver?.universalLambda(noiseStandardDeviation: sigma)
                    ?? lineSolver!.universalLambda(noiseStandardDeviation: sigma)
                result.regularisationRule = "universal"
            }
            let solution: SparseSolution
            if let identitySolver {
                solution = identitySolver.solve(fid, lambda: lambda, options: sparse)
                result.spectrum = solution.coefficients
                result.dictionary = "identity"
            } else {
                solution = lineSolver!.solve(fid, lambda: lambda, options: sparse)
                let model = lineSolver!.linearOperator.forward(solution.coefficients)
                result.spectrum = FourierReconstruction.spectrum(ofFID: model, zeroFilledTo: spectrumAxis.points)
                result.dictionary = "lines"
            }
            result.regularisationWeight = lambda
            result.iterations = solution.iterations
            result.converged = solution.converged
            result.objectiveHistory = solution.objectiveHistory
        }
        return result
    }
}

extension ASDSError {
    /// The same error with `spectrum i` added to its location, for batch processing.
    func inSpectrum(_ i: Int) -> ASDSError {
        switch self {
        case let .invalidInput(source, field, reason): .invalidInput(source: "\(source) (spectrum \(i))", field: field, reason: reason)
        case let .mismatch(what, reason): .mismatch(what: "\(what) (spectrum \(i))", reason: reason)
        default: self
        }
    }
}

import ASDSCore
import Numerics

/// Linear-combination model fitting of a basis set to spectra (see `docs/QUANTIFICATION.md`).
///
/// Variable projection: for given nonlinear parameters (phases, per-group broadening and shift)
/// the amplitudes and baseline follow by linear least squares (QR), with non-negative amplitudes
/// by an active set; Levenberg-Marquardt (Cholesky through LAPACK, Marquardt scaling, bounds
/// gamma >= 0 and sigma^2 >= 0 by projection) moves the nonlinear parameters using Kaufman's
/// projected Jacobian, whose gradient is exact. Cramer-Rao bounds come from the Fisher
/// information of the full model (nonlinear and linear parameters together).
///
/// Build once per basis and data axis, then fit any number of spectra (in parallel).
public struct LinearCombinationFitter: Sendable {
    /// Metabolite names in basis order.
    public let names: [String]
    /// The data's axis.
    public let axis: SpectralAxis
    public let options: LinearCombinationOptions
    /// The basis on the data's axis (after `BasisAlignment`).
    public let alignedBasis: BasisSet
    let model: LinearCombinationModel
    let groupNames: [[String]]
    /// Sum over metabolites of the basis magnitude spectra (initial broadening, each scaled to a
    /// peak of 1): the template of the initial shift search.
    let shiftTemplate: [Double]

    public init(basis: BasisSet, dataAxis axis: SpectralAxis, options: LinearCombinationOptions = LinearCombinationOptions(),
                basisSource: String = "basis") throws {
        let aligned = try BasisAlignment.aligned(basis, to: axis, source: basisSource)
        self.alignedBasis = aligned
        self.axis = axis
        self.options = options
        let names = aligned.names
        self.names = names
        guard options.baselineOrder >= -1, options.baselineOrder <= 12 else {
            throw ASDSError.invalidInput(source: "--baseline-order", field: "", reason: "must be in -1...12, got \(options.baselineOrder)")
        }
        guard options.maxIterations >= 0, options.relativeTolerance >= 0, options.initialLorentzianHz >= 0, options.shiftSearchHz >= 0 else {
            throw ASDSError.invalidInput(source: "fit options", field: "", reason: "iterations, tolerance, initial broadening and shift search must be non-negative")
        }
        // Groups.
        var group = [Int](repeating: -1, count: names.count)
        var groupNames: [[String]] = []
        for (g, members) in options.groups.enumerated() {
            for name in members {
                guard let m = names.firstIndex(of: name) else {
                    throw ASDSError.invalidInput(source: "--groups", field: name, reason: "is not in the basis (\(names.joined(separator: ", ")))")
                }
                guard group[m] < 0 else {
                    throw ASDSError.invalidInput(source: "--groups", field: name, reason: "is listed in two groups")
                }
                group[m] = g
            }
            groupNames.append(members)
        }
        if group.contains(-1) {
            let g = groupNames.count
            groupNames.append(names.indices.filter { group[$0] < 0 }.map { names[$0] })
            for m in names.indices where group[m] < 0 { group[m] = g }
        }
        groupNames = groupNames.filter { !$0.isEmpty }
        // Renumber groups after dropping empty ones.
        group = names.map { name in groupNames.firstIndex { $0.contains(name) }! }
        self.groupNames = groupNames
        // Fitting range.
        let range = axis.indexRange(ppm: options.ppmRange)
        let model = LinearCombinationModel(axis: axis, basis: aligned.metabolites.map(\.fid), group: group, groupCount: groupNames.count,
                                           fitIndices: range, baselineOrder: options.baselineOrder)
        guard 2 * range.count > model.linearCount + model.nonlinearCount else {
            throw ASDSError.invalidInput(
                source: "--ppm-range", field: "",
                reason: "\(options.ppmRange.lowerBound)...\(options.ppmRange.upperBound) ppm holds \(range.count) points of the axis (\(axis.ppm(atIndex: 0))...\(axis.ppm(atIndex: Double(axis.points - 1))) ppm), too few for \(model.linearCount + model.nonlinearCount) parameters")
        }
        self.model = model
        var template = [Double](repeating: 0, count: axis.points)
        var thetaNoShift = [0.0, 0]
        for _ in 0..<groupNames.count { thetaNoShift += [Double.pi * options.initialLorentzianHz, 0, 0] }
        for m in 0..<model.metaboliteCount {
            let s = FFT.spectrum(ofFID: zip(model.basis[m], model.envelope(thetaNoShift, group: model.group[m])).map { $0 * $1 })
            let peak = s.reduce(0.0) { max($0, $1.length) }
            guard peak > 0 else { continue }
            for k in 0..<axis.points { template[k] += s[k].length / peak }
        }
        shiftTemplate = template
        // Every metabolite must carry signal in the range (at least 1% of its spectral energy)
        // and be independent of the others.
        let theta0 = initialTheta(shiftHz: 0, phase: 0)
        var design = model.designMatrix(model.metaboliteColumns(theta0))
        let rows = 2 * range.count
        let norms = (0..<model.linearCount).map { j in (0..<rows).reduce(0.0) { $0 + design[j * rows + $1] * design[j * rows + $1] }.squareRoot() }
        for m in 0..<model.metaboliteCount {
            let total = FFT.spectrum(ofFID: zip(model.basis[m], model.envelope(theta0, group: model.group[m])).map { $0 * $1 })
                .reduce(0.0) { $0 + $1.lengthSquared }
            guard norms[m] * norms[m] >= 0.01 * total, total > 0 else {
                throw ASDSError.invalidInput(source: basisSource, field: names[m],
                                             reason: "has less than 1% of its signal inside the fitting range \(options.ppmRange.lowerBound)...\(options.ppmRange.upperBound) ppm; drop it or widen the range")
            }
        }
        for j in 0..<model.linearCount { for i in 0..<rows { design[j * rows + i] /= max(norms[j], .leastNormalMagnitude) } }
        _ = DenseLinearAlgebra.qr(&design, rows: rows, columns: model.linearCount)
        for j in 0..<model.linearCount where abs(design[j * rows + j]) < 1e-7 {
            let what = j < model.metaboliteCount ? names[j] : "baseline term \((j - model.metaboliteCount) / 2)"
            throw ASDSError.invalidInput(source: basisSource, field: what,
                                         reason: "is (nearly) a linear combination of the other basis spectra and baseline terms over the fitting range")
        }
    }

    func initialTheta(shiftHz: Double, phase: Double) -> [Double] {
        var theta = [phase, 0]
        for _ in 0..<groupNames.count { theta += [Double.pi * options.initialLorentzianHz, 0, shiftHz] }
        return theta
    }

    /// Fits one FID (on `axis`).
    public func fit(fid: [Complex<Double>]) throws -> LinearCombinationFit {
        try fit(fid: fid, from: nil)
    }

    /// The fit from the nonlinear parameters `theta` (nil: the usual starting point).
    func fit(fid: [Complex<Double>], from theta: [Double]?) throws -> LinearCombinationFit {
        let (problem, lm, n) = try minimise(fid: fid, from: theta)
        return try result(problem, lm, fid: fid, pointCount: n)
    }

    /// The cost `||data - model||^2` of a fit from `theta` after at most `maxIterations` steps,
    /// without its bounds and spectra.
    func cost(fid: [Complex<Double>], from theta: [Double], maxIterations: Int) throws -> Double {
        try minimise(fid: fid, from: theta, maxIterations: maxIterations).lm.evaluation.cost
    }

    private func minimise(fid: [Complex<Double>], from theta: [Double]?, maxIterations: Int? = nil) throws
        -> (problem: VariableProjection, lm: LevenbergMarquardtResult, pointCount: Int) {
        guard fid.count == axis.points else {
            throw ASDSError.mismatch(what: "spectrum", reason: "has \(fid.count) points, the data axis \(axis.points)")
        }
        guard fid.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else {
            throw ASDSError.invalidInput(source: "data", field: "fid", reason: "contains NaN or infinite samples")
        }
        guard fid.contains(where: { $0 != .zero }) else {
            throw ASDSError.invalidInput(source: "data", field: "fid", reason: "is all zeros")
        }
        let spectrum = FFT.spectrum(ofFID: fid)
        let n = model.pointCount
        var y = [Double](repeating: 0, count: 2 * n)
        for (i, k) in model.fitIndices.enumerated() {
            y[i] = spectrum[k].real
            y[n + i] = spectrum[k].imaginary
        }
        let problem = VariableProjection(model: model, data: y, nonNegative: options.nonNegative, maxBroadeningHz: options.maxBroadeningHz)
        let start = theta ?? startingPoint(problem, spectrum: spectrum)
        let lm = LevenbergMarquardt.minimise(problem, from: start, maxIterations: maxIterations ?? options.maxIterations,
                                             relativeTolerance: options.relativeTolerance)
        return (problem, lm, n)
    }

    private func result(_ problem: VariableProjection, _ lm: LevenbergMarquardtResult, fid: [Complex<Double>],
                        pointCount n: Int) throws -> LinearCombinationFit {
        let ev = lm.evaluation
        // Noise and CRLBs.
        let p = model.nonlinearCount, q = model.linearCount
        let sigma: Double
        switch options.noise {
        case .residual:
            sigma = (ev.cost / Double(max(1, 2 * n - p - q))).squareRoot()
        case let .signalFreeRegion(ranges):
            sigma = try NoiseEstimation.fidStandardDeviation(fid: fid, axis: axis, signalFreePPM: ranges) * Double(axis.points).squareRoot()
        }
        let crlb = CramerRaoBounds.amplitudeBounds(problem, at: ev, noiseStandardDeviation: sigma)
        let fitted = DenseLinearAlgebra.times(ev.design, rows: 2 * n, columns: q, ev.beta)
        var baselineBeta = ev.beta
        for m in 0..<model.metaboliteCount { baselineBeta[m] = 0 }
        let baseline = DenseLinearAlgebra.times(ev.design, rows: 2 * n, columns: q, baselineBeta)
        let theta = ev.theta
        return LinearCombinationFit(
            names: names, amplitudes: Array(ev.beta.prefix(model.metaboliteCount)), crlb: crlb,
            zeroOrderPhaseRadians: theta[0], firstOrderPhaseSeconds: theta[1],
            groups: groupNames.enumerated().map { g, members in
                LineShapeParameters(metabolites: members, lorentzianHz: theta[2 + 3 * g] / Double.pi,
                                    gaussianRatePerSecondSquared: theta[3 + 3 * g], shiftHz: theta[4 + 3 * g])
            },
            baselineCoefficients: (0..<model.legendre.count).map { j in
                Complex(ev.beta[model.metaboliteCount + 2 * j], ev.beta[model.metaboliteCount + 2 * j + 1])
            },
            noiseStandardDeviation: sigma, iterations: lm.iterations, converged: lm.converged, costHistory: lm.costHistory,
            fitIndices: model.fitIndices.first!..<(model.fitIndices.last! + 1),
            modelSpectrum: (0..<n).map { Complex(fitted[$0], fitted[n + $0]) },
            baselineSpectrum: (0..<n).map { Complex(baseline[$0], baseline[n + $0]) })
    }

    /// Fits many FIDs in parallel (results in input order, identical for any thread count).
    public func fit(fids: [[Complex<Double>]]) throws -> [LinearCombinationFit] {
        try Self.fitEach(fids, fit)
    }

    /// `fit` of every FID in parallel, an error naming the spectrum it came from.
    static func fitEach(_ fids: [[Complex<Double>]], _ fit: @Sendable ([Complex<Double>]) throws -> LinearCombinationFit) throws -> [LinearCombinationFit] {
        try Parallel.tryMap(fids.count) { i in
            do {
                return try fit(fids[i])
            } catch let ASDSError.invalidInput(source, field, reason) {
                throw ASDSError.invalidInput(source: "\(source) (spectrum \(i))", field: field, reason: reason)
            } catch let ASDSError.mismatch(what, reason) {
                throw ASDSError.mismatch(what: "\(what) (spectrum \(i))", reason: reason)
            }
        }
    }

    /// Initial shift from the cross-correlation of the data magnitude with the summed normalised
    /// basis magnitudes (parabolic refinement), then the zero-order phase from an unconstrained
    /// complex least-squares fit: `arg sum_m alpha_m ||column_m||^2`.
    private func startingPoint(_ problem: VariableProjection, spectrum: [Complex<Double>]) -> [Double] {
        let n = axis.points
        let template = shiftTemplate
        let maxLag = Int((options.shiftSearchHz / axis.resolutionHz).rounded(.up))
        var scores: [Double] = []
        for lag in -maxLag...maxLag {
            var s = 0.0
            for k in model.fitIndices where k - lag >= 0 && k - lag < n { s += spectrum[k].length * template[k - lag] }
            scores.append(s)
        }
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        var lag = Double(best - maxLag)
        if best > 0, best < scores.count - 1 {
            let a = scores[best - 1], b = scores[best], c = scores[best + 1], d = a - 2 * b + c
            if d < 0 { lag += 0.5 * (a - c) / d }
        }
        let shift = lag * axis.resolutionHz
        // Complex amplitudes: columns [Re M; Im M] for Re alpha and [-Im M; Re M] for Im alpha.
        let theta = initialTheta(shiftHz: shift, phase: 0)
        let columns = model.metaboliteColumns(theta)
        let pts = model.pointCount, rows = 2 * pts
        let unknowns = 2 * model.metaboliteCount + 2 * model.legendre.count
        var a = [Double](repeating: 0, count: rows * unknowns)
        for (m, col) in columns.enumerated() {
            for i in 0..<pts {
                a[(2 * m) * rows + i] = col[i].real; a[(2 * m) * rows + pts + i] = col[i].imaginary
                a[(2 * m + 1) * rows + i] = -col[i].imaginary; a[(2 * m + 1) * rows + pts + i] = col[i].real
            }
        }
        for (j, pj) in model.legendre.enumerated() {
            let c = 2 * model.metaboliteCount + 2 * j
            for i in 0..<pts { a[c * rows + i] = pj[i]; a[(c + 1) * rows + pts + i] = pj[i] }
        }
        var phase = 0.0
        if let alpha = DenseLinearAlgebra.leastSquares(a, rows: rows, columns: unknowns, rhs: problem.data) {
            var sum = Complex<Double>.zero
            for (m, col) in columns.enumerated() {
                let energy = col.reduce(0) { $0 + $1.lengthSquared }
                sum += Complex(alpha[2 * m], alpha[2 * m + 1]).multiplied(by: energy)
            }
            if sum != .zero { phase = sum.phase }
        }
        return initialTheta(shiftHz: shift, phase: phase)
    }
}

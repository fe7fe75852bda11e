import ASDSCore
import Numerics

/// A full parameter set of the linear-combination model, for evaluating the model and its
/// Jacobian directly (synthesis, plots, derivative checks).
public struct LinearCombinationParameters: Sendable, Equatable {
    public var zeroOrderPhaseRadians: Double
    public var firstOrderPhaseSeconds: Double
    /// Per group (in the fitter's group order): extra Lorentzian FWHM in Hz, Gaussian rate
    /// sigma^2 in 1/s^2, shift in Hz.
    public var lorentzianHz: [Double]
    public var gaussianRatePerSecondSquared: [Double]
    public var shiftHz: [Double]
    /// Amplitudes in basis order.
    public var amplitudes: [Double]
    /// Complex Legendre baseline coefficients, order 0 first (`baselineOrder + 1` of them).
    public var baselineCoefficients: [Complex<Double>]

    public init(zeroOrderPhaseRadians: Double, firstOrderPhaseSeconds: Double, lorentzianHz: [Double],
                gaussianRatePerSecondSquared: [Double], shiftHz: [Double], amplitudes: [Double],
                baselineCoefficients: [Complex<Double>]) {
        self.zeroOrderPhaseRadians = zeroOrderPhaseRadians
        self.firstOrderPhaseSeconds = firstOrderPhaseSeconds
        self.lorentzianHz = lorentzianHz
        self.gaussianRatePerSecondSquared = gaussianRatePerSecondSquared
        self.shiftHz = shiftHz
        self.amplitudes = amplitudes
        self.baselineCoefficients = baselineCoefficients
    }

    /// The parameters of a fit.
    public init(_ fit: LinearCombinationFit) {
        self.init(zeroOrderPhaseRadians: fit.zeroOrderPhaseRadians, firstOrderPhaseSeconds: fit.firstOrderPhaseSeconds,
                  lorentzianHz: fit.groups.map(\.lorentzianHz), gaussianRatePerSecondSquared: fit.groups.map(\.gaussianRatePerSecondSquared),
                  shiftHz: fit.groups.map(\.shiftHz), amplitudes: fit.amplitudes, baselineCoefficients: fit.baselineCoefficients)
    }

    /// The nonlinear parameters in the model's layout: phi0, phi1, then per group gamma
    /// (`pi * lorentzianHz`), sigma^2 and the shift.
    var nonlinearVector: [Double] {
        [zeroOrderPhaseRadians, firstOrderPhaseSeconds]
            + lorentzianHz.indices.flatMap { [Double.pi * lorentzianHz[$0], gaussianRatePerSecondSquared[$0], shiftHz[$0]] }
    }
}

extension LinearCombinationFitter {
    /// The metabolite groups in the fitter's order (the order of the per-group parameters).
    public var groups: [[String]] { groupNames }

    /// Spectrum indices of the fitting range.
    public var fitIndices: Range<Int> { model.fitIndices.first!..<(model.fitIndices.last! + 1) }

    /// The model spectrum over `fitIndices` at `parameters`.
    public func modelSpectrum(_ parameters: LinearCombinationParameters) throws -> [Complex<Double>] {
        let (theta, beta) = try vectors(parameters)
        let n = model.pointCount
        let s = DenseLinearAlgebra.times(model.designMatrix(model.metaboliteColumns(theta)), rows: 2 * n, columns: model.linearCount, beta)
        return (0..<n).map { Complex(s[$0], s[n + $0]) }
    }

    /// The analytic Jacobian of `modelSpectrum` over `fitIndices`, one complex column per real
    /// parameter in this order: zero-order phase (rad), first-order phase (s), per group
    /// gamma = pi * lorentzianHz (1/s), sigma^2 (1/s^2) and shift (Hz), then the amplitudes, then
    /// the real and imaginary part of each baseline coefficient.
    public func modelJacobian(_ parameters: LinearCombinationParameters) throws -> [[Complex<Double>]] {
        let (theta, beta) = try vectors(parameters)
        let n = model.pointCount, rows = 2 * n
        let columns = model.metaboliteColumns(theta)
        let full = model.nonlinearDerivatives(theta, beta: beta, columns: columns) + model.designMatrix(columns)
        return (0..<(model.nonlinearCount + model.linearCount)).map { c in
            (0..<n).map { Complex(full[c * rows + $0], full[c * rows + n + $0]) }
        }
    }

    private func vectors(_ p: LinearCombinationParameters) throws -> ([Double], [Double]) {
        let g = groupNames.count
        guard p.lorentzianHz.count == g, p.gaussianRatePerSecondSquared.count == g, p.shiftHz.count == g,
              p.amplitudes.count == model.metaboliteCount, p.baselineCoefficients.count == model.legendre.count else {
            throw ASDSError.mismatch(what: "model parameters",
                                     reason: "need \(g) groups, \(model.metaboliteCount) amplitudes and \(model.legendre.count) baseline coefficients")
        }
        var beta = p.amplitudes
        for c in p.baselineCoefficients { beta += [c.real, c.imaginary] }
        return (p.nonlinearVector, beta)
    }
}

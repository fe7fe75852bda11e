import ASDSCore
import Foundation
import Numerics

/// Linear-combination fits whose baseline freedom is chosen per spectrum: one fitter per
/// candidate Legendre order, and the fit with the smallest Bayesian information criterion
/// `BIC = cost / sigma^2 + k ln n` is kept (n real data values over the fitting range, k real
/// parameters, sigma^2 the residual noise variance of the most flexible fit, the one least biased
/// by misfit).
///
/// Why: every extra baseline term correlates with the broad parts of the metabolite patterns and
/// widens their Cramer-Rao bounds (on baseline-free spectra order 6 raises NAA's and Ins's bounds
/// by 29 % over order 2, docs/QUANTIFICATION.md), while a baseline too stiff for the data biases
/// the amplitudes. The criterion keeps the stiff baseline where the data do not need more and the
/// flexible one where they do.
public struct BaselineOrderSelection: Sendable {
    /// One fitter per candidate order, most flexible last.
    public let fitters: [LinearCombinationFitter]

    /// - Parameter orders: the candidate baseline orders (at least one; -1 is no baseline).
    public init(basis: BasisSet, dataAxis axis: SpectralAxis, options: LinearCombinationOptions, orders: [Int],
                basisSource: String = "basis") throws {
        guard !orders.isEmpty else {
            throw ASDSError.invalidInput(source: "fit options", field: "baseline orders", reason: "needs at least one candidate order")
        }
        fitters = try orders.sorted().map { order in
            var o = options
            o.baselineOrder = order
            return try LinearCombinationFitter(basis: basis, dataAxis: axis, options: o, basisSource: basisSource)
        }
    }

    /// Metabolite names in basis order.
    public var names: [String] { fitters[0].names }

    /// Levenberg-Marquardt steps a stiffer order gets for its cost in the comparison (from the
    /// flexible fit's line shape, a flat baseline converges in a few; a stiffer order that wins is
    /// then fitted in full).
    static let screeningIterations = 12

    /// The fit of `fid` at the order the criterion chooses. The most flexible order is fitted
    /// first; the others start from its nonlinear parameters (phases, line shape, shift) and only
    /// their cost is needed unless one of them wins, so a stiffer order costs a few
    /// Levenberg-Marquardt steps.
    public func fit(fid: [Complex<Double>]) throws -> LinearCombinationFit {
        let flexibleFitter = fitters[fitters.count - 1]
        let flexible = try flexibleFitter.fit(fid: fid)
        guard fitters.count > 1 else { return flexible }
        let variance = flexible.noiseStandardDeviation * flexible.noiseStandardDeviation
        guard variance > 0, variance.isFinite else { return flexible }
        let values = Foundation.log(Double(2 * flexible.fitIndices.count))
        func criterion(_ fitter: LinearCombinationFitter, cost: Double) -> Double {
            cost / variance + Double(fitter.model.linearCount + fitter.model.nonlinearCount) * values
        }
        let theta = LinearCombinationParameters(flexible).nonlinearVector
        var best = (index: fitters.count - 1, value: criterion(flexibleFitter, cost: flexible.costHistory.last ?? .infinity))
        for (k, fitter) in fitters.dropLast().enumerated() {
            let value = criterion(fitter, cost: try fitter.cost(fid: fid, from: theta, maxIterations: Self.screeningIterations))
            if value < best.value { best = (k, value) }
        }
        return best.index == fitters.count - 1 ? flexible : try fitters[best.index].fit(fid: fid, from: theta)
    }

    /// `fit(fid:)` for every FID, in parallel (the results do not depend on the thread count).
    public func fit(fids: [[Complex<Double>]]) throws -> [LinearCombinationFit] {
        try LinearCombinationFitter.fitEach(fids, fit)
    }
}

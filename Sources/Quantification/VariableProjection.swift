import Numerics

struct ProjectionEvaluation: Sendable {
    var theta: [Double]
    /// Complex metabolite columns over the fitting range.
    var columns: [[Complex<Double>]]
    /// The real 2n x q design matrix.
    var design: [Double]
    /// Linear parameters (amplitudes, then baseline Re/Im per order).
    var beta: [Double]
    /// Linear parameters not held at the zero bound.
    var passive: [Int]
    /// Householder QR of the passive design columns (for projections).
    var factors: [Double]
    var tau: [Double]
    /// `data - design * beta`.
    var residual: [Double]
    /// `||residual||^2`.
    var cost: Double
}

/// One evaluation of the variable-projection functional at nonlinear parameters theta.

/// The separable least-squares problem `min ||y - M(theta) beta||` with beta eliminated.
struct VariableProjection: Sendable {
    let model: LinearCombinationModel
    /// The data over the fitting range, stacked `[Re; Im]`.
    let data: [Double]
    let nonNegative: Bool
    /// Largest extra Lorentzian and Gaussian broadening (FWHM), in Hz.
    let maxBroadeningHz: Double

    var rows: Int { 2 * model.pointCount }

    /// Bounds of theta: 0 <= gamma <= pi W and 0 <= sigma^2 <= (pi W)^2 / (4 ln 2), W the largest
    /// broadening (a line broader than that is a baseline, not a metabolite: without the bound a
    /// group's line can grow broad and huge to absorb baseline); phases and shifts free.
    func clamp(_ theta: [Double]) -> [Double] {
        var t = theta
        let gammaMax = Double.pi * maxBroadeningHz
        let sigma2Max = gammaMax * gammaMax / (4 * Double.log(2))
        for g in 0..<model.groupCount {
            t[2 + 3 * g] = min(gammaMax, max(0, t[2 + 3 * g]))
            t[3 + 3 * g] = min(sigma2Max, max(0, t[3 + 3 * g]))
        }
        return t
    }

    /// The optimal linear parameters at theta and the resulting residual.
    func evaluate(_ theta: [Double]) -> ProjectionEvaluation {
        let m = rows, q = model.linearCount
        let columns = model.metaboliteColumns(theta)
        let design = model.designMatrix(columns)
        var factors = design
        var tau = DenseLinearAlgebra.qr(&factors, rows: m, columns: q)
        var z = data
        DenseLinearAlgebra.applyQ(factors, tau: tau, rows: m, reflectors: q, to: &z, columns: 1, transpose: true)
        var passive = Array(0..<q)
        var beta = DenseLinearAlgebra.solveUpper(factors, rows: m, size: q, rhs: z) ?? [Double](repeating: .nan, count: q)
        let constrained = (0..<q).map { nonNegative && $0 < model.metaboliteCount }
        if beta.contains(where: { $0.isNaN }) || (0..<q).contains(where: { constrained[$0] && beta[$0] < 0 }) {
            let (x, free) = NonNegativeLeastSquares.solve(design, rows: m, columns: q, rhs: data,
                                                          constrained: nonNegative ? constrained : [Bool](repeating: false, count: q))
            beta = x
            passive = (0..<q).filter { free[$0] }
            if passive.count < q {
                factors = [Double](repeating: 0, count: m * passive.count)
                for (c, j) in passive.enumerated() { for i in 0..<m { factors[c * m + i] = design[j * m + i] } }
                tau = passive.isEmpty ? [] : DenseLinearAlgebra.qr(&factors, rows: m, columns: passive.count)
            }
        }
        let fitted = DenseLinearAlgebra.times(design, rows: m, columns: q, beta)
        let residual = zip(data, fitted).map { $0 - $1 }
        let cost = residual.reduce(0) { $0 + $1 * $1 }
        return ProjectionEvaluation(theta: theta, columns: columns, design: design, beta: beta, passive: passive,
                                    factors: factors, tau: tau, residual: residual, cost: cost.isNaN ? .infinity : cost)
    }

    /// Kaufman's Jacobian of the residual, `-(I - P) dM/dtheta beta` (2n x p, column-major),
    /// with P the projection onto the passive design columns.
    func jacobian(at ev: ProjectionEvaluation) -> [Double] {
        let m = rows, p = model.nonlinearCount, k = ev.passive.count
        var v = model.nonlinearDerivatives(ev.theta, beta: ev.beta, columns: ev.columns)
        var projected = v
        DenseLinearAlgebra.applyQ(ev.factors, tau: ev.tau, rows: m, reflectors: k, to: &projected, columns: p, transpose: true)
        for c in 0..<p { for i in 0..<k { projected[c * m + i] = 0 } }
        DenseLinearAlgebra.applyQ(ev.factors, tau: ev.tau, rows: m, reflectors: k, to: &projected, columns: p, transpose: false)
        for i in v.indices { v[i] = -projected[i] }
        return v
    }
}

/// Cramer-Rao lower bounds of the amplitudes from the Fisher information of the full model.
enum CramerRaoBounds {
    /// With `J = [dS/dtheta, dS/dbeta]` (2n x (p + q), real stacked) at the fit and noise standard
    /// deviation sigma per real component, `F = J^T J / sigma^2` and the CRLB of amplitude m is
    /// `sqrt((F^+)_mm)` (Jacobi-scaled pseudo-inverse; +infinity for an unidentifiable amplitude).
    static func amplitudeBounds(_ problem: VariableProjection, at ev: ProjectionEvaluation, noiseStandardDeviation sigma: Double) -> [Double] {
        let model = problem.model
        let m = problem.rows, p = model.nonlinearCount, q = model.linearCount
        let full = model.nonlinearDerivatives(ev.theta, beta: ev.beta, columns: ev.columns) + ev.design
        let fisher = DenseLinearAlgebra.gram(full, rows: m, columns: p + q).map { $0 / (sigma * sigma) }
        let covariance = DenseLinearAlgebra.scaledPseudoInverse(fisher, size: p + q)
        return (0..<model.metaboliteCount).map { k in
            let v = covariance[(p + k) * (p + q) + p + k]
            return v.isNaN ? .infinity : max(0, v).squareRoot()
        }
    }
}

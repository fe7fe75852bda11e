/// The outcome of `LevenbergMarquardt.minimise`.
struct LevenbergMarquardtResult: Sendable {
    var evaluation: ProjectionEvaluation
    var iterations: Int
    var converged: Bool
    var costHistory: [Double]
}

/// Levenberg-Marquardt on the nonlinear parameters of a `VariableProjection`: steps solve
/// `(J^T J + mu diag(J^T J)) delta = -J^T r` by Cholesky (LAPACK `dposv`), bounds are kept by
/// projection, mu shrinks by 3 after an accepted step and grows by 4 after a rejected one.
enum LevenbergMarquardt {
    static func minimise(_ problem: VariableProjection, from start: [Double], maxIterations: Int,
                         relativeTolerance: Double) -> LevenbergMarquardtResult {
        var ev = problem.evaluate(problem.clamp(start))
        var history = [ev.cost]
        let p = problem.model.nonlinearCount, m = problem.rows
        let dataEnergy = problem.data.reduce(0) { $0 + $1 * $1 }
        var mu = 1e-3
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            if ev.cost <= 1e-28 * dataEnergy { converged = true; break }
            let j = problem.jacobian(at: ev)
            let a = DenseLinearAlgebra.gram(j, rows: m, columns: p)
            let g = DenseLinearAlgebra.transposeTimes(j, rows: m, columns: p, ev.residual)
            let diagonal = (0..<p).map { a[$0 * p + $0] > 0 ? a[$0 * p + $0] : 1 }
            var accepted: ProjectionEvaluation?
            for _ in 0..<30 {
                var damped = a
                for i in 0..<p { damped[i * p + i] += mu * diagonal[i] }
                guard let delta = DenseLinearAlgebra.solveSPD(damped, size: p, rhs: g.map { -$0 }) else { mu *= 4; continue }
                let trial = problem.evaluate(problem.clamp(zip(ev.theta, delta).map { $0 + $1 }))
                if trial.cost < ev.cost {
                    accepted = trial
                    mu = max(mu / 3, 1e-15)
                    break
                }
                mu *= 4
                if mu > 1e16 { break }
            }
            iterations += 1
            guard let next = accepted else { converged = true; break }  // no descent left: a minimum to rounding
            let decrease = (ev.cost - next.cost) / ev.cost
            ev = next
            history.append(ev.cost)
            if decrease < relativeTolerance { converged = true; break }
        }
        return LevenbergMarquardtResult(evaluation: ev, iterations: iterations, converged: converged, costHistory: history)
    }
}

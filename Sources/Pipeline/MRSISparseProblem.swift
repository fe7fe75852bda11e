import ASDSCore
import Encoding
import Numerics
import Reconstruction

/// One acquisition's sparse problem, `min ||d - H B s||^2 + lambda sum_p w_p ||s_p||_1` over the
/// per-voxel line-dictionary coefficients s (`MRSIReconstructor.sparseProblem`): the operator,
/// its step and its column norm are computed once and serve every lambda.
public struct MRSISparseProblem: Sendable {
    public typealias Operator = ComposedOperator<BlockDiagonalOperator<LineSpectrumOperator>, ToeplitzNormalEncoding>
    let solver: SparseDeconvolution<Operator>
    let data: [Complex<Double>]
    /// Noise standard deviation per real component of the k-space data.
    public let noiseStandardDeviation: Double
    let coefficientsPerVoxel: Int
    let options: SparseSolverOptions

    init(solver: SparseDeconvolution<Operator>, data: [Complex<Double>], noiseStandardDeviation: Double, coefficientsPerVoxel: Int,
         options: SparseSolverOptions) {
        self.solver = solver
        self.data = data
        self.noiseStandardDeviation = noiseStandardDeviation
        self.coefficientsPerVoxel = coefficientsPerVoxel
        self.options = options
    }

    /// The universal threshold at the acquisition's noise level: `2 sigma c sqrt(2 ln N)` with c
    /// the root-mean-square column norm of `H B` (16 probes).
    public var universalLambda: Double { solver.universalLambda(noiseStandardDeviation: noiseStandardDeviation) }

    /// The reconstruction at `lambda` (nil: the universal threshold) with per-voxel multipliers
    /// `voxelWeights` (nil: 1): the spectra `x = B s` and the solver's record.
    public func solve(lambda: Double? = nil, voxelWeights: [Double]? = nil) -> (spectra: [Complex<Double>], lambda: Double, solution: SparseSolution) {
        let l = lambda ?? universalLambda
        let k = coefficientsPerVoxel
        let perCoefficient = voxelWeights.map { w in (0..<(w.count * k)).map { w[$0 / k] } }
        let solution = solver.solve(data, lambda: l, options: options, weights: perCoefficient)
        return (solver.linearOperator.first.forward(solution.coefficients), l, solution)
    }
}

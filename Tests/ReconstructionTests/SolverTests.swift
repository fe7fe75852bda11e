import ASDSCore
import Encoding
import Numerics
import Reconstruction
import Testing
import TestSupport

/// A random unitary n x n matrix (Gram-Schmidt on seeded Gaussian columns), as an operator.
private func unitary(_ n: Int, seed: UInt64) -> DenseOperator {
    var rng = SeededRandom(seed: seed)
    var cols: [[Complex<Double>]] = []
    for _ in 0..<n {
        var v = (0..<n).map { _ in Complex(rng.normal(), rng.normal()) }
        for _ in 0..<2 {
            for c in cols {
                let p = ComplexVector.dot(c, v)
                for i in 0..<n { v[i] -= c[i] * p }
            }
        }
        let norm = ComplexVector.norm(v)
        cols.append(v.map { $0.divided(by: norm) })
    }
    var entries = [Complex<Double>](repeating: .zero, count: n * n)
    for i in 0..<n { for j in 0..<n { entries[i * n + j] = cols[j][i] } }
    return DenseOperator(rows: n, columns: n, entries: entries)
}

/// The explicit matrix of an operator, row-major.
private func denseMatrix<A: LinearOperator>(_ op: A) -> [Complex<Double>] {
    var entries = [Complex<Double>](repeating: .zero, count: op.rangeCount * op.domainCount)
    for j in 0..<op.domainCount {
        var e = [Complex<Double>](repeating: .zero, count: op.domainCount)
        e[j] = Complex(1, 0)
        let col = op.forward(e)
        for i in 0..<op.rangeCount { entries[i * op.domainCount + j] = col[i] }
    }
    return entries
}

private func nonIncreasing(_ history: [Double]) -> Bool {
    let slack = 1e-12 * (history.first ?? 1)
    return zip(history, history.dropFirst()).allSatisfy { $1 <= $0 + slack }
}

@Suite struct SolverTests {
    @Test(arguments: SparseAlgorithm.allCases)
    func sparseSolverReachesTheSoftThresholdingMinimiser(algorithm: SparseAlgorithm) {
        // Orthonormal Theta, H = identity: argmin ||y - Theta s||^2 + lambda ||s||_1 = soft(Theta^H y, lambda / 2).
        let theta = unitary(24, seed: 11)
        var rng = SeededRandom(seed: 12)
        let y = (0..<24).map { _ in Complex(rng.normal(), rng.normal()) }
        let lambda = 1.3
        let exact = Proximal.softThreshold(theta.adjoint(y), threshold: lambda / 2)
        #expect(exact.contains { $0 == .zero } && exact.contains { $0 != .zero })  // the threshold is active
        // A step three times too small forces a real iteration (one exact step otherwise).
        let solver = SparseDeconvolution(operator: theta, normSquared: 3)
        let solution = solver.solve(y, lambda: lambda,
                                    options: SparseSolverOptions(algorithm: algorithm, maxIterations: 5000, relativeTolerance: 1e-14))
        #expect(solution.iterations > 10)
        #expect(TestSupport.maxDifference(solution.coefficients, exact) < 1e-8)
        #expect(nonIncreasing(solution.objectiveHistory))
        // The recorded objective is the true one.
        let r = zip(theta.forward(solution.coefficients), y).map { $0 - $1 }
        let objective = ComplexVector.norm(r) * ComplexVector.norm(r)
            + lambda * solution.coefficients.reduce(0) { $0 + $1.length }
        #expect(TestSupport.isClose(solution.objectiveHistory.last!, objective, relative: 1e-12))
    }

    @Test(arguments: SparseAlgorithm.allCases)
    func sparseSolverMeetsTheOptimalityConditions(algorithm: SparseAlgorithm) {
        // Underdetermined dense problem: at the minimiser, 2 [A^H (A s - y)]_i = -lambda s_i / |s_i|
        // where s_i != 0 and |2 [A^H (A s - y)]_i| <= lambda where s_i = 0.
        var rng = SeededRandom(seed: 21)
        let a = DenseOperator(rows: 16, columns: 40, entries: (0..<640).map { _ in Complex(rng.normal(), rng.normal()) })
        var truth = [Complex<Double>](repeating: .zero, count: 40)
        truth[3] = Complex(4, 1); truth[17] = Complex(-2, 3); truth[31] = Complex(0, -5)
        let y = Fixtures.add(a.forward(truth), (0..<16).map { _ in Complex(0.05 * rng.normal(), 0.05 * rng.normal()) })
        let lambda = 2.0
        let solver = SparseDeconvolution(operator: a)
        let s = solver.solve(y, lambda: lambda, options: SparseSolverOptions(algorithm: algorithm, maxIterations: 200_000, relativeTolerance: 1e-13))
        #expect(s.converged)
        #expect(nonIncreasing(s.objectiveHistory))
        let g = a.adjoint(zip(a.forward(s.coefficients), y).map { $0 - $1 }).map { $0.multiplied(by: 2) }
        for i in 0..<40 {
            if s.coefficients[i] == .zero {
                #expect(g[i].length <= lambda * (1 + 1e-6))
            } else {
                let target = s.coefficients[i].divided(by: s.coefficients[i].length).multiplied(by: -lambda)
                #expect((g[i] - target).length < 1e-6 * lambda)
            }
        }
        // The three true atoms are found.
        for i in [3, 17, 31] { #expect(s.coefficients[i].length > 1) }
    }

    @Test func fistaNeedsFewerIterationsThanISTA() {
        var rng = SeededRandom(seed: 31)
        let a = DenseOperator(rows: 30, columns: 60, entries: (0..<1800).map { _ in Complex(rng.normal(), rng.normal()) })
        let y = (0..<30).map { _ in Complex(rng.normal(), rng.normal()) }
        let solver = SparseDeconvolution(operator: a)
        let opts = { (alg: SparseAlgorithm) in SparseSolverOptions(algorithm: alg, maxIterations: 100_000, relativeTolerance: 1e-10) }
        let ista = solver.solve(y, lambda: 3, options: opts(.ista)), fista = solver.solve(y, lambda: 3, options: opts(.fista))
        #expect(ista.converged && fista.converged)
        #expect(fista.iterations < ista.iterations)
        #expect(TestSupport.maxDifference(ista.coefficients, fista.coefficients) < 1e-6)
    }

    @Test func scaledIsometryIsSolvedInOneStep() {
        // H = the spectrum-to-FID operator (A^H A = I / N): the minimiser is soft(N A^H y, lambda N / 2).
        let axis = Fixtures.axis(points: 512)
        let y = Fixtures.add(Fixtures.fid(Fixtures.singlets, axis: axis), Fixtures.noise(count: 512, sigma: 0.05, seed: 3))
        let op = SpectrumToFIDOperator(points: 512)
        let solver = SparseDeconvolution(operator: op)
        let lambda = solver.universalLambda(noiseStandardDeviation: 0.05)
        let s = solver.solve(y, lambda: lambda)
        let exact = Proximal.softThreshold(FFT.spectrum(ofFID: y), threshold: lambda * 512 / 2)
        #expect(s.iterations <= 2)
        #expect(TestSupport.maxDifference(s.coefficients, exact) < 1e-9 * exact.map(\.length).max()!)
        // On pure noise the universal threshold keeps a bin with probability 1 / N: about one of 512.
        let noise = Fixtures.noise(count: 512, sigma: 0.05, seed: 4)
        let kept = solver.solve(noise, lambda: lambda).coefficients.filter { $0 != .zero }.count
        #expect(kept <= 4)
    }

    @Test func conjugateGradientsSolveAnSPDSystem() {
        // A = B^H B + I with a known solution.
        var rng = SeededRandom(seed: 41)
        let n = 30
        let b = DenseOperator(rows: n, columns: n, entries: (0..<(n * n)).map { _ in Complex(rng.normal(), rng.normal()) })
        let a = TikhonovNormalOperator(b, shift: 1)
        let xTrue = (0..<n).map { _ in Complex(rng.normal(), rng.normal()) }
        let rhs = a.forward(xTrue)
        let cg = ConjugateGradient.solve(a, rhs: rhs, tolerance: 1e-13, maxIterations: 500)
        #expect(cg.converged)
        #expect(TestSupport.maxDifference(cg.solution, xTrue) < 1e-10)
        // The recursive residual tracks the true one.
        let trueResidual = ComplexVector.norm(zip(a.forward(cg.solution), rhs).map { $0 - $1 }) / ComplexVector.norm(rhs)
        #expect(trueResidual < 1e-12)
    }

    @Test func tikhonovByConjugateGradientsMatchesTheClosedForm() {
        // The zero-filled model is a co-isometry, A A^H = c I, so (A^H A + alpha I)^-1 A^H y =
        // A^H y / (c + alpha), while CG works on the (non-trivial) normal operator.
        let axis = Fixtures.axis(points: 256)
        let y = Fixtures.fid(Fixtures.singlets, axis: axis)
        let op = SpectrumToFIDOperator(spectrumPoints: 1024, fidPoints: 256)
        let c = 1.0 / 1024
        let alpha = 0.7 * c
        let solver = TikhonovLeastSquares(operator: op, tolerance: 1e-12)
        #expect(solver.gramScale == nil)
        let s = solver.solve(y, rule: .fixed(alpha))
        let exact = op.adjoint(y).map { $0.divided(by: c + alpha) }
        #expect(s.iterations >= 1 && s.converged)
        #expect(TestSupport.maxDifference(s.solution, exact) < 1e-9 * exact.map(\.length).max()!)
        // The square model takes the closed form directly, with the same answer.
        let square = SpectrumToFIDOperator(points: 256)
        let direct = TikhonovLeastSquares(operator: square).solve(y, rule: .fixed(alpha))
        let expected = square.adjoint(y).map { $0.divided(by: 1.0 / 256 + alpha) }
        #expect(TestSupport.maxDifference(direct.solution, expected) < 1e-12 * expected.map(\.length).max()!)
    }

    @Test func closedFormDiscrepancyAgreesWithTheIterativeSearch() {
        let axis = Fixtures.axis(points: 256)
        let y = Fixtures.add(Fixtures.fid(Fixtures.singlets, axis: axis), Fixtures.noise(count: 256, sigma: 0.1, seed: 13))
        let square = SpectrumToFIDOperator(points: 256)
        let closed = TikhonovLeastSquares(operator: square).solve(y, rule: .discrepancy(noiseStandardDeviation: 0.1))
        let iterative = TikhonovLeastSquares(operator: DenseOperator(rows: 256, columns: 256, entries: denseMatrix(square)), tolerance: 1e-12)
            .solve(y, rule: .discrepancy(noiseStandardDeviation: 0.1))
        #expect(TestSupport.isClose(closed.residualNormSquared, 256 * 2 * 0.01, relative: 1e-10))
        #expect(TestSupport.isClose(closed.alpha, iterative.alpha, relative: 1e-4))
    }

    @Test func discrepancyPrincipleHitsItsTarget() {
        // A non-trivial operator: a random tall matrix.
        var rng = SeededRandom(seed: 51)
        let a = DenseOperator(rows: 60, columns: 20, entries: (0..<1200).map { _ in Complex(rng.normal(), rng.normal()) })
        let x = (0..<20).map { _ in Complex(rng.normal(), rng.normal()) }
        let sigma = 0.3
        let y = Fixtures.add(a.forward(x), (0..<60).map { _ in Complex(sigma * rng.normal(), sigma * rng.normal()) })
        let s = TikhonovLeastSquares(operator: a, tolerance: 1e-12).solve(y, rule: .discrepancy(noiseStandardDeviation: sigma, factor: 1.5))
        let target = 1.5 * 60 * 2 * sigma * sigma
        #expect(s.alpha > 0 && s.alpha.isFinite)
        #expect(TestSupport.isClose(s.residualNormSquared, target, relative: 1e-4))
        // All-noise data: zero solution.
        let noise = (0..<60).map { _ in Complex(0.01 * rng.normal(), 0.01 * rng.normal()) }
        let z = TikhonovLeastSquares(operator: a).solve(noise, rule: .discrepancy(noiseStandardDeviation: 1))
        #expect(z.alpha == .infinity && z.solution.allSatisfy { $0 == .zero })
    }
}

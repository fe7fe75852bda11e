import NeuralNet
import Testing

@Suite struct AdamTests {
    /// With bias correction, m_hat = g and v_hat = g^2 for a constant gradient, so every step
    /// moves a parameter by lr * |g| / (|g| + eps), not the 3.16 lr an uncorrected first step gives.
    @Test func constantGradientMovesByTheLearningRateEveryStep() {
        var adam = Adam<Double>(parameterCount: 3, learningRate: 0.01)
        var p = [1.0, -2.0, 0.5]
        let g = [0.3, -4.0, 1e-3]
        for step in 1...5 {
            let before = p
            adam.update(&p, gradient: g)
            for i in 0..<3 {
                let expected = -0.01 * g[i] / (abs(g[i]) + 1e-8)
                #expect(abs((p[i] - before[i]) - expected) < 1e-12, "step \(step), parameter \(i)")
            }
        }
        #expect(adam.step == 5)
    }

    /// On a badly scaled quadratic sum_i c_i (p_i - t_i)^2 Adam reaches the minimum.
    @Test func minimisesAnIllConditionedQuadratic() {
        let c: [Float] = [1, 100, 0.01], t: [Float] = [0.5, -1, 2]
        var p: [Float] = [0, 0, 0]
        var adam = Adam<Float>(parameterCount: 3, learningRate: 0.05)
        for _ in 0..<3000 {
            let g = (0..<3).map { 2 * c[$0] * (p[$0] - t[$0]) }
            adam.update(&p, gradient: g)
        }
        for i in 0..<3 { #expect(abs(p[i] - t[i]) < 2e-3, "parameter \(i): \(p[i]) vs \(t[i])") }
    }
}

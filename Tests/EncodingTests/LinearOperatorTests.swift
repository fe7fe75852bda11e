import ASDSCore
import Encoding
import Numerics
import Testing

@Suite struct LinearOperatorTests {
    @Test func compositionsHaveExactAdjoints() {
        let d1 = DiagonalOperator((0..<32).map { Complex(Double($0), 1) })
        let d2 = DiagonalOperator((0..<32).map { Complex(1, -Double($0) / 7) })
        #expect(d1.adjointMismatch() < 1e-14)
        #expect(d1.followed(by: d2).adjointMismatch() < 1e-14)
        #expect(d1.normalOperator.adjointMismatch() < 1e-14)
        #expect(d1.adjointOperator.adjointMismatch() < 1e-14)
    }

    @Test func powerIterationFindsTheLargestSingularValue() {
        let d = DiagonalOperator([Complex(1, 0), Complex(0, 3), Complex(2, 2), Complex(0.5, 0)])
        #expect(abs(d.normSquaredEstimate(iterations: 500, tolerance: 1e-14) - 9) < 1e-6)
    }
}

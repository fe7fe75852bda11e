import ASDSCore
import Datasets
import Numerics
import Pipeline
import Testing
import TestSupport

@Suite struct AcquisitionSystemOperatorTests {
    private let system = SystemResponse(lorentzianHz: 4, gaussianHz: 6, frequencyShiftHz: 3.3, eddyAmplitudeHz: 9,
                                        eddyTimeConstantSeconds: 0.02, phase0Radians: 0.4, phase1Seconds: 2.5e-4)

    @Test(arguments: [512, 511])
    func adjointIsExact(points: Int) throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: 2000)
        let h = AcquisitionSystemOperator(system: system, axis: axis)
        #expect(h.adjointMismatch() < 1e-12)
    }

    /// H applied to the object's spectrum reproduces the generator's acquired FID exactly.
    @Test func matchesTheGeneratorsSystemResponse() throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 1024, bandwidthHz: 2000)
        var rng = SeededRandom(seed: 5)
        var object = [Complex<Double>](repeating: .zero, count: axis.points)
        for _ in 0..<5 {
            Oscillator.accumulate(into: &object, amplitude: Complex(rng.uniform(in: 1...3), 0), frequencyHz: rng.uniform(in: -300...300),
                                  damping: 5, dt: axis.dwellSeconds)
        }
        let h = AcquisitionSystemOperator(system: system, axis: axis)
        let viaOperator = h.forward(FFT.spectrum(ofFID: object))
        let viaGenerator = system.apply(to: object, axis: axis)
        #expect(TestSupport.maxDifference(viaOperator, viaGenerator) < 1e-12 * viaGenerator.map(\.length).max()!)
    }

    /// The Lipschitz bound is at least the power-iteration norm, and column norms are exact.
    @Test func normBoundsHold() throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 256, bandwidthHz: 2000)
        let h = AcquisitionSystemOperator(system: system, axis: axis)
        #expect(h.normSquaredBound >= h.normSquaredEstimate(iterations: 300, tolerance: 1e-12) * (1 - 1e-9))
        var e = [Complex<Double>](repeating: .zero, count: axis.points)
        e[37] = .one
        #expect(abs(ComplexVector.norm(h.forward(e)) - h.maxColumnNorm) < 1e-14)
    }
}

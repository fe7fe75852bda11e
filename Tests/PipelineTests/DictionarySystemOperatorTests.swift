import ASDSCore
import Datasets
import Encoding
import Numerics
import Pipeline
import Reconstruction
import Testing
import TestSupport

/// The fused `H F Theta` (shifts cancelled, receiver phase on the unshifted bins) equals the
/// composition of its three factors, and its normal operator equals `A^H A`.
@Suite struct DictionarySystemOperatorTests {
    private func operators(phase1Seconds: Double) throws -> (DictionarySystemOperator, SingleVoxelSystemMatrix, LineDictionary) {
        let axis = try SpectralAxis(b0Tesla: 3, points: 256, bandwidthHz: 2000)
        let system = SystemResponse(lorentzianHz: 4, gaussianHz: 6, frequencyShiftHz: 3.3, eddyAmplitudeHz: 9,
                                    eddyTimeConstantSeconds: 0.02, phase0Radians: 0.4, phase1Seconds: phase1Seconds)
        let h = SingleVoxelSystemMatrix(system: system, axis: axis)
        let dictionary = try LineDictionary(axis: axis, widths: [LineWidth(lorentzianHz: 2), LineWidth(lorentzianHz: 20)])
        return (DictionarySystemOperator(dictionary: dictionary, system: h), h, dictionary)
    }

    @Test(arguments: [0.0, 2.5e-4])
    func equalsTheCompositionOfItsFactors(phase1Seconds: Double) throws {
        let (a, h, dictionary) = try operators(phase1Seconds: phase1Seconds)
        var rng = SeededRandom(seed: 11)
        let s = (0..<a.domainCount).map { _ in Complex(rng.normal(), rng.normal()) }
        let y = (0..<a.rangeCount).map { _ in Complex(rng.normal(), rng.normal()) }
        let composed = h.forward(FFT.spectrum(ofFID: dictionary.forward(s)))
        let fused = a.forward(s)
        #expect(TestSupport.maxDifference(fused, composed) < 1e-12 * composed.map(\.length).max()!)
        let adjointComposed = dictionary.adjoint(FFT.backward({ var x = h.adjoint(y); FFT.ifftshift(&x); return x }()))
        let adjointFused = a.adjoint(y)
        #expect(TestSupport.maxDifference(adjointFused, adjointComposed) < 1e-12 * adjointComposed.map(\.length).max()!)
        let normal = a.normal(s), viaBoth = a.adjoint(a.forward(s))
        #expect(TestSupport.maxDifference(normal, viaBoth) < 1e-12 * viaBoth.map(\.length).max()!)
        #expect(a.adjointMismatch() < 1e-12)
    }
}

import ASDSCore
import Foundation
import NeuralNet
import Numerics
import Testing

@Suite struct DataTests {
    @Test func splitIsADeterministicPartition() throws {
        let spectra = SyntheticSpectra.make(count: 20, points: 8, seed: 1)
        let (a, b) = try spectra.split(validationFraction: 0.25, seed: 7)
        let (a2, b2) = try spectra.split(validationFraction: 0.25, seed: 7)
        #expect(a == a2 && b == b2)
        #expect(a.count == 15 && b.count == 5)
        // Every spectrum lands in exactly one set.
        let all = (0..<20).map { Array(spectra.spectrum($0)) }
        let parts = (0..<15).map { Array(a.spectrum($0)) } + (0..<5).map { Array(b.spectrum($0)) }
        #expect(Set(all.map { $0.description }) == Set(parts.map { $0.description }))
        let (_, other) = try spectra.split(validationFraction: 0.25, seed: 8)
        #expect(other != b)
    }

    @Test func badSplitsAndShapesAreRejected() throws {
        let spectra = SyntheticSpectra.make(count: 1, points: 8, seed: 1)
        #expect(throws: ASDSError.self) { try spectra.split(validationFraction: 0.5, seed: 1) }
        #expect(throws: ASDSError.self) { try spectra.split(validationFraction: 1.5, seed: 1) }
        #expect(throws: ASDSError.self) { try SpectrumMatrix(values: [1, 2, 3], count: 1, channels: 2, points: 2) }
        #expect(throws: ASDSError.self) { try SpectrumMatrix(values: [1, .nan, 3, 4], count: 1, channels: 2, points: 2) }
    }

    /// The scale comes from 0.2-4.2 ppm only (a larger water peak at 4.7 ppm is ignored); the
    /// channels hold real and imaginary parts; the inverse restores the spectrum.
    @Test func normalisationUsesTheMetaboliteRangeAndInverts() throws {
        let axis = try SpectralAxis(points: 512, bandwidthHz: 2000, spectrometerFrequencyHz: 123.2e6)
        var spectrum = [Complex<Double>](repeating: .zero, count: 512)
        let naa = Int(axis.index(ppm: 2.01).rounded()), water = Int(axis.index(ppm: 4.7).rounded())
        spectrum[naa] = Complex(0, 3)  // magnitude 3, purely imaginary
        spectrum[naa + 1] = Complex(1.5, -0.5)
        spectrum[water] = Complex(100, 0)
        let normalisation = SpectrumNormalisation()
        #expect(try normalisation.scale(of: spectrum, axis: axis, source: "test") == 3)
        let (matrix, scales) = try normalisation.matrix([spectrum], axis: axis, source: "test")
        #expect(scales == [3])
        #expect(matrix.channels == 2 && matrix.points == 512)
        #expect(matrix.values[naa] == 0 && matrix.values[512 + naa] == 1)
        #expect(matrix.values[naa + 1] == 0.5 && matrix.values[512 + naa + 1] == Float(-0.5 / 3))
        let restored = SpectrumNormalisation.complexSpectrum(matrix, index: 0, scale: 3)
        for k in 0..<512 { #expect((restored[k] - spectrum[k]).length <= 1e-6 * max(1, spectrum[k].length)) }

        let silent = [Complex<Double>](repeating: .zero, count: 512)
        #expect(throws: ASDSError.self) { try normalisation.matrix([spectrum, silent], axis: axis, source: "test") }
    }

    @Test func meanLatentVarianceAveragesExponentials() {
        let encoding = LatentEncoding(count: 2, dimension: 2, mean: [0, 0, 0, 0],
                                      logVariance: [0, Float(log(3.0)), -1, 1])
        #expect(abs(encoding.meanVariance(of: 0) - 2) < 1e-6)
        #expect(abs(encoding.meanVariance(of: 1) - (exp(-1.0) + exp(1.0)) / 2) < 1e-6)
    }
}

import ASDSCore
import Numerics
import Testing
import TestSupport

@Suite struct FFTTests {
    @Test func complexExponentialLandsAtItsFrequencyAndPPM() throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 256, bandwidthHz: 2000)
        let f = 10 * axis.resolutionHz
        let fid = (0..<axis.points).map { n in Complex<Double>.exp(Complex(0, 2 * .pi * f * axis.timeSeconds(at: n))) }
        let spectrum = FFT.spectrum(ofFID: fid)
        let peak = spectrum.indices.max { spectrum[$0].length < spectrum[$1].length }!
        #expect(peak == axis.points / 2 + 10)
        #expect(TestSupport.isClose(spectrum[peak].real, Double(axis.points), relative: 1e-12))
        #expect(TestSupport.isClose(axis.ppm(atIndex: Double(peak)), 4.65 + f / axis.spectrometerFrequencyMHz))
    }

    @Test(arguments: [8, 15, 2048])
    func spectrumRoundTripsToTheFID(n: Int) {
        var rng = SeededRandom(seed: 3, path: [UInt64(n)])
        let fid = (0..<n).map { _ in Complex(rng.normal(), rng.normal()) }
        let back = FFT.fid(ofSpectrum: FFT.spectrum(ofFID: fid))
        #expect(TestSupport.maxDifference(fid, back) < 1e-12)
    }

    @Test func batchedTransformEqualsSeparateTransforms() {
        var rng = SeededRandom(seed: 9)
        let rows = 4, n = 64
        var all = (0..<(rows * n)).map { _ in Complex(rng.normal(), rng.normal()) }
        let separate = (0..<rows).flatMap { r in FFT.forward(Array(all[(r * n)..<((r + 1) * n)])) }
        FFT.transform(&all, length: n, direction: .forward)
        #expect(TestSupport.maxDifference(all, separate) < 1e-12)
    }

    @Test func parsevalHolds() {
        var rng = SeededRandom(seed: 4)
        let x = (0..<512).map { _ in Complex(rng.normal(), rng.normal()) }
        let y = FFT.forward(x)
        let ex = x.reduce(0) { $0 + $1.lengthSquared }, ey = y.reduce(0) { $0 + $1.lengthSquared }
        #expect(TestSupport.isClose(ey, 512 * ex, relative: 1e-12))
    }
}

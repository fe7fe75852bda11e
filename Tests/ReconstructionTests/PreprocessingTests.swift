import ASDSCore
import Metrics
import Numerics
import Reconstruction
import Testing
import TestSupport

@Suite struct PreprocessingTests {
    @Test(arguments: [0.02, 0.064, 0.15])
    func fourierTransformOfALorentzianHasTheAnalyticWidth(t2: Double) throws {
        let axis = Fixtures.axis()
        // An off-grid line at 2.0 ppm; trapezoid-rule first point, zero-filled 8x for the interpolation.
        let fid = Fixtures.fid([(2.0, 1, t2)], axis: axis)
        let pre = PreprocessingOptions(firstPointScale: 0.5, zeroFillPoints: 8 * axis.points)
        let result = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: .ft, preprocessing: pre)).reconstruct(fid: fid)
        #expect(result.preprocessing.map(\.name) == ["first-point-scaling", "zero-filling", "fft"])
        let fwhm = try SpectrumMeasures.fullWidthHalfMaximumHz(result.spectrum, axis: result.axis, ppm: 1.8...2.2)
        #expect(abs(fwhm - 1 / (Double.pi * t2)) < 0.01 / (Double.pi * t2))
    }

    @Test func baselineCorrectionRemovesAKnownPolynomial() throws {
        let axis = Fixtures.axis()
        let clean = FFT.spectrum(ofFID: Fixtures.fid(Fixtures.singlets, axis: axis))
        // Gaussian lines (no tails into the signal-free regions) plus a cubic complex baseline.
        let x = (0..<axis.points).map { 2 * Double($0) / Double(axis.points - 1) - 1 }
        let poly = x.map { Complex(40 + 25 * $0 - 30 * $0 * $0 + 12 * $0 * $0 * $0, -15 + 8 * $0 * $0) }
        let lines = (0..<axis.points).map { k -> Complex<Double> in
            let ppm = axis.ppm(atIndex: Double(k))
            let a = (ppm - 2.0) / 0.02, b = (ppm - 3.0) / 0.02
            return Complex(500 * Double.exp(-a * a) + 300 * Double.exp(-b * b), 0)
        }
        var spectrum = zip(lines, poly).map { $0 + $1 }
        // Outliers inside the signal-free regions must not pull the fit.
        let free = axis.indexRange(ppm: 10...12)
        for k in stride(from: free.lowerBound, to: free.upperBound, by: 37) { spectrum[k] += Complex(900, -400) }
        let correction = BaselineCorrection(order: 3)
        let fit = try correction.fit(spectrum, axis: axis)
        let regions = try SignalFreeRegions.indices(correction.signalFreePPM, on: axis, source: "test")
        for k in regions where !free.contains(k) || (k - free.lowerBound) % 37 != 0 {
            #expect((spectrum[k] - fit.baseline[k] - lines[k]).length < 1e-6)
        }
        // Everywhere (extrapolated through the signal region) the baseline is the polynomial.
        #expect(TestSupport.maxDifference(fit.baseline, poly) < 1e-6)
        _ = clean
    }

    @Test func frequencyReferencingAndAutomaticPhaseAlignTheNAAPeak() throws {
        let axis = Fixtures.axis()
        // Lines 4 Hz too high and rotated by 1 rad.
        let shiftPPM = 4 / axis.spectrometerFrequencyMHz
        var fid = Fixtures.fid(Fixtures.singlets.map { ($0.ppm + shiftPPM, $0.amplitude, $0.t2) }, axis: axis)
        fid = fid.map { $0 * Complex.exp(Complex(0, 1)) }
        let pre = PreprocessingOptions(zeroFillPoints: 4096, frequencyReferencing: FrequencyReferencing(expectedPPM: 2.008),
                                       phase: .automatic(searchPPM: 1.9...2.1, firstOrderSeconds: 0))
        let result = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: .ft, preprocessing: pre)).reconstruct(fid: fid)
        #expect(result.axis.points == 4096)
        let peak = try SpectrumMeasures.peak(result.spectrum, axis: result.axis, ppm: 1.9...2.1)
        #expect(abs(result.axis.ppm(atIndex: peak.index) - 2.008) < 0.002)
        let shift = result.preprocessing.first { $0.name == "frequency-referencing" }!.parameters["shiftHz"]!
        #expect(abs(shift + 4) < 0.1)
        let phase = result.preprocessing.first { $0.name == "phase" }!.parameters["zeroOrderRadians"]!
        #expect(abs(phase + 1) < 0.02)
        #expect(result.preprocessing.map(\.name) == ["frequency-referencing", "phase", "zero-filling", "fft"])
    }

    @Test func firstOrderPhaseIsATimeShift() {
        // exp(i 2 pi f tau) on the spectrum equals the continuous-time delay of the FID by -tau: check
        // on a single line, whose phase at its own frequency must be 2 pi f tau.
        let axis = Fixtures.axis(points: 256, bandwidthHz: 1000)
        let k = 200
        let f = axis.frequencyHz(atIndex: Double(k))
        let fid = (0..<256).map { n in Complex.exp(Complex(0, 2 * Double.pi * f * axis.timeSeconds(at: n))) }
        var s = FFT.spectrum(ofFID: fid)
        SpectrumSteps.applyFirstOrderPhase(&s, axis: axis, seconds: 1e-4)
        #expect(abs(s[k].phase - 2 * Double.pi * f * 1e-4) < 1e-12)
    }
}

@Suite struct NoiseEstimationTests {
    @Test(arguments: [1, 2, 7, 10, 101, 1000])
    func medianMatchesSorting(count: Int) {
        var rng = SeededRandom(seed: 3, path: [UInt64(count)])
        // Ties included: values on a coarse grid.
        let x = (0..<count).map { _ in (rng.normal() * 4).rounded() / 4 }
        let s = x.sorted()
        let expected = count % 2 == 1 ? s[count / 2] : 0.5 * (s[count / 2 - 1] + s[count / 2])
        #expect(NoiseEstimation.median(x) == expected)
    }

    @Test func fidNoiseLevelIsRecoveredFromTheSignalFreeRegions() throws {
        let axis = Fixtures.axis()
        let fid = Fixtures.add(Fixtures.fid(Fixtures.singlets, axis: axis), Fixtures.noise(count: axis.points, sigma: 0.3, seed: 12))
        #expect(TestSupport.isClose(try NoiseEstimation.fidStandardDeviation(fid: fid, axis: axis), 0.3, relative: 0.08))
        #expect(throws: ASDSError.self) { try NoiseEstimation.fidStandardDeviation(fid: fid, axis: axis, signalFreePPM: [40...50]) }
    }
}

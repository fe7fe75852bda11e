import ASDSCore
import Metrics
import Numerics
import Testing
import TestSupport

private let axis = try! SpectralAxis(b0Tesla: 3, points: 4096, bandwidthHz: 2000)

/// The continuous complex Lorentzian `A / (1/T2 - i 2 pi (f - f0))` sampled on the axis (times the
/// bandwidth, to match the unnormalised DFT): absorption height A T2 bw, FWHM 1 / (pi T2).
private func lorentzian(ppm: Double, amplitude: Double, t2: Double) -> [Complex<Double>] {
    let f0 = axis.frequencyHz(ppm: ppm)
    return (0..<axis.points).map { k in
        let d = Complex<Double>(1 / t2, -2 * Double.pi * (axis.frequencyHz(atIndex: Double(k)) - f0))
        return Complex(amplitude * axis.bandwidthHz, 0) / d
    }
}

@Suite struct MetricsTests {
    @Test func peakHeightAndWidthOfAnAnalyticLorentzian() throws {
        let t2 = 0.05
        let s = lorentzian(ppm: 2.008, amplitude: 2, t2: t2)
        let peak = try SpectrumMeasures.peak(s, axis: axis)
        #expect(TestSupport.isClose(axis.ppm(atIndex: peak.index), 2.008, relative: 1e-4))
        #expect(TestSupport.isClose(peak.height, 2 * t2 * axis.bandwidthHz, relative: 2e-3))
        #expect(TestSupport.isClose(try SpectrumMeasures.fullWidthHalfMaximumHz(s, axis: axis), 1 / (Double.pi * t2), relative: 5e-3))
    }

    @Test func consensusAndErrorSNRFollowTheirDefinitions() throws {
        let truth = lorentzian(ppm: 2.008, amplitude: 1, t2: 0.08)
        var rng = SeededRandom(seed: 1)
        let sigma = 2.0
        let noisy = truth.map { $0 + Complex(sigma * rng.normal(), sigma * rng.normal()) }
        let height = try SpectrumMeasures.peak(truth, axis: axis).height
        // (a): measured peak over the real-part noise sd of the signal-free ranges.
        let snr = try SignalToNoise.consensus(noisy, axis: axis)
        #expect(TestSupport.isClose(snr, height / sigma, relative: 0.1))
        // (b): true peak over the rms real error in 0.2-4.2 ppm.
        let snrErr = try SignalToNoise.errorBased(noisy, truth: truth, axis: axis)
        #expect(TestSupport.isClose(snrErr, height / sigma, relative: 0.1))
        // Zeroing the noise region inflates (a) without bound but leaves (b) alone.
        var flattened = noisy
        for r in SignalToNoise.defaultNoisePPM { for k in axis.indexRange(ppm: r) { flattened[k] = truth[k] } }
        #expect(try SignalToNoise.consensus(flattened, axis: axis) > 10 * snr)
        #expect(try SignalToNoise.errorBased(flattened, truth: truth, axis: axis) == snrErr)
        // Shrinking everything by half: (a) barely moves, (b) drops by more than half (the
        // halved line is error).
        let shrunk = noisy.map { $0.multiplied(by: 0.5) }
        #expect(TestSupport.isClose(try SignalToNoise.consensus(shrunk, axis: axis), snr, relative: 0.02))
        #expect(try SignalToNoise.errorBased(shrunk, truth: truth, axis: axis) < 0.5 * snrErr)
    }

    @Test func concentrationScores() throws {
        let truth: [[Double]] = [[10, 8, 0], [12, 6, 2]]
        let estimate: [[Double]] = [[11, 8, 1], [12, 3, 2]]
        #expect(try ConcentrationMetrics.accuracy(estimated: estimate[0], truth: truth[0]) == 1 - 2.0 / 18)
        #expect(try ConcentrationMetrics.accuracy(estimated: estimate[1], truth: truth[1]) == 1 - 3.0 / 20)
        let mape = try ConcentrationMetrics.meanAbsolutePercentError(estimated: estimate, truth: truth)
        #expect(TestSupport.isClose(mape[0], 100 * (0.1 + 0) / 2))
        #expect(TestSupport.isClose(mape[1], 100 * (0 + 0.5) / 2))
        #expect(mape[2] == 0)  // only the spectrum with a positive true value counts
        #expect(throws: ASDSError.self) { try ConcentrationMetrics.accuracy(estimated: [1], truth: [0]) }
        #expect(throws: ASDSError.self) { try ConcentrationMetrics.meanAbsolutePercentError(estimated: [[1, 2]], truth: [[1]]) }
    }

    @Test func crlbEfficiencyIsOneForErrorsDrawnAtTheCRLB() throws {
        var rng = SeededRandom(seed: 2)
        let n = 4000
        let truth = [[Double]](repeating: [5, 1], count: n)
        let estimate = truth.map { [$0[0] + 0.3 * rng.normal(), $0[1] + 0.05 * rng.normal()] }
        let crlb = [[Double]](repeating: [0.3, 0.05], count: n)
        let efficiency = try ConcentrationMetrics.crlbEfficiency(estimated: estimate, truth: truth, crlb: crlb)
        for e in efficiency { #expect(abs(e - 1) < 0.05) }
    }

    @Test func tableRendersMarkdownAndCSV() {
        let rows = [
            MethodScores(method: "FT", snr: [10, 12], snrError: [9, 11], fwhmHz: [5, 7], accuracy: [0.9, 0.8], mapePerMetabolite: [10, 20, .nan]),
            MethodScores(method: "FISTA", snr: [30], snrError: [8], fwhmHz: [6]),
        ]
        let md = ScoreTable.markdown(rows).split(separator: "\n")
        #expect(md[0] == "| method | SNR (mean ± std) | SNR_err | FWHM Hz | accuracy | MAPE % |")
        #expect(md[2] == "| FT | 11.00 ± 1.41 | 10.00 ± 1.41 | 6.00 ± 1.41 | 0.850 ± 0.071 | 15.00 |")
        #expect(md[3] == "| FISTA | 30.00 ± 0.00 | 8.00 ± 0.00 | 6.00 ± 0.00 | - | - |")
        let csv = ScoreTable.csv(rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(csv[0] == "method,snr_mean,snr_std,snr_err_mean,snr_err_std,fwhm_hz_mean,fwhm_hz_std,accuracy_mean,accuracy_std,mape_percent")
        #expect(csv[2] == "FISTA,30.0,0.0,8.0,0.0,6.0,0.0,,,")
    }
}

import ASDSCore
import Datasets
import Encoding
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct SynthesisTests {
    /// Without noise and artefacts a spectrum is exactly the concentration-weighted sum of the basis.
    @Test func noiseFreeArtefactFreeSpectrumIsTheBasisCombination() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let generator = try SuiteGenerator(path: try writeSuite(suiteJSON(), in: dir), library: library)
        let dataset = try generator.generate(shard: nil, provider: SingletBasisProvider(), components: nil)
        for item in dataset.items.prefix(10) {
            let basis = dataset.bases[item.truth.sequence]
            var expected = [Complex<Double>](repeating: .zero, count: dataset.axis.points)
            for (m, b) in basis.metabolites.enumerated() {
                for i in expected.indices { expected[i] += b.fid[i].multiplied(by: item.truth.concentrationsMM[m]) }
            }
            #expect(TestSupport.maxDifference(item.clean, expected) <= 1e-12 * expected.map(\.length).max()!)
        }
    }

    /// Over 200 spectra the SNR measured the consensus way (reference peak height in the real
    /// noise-free spectrum over the standard deviation of the real noisy spectrum in a signal-free
    /// region, -4 to -1 ppm) averages within 5% of the requested SNR.
    @Test func measuredSNRMatchesTheRequestedSNR() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let artefacts = #""snr": {"uniform": [5, 40]}, "lorentzianHz": {"uniform": [2, 6]}, "gaussianHz": {"uniform": [0, 5]}, "frequencyShiftHz": {"uniform": [-3, 3]}"#
        let generator = try SuiteGenerator(path: try writeSuite(suiteJSON(count: 200, train: 100, artefacts: artefacts), in: dir), library: library)
        let dataset = try generator.generate(shard: nil, provider: SingletBasisProvider(), components: nil)
        let noiseRange = dataset.axis.indexRange(ppm: -4.0 ... -1.0)
        var ratios: [Double] = []
        for item in dataset.items {
            let clean = FFT.spectrum(ofFID: item.clean), noisy = FFT.spectrum(ofFID: item.noisy)
            let centre = 2.008 + item.truth.frequencyShiftHz / dataset.axis.spectrometerFrequencyMHz
            let peak = dataset.axis.indexRange(ppm: (centre - 0.05)...(centre + 0.05)).map { clean[$0].real }.max()!
            let noise = noiseRange.map { noisy[$0].real }
            let mean = noise.reduce(0, +) / Double(noise.count)
            let sd = (noise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(noise.count - 1)).squareRoot()
            ratios.append((peak / sd) / item.truth.targetSNR)
        }
        let meanRatio = ratios.reduce(0, +) / Double(ratios.count)
        #expect(abs(meanRatio - 1) < 0.05, "mean measured/requested SNR = \(meanRatio)")
        #expect(abs(meanRatio - 1) < 0.02, "the estimator's own spread is about 0.3%: \(meanRatio)")
    }

    /// Every artefact applied at once still gives finite spectra, and the truth records the draws
    /// within the suite's ranges.
    @Test func allArtefactsStayWithinTheirDistributions() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let artefacts = """
        "snr": {"uniform": [10, 20]}, "lorentzianHz": {"uniform": [2, 6]}, "gaussianHz": {"uniform": [1, 4]},
        "t2Seconds": {"default": {"uniform": [0.15, 0.3]}, "perMetabolite": {"Lac": {"fixed": 0.4}}},
        "frequencyShiftHz": {"normal": {"mean": 0, "sd": 2, "min": -5, "max": 5}}, "metaboliteShiftHz": {"uniform": [-0.5, 0.5]},
        "phase0Degrees": {"uniform": [-30, 30]}, "phase1Seconds": {"uniform": [0, 0.0004]},
        "baseline": {"amplitude": {"uniform": [0.05, 0.2]}, "components": 3},
        "macromolecules": {"amplitude": {"uniform": [1, 3]}}, "lipids": {"amplitude": {"uniform": [0, 2]}},
        "water": {"amplitude": {"uniform": [0.5, 3]}, "lorentzianHz": {"uniform": [5, 15]}, "offsetHz": {"uniform": [-10, 10]}},
        "eddyCurrents": {"amplitudeHz": {"uniform": [0, 20]}, "timeConstantSeconds": {"uniform": [0.01, 0.05]}}
        """
        let generator = try SuiteGenerator(path: try writeSuite(suiteJSON(artefacts: artefacts), in: dir), library: library)
        let components = try LineComponentLibrary.load(from: TestSupport.library)
        let dataset = try generator.generate(shard: nil, provider: SingletBasisProvider(), components: components)
        for item in dataset.items {
            let t = item.truth
            #expect(item.noisy.allSatisfy { $0.real.isFinite && $0.imaginary.isFinite })
            #expect((2...6).contains(t.lorentzianHz) && (-5...5).contains(t.frequencyShiftHz))
            #expect(t.t2Seconds[3] == 0.4 && (0.15...0.3).contains(t.t2Seconds[0]))
            #expect(t.baselineCentersPPM.count == 3 && (1...3).contains(t.macromoleculeAmplitude))
            #expect(t.referencePeakHeight > 0 && t.noiseStandardDeviation > 0)
            #expect(t.isTraining == (t.index < 20))
        }
    }

    /// Gaussian component lines have unit-proton areas: FID(0) equals the total proton count and
    /// the spectrum's FWHM equals the stated width.
    @Test func macromoleculeLinesHaveTheirStatedAreaAndWidth() throws {
        let axis = try SpectralAxis(b0Tesla: 2.893649, points: 8192, bandwidthHz: 4000)
        let line = LineComponent(name: "x", peaks: [GaussianLine(ppm: 1.21, protons: 2, fwhmPPM: 0.15)])
        let fid = line.fid(on: axis)
        #expect(TestSupport.isClose(fid[0].real, 2, relative: 1e-14))
        let s = FFT.spectrum(ofFID: fid).map(\.real)
        let peak = s.indices.max { s[$0] < s[$1] }!
        var lo = peak, hi = peak
        while s[lo] > s[peak] / 2 { lo -= 1 }
        while s[hi] > s[peak] / 2 { hi += 1 }
        let half = s[peak] / 2
        func interpolate(_ a: Int, _ b: Int) -> Double {
            let fraction = (half - s[a]) / (s[b] - s[a])
            return Double(a) + fraction * Double(b - a)
        }
        let widthHz = (interpolate(hi - 1, hi) - interpolate(lo + 1, lo)) * axis.resolutionHz
        #expect(abs(widthHz / (0.15 * axis.spectrometerFrequencyMHz) - 1) < 0.01)
    }
}

@Suite struct SystemResponseTests {
    private func truth(l: Double = 0, g: Double = 0, shift: Double = 0, eddy: Double = 0, tau: Double = 1, p0: Double = 0) -> SystemResponse {
        SystemResponse(lorentzianHz: l, gaussianHz: g, frequencyShiftHz: shift, eddyAmplitudeHz: eddy, eddyTimeConstantSeconds: tau, phase0Radians: p0)
    }

    /// exp(-pi L t) and exp(-(pi G t)^2 / (4 ln 2)) broaden a singlet to FWHM L and G exactly
    /// (to the interpolation error of the half-height crossing).
    @Test(arguments: [(4.0, 0.0), (0.0, 6.0)])
    func lineshapeGivesTheStatedWidth(lorentzian: Double, gaussian: Double) throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 16384, bandwidthHz: 4000)
        let singlet = [Complex<Double>](repeating: Complex(1, 0), count: axis.points)
        let system = (truth(l: lorentzian, g: gaussian, shift: 7.3))
        let s = FFT.spectrum(ofFID: SingleVoxelSystemMatrix(system: system, axis: axis).acquiredFID(ofObjectFID: singlet)).map(\.real)
        let peak = s.indices.max { s[$0] < s[$1] }!
        let half = s[peak] / 2
        var lo = peak, hi = peak
        while s[lo] > half { lo -= 1 }
        while s[hi] > half { hi += 1 }
        let left = Double(lo) + (half - s[lo]) / (s[lo + 1] - s[lo])
        let right = Double(hi - 1) + (half - s[hi - 1]) / (s[hi] - s[hi - 1])
        let width = (right - left) * axis.resolutionHz
        #expect(abs(width - max(lorentzian, gaussian)) < 0.01 * max(lorentzian, gaussian))
        #expect(abs(axis.frequencyHz(atIndex: Double(peak)) - 7.3) <= axis.resolutionHz)
    }

    @Test func eddyCurrentPhaseFollowsItsClosedForm() throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 512, bandwidthHz: 2000)
        let one = [Complex<Double>](repeating: Complex(1, 0), count: axis.points)
        let a = 15.0, tau = 0.02
        let out = SingleVoxelSystemMatrix(system: truth(eddy: a, tau: tau, p0: 0.3), axis: axis).acquiredFID(ofObjectFID: one)
        for n in stride(from: 0, to: axis.points, by: 37) {
            let t = axis.timeSeconds(at: n)
            let expected = Complex<Double>(length: 1, phase: 0.3 + 2 * .pi * a * tau * (1 - exp(-t / tau)))
            #expect((out[n] - expected).length < 1e-12)
        }
    }
}

import ASDSCore
import Datasets
import Foundation
import Numerics
import Pipeline
import Quantification
import Testing
import TestSupport

/// Model-matched Monte Carlo of the linear-combination fit: spectra made exactly from the fit's own
/// model (the simulated PRESS TE 30 ms basis, a Voigt line shape, shift and phase) plus white
/// noise, 200 draws per setting. An efficient fit has RMSE at the Cramer-Rao bound and no bias.
@Suite struct CRLBMonteCarloTests {
    static let metabolites = ["NAA", "Cr", "PCr", "GPC", "PCh", "Ins", "Glu", "Gln", "GABA", "GSH", "Lac", "Tau", "NAAG", "Asp"]
    static let concentrationsMM = [10.0, 4.5, 3.5, 1.2, 0.6, 6.0, 9.0, 3.0, 1.5, 2.0, 0.8, 1.5, 1.2, 2.0]

    struct Row {
        var name: String
        var truth: Double
        var rmseOverCRLB: Double
        var biasOverCRLB: Double
        /// The median CRLB of the fits, in mM.
        var crlb: Double
    }

    static func basis() throws -> (BasisSet, SpectralAxis) {
        let axis = try SpectralAxis(b0Tesla: 2.893649, points: 2048, bandwidthHz: 4000)
        let choice = try JSONDecoder().decode(SequenceChoice.self, from: Data(#"{"sequence": "press", "te1Seconds": 0.011, "te2Seconds": 0.019, "weight": 1}"#.utf8))
        let set = try SuiteBasisProvider(library: TestSupport.library, cacheDirectory: nil).basis(for: choice, metabolites: metabolites, axis: axis)
        return (set, axis)
    }

    /// RMSE and bias over `draws` fits at `snr` (NAA peak height over the real noise sd of the spectrum).
    /// `baselineOrder` -2 selects the order per spectrum among 2 and 6 (`BaselineOrderSelection`).
    static func run(snr: Double, baselineOrder: Int, gaussian: Bool, draws: Int = 200) throws -> [Row] {
        let (set, axis) = try basis()
        var options = ConcentrationEstimator.fitOptions
        options.baselineOrder = baselineOrder == -2 ? 6 : baselineOrder
        let fitter = try LinearCombinationFitter(basis: set, dataAxis: axis, options: options)
        let selection = try BaselineOrderSelection(basis: set, dataAxis: axis, options: options, orders: [2, 6])
        let lorentzianHz = 4.0, gaussianRate = gaussian ? 60.0 : 0, shiftHz = 1.2, phase = 0.3
        var clean = [Complex<Double>](repeating: .zero, count: axis.points)
        for metabolite in fitter.alignedBasis.metabolites {
            let a = concentrationsMM[metabolites.firstIndex(of: metabolite.name)!]
            for n in 0..<axis.points {
                let t = axis.timeSeconds(at: n)
                let envelope = Complex(length: Double.exp(-Double.pi * lorentzianHz * t - gaussianRate * t * t),
                                       phase: phase + 2 * Double.pi * shiftHz * t)
                clean[n] += metabolite.fid[n] * envelope.multiplied(by: a)
            }
        }
        let spectrum = FFT.spectrum(ofFID: clean)
        let naa = axis.indexRange(ppm: 1.9...2.1).map { (spectrum[$0] * Complex(length: 1, phase: -phase)).real }.max()!
        // Spectrum noise sd per real component is sigma sqrt(N) for FID noise sigma.
        let sigma = naa / snr / Double(axis.points).squareRoot()
        let fids = (0..<draws).map { i in
            var rng = SeededRandom(seed: 2016, path: [UInt64(i)])
            return clean.map { $0 + Complex(sigma * rng.normal(), sigma * rng.normal()) }
        }
        let fits = baselineOrder == -2 ? try selection.fit(fids: fids) : try fitter.fit(fids: fids)
        if baselineOrder == -2 {
            let stiff = fits.filter { $0.baselineCoefficients.count == 3 }.count
            print("MC selection at SNR \(snr): order 2 chosen for \(stiff) of \(draws)")
            #expect(stiff >= draws * 9 / 10, "baseline-free spectra: order 2 chosen for only \(stiff) of \(draws)")
        }
        return fitter.names.enumerated().map { m, name in
            let truth = concentrationsMM[metabolites.firstIndex(of: name)!]
            let errors = fits.map { $0.amplitudes[m] - truth }
            let crlb = fits.map { $0.crlb[m] }.sorted()[draws / 2]
            let rmse = (errors.reduce(0) { $0 + $1 * $1 } / Double(draws)).squareRoot()
            return Row(name: name, truth: truth, rmseOverCRLB: rmse / crlb, biasOverCRLB: errors.reduce(0, +) / Double(draws) / crlb, crlb: crlb)
        }
    }

    /// With a curved baseline in the data (a 6th-order Legendre series over the fitting range,
    /// a third of the NAA peak), the selection keeps the flexible order; without one it picks
    /// order 2 (checked in `fitSitsOnTheCramerRaoBound`'s selection rows).
    @Test func aCurvedBaselineKeepsTheFlexibleOrder() throws {
        let (set, axis) = try Self.basis()
        let options = ConcentrationEstimator.fitOptions
        let flexible = try LinearCombinationFitter(basis: set, dataAxis: axis, options: options)
        let selection = try BaselineOrderSelection(basis: set, dataAxis: axis, options: options, orders: [2, 6])
        let amplitudes = flexible.names.map { Self.concentrationsMM[Self.metabolites.firstIndex(of: $0)!] }
        let truth = LinearCombinationParameters(zeroOrderPhaseRadians: 0.3, firstOrderPhaseSeconds: 0, lorentzianHz: [4],
                                                gaussianRatePerSecondSquared: [60], shiftHz: [1.2], amplitudes: amplitudes,
                                                baselineCoefficients: [.zero, .zero, .zero, .zero, .zero, .zero, .zero])
        let metabolites = try flexible.modelSpectrum(truth)
        let naa = metabolites.map(\.length).max()!
        var curved = truth
        curved.amplitudes = amplitudes.map { _ in 0 }
        curved.baselineCoefficients = [0.3, -0.2, 0.15, 0.1, 0.2, -0.15, 0.1].map { Complex(naa * $0, -0.5 * naa * $0) }
        let baseline = try flexible.modelSpectrum(curved)
        // The metabolites as an FID, the baseline added on the fitting range of the spectrum.
        var clean = [Complex<Double>](repeating: .zero, count: axis.points)
        for (m, metabolite) in flexible.alignedBasis.metabolites.enumerated() {
            for n in 0..<axis.points {
                let t = axis.timeSeconds(at: n)
                clean[n] += metabolite.fid[n] * Complex(length: amplitudes[m] * Double.exp(-Double.pi * 4 * t - 60 * t * t),
                                                         phase: 0.3 + 2 * Double.pi * 1.2 * t)
            }
        }
        var spectrum = FFT.spectrum(ofFID: clean)
        for (i, k) in flexible.fitIndices.enumerated() { spectrum[k] += baseline[i] }
        let withBaseline = FFT.fid(ofSpectrum: spectrum)
        let sigma = naa / 50 / Double(axis.points).squareRoot()
        let fits = try selection.fit(fids: (0..<50).map { i in
            var rng = SeededRandom(seed: 77, path: [UInt64(i)])
            return withBaseline.map { $0 + Complex(sigma * rng.normal(), sigma * rng.normal()) }
        })
        let flexibleChosen = fits.filter { $0.baselineCoefficients.count == 7 }.count
        #expect(flexibleChosen >= 48, "order 6 chosen for \(flexibleChosen) of 50")
    }

    @Test(arguments: [20.0, 50.0])
    func fitSitsOnTheCramerRaoBound(snr: Double) throws {
        // The main job's settings (baseline order 6), order 2, the order chosen per spectrum, no
        // baseline, and a Lorentzian truth (the Gaussian rate at its bound of 0).
        for (order, gaussian) in [(6, true), (2, true), (-2, true), (-1, true), (6, false)] {
            for row in try Self.run(snr: snr, baselineOrder: order, gaussian: gaussian) {
                print(String(format: "MC snr %.0f baseline %d gauss %@ %@ %.1f mM: RMSE/CRLB %.3f bias/CRLB %+.3f CRLB %.4f", snr, order,
                             gaussian ? "on" : "off", row.name, row.truth, row.rmseOverCRLB, row.biasOverCRLB, row.crlb))
                guard row.truth > 1 else { continue }
                #expect(row.rmseOverCRLB <= 1.1, "\(row.name) at SNR \(snr), baseline \(order): RMSE/CRLB \(row.rmseOverCRLB)")
                // With a Lorentzian truth the Gaussian rate sits on its bound (>= 0), where the
                // estimate is biased by construction: up to 0.2 CRLB measured, allowed 0.25.
                let biasLimit = gaussian ? 0.2 : 0.25
                #expect(abs(row.biasOverCRLB) <= biasLimit, "\(row.name) at SNR \(snr), baseline \(order): bias/CRLB \(row.biasOverCRLB)")
            }
        }
    }
}

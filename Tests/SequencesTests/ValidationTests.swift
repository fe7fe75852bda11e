import ASDSCore
import Foundation
import Numerics
import Sequences
import Testing

/// The FID-A comparison of acceptance item 5 (docs/VALIDATION.md), on the committed fixture.
@Suite("Agreement with FID-A")
struct ValidationTests {
    struct Reference: Decodable {
        let spectrometerFrequencyHz: Double
        let points: Int
        let bandwidthHz: Double
        let referencePPM: Double
        let te1Seconds: Double
        let te2Seconds: Double
        let referenceBroadeningHz: Double
        let extraBroadeningHz: Double
        let firstIndex: Int
        let spectra: [String: [Double]]
    }

    /// Correlation of `reference` with the best zero-order-phased real part of `spectrum`:
    /// the real part of `e^{i phi} S` spans {Re S, Im S}, so the best phase gives the multiple
    /// correlation of the reference on those two (centred) vectors.
    static func bestPhaseCorrelation(_ spectrum: [Complex<Double>], _ reference: [Double]) -> Double {
        func centred(_ v: [Double]) -> [Double] { let m = v.reduce(0, +) / Double(v.count); return v.map { $0 - m } }
        let a = centred(spectrum.map(\.real)), b = centred(spectrum.map(\.imaginary)), r = centred(reference)
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        let (aa, ab, bb, ar, br) = (dot(a, a), dot(a, b), dot(b, b), dot(a, r), dot(b, r))
        let det = aa * bb - ab * ab
        let ca = (bb * ar - ab * br) / det, cb = (aa * br - ab * ar) / det
        let fit = zip(a, b).map { ca * $0 + cb * $1 }
        return dot(fit, r) / (dot(fit, fit) * dot(r, r)).squareRoot()
    }

    @Test("ideal PRESS TE 30 at 123.2 MHz correlates >= 0.99 with FID-A, metabolite by metabolite")
    func correlation() throws {
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.directory + "/fida-press-te30-spectra.json")))
        let options = SimulationOptions(
            b0Tesla: reference.spectrometerFrequencyHz / PhysicalConstants.protonGyromagneticRatioHzPerTesla,
            points: reference.points, bandwidthHz: reference.bandwidthHz, referencePPM: reference.referencePPM)
        let names = reference.spectra.keys.sorted()
        #expect(names == ["Ala", "Cr", "GPC", "Glc", "Lac", "NAA", "PCh"])
        let basis = try Fixtures.simulate(
            names, sequence: "press", overrides: TimingOverrides(te1Seconds: reference.te1Seconds, te2Seconds: reference.te2Seconds),
            options: options)
        let range = basis.axis.indexRange(ppm: 0.2...4.2)
        #expect(range.lowerBound == reference.firstIndex)
        let broadening = reference.referenceBroadeningHz + reference.extraBroadeningHz
        for metabolite in basis.metabolites {
            let fid = metabolite.fid.enumerated().map { n, v in
                v.multiplied(by: Foundation.exp(-Double.pi * broadening * basis.axis.timeSeconds(at: n)))
            }
            let spectrum = Array(FFT.spectrum(ofFID: fid)[range])
            let target = reference.spectra[metabolite.name]!
            #expect(spectrum.count == target.count)
            let r = Self.bestPhaseCorrelation(spectrum, target)
            #expect(r >= 0.999, "\(metabolite.name): \(r)")
            print("FID-A correlation \(metabolite.name): \(String(format: "%.5f", r))")
        }
    }
}

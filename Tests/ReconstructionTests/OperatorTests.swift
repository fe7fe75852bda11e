import ASDSCore
import Encoding
import Numerics
import Reconstruction
import Testing
import TestSupport

@Suite struct OperatorTests {
    @Test(arguments: [(64, 64), (64, 40), (15, 15), (33, 20)])
    func spectrumToFIDHasAnExactAdjoint(spectrumPoints: Int, fidPoints: Int) {
        let op = SpectrumToFIDOperator(spectrumPoints: spectrumPoints, fidPoints: fidPoints)
        #expect(op.adjointMismatch() < 1e-14)
    }

    @Test func spectrumToFIDInvertsTheProjectFT() {
        let axis = Fixtures.axis(points: 256)
        let fid = Fixtures.add(Fixtures.fid(Fixtures.singlets, axis: axis), Fixtures.noise(count: 256, sigma: 0.1, seed: 1))
        let op = SpectrumToFIDOperator(points: 256)
        #expect(TestSupport.maxDifference(op.forward(FFT.spectrum(ofFID: fid)), fid) < 1e-12)
        // A^H A = I / N: the stated Gram scale is the true one.
        let x = Fixtures.noise(count: 256, sigma: 1, seed: 2)
        let gram = op.adjoint(op.forward(x))
        #expect(TestSupport.maxDifference(gram, x.map { $0.divided(by: 256) }) < 1e-15)
        #expect(op.gramScale == 1.0 / 256)
        #expect(SpectrumToFIDOperator(spectrumPoints: 256, fidPoints: 128).gramScale == nil)
    }

    @Test func matrixOperatorHasAnExactAdjoint() {
        var rng = SeededRandom(seed: 5)
        let a = DenseOperator(rows: 7, columns: 11, entries: (0..<77).map { _ in Complex(rng.normal(), rng.normal()) })
        #expect(a.adjointMismatch() < 1e-14)
        // Row i of A times e_j is entry (i, j).
        var e = [Complex<Double>](repeating: .zero, count: 11)
        e[3] = Complex(1, 0)
        let col = a.forward(e)
        for i in 0..<7 { #expect(col[i] == a.entries[i * 11 + 3]) }
    }

    @Test func lineDictionaryHasAnExactAdjointAndUnitBinEnergy() throws {
        let axis = Fixtures.axis(points: 128, bandwidthHz: 1000)
        let d = try LineDictionary(axis: axis, widths: [LineWidth(lorentzianHz: 2), LineWidth(lorentzianHz: 4, gaussianHz: 3)], oversampling: 2)
        #expect(d.domainCount == 2 * 256)
        #expect(d.adjointMismatch() < 1e-13)
        var e = [Complex<Double>](repeating: .zero, count: d.domainCount)
        e[256 + 100] = Complex(1, 0)
        let atom = d.forward(e)
        #expect(TestSupport.isClose(ComplexVector.norm(atom), 1 / 128.0.squareRoot(), relative: 1e-12))
    }

    @Test func lineDictionaryAtomIsTheAnalyticVoigtLine() throws {
        let axis = Fixtures.axis(points: 256, bandwidthHz: 1000)
        let shape = LineWidth(lorentzianHz: 3, gaussianHz: 2)
        let d = try LineDictionary(axis: axis, widths: [shape], oversampling: 2)
        let k = 301
        var e = [Complex<Double>](repeating: .zero, count: d.domainCount)
        e[k] = Complex(1, 0)
        let atom = d.forward(e)
        let f = d.centreFrequencyHz(atom: k)
        #expect(TestSupport.isClose(f, Double(k - 256) * axis.resolutionHz / 2))
        // The atom is exp(i 2 pi f t) * envelope(t), up to one real positive scale.
        let reference = (0..<256).map { n -> Complex<Double> in
            let t = axis.timeSeconds(at: n)
            return Complex.exp(Complex(0, 2 * Double.pi * f * t)).multiplied(by: shape.envelope(atSeconds: t))
        }
        let scale = atom[0].real / reference[0].real
        #expect(scale > 0)
        #expect(TestSupport.maxDifference(atom, reference.map { $0.multiplied(by: scale) }) < 1e-13)
    }

    @Test func lineDictionaryRejectsBadShapes() {
        let axis = Fixtures.axis(points: 64)
        #expect(throws: ASDSError.self) { try LineDictionary(axis: axis, widths: []) }
        #expect(throws: ASDSError.self) { try LineDictionary(axis: axis, widths: [LineWidth(lorentzianHz: -1)]) }
    }
}

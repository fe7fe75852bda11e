import ASDSCore
import Bloch
import Encoding
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct SingleVoxelSystemMatrixTests {
    let axis = try! SpectralAxis(b0Tesla: 2.89, points: 2048, bandwidthHz: 2000)
    static let voxel = Phantom.Voxel(centerMeters: [0, 0, 0], sizeMeters: [0.02, 0.02, 0.02])
    static let press = MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 2, profiles: .sinc)

    @Test func idealLocalisationWithoutDecayIsTheInverseFourierTransform() throws {
        let h = try SingleVoxelSystemMatrix(axis: axis, selection: try VoxelSelection.ideal(Self.voxel))
        let x = randomVector(2048, seed: 3)
        // Ideal profiles reproduce the rectangle to 1e-9 of the box edge.
        #expect(TestSupport.maxDifference(h.forward(x), FFT.fid(ofSpectrum: x)) < 1e-8)
    }

    @Test func adjointIsExact() throws {
        let selection = try Self.press.selection(Self.voxel)
        let h = try SingleVoxelSystemMatrix(axis: axis, selection: selection, objectHalfExtentMeters: SIMD2(0.015, 0.03), t2StarSeconds: 0.04,
                                            offsetHz: 3, eddyCurrents: EddyCurrentModel(terms: [.init(amplitudeHz: 10, timeConstantSeconds: 0.05)]))
        #expect(h.adjointMismatch() < 1e-12)
    }

    @Test func t2StarGivesALorentzianOfWidthOneOverPiT2Star() throws {
        let t2 = 0.05
        let h = try SingleVoxelSystemMatrix(axis: axis, selection: nil, t2StarSeconds: t2)
        #expect(abs(h.spectralFWHMHz / (1 / (Double.pi * t2)) - 1) < 0.03)
    }

    @Test func eddyCurrentPhaseFollowsTheFrequencyShiftModel() throws {
        let ec = EddyCurrentModel(terms: [.init(amplitudeHz: 20, timeConstantSeconds: 0.02), .init(amplitudeHz: -4, timeConstantSeconds: 0.2)])
        let h = try SingleVoxelSystemMatrix(axis: axis, selection: nil, eddyCurrents: ec)
        var delta = [Complex<Double>](repeating: .zero, count: 2048)
        delta[1024] = Complex(1, 0)           // 0 Hz
        let y = h.forward(delta)
        for n in [0, 1, 10, 500, 2047] {
            let t = axis.timeSeconds(at: n)
            let phi = 2 * Double.pi * (20 * 0.02 * (1 - exp(-t / 0.02)) - 4 * 0.2 * (1 - exp(-t / 0.2)))
            #expect((y[n] - Complex(cos(phi), sin(phi)).multiplied(by: 1.0 / 2048)).length < 1e-15)
        }
        // Early on the phase is 2 pi (sum a_k) t: the linear form.
        #expect(abs(ec.phaseRadians(at: 1e-6) / (2 * Double.pi * 16 * 1e-6) - 1) < 1e-4)
    }

    @Test func chemicalShiftDisplacementLosesSignalOnlyWhereTheObjectEnds() throws {
        let selection = try Self.press.selection(Self.voxel)
        // A uniform object filling all space: displacing the box changes nothing.
        let infinite = try SingleVoxelSystemMatrix(axis: axis, selection: selection)
        let w = infinite.weights
        #expect(w.allSatisfy { ($0 - w[1024]).length < 1e-9 })
        // An object exactly the size of the box: signal falls off with |f| as the box moves off it.
        let boxed = try SingleVoxelSystemMatrix(axis: axis, selection: selection, objectHalfExtentMeters: SIMD2(0.01, 0.01))
        let centre = boxed.weights[1024].length
        let at300 = boxed.weights[Int(axis.index(frequencyHz: 300))].length
        let at600 = boxed.weights[Int(axis.index(frequencyHz: 600))].length
        #expect(centre > at300 && at300 > at600)
        // Imperfect profiles leak signal from outside the box; ideal ones do not.
        #expect(w[1024].length - centre > 0.01)
        let ideal = try VoxelSelection.ideal(Self.voxel)
        let idealInfinite = try SingleVoxelSystemMatrix(axis: axis, selection: ideal).weights[1024]
        let idealBoxed = try SingleVoxelSystemMatrix(axis: axis, selection: ideal, objectHalfExtentMeters: SIMD2(0.01, 0.01)).weights[1024]
        #expect((idealInfinite - idealBoxed).length < 1e-8)
    }
}

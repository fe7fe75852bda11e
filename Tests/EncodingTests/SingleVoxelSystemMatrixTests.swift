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
        let w = infinite.frequencyFactors
        #expect(w.allSatisfy { ($0 - w[1024]).length < 1e-9 })
        // An object exactly the size of the box: signal falls off with |f| as the box moves off it.
        let boxed = try SingleVoxelSystemMatrix(axis: axis, selection: selection, objectHalfExtentMeters: SIMD2(0.01, 0.01))
        let centre = boxed.frequencyFactors[1024].length
        let at300 = boxed.frequencyFactors[Int(axis.index(frequencyHz: 300))].length
        let at600 = boxed.frequencyFactors[Int(axis.index(frequencyHz: 600))].length
        #expect(centre > at300 && at300 > at600)
        // Imperfect profiles leak signal from outside the box; ideal ones do not.
        #expect(w[1024].length - centre > 0.01)
        let ideal = try VoxelSelection.ideal(Self.voxel)
        let idealInfinite = try SingleVoxelSystemMatrix(axis: axis, selection: ideal).frequencyFactors[1024]
        let idealBoxed = try SingleVoxelSystemMatrix(axis: axis, selection: ideal, objectHalfExtentMeters: SIMD2(0.01, 0.01)).frequencyFactors[1024]
        #expect((idealInfinite - idealBoxed).length < 1e-8)
    }
}

/// H built from an acquisition's system (lineshape, offset, eddy currents, receiver phase), as the
/// generator applies it and the reconstructions invert it.
@Suite struct AcquisitionSystemMatrixTests {
    private let system = SystemResponse(lorentzianHz: 4, gaussianHz: 6, frequencyShiftHz: 3.3, eddyAmplitudeHz: 9,
                                        eddyTimeConstantSeconds: 0.02, phase0Radians: 0.4, phase1Seconds: 2.5e-4)

    @Test(arguments: [512, 511])
    func adjointIsExact(points: Int) throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: 2000)
        let h = SingleVoxelSystemMatrix(system: system, axis: axis)
        #expect(h.adjointMismatch() < 1e-12)
    }

    /// H applied to the object's spectrum equals the generator's acquired FID of the object's FID,
    /// with a first-order phase (a transform) and without one (no transform).
    @Test(arguments: [2.5e-4, 0])
    func forwardEqualsTheGeneratorsAcquiredFID(phase1Seconds: Double) throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 1024, bandwidthHz: 2000)
        var rng = SeededRandom(seed: 5)
        var object = [Complex<Double>](repeating: .zero, count: axis.points)
        for _ in 0..<5 {
            Oscillator.accumulate(into: &object, amplitude: Complex(rng.uniform(in: 1...3), 0), frequencyHz: rng.uniform(in: -300...300),
                                  damping: 5, dt: axis.dwellSeconds)
        }
        var s = system
        s.phase1Seconds = phase1Seconds
        let h = SingleVoxelSystemMatrix(system: s, axis: axis)
        let viaOperator = h.forward(FFT.spectrum(ofFID: object))
        let viaGenerator = h.acquiredFID(ofObjectFID: object)
        #expect(TestSupport.maxDifference(viaOperator, viaGenerator) < 1e-12 * viaGenerator.map(\.length).max()!)
    }

    /// The Lipschitz bound is at least the power-iteration norm, and column norms are exact.
    @Test func normBoundsHold() throws {
        let axis = try SpectralAxis(b0Tesla: 3, points: 256, bandwidthHz: 2000)
        let h = SingleVoxelSystemMatrix(system: system, axis: axis)
        #expect(h.normSquaredBound >= h.normSquaredEstimate(iterations: 300, tolerance: 1e-12) * (1 - 1e-9))
        var e = [Complex<Double>](repeating: .zero, count: axis.points)
        e[37] = .one
        #expect(abs(ComplexVector.norm(h.forward(e)) - h.maxColumnNorm) < 1e-14)
    }
}

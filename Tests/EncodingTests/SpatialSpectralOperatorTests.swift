import ASDSCore
import Bloch
import Encoding
import Foundation
import Numerics
import Testing
import TestSupport

func randomVector(_ n: Int, seed: UInt64) -> [Complex<Double>] {
    var rng = SeededRandom(seed: seed)
    return (0..<n).map { _ in Complex(rng.normal(), rng.normal()) }
}

func relativeError(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Double {
    var num = 0.0, den = 0.0
    for (x, y) in zip(a, b) { num += (x - y).lengthSquared; den += y.lengthSquared }
    return (num / den).squareRoot()
}

@Suite struct SpatialSpectralOperatorTests {
    static let spiral = try! KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 12, spectralPoints: 16, interleaves: 3))
    static let radial = try! KSpaceTrajectory.design(TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 10, spectralPoints: 8, spokes: 21, goldenAngle: true))
    static let cartesian = try! KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 8, spectralPoints: 16, spectralBandwidthHz: 1000))

    static func effects(_ t: KSpaceTrajectory) -> EncodingEffects {
        let v = t.matrix * t.matrix
        var rng = SeededRandom(seed: 11)
        return EncodingEffects(offResonanceHz: (0..<v).map { _ in rng.uniform(in: -30...30) },
                               t2PrimeSeconds: (0..<v).map { _ in rng.uniform(in: 0.03...0.2) },
                               eddyCurrents: EddyCurrentModel(terms: [.init(amplitudeHz: 12, timeConstantSeconds: 0.02),
                                                                      .init(amplitudeHz: -3, timeConstantSeconds: 0.1)]))
    }

    @Test func nufftMatchesTheExactSumWithinOneInAThousand() throws {
        let n = 16, fov = 0.24
        var rng = SeededRandom(seed: 3)
        let kMax = Double(n) / (2 * fov)
        let kx = (0..<300).map { _ in rng.uniform(in: -1.05 * kMax...1.05 * kMax) }
        let ky = (0..<300).map { _ in rng.uniform(in: -1.05 * kMax...1.05 * kMax) }
        let image = randomVector(n * n, seed: 4)
        var exact = [Complex<Double>](repeating: .zero, count: 300)
        for j in 0..<300 {
            for p in 0..<(n * n) {
                let x = Double(p % n - n / 2) * fov / Double(n), y = Double(p / n - n / 2) * fov / Double(n)
                let a = 2 * Double.pi * (kx[j] * x + ky[j] * y)
                exact[j] += image[p] * Complex(cos(a), sin(a))
            }
        }
        for width in [4, 6] {
            let plan = NUFFT2D(kx: kx, ky: ky, fovMeters: fov, matrix: n, kernel: KaiserBesselKernel(width: width))
            var out = [Complex<Double>](repeating: .zero, count: 300)
            image.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { plan.forward(i, batch: 1, into: $0) } }
            let err = relativeError(out, exact)
            #expect(err < 1e-3)
            if width == 6 { #expect(err < 1e-5) }
        }
    }

    @Test(arguments: [spiral, radial, cartesian])
    func nufftOperatorAgreesWithTheExactOperator(trajectory: KSpaceTrajectory) throws {
        let x = randomVector(trajectory.matrix * trajectory.matrix * trajectory.repetitions, seed: 8)
        for effects in [EncodingEffects.none, Self.effects(trajectory)] {
            let exact = try ExactSpatialSpectralOperator(trajectory: trajectory, effects: effects)
            let fast = try NUFFTSpatialSpectralOperator(trajectory: trajectory, effects: effects)
            #expect(relativeError(fast.forward(x), exact.forward(x)) < 1e-3)
            let y = randomVector(exact.rangeCount, seed: 9)
            #expect(relativeError(fast.adjoint(y), exact.adjoint(y)) < 1e-3)
            if trajectory.kind == .cartesian { #expect(fast.segmentCount == 1) }
        }
    }

    @Test(arguments: [spiral, radial, cartesian])
    func adjointsPassTheInnerProductTest(trajectory: KSpaceTrajectory) throws {
        for effects in [EncodingEffects.none, Self.effects(trajectory)] {
            #expect(try ExactSpatialSpectralOperator(trajectory: trajectory, effects: effects).adjointMismatch() < 1e-10)
            #expect(try NUFFTSpatialSpectralOperator(trajectory: trajectory, effects: effects).adjointMismatch() < 1e-4)
        }
    }

    /// The Toeplitz-embedded normal operator is the exact NUDFT's `H^H H` (to the segmentation
    /// tolerance, closer than the gridded NUFFT's own composition) and Hermitian to rounding;
    /// without B0 and T2' it is the composition itself.
    @Test(arguments: [spiral, radial, cartesian])
    func toeplitzNormalOperatorEqualsTheExactNormalOperator(trajectory: KSpaceTrajectory) throws {
        let x = randomVector(trajectory.matrix * trajectory.matrix * trajectory.repetitions, seed: 21)
        let y = randomVector(x.count, seed: 22)
        for effects in [EncodingEffects.none, Self.effects(trajectory)] {
            let exact = try ExactSpatialSpectralOperator(trajectory: trajectory, effects: effects)
            let fast = try NUFFTSpatialSpectralOperator(trajectory: trajectory, effects: effects)
            let toeplitz = ToeplitzNormalEncoding(fast)
            let nx = toeplitz.normal(x)
            // With B0 and T2' the exact sums (measured 2e-15 to 8e-9, the segmentation's error);
            // without, the composition through the Kaiser-Bessel NUFFT (3e-6 to 2e-5).
            #expect(relativeError(nx, exact.adjoint(exact.forward(x))) < (effects.t2PrimeSeconds == nil ? 1e-4 : 1e-7))
            let lhs = ComplexVector.dot(nx, y), rhs = ComplexVector.dot(x, toeplitz.normal(y))
            #expect((lhs - rhs).length / (ComplexVector.norm(nx) * ComplexVector.norm(y)) < 1e-12)
            // Row weights v: the operator is diag(v) H and its normal operator H^H diag(v^2) H.
            var rng = SeededRandom(seed: 23)
            let v = (0..<trajectory.readoutSampleCount).map { _ in rng.uniform(in: 0.2...2) }
            let weighted = ToeplitzNormalEncoding(fast, rowWeights: v)
            let reference = WeightedRowsOperator(base: exact, rowWeights: v, repeats: trajectory.repetitions)
            #expect(relativeError(weighted.normal(x), reference.adjoint(reference.forward(x))) < (effects.t2PrimeSeconds == nil ? 1e-4 : 1e-7))
            #expect(relativeError(weighted.forward(x), reference.forward(x)) < 1e-4)
        }
    }

    /// Lanczos on the normal operator reaches the largest eigenvalue of `H^H H` (power iteration
    /// run to convergence) from below, in a few steps.
    @Test func lanczosNormMatchesConvergedPowerIteration() throws {
        let t = Self.radial
        let toeplitz = ToeplitzNormalEncoding(try NUFFTSpatialSpectralOperator(trajectory: t, effects: Self.effects(t)))
        let converged = toeplitz.normSquaredEstimate(iterations: 3000, tolerance: 1e-13)
        let lanczos = toeplitz.normSquaredLanczos(maxSteps: 40, tolerance: 1e-10)
        #expect(abs(lanczos - converged) / converged < 1e-6)
        #expect(toeplitz.normSquaredLanczos(maxSteps: 3, tolerance: 0) <= converged * (1 + 1e-9))
    }

    @Test func denseMatrixEqualsTheExactOperator() throws {
        let exact = try ExactSpatialSpectralOperator(trajectory: Self.radial, effects: Self.effects(Self.radial))
        let dense = try exact.denseMatrix()
        let x = randomVector(exact.domainCount, seed: 21)
        #expect(relativeError(dense.forward(x), exact.forward(x)) < 1e-12)
        let y = randomVector(exact.rangeCount, seed: 22)
        #expect(relativeError(dense.adjoint(y), exact.adjoint(y)) < 1e-12)
        #expect(dense.adjointMismatch() < 1e-12)
        #expect(throws: ASDSError.self) { try exact.denseMatrix(maxEntries: 100) }
    }

    @Test func fullySampledCartesianCSIIsAScaledUnitaryMap() throws {
        // H = (spatial DFT) x (inverse spectral DFT / S): H^H H = (N^2 / S) I.
        let op = try ExactSpatialSpectralOperator(trajectory: Self.cartesian)
        let s = try op.denseMatrix().singularValues()
        let expected = (Double(64) / 16).squareRoot()
        #expect(s.allSatisfy { abs($0 - expected) < 1e-10 })
    }

    @Test func blochSimulationOfTheReadoutEqualsH() throws {
        // Isochromats at voxel centres, each at a spectral-grid frequency, read out by the Bloch
        // solver along the spiral gradients: the samples must equal H applied to delta spectra.
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 8, spectralPoints: 4, interleaves: 4))
        let voxels = [9, 27, 50], bins = [1, 3, 2]
        let n = t.matrix, s = t.repetitions, dx = t.fovMeters / Double(n)
        var x = [Complex<Double>](repeating: .zero, count: n * n * s)
        var positions: [SIMD2<Double>] = [], offsets: [Double] = []
        for (v, b) in zip(voxels, bins) {
            x[v * s + b] = Complex(Double(s), 0)         // FID e^{i 2 pi f_b t}
            positions.append(SIMD2(Double(v % n - n / 2) * dx, Double(v / n - n / 2) * dx))
            offsets.append(Double(b - s / 2) / (Double(s) * t.repetitionSeconds))
        }
        let h = try ExactSpatialSpectralOperator(trajectory: t).forward(x)
        let e = try IsochromatEnsemble(x: positions.map(\.x), y: positions.map(\.y), z: [0, 0, 0], offResonanceHz: offsets,
                                       t1Seconds: [.infinity, .infinity, .infinity], t2Seconds: [.infinity, .infinity, .infinity], m0: [1, 1, 1])
        let dt = t.limits.rasterSeconds
        for shot in 0..<t.shots {
            // Break the raster at the ADC times so samples fall on step boundaries.
            let g = t.readoutGradients[shot]
            var events: [BlochEvent] = [.idealPulse(flipRadians: .pi / 2, phaseRadians: 0)]
            for _ in 0..<s {
                // (time, is an ADC time), merged within 1e-12 s.
                var marks = (0...g.count).map { (Double($0) * dt, false) } + t.adcTimesSeconds.map { ($0, true) }
                marks.append((t.repetitionSeconds, false))
                marks.sort { $0.0 < $1.0 }
                var merged: [(Double, Bool)] = []
                for m in marks where m.0 <= t.repetitionSeconds + 1e-12 {
                    if let last = merged.last, m.0 - last.0 < 1e-12 { merged[merged.count - 1].1 = last.1 || m.1 } else { merged.append(m) }
                }
                for (a, b) in zip(merged, merged.dropFirst()) {
                    if a.1 { events.append(.sample) }
                    let q = Int((a.0 / dt + 1e-6).rounded(.down))
                    let grad = q < g.count ? SIMD3(g[q].x, g[q].y, 0) : SIMD3<Double>.zero
                    events.append(.waveform(try BlochWaveform(durationsSeconds: [b.0 - a.0], b1Tesla: [.zero], gradientsTeslaPerMeter: [grad]), sampled: false))
                }
            }
            let signal = try BlochSimulator.simulate(e, sequence: BlochSequence(events)).signal.map { $0 * Complex(0, 1) }
            #expect(signal.count == t.samplesPerReadout * s)
            for i in 0..<t.samplesPerReadout {
                for r in 0..<s {
                    let j = shot * t.samplesPerReadout + i
                    #expect((signal[r * t.samplesPerReadout + i] - h[j * s + r]).length < 1e-9)
                }
            }
        }
    }
}

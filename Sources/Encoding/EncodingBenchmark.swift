import ASDSCore
import Bloch
import Foundation
import Numerics

/// Speed and memory figures for `asds bench` (benchmarks, not tests).
public enum EncodingBenchmark {
    public struct NUFFTResult: Sendable {
        public var matrix: Int
        public var spectralPoints: Int
        public var readoutSamples: Int
        /// Seconds per forward + adjoint application, NUFFT and exact (dense spatial DFT by
        /// `zgemm` + the exact spectral step).
        public var nufftSeconds: Double
        public var exactSeconds: Double
        public var speedup: Double { exactSeconds / nufftSeconds }
        /// Relative error of the NUFFT forward against the exact operator.
        public var relativeError: Double
    }

    /// Forward + adjoint of the (x, y, f) -> (k, t) operator for an N x N spiral MRSI with
    /// `spectralPoints` points (defaults: 32 x 32, 512, 4 interleaves), NUFFT against exact.
    public static func nufft(matrix: Int = 32, spectralPoints: Int = 512, interleaves: Int = 4, repeats: Int = 3) throws -> NUFFTResult {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: matrix, spectralPoints: spectralPoints,
                                                             interleaves: interleaves))
        let fast = try NUFFTSpatialSpectralOperator(trajectory: t)
        let exact = try ExactSpatialSpectralOperator(trajectory: t)
        var rng = SeededRandom(seed: 1)
        let x = (0..<fast.domainCount).map { _ in Complex(rng.normal(), rng.normal()) }
        func time(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = now()
                body()
                best = min(best, now() - start)
            }
            return best
        }
        var yFast: [Complex<Double>] = [], yExact: [Complex<Double>] = []
        let nufftSeconds = time { yFast = fast.forward(x); _ = fast.adjoint(yFast) }
        let exactSeconds = time { yExact = exact.forward(x); _ = exact.adjoint(yExact) }
        var num = 0.0, den = 0.0
        for (a, b) in zip(yFast, yExact) { num += (a - b).lengthSquared; den += b.lengthSquared }
        return NUFFTResult(matrix: matrix, spectralPoints: spectralPoints, readoutSamples: t.readoutSampleCount,
                           nufftSeconds: nufftSeconds, exactSeconds: exactSeconds, relativeError: (num / den).squareRoot())
    }

    public struct SingleImageResult: Sendable {
        public var matrix: Int
        public var samples: Int
        /// Seconds per forward transform of one image (one thread: a single image is not split).
        public var seconds: Double
        /// Relative error against the exact sum, over every `stride`-th sample.
        public var relativeError: Double
    }

    /// One forward NUFFT of a 64 x 64 image at the samples of an 8-interleave, 4096-sample
    /// Archimedean spiral reaching k_max = N / (2 FOV): the work `../shared/PEERS.md` times for
    /// finufft (1.65 ms per transform with 1 thread at tolerance 1e-6).
    public static func singleImageNUFFT(matrix n: Int = 64, interleaves: Int = 8, samplesPerInterleave: Int = 4096,
                                        repeats: Int = 50) -> SingleImageResult {
        let fov = 0.2, kMax = Double(n) / (2 * fov), turns = Double(n) / (2 * Double(interleaves))
        var kx: [Double] = [], ky: [Double] = []
        for s in 0..<interleaves {
            for i in 0..<samplesPerInterleave {
                let u = Double(i) / Double(samplesPerInterleave - 1)
                let angle = 2 * Double.pi * (turns * u + Double(s) / Double(interleaves))
                kx.append(kMax * u * cos(angle)); ky.append(kMax * u * sin(angle))
            }
        }
        let plan = NUFFT2D(kx: kx, ky: ky, fovMeters: fov, matrix: n)
        var rng = SeededRandom(seed: 2)
        let image = (0..<(n * n)).map { _ in Complex(rng.normal(), rng.normal()) }
        var values = [Complex<Double>](repeating: .zero, count: kx.count)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = now()
            image.withUnsafeBufferPointer { x in values.withUnsafeMutableBufferPointer { plan.forward(x, batch: 1, into: $0) } }
            best = min(best, now() - start)
        }
        // The exact sum X(k_j) = sum_p x[p] exp(+i 2 pi k_j . r_p) at every 97th sample.
        let dx = fov / Double(n)
        var num = 0.0, den = 0.0
        for j in stride(from: 0, to: kx.count, by: 97) {
            var exact = Complex<Double>.zero
            for p in 0..<(n * n) {
                let phase = 2 * Double.pi * (kx[j] * Double(p % n - n / 2) + ky[j] * Double(p / n - n / 2)) * dx
                exact += image[p] * Complex(cos(phase), sin(phase))
            }
            num += (values[j] - exact).lengthSquared
            den += exact.lengthSquared
        }
        return SingleImageResult(matrix: n, samples: kx.count, seconds: best, relativeError: (num / den).squareRoot())
    }

    public struct MemoryResult: Sendable {
        public var matrix: Int
        public var spectralPoints: Int
        public var seconds: Double
        /// Peak resident set size of the process after the simulation, in bytes.
        public var peakResidentBytes: Int
        public var timeSegments: Int
    }

    /// Simulates an N x N x S spiral MRSI acquisition (defaults 64 x 64 x 1024) of a disc
    /// phantom with a B0 gradient, T2' and eddy currents, and reports the process's peak memory.
    public static func acquisitionMemory(matrix: Int = 64, spectralPoints: Int = 1024) throws -> MemoryResult {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.24, matrix: matrix, spectralPoints: spectralPoints,
                                                             interleaves: 8))
        let axis = try SpectralAxis(b0Tesla: 2.89, points: spectralPoints, bandwidthHz: t.spectralBandwidthHz)
        let lines: [(String, Double, Double)] = [("NAA", 2.01, 3), ("Cr", 3.03, 3), ("Cho", 3.21, 9)]
        let basis = BasisSet(axis: axis, acquisition: AcquisitionParameters(sequence: "PRESS", echoTimeSeconds: 0.03, pulseMode: "ideal"),
                             metabolites: lines.map { name, ppm, protons in
                                 let f = axis.frequencyHz(ppm: ppm)
                                 return BasisMetabolite(name: name, fid: (0..<spectralPoints).map { n in
                                     let a = 2 * Double.pi * f * axis.timeSeconds(at: n)
                                     return Complex(protons * cos(a), protons * sin(a))
                                 })
                             })
        let phantom = Phantom(name: "bench", fovMeters: 0.24, matrix: matrix,
                              voxel: Phantom.Voxel(centerMeters: [0, 0, 0], sizeMeters: [0.12, 0.12, 0.02]),
                              regions: [Phantom.Region(name: "disc", shape: .ellipse, centerMeters: [0, 0], semiAxesMeters: [0.1, 0.1],
                                                       concentrations: ["NAA": 10, "Cr": 8, "Cho": 2], t1Seconds: 1.3, t2Seconds: 0.2,
                                                       t2StarSeconds: 0.05)],
                              b0Map: Phantom.B0Map(gradientHzPerMeter: [20, -10]),
                              eddyCurrents: [.init(amplitudeHz: 5, timeConstantSeconds: 0.05)])
        let start = now()
        let data = try MRSIAcquisition.simulate(phantom: phantom, basis: basis, sequence: MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 1.5),
                                                trajectory: t, noiseStandardDeviation: 1, seed: 1)
        let seconds = now() - start
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return MemoryResult(matrix: matrix, spectralPoints: spectralPoints, seconds: seconds, peakResidentBytes: Int(usage.ru_maxrss) * 1024,
                            timeSegments: data.segmentCount)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
}

import ASDSCore
import Foundation
import Numerics

/// Isochromat throughput of `BlochSimulator` against a straightforward scalar loop on the same
/// problem in the same run (the figure `asds bench` reports; the ratio is what we track).
///
/// Workload: `isochromats` isochromats on a square grid over 0.2 m x 0.2 m with off-resonances in
/// [-50, 50] Hz and finite T1/T2, excited by a 128-step sinc pulse under an x gradient and read
/// out along the first interleave of a 4-interleave spiral (every step a different gradient),
/// sampling at every step.
public enum BlochBenchmark {
    public struct Result: Sendable {
        public var isochromats: Int
        public var steps: Int
        public var threads: Int
        public var seconds: Double
        public var scalarSeconds: Double
        /// Isochromat-steps per second of the solver, and of the scalar loop.
        public var isochromatStepsPerSecond: Double { Double(isochromats * steps) / seconds }
        public var scalarIsochromatStepsPerSecond: Double { Double(isochromats * steps) / scalarSeconds }
        /// Largest |difference| between the two final magnetisations (a correctness check).
        public var maxDifference: Double
    }

    /// Runs the workload once with the solver and once with the scalar loop.
    public static func run(isochromats: Int = 65_536, threads: Int = ComputeSettings.threads) throws -> Result {
        let side = Int(Double(isochromats).squareRoot().rounded(.up))
        let n = side * side
        var xs = [Double](), ys = [Double](), f = [Double]()
        for i in 0..<n {
            xs.append(-0.1 + 0.2 * Double(i % side) / Double(side))
            ys.append(-0.1 + 0.2 * Double(i / side) / Double(side))
            f.append(-50 + 100 * Double((i * 7919) % 1000) / 1000)
        }
        let ensemble = try IsochromatEnsemble(x: xs, y: ys, z: .init(repeating: 0, count: n), offResonanceHz: f,
                                              t1Seconds: .init(repeating: 1.2, count: n), t2Seconds: .init(repeating: 0.08, count: n),
                                              m0: .init(repeating: 1, count: n))
        let pulse = try BlochWaveform.sincPulse(flipRadians: Double.pi / 2, phaseRadians: 0, durationSeconds: 2.56e-3, lobes: 3,
                                                steps: 128, sliceGradient: SIMD3(0.002, 0, 0))
        let spiral = try KSpaceTrajectory.design(TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 32, spectralPoints: 1, interleaves: 4))
        let readout = try spiral.readoutWaveform(shot: 0)
        let sequence = BlochSequence([.waveform(pulse, sampled: false), .waveform(readout, sampled: true)])
        let steps = pulse.count + readout.count
        let start = now()
        let fast = try BlochSimulator.simulate(ensemble, sequence: sequence, threads: threads)
        let seconds = now() - start
        let scalarStart = now()
        let scalar = scalarReference(ensemble, steps: pulse.appending(readout))
        let scalarSeconds = now() - scalarStart
        var diff = 0.0
        for i in 0..<n {
            diff = max(diff, abs(fast.mx[i] - scalar[3 * i]), abs(fast.my[i] - scalar[3 * i + 1]), abs(fast.mz[i] - scalar[3 * i + 2]))
        }
        return Result(isochromats: n, steps: steps, threads: threads, seconds: seconds, scalarSeconds: scalarSeconds, maxDifference: diff)
    }

    /// The straightforward reference: one isochromat at a time (array-of-structures state),
    /// building the rotation from scratch at every step, one thread. Returns (Mx, My, Mz) per
    /// isochromat.
    public static func scalarReference(_ e: IsochromatEnsemble, steps w: BlochWaveform, nucleus: Nucleus = .proton) -> [Double] {
        let gamma = 2 * Double.pi * nucleus.gyromagneticRatioHzPerTesla
        var out = [Double](repeating: 0, count: 3 * e.count)
        for i in 0..<e.count {
            var m = SIMD3<Double>(0, 0, e.m0[i])
            for s in 0..<w.count {
                let dt = w.durationsSeconds[s], g = w.gradientsTeslaPerMeter[s]
                let omega = SIMD3(gamma * w.b1Tesla[s].real, gamma * w.b1Tesla[s].imaginary,
                                  2 * Double.pi * e.offResonanceHz[i] + gamma * (g.x * e.x[i] + g.y * e.y[i] + g.z * e.z[i]))
                let norm = (omega * omega).sum().squareRoot()
                if norm > 0 {
                    let n = omega / norm, th = norm * dt
                    let cross = SIMD3(n.y * m.z - n.z * m.y, n.z * m.x - n.x * m.z, n.x * m.y - n.y * m.x)
                    m = m * cos(th) + cross * sin(th) + n * ((n * m).sum() * (1 - cos(th)))
                }
                let e1 = exp(-dt / e.t1Seconds[i]), e2 = exp(-dt / e.t2Seconds[i])
                m = SIMD3(m.x * e2, m.y * e2, m.z * e1 + e.m0[i] * (1 - e1))
            }
            out[3 * i] = m.x; out[3 * i + 1] = m.y; out[3 * i + 2] = m.z
        }
        return out
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
}

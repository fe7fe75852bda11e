import ASDSCore
import Bloch
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct BlochSolverTests {
    let gammaBar = PhysicalConstants.protonGyromagneticRatioHzPerTesla

    @Test func freePrecessionAndT2DecayMatchTheAnalyticSolution() throws {
        let f = 37.5, t2 = 0.08, dt = 1e-3
        let e = try IsochromatEnsemble.uniform(count: 1, offResonanceHz: f, t1Seconds: 1.2, t2Seconds: t2)
        let seq = BlochSequence([.idealPulse(flipRadians: .pi / 2, phaseRadians: 0),
                                 .waveform(try .delay(dt * 64, steps: 64), sampled: true)])
        let r = try BlochSimulator.simulate(e, sequence: seq)
        for (n, s) in r.signal.enumerated() {
            let t = Double(n) * dt
            // 90x turns +z into -y: M+ = -i exp(i 2 pi f t) exp(-t/T2).
            let expected = Complex(0, -1) * Complex(cos(2 * .pi * f * t), sin(2 * .pi * f * t)).multiplied(by: exp(-t / t2))
            #expect((s - expected).length < 1e-13)
        }
    }

    @Test func inversionRecoveryFollowsT1() throws {
        let t1 = 0.9
        let e = try IsochromatEnsemble.uniform(count: 1, offResonanceHz: 3, t1Seconds: t1, t2Seconds: 0.05)
        for ti in [0.1, 0.5, 1.3] {
            let seq = BlochSequence([.idealPulse(flipRadians: .pi, phaseRadians: 0), .waveform(try .delay(ti, steps: 7), sampled: false)])
            let r = try BlochSimulator.simulate(e, sequence: seq)
            #expect(abs(r.mz[0] - (1 - 2 * exp(-ti / t1))) < 1e-13)
        }
    }

    @Test func hardPulseOffResonanceMatchesTheRabiRotation() throws {
        // A rectangular pulse of amplitude w1 at offset dw: rotation by |W| t about W = (w1, 0, dw).
        let duration = 200e-6, flip = Double.pi / 2, offset = 1500.0
        let pulse = try BlochWaveform.hardPulse(flipRadians: flip, phaseRadians: 0, durationSeconds: duration, steps: 40)
        let e = try IsochromatEnsemble.uniform(count: 1, offResonanceHz: offset)
        let r = try BlochSimulator.simulate(e, sequence: BlochSequence([.waveform(pulse, sampled: false)]))
        let w1 = flip / duration, dw = 2 * Double.pi * offset
        let w = (w1 * w1 + dw * dw).squareRoot(), th = w * duration
        let nx = w1 / w, nz = dw / w
        // R applied to (0, 0, 1): (nx nz (1-c) + 0, -nx s, c + nz^2 (1-c)), with n = (nx, 0, nz).
        let c = cos(th), s = sin(th)
        #expect(abs(r.mx[0] - nx * nz * (1 - c)) < 1e-12)
        #expect(abs(r.my[0] - (-nx * s)) < 1e-12)
        #expect(abs(r.mz[0] - (c + nz * nz * (1 - c))) < 1e-12)
        #expect(abs(r.mx[0] * r.mx[0] + r.my[0] * r.my[0] + r.mz[0] * r.mz[0] - 1) < 1e-13)
    }

    @Test func gradientPhaseIsTwoPiGammaBarTimesTheAreaDotPosition() throws {
        let xs = [-0.01, 0.0, 0.004, 0.02]
        let z = [Double](repeating: 0, count: xs.count)
        let e = try IsochromatEnsemble(x: xs, y: z, z: z, offResonanceHz: z, t1Seconds: .init(repeating: .infinity, count: 4),
                                       t2Seconds: .init(repeating: .infinity, count: 4), m0: .init(repeating: 1, count: 4))
        let g = SIMD3(0.012, 0.0, 0.0), t = 0.7e-3
        let r = try BlochSimulator.simulate(e, sequence: BlochSequence([
            .idealPulse(flipRadians: .pi / 2, phaseRadians: 0), .waveform(try .delay(t, steps: 5, gradient: g), sampled: false)]))
        for (i, x) in xs.enumerated() {
            let phase = 2 * Double.pi * gammaBar * g.x * t * x
            let m = Complex(r.mx[i], r.my[i]) * Complex(0, 1)   // receiver phase: 1 at t = 0
            #expect((m - Complex(cos(phase), sin(phase))).length < 1e-12)
        }
    }

    @Test func resultsAreBitIdenticalForAnyThreadCount() throws {
        let n = 3 * BlochSimulator.chunkSize + 17
        var rng = SeededRandom(seed: 5)
        let xs = (0..<n).map { _ in rng.uniform(in: -0.1...0.1) }
        let zs = (0..<n).map { _ in rng.uniform(in: -0.1...0.1) }
        let f = (0..<n).map { _ in rng.uniform(in: -50...50) }
        let e = try IsochromatEnsemble(x: xs, y: zs, z: xs, offResonanceHz: f, t1Seconds: .init(repeating: 1, count: n),
                                       t2Seconds: .init(repeating: 0.1, count: n), m0: .init(repeating: 1, count: n))
        let pulse = try BlochWaveform.sincPulse(flipRadians: 1, phaseRadians: 0.3, durationSeconds: 2e-3, lobes: 2, steps: 64,
                                                sliceGradient: SIMD3(0.002, 0, 0.001))
        let seq = BlochSequence([.waveform(pulse, sampled: true), .waveform(try .delay(5e-3, steps: 20, gradient: SIMD3(0, 0.01, 0)), sampled: true)])
        let a = try BlochSimulator.simulate(e, sequence: seq, threads: 1)
        let b = try BlochSimulator.simulate(e, sequence: seq, threads: 2)
        let c = try BlochSimulator.simulate(e, sequence: seq, threads: 7)
        #expect(a.signal == b.signal && a.signal == c.signal)
        #expect(a.mx == b.mx && a.my == c.my && a.mz == b.mz)
    }

    @Test func badEnsemblesAndWaveformsAreRejected() {
        #expect(throws: ASDSError.self) { try IsochromatEnsemble(x: [0], y: [0], z: [0], offResonanceHz: [0], t1Seconds: [0], t2Seconds: [1], m0: [1]) }
        #expect(throws: ASDSError.self) { try IsochromatEnsemble(x: [0, 1], y: [0], z: [0], offResonanceHz: [0], t1Seconds: [1], t2Seconds: [1], m0: [1]) }
        #expect(throws: ASDSError.self) { try BlochWaveform(durationsSeconds: [0], b1Tesla: [.zero], gradientsTeslaPerMeter: [.zero]) }
        #expect(throws: ASDSError.self) {
            try BlochSimulator.simulate(try .uniform(count: 1, offResonanceHz: 0), sequence: BlochSequence([.crusher(axis: 0, cycles: 1)]))
        }
    }
}

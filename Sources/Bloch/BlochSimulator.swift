import ASDSCore
import Foundation
import Numerics

/// The result of a Bloch simulation.
public struct BlochResult: Sendable {
    /// The summed transverse magnetisation `sum_i (Mx_i + i My_i)` at every recorded sample.
    public var signal: [Complex<Double>]
    /// Final magnetisation per isochromat.
    public var mx: [Double]
    public var my: [Double]
    public var mz: [Double]
}

/// Solves the Bloch equations for an isochromat ensemble under a `BlochSequence`.
///
/// Sign convention (that of `SpectralAxis`): in the rotating frame `dM/dt = Omega x M` with
/// `Omega = 2 pi gamma_bar (B1x, B1y, 0) + (0, 0, 2 pi (offResonanceHz + gamma_bar G . r))` rad/s, so
/// transverse magnetisation `Mx + i My` of an isochromat at positive off-resonance f evolves as
/// `exp(+i 2 pi f t)`, and a 90 degree pulse about +x turns `+z` into `-y`.
///
/// Each piecewise-constant step is an exact rotation (Rodrigues' formula) followed by exact
/// relaxation (`Mxy *= exp(-dt/T2)`, `Mz = Mz exp(-dt/T1) + M0 (1 - exp(-dt/T1))`). Without RF the
/// two commute and the step is exact; with RF the splitting error is second order in `dt / T2`.
///
/// Isochromats are processed in fixed chunks of `chunkSize`, spread over threads with
/// `Parallel.forEach`; each chunk's partial signal goes to its own slot and slots are summed in
/// chunk order, so the result is bit-identical for any thread count.
public enum BlochSimulator {
    /// Isochromats per chunk.
    public static let chunkSize = 256

    /// Simulates `sequence` on `ensemble` for nucleus `nucleus`.
    public static func simulate(_ ensemble: IsochromatEnsemble, sequence: BlochSequence, nucleus: Nucleus = .proton,
                                threads: Int = ComputeSettings.threads) throws -> BlochResult {
        for event in sequence.events {
            if case let .crusher(axis, _) = event, axis >= ensemble.dephasing.count || axis < 0 {
                throw ASDSError.invalidInput(source: "Bloch sequence", field: "crusher.axis",
                                             reason: "the ensemble has \(ensemble.dephasing.count) crusher axes, crusher uses axis \(axis)")
            }
        }
        let n = ensemble.count
        let samples = sequence.sampleCount
        var mx = [Double](repeating: 0, count: n), my = mx, mz = ensemble.m0
        let chunks = (n + chunkSize - 1) / chunkSize
        var partial = [Complex<Double>](repeating: .zero, count: chunks * samples)
        let gamma = 2 * Double.pi * nucleus.gyromagneticRatioHzPerTesla
        mx.withUnsafeMutableBufferPointer { mxb in
            my.withUnsafeMutableBufferPointer { myb in
                mz.withUnsafeMutableBufferPointer { mzb in
                    partial.withUnsafeMutableBufferPointer { pb in
                        nonisolated(unsafe) let mxp = mxb.baseAddress!, myp = myb.baseAddress!, mzp = mzb.baseAddress!
                        nonisolated(unsafe) let pp = pb.baseAddress!
                        Parallel.forEach(chunks, threads: threads) { c in
                            let lo = c * chunkSize, hi = min(n, lo + chunkSize)
                            var state = ChunkState(ensemble: ensemble, range: lo..<hi, gamma: gamma,
                                                   mx: mxp + lo, my: myp + lo, mz: mzp + lo)
                            state.run(sequence, signal: pp + c * samples)
                        }
                    }
                }
            }
        }
        var signal = [Complex<Double>](repeating: .zero, count: samples)
        for c in 0..<chunks {
            for s in 0..<samples { signal[s] += partial[c * samples + s] }
        }
        return BlochResult(signal: signal, mx: mx, my: my, mz: mz)
    }
}

/// One chunk's working arrays and the step kernel.
struct ChunkState {
    let count: Int
    let gamma: Double
    let mx: UnsafeMutablePointer<Double>, my: UnsafeMutablePointer<Double>, mz: UnsafeMutablePointer<Double>
    var x: [Double], y: [Double], z: [Double], w0: [Double], r1: [Double], r2: [Double], m0: [Double]
    var dephasing: [[Double]]
    // Cached per-step coefficients, reused while consecutive steps are identical.
    var e1: [Double], e2: [Double], lastRelaxDt = -1.0
    var rot: [Double]
    var lastStep: (Double, Complex<Double>, SIMD3<Double>)? = nil

    init(ensemble e: IsochromatEnsemble, range: Range<Int>, gamma: Double,
         mx: UnsafeMutablePointer<Double>, my: UnsafeMutablePointer<Double>, mz: UnsafeMutablePointer<Double>) {
        count = range.count
        self.gamma = gamma
        self.mx = mx; self.my = my; self.mz = mz
        x = Array(e.x[range]); y = Array(e.y[range]); z = Array(e.z[range])
        w0 = e.offResonanceHz[range].map { 2 * Double.pi * $0 }
        r1 = e.t1Seconds[range].map { 1 / $0 }
        r2 = e.t2Seconds[range].map { 1 / $0 }
        m0 = Array(e.m0[range])
        dephasing = e.dephasing.map { Array($0[range]) }
        e1 = .init(repeating: 1, count: count); e2 = e1
        rot = .init(repeating: 0, count: 9 * count)
    }

    mutating func run(_ sequence: BlochSequence, signal: UnsafeMutablePointer<Complex<Double>>) {
        var s = 0
        for event in sequence.events {
            switch event {
            case let .waveform(w, sampled):
                for k in 0..<w.count {
                    if sampled { signal[s] = transverseSum(); s += 1 }
                    step(dt: w.durationsSeconds[k], b1: w.b1Tesla[k], g: w.gradientsTeslaPerMeter[k])
                }
            case let .idealPulse(flip, phase):
                idealPulse(flip: flip, phase: phase)
            case let .crusher(axis, cycles):
                let d = dephasing[axis]
                for i in 0..<count {
                    let a = 2 * Double.pi * Double(cycles) * d[i]
                    let c = cos(a), sn = sin(a)
                    let u = mx[i], v = my[i]
                    mx[i] = c * u - sn * v
                    my[i] = sn * u + c * v
                }
            case .spoil:
                for i in 0..<count { mx[i] = 0; my[i] = 0 }
            case .sample:
                signal[s] = transverseSum(); s += 1
            }
        }
    }

    func transverseSum() -> Complex<Double> {
        var re = 0.0, im = 0.0
        for i in 0..<count { re += mx[i]; im += my[i] }
        return Complex(re, im)
    }

    mutating func idealPulse(flip: Double, phase: Double) {
        let nx = cos(phase), ny = sin(phase)
        let c = cos(flip), sn = sin(flip), oc = 1 - c
        for i in 0..<count {
            let u = mx[i], v = my[i], w = mz[i]
            let dot = nx * u + ny * v
            // n x M with n = (nx, ny, 0): (ny w, -nx w, nx v - ny u)
            mx[i] = u * c + ny * w * sn + nx * dot * oc
            my[i] = v * c - nx * w * sn + ny * dot * oc
            mz[i] = w * c + (nx * v - ny * u) * sn
        }
    }

    /// One piecewise-constant step: exact rotation, then exact relaxation.
    mutating func step(dt: Double, b1: Complex<Double>, g: SIMD3<Double>) {
        if dt != lastRelaxDt {
            for i in 0..<count {
                e1[i] = r1[i] == 0 ? 1 : exp(-dt * r1[i])
                e2[i] = r2[i] == 0 ? 1 : exp(-dt * r2[i])
            }
            lastRelaxDt = dt
        }
        let same = lastStep.map { $0.0 == dt && $0.1 == b1 && $0.2 == g } ?? false
        let wx = gamma * b1.real, wy = gamma * b1.imaginary
        let gx = gamma * g.x, gy = gamma * g.y, gz = gamma * g.z
        if wx == 0 && wy == 0 {
            // Precession about z only: a 2-D rotation, cached while steps repeat.
            if !same {
                for i in 0..<count {
                    let a = (w0[i] + gx * x[i] + gy * y[i] + gz * z[i]) * dt
                    rot[2 * i] = cos(a); rot[2 * i + 1] = sin(a)
                }
                lastStep = (dt, b1, g)
            }
            rot.withUnsafeBufferPointer { r in
                for i in 0..<count {
                    let c = r[2 * i], sn = r[2 * i + 1], u = mx[i], v = my[i]
                    mx[i] = (c * u - sn * v) * e2[i]
                    my[i] = (sn * u + c * v) * e2[i]
                    mz[i] = mz[i] * e1[i] + m0[i] * (1 - e1[i])
                }
            }
            return
        }
        if !same {
            // Rodrigues: R = c I + s [n]x + (1 - c) n n^T, stored row-major per isochromat.
            for i in 0..<count {
                let wz = w0[i] + gx * x[i] + gy * y[i] + gz * z[i]
                let norm = (wx * wx + wy * wy + wz * wz).squareRoot()
                let th = norm * dt
                let nx = wx / norm, ny = wy / norm, nz = wz / norm
                let c = cos(th), sn = sin(th), oc = 1 - c
                let b = 9 * i
                rot[b] = c + nx * nx * oc;      rot[b + 1] = nx * ny * oc - nz * sn; rot[b + 2] = nx * nz * oc + ny * sn
                rot[b + 3] = ny * nx * oc + nz * sn; rot[b + 4] = c + ny * ny * oc; rot[b + 5] = ny * nz * oc - nx * sn
                rot[b + 6] = nz * nx * oc - ny * sn; rot[b + 7] = nz * ny * oc + nx * sn; rot[b + 8] = c + nz * nz * oc
            }
            lastStep = (dt, b1, g)
        }
        rot.withUnsafeBufferPointer { r in
            for i in 0..<count {
                let b = 9 * i, u = mx[i], v = my[i], w = mz[i]
                mx[i] = (r[b] * u + r[b + 1] * v + r[b + 2] * w) * e2[i]
                my[i] = (r[b + 3] * u + r[b + 4] * v + r[b + 5] * w) * e2[i]
                mz[i] = (r[b + 6] * u + r[b + 7] * v + r[b + 8] * w) * e1[i] + m0[i] * (1 - e1[i])
            }
        }
    }
}

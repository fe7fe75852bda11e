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
                            state.release()
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

/// One chunk's working arrays (one allocation, raw pointers so the loops vectorise) and the
/// step kernel.
struct ChunkState {
    let count: Int
    let gamma: Double
    let mx: UnsafeMutablePointer<Double>, my: UnsafeMutablePointer<Double>, mz: UnsafeMutablePointer<Double>
    let storage: UnsafeMutablePointer<Double>
    let x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>
    let w0: UnsafeMutablePointer<Double>, r1: UnsafeMutablePointer<Double>, r2: UnsafeMutablePointer<Double>
    let m0: UnsafeMutablePointer<Double>, e1: UnsafeMutablePointer<Double>, e2: UnsafeMutablePointer<Double>
    let rot: UnsafeMutablePointer<Double>
    let dephasing: [[Double]]
    /// Largest |w0| (rad/s) and |x|, |y|, |z| (m) in the chunk: bound every rotation angle so the
    /// fast sine/cosine is used only where it is accurate.
    let bounds: (w0: Double, x: Double, y: Double, z: Double)
    var lastRelaxDt = -1.0
    var lastStep: (Double, Complex<Double>, SIMD3<Double>)? = nil

    init(ensemble e: IsochromatEnsemble, range: Range<Int>, gamma: Double,
         mx: UnsafeMutablePointer<Double>, my: UnsafeMutablePointer<Double>, mz: UnsafeMutablePointer<Double>) {
        let n = range.count
        count = n
        self.gamma = gamma
        self.mx = mx; self.my = my; self.mz = mz
        storage = .allocate(capacity: 18 * n)
        storage.initialize(repeating: 0, count: 18 * n)
        x = storage; y = storage + n; z = storage + 2 * n; w0 = storage + 3 * n
        r1 = storage + 4 * n; r2 = storage + 5 * n; m0 = storage + 6 * n; e1 = storage + 7 * n; e2 = storage + 8 * n
        rot = storage + 9 * n
        for (k, i) in range.enumerated() {
            x[k] = e.x[i]; y[k] = e.y[i]; z[k] = e.z[i]
            w0[k] = 2 * Double.pi * e.offResonanceHz[i]
            r1[k] = 1 / e.t1Seconds[i]; r2[k] = 1 / e.t2Seconds[i]
            m0[k] = e.m0[i]
        }
        dephasing = e.dephasing.map { Array($0[range]) }
        var b = (w0: 0.0, x: 0.0, y: 0.0, z: 0.0)
        for k in 0..<n {
            b.w0 = max(b.w0, abs(w0[k])); b.x = max(b.x, abs(x[k])); b.y = max(b.y, abs(y[k])); b.z = max(b.z, abs(z[k]))
        }
        bounds = b
    }

    /// An upper bound on |w0 + gamma G . r| over the chunk, in rad/s.
    func offResonanceBound(gx: Double, gy: Double, gz: Double) -> Double {
        bounds.w0 + abs(gx) * bounds.x + abs(gy) * bounds.y + abs(gz) * bounds.z
    }

    func release() { storage.deallocate() }

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

    func idealPulse(flip: Double, phase: Double) {
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

    /// One piecewise-constant step: exact rotation, then exact relaxation. Four isochromats at a
    /// time in SIMD lanes, the remainder one by one. New rotation coefficients are computed and
    /// applied in one pass and kept in planes (`rot + k * count`) for identical following steps.
    mutating func step(dt: Double, b1: Complex<Double>, g: SIMD3<Double>) {
        let n = count
        if dt != lastRelaxDt {
            for i in 0..<n {
                e1[i] = exp(-dt * r1[i])
                e2[i] = exp(-dt * r2[i])
            }
            lastRelaxDt = dt
        }
        let same = lastStep.map { $0.0 == dt && $0.1 == b1 && $0.2 == g } ?? false
        lastStep = (dt, b1, g)
        let wx = gamma * b1.real, wy = gamma * b1.imaginary
        let gx = gamma * g.x, gy = gamma * g.y, gz = gamma * g.z
        let bound = offResonanceBound(gx: gx, gy: gy, gz: gz)
        if wx == 0 && wy == 0 {
            precess(dt: dt, gx: gx, gy: gy, gz: gz, reuse: same, exact: bound * dt > fastTrigLimit)
        } else {
            let wxy2 = wx * wx + wy * wy
            rotate(dt: dt, wx: wx, wy: wy, gx: gx, gy: gy, gz: gz, reuse: same,
                   exact: (wxy2 + bound * bound).squareRoot() * dt > fastTrigLimit)
        }
    }

    /// Rotation about z by `(w0 + gamma G . r) dt`, then relaxation.
    func precess(dt: Double, gx: Double, gy: Double, gz: Double, reuse: Bool, exact: Bool) {
        let n = count, n4 = n & ~3
        let cs = rot, sn = rot + n
        let (mx, my, mz, m0, e1, e2, x, y, z, w0) = (self.mx, self.my, self.mz, self.m0, self.e1, self.e2, self.x, self.y, self.z, self.w0)
        var i = 0
        while i < n4 {
            var c: SIMD4<Double>, s: SIMD4<Double>
            if reuse {
                c = load(cs, i); s = load(sn, i)
            } else {
                let a = (load(w0, i) + gx * load(x, i) + gy * load(y, i) + gz * load(z, i)) * dt
                (s, c) = fastSinCos(a)
                if exact { for l in 0..<4 { s[l] = Foundation.sin(a[l]); c[l] = Foundation.cos(a[l]) } }
                store(c, cs, i); store(s, sn, i)
            }
            let u = load(mx, i), v = load(my, i), d = load(e2, i), l = load(e1, i)
            store((c * u - s * v) * d, mx, i)
            store((s * u + c * v) * d, my, i)
            store(load(mz, i) * l + load(m0, i) * (1 - l), mz, i)
            i += 4
        }
        while i < n {
            if !reuse {
                let a = (w0[i] + gx * x[i] + gy * y[i] + gz * z[i]) * dt
                let (s, c) = exact ? (Foundation.sin(a), Foundation.cos(a)) : fastSinCos(a)
                cs[i] = c; sn[i] = s
            }
            let c = cs[i], s = sn[i], u = mx[i], v = my[i], d = e2[i], l = e1[i]
            mx[i] = (c * u - s * v) * d
            my[i] = (s * u + c * v) * d
            mz[i] = mz[i] * l + m0[i] * (1 - l)
            i += 1
        }
    }

    /// Rodrigues rotation `R = c I + s [n]x + (1 - c) n n^T` about the effective field, then
    /// relaxation; the 9 coefficients per isochromat are kept in planes.
    func rotate(dt: Double, wx: Double, wy: Double, gx: Double, gy: Double, gz: Double, reuse: Bool, exact: Bool) {
        let n = count, n4 = n & ~3
        let wxy2 = wx * wx + wy * wy
        let (mx, my, mz, m0, e1, e2, x, y, z, w0) = (self.mx, self.my, self.mz, self.m0, self.e1, self.e2, self.x, self.y, self.z, self.w0)
        let r0 = rot, r1 = rot + n, r2 = rot + 2 * n, r3 = rot + 3 * n, r4 = rot + 4 * n
        let r5 = rot + 5 * n, r6 = rot + 6 * n, r7 = rot + 7 * n, r8 = rot + 8 * n
        var i = 0
        while i < n4 {
            if !reuse {
                let wz = load(w0, i) + gx * load(x, i) + gy * load(y, i) + gz * load(z, i)
                let norm = (wxy2 + wz * wz).squareRoot()
                let th = norm * dt
                let inv = 1 / norm
                let nx = wx * inv, ny = wy * inv, nz = wz * inv
                var (s, c) = fastSinCos(th)
                if exact { for l in 0..<4 { s[l] = Foundation.sin(th[l]); c[l] = Foundation.cos(th[l]) } }
                let oc = 1 - c
                store(c + nx * nx * oc, r0, i); store(nx * ny * oc - nz * s, r1, i); store(nx * nz * oc + ny * s, r2, i)
                store(ny * nx * oc + nz * s, r3, i); store(c + ny * ny * oc, r4, i); store(ny * nz * oc - nx * s, r5, i)
                store(nz * nx * oc - ny * s, r6, i); store(nz * ny * oc + nx * s, r7, i); store(c + nz * nz * oc, r8, i)
            }
            let u = load(mx, i), v = load(my, i), w = load(mz, i), d = load(e2, i), l = load(e1, i)
            store((load(r0, i) * u + load(r1, i) * v + load(r2, i) * w) * d, mx, i)
            store((load(r3, i) * u + load(r4, i) * v + load(r5, i) * w) * d, my, i)
            store((load(r6, i) * u + load(r7, i) * v + load(r8, i) * w) * l + load(m0, i) * (1 - l), mz, i)
            i += 4
        }
        while i < n {
            if !reuse {
                let wz = w0[i] + gx * x[i] + gy * y[i] + gz * z[i]
                let norm = (wxy2 + wz * wz).squareRoot(), th = norm * dt
                let nx = wx / norm, ny = wy / norm, nz = wz / norm
                let (s, c) = exact ? (Foundation.sin(th), Foundation.cos(th)) : fastSinCos(th)
                let oc = 1 - c
                r0[i] = c + nx * nx * oc; r1[i] = nx * ny * oc - nz * s; r2[i] = nx * nz * oc + ny * s
                r3[i] = ny * nx * oc + nz * s; r4[i] = c + ny * ny * oc; r5[i] = ny * nz * oc - nx * s
                r6[i] = nz * nx * oc - ny * s; r7[i] = nz * ny * oc + nx * s; r8[i] = c + nz * nz * oc
            }
            let u = mx[i], v = my[i], w = mz[i], d = e2[i], l = e1[i]
            mx[i] = (r0[i] * u + r1[i] * v + r2[i] * w) * d
            my[i] = (r3[i] * u + r4[i] * v + r5[i] * w) * d
            mz[i] = (r6[i] * u + r7[i] * v + r8[i] * w) * l + m0[i] * (1 - l)
            i += 1
        }
    }
}

@inline(__always) func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> SIMD4<Double> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always) func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD4<Double>.self)
}

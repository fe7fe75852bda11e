import Foundation
import Numerics
import SpinPhysics

/// Independent constructions used as references by the SpinPhysics tests.
enum Reference {
    /// A strongly coupled three-spin system at 123.2 MHz: offsets 12.3, 0 and -14.8 Hz with
    /// couplings of 12, -15 and 6 Hz (|J| comparable to the shift differences).
    static let abc = SpinSystem(label: "ABC", offsetsHz: [0.10 * 123.2, 0.0, -0.12 * 123.2],
                                couplingsHz: [[0, 12, -15], [12, 0, 6], [-15, 6, 0]])

    /// Dense single-spin operator `a` on spin `spin` in the natural order (bit i = spin i down).
    static func operatorOn(_ spin: Int, _ a: [[Double]], spins n: Int) -> [Double] {
        let d = 1 << n
        var m = [Double](repeating: 0, count: d * d)
        for x in 0..<d {
            for y in 0..<d where (x ^ y) & ~(1 << spin) == 0 {
                m[x * d + y] = a[(x >> spin) & 1][(y >> spin) & 1]
            }
        }
        return m
    }

    static func multiply(_ a: [Double], _ b: [Double], _ d: Int) -> [Double] {
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for k in 0..<d where a[i * d + k] != 0 { for j in 0..<d { c[i * d + j] += a[i * d + k] * b[k * d + j] } } }
        return c
    }

    /// `H = sum nu_i Iz_i + sum_{i<j} J_ij (Ix Ix + Iy Iy + Iz Iz)` from Kronecker-style
    /// operators, in the natural order.
    static func hamiltonian(_ system: SpinSystem) -> [Double] {
        let n = system.spinCount, d = 1 << n
        let iz = [[0.5, 0.0], [0.0, -0.5]], ix = [[0.0, 0.5], [0.5, 0.0]], iyOverI = [[0.0, -0.5], [0.5, 0.0]]
        var h = [Double](repeating: 0, count: d * d)
        for i in 0..<n {
            let z = operatorOn(i, iz, spins: n)
            for e in h.indices { h[e] += system.offsetsHz[i] * z[e] }
            for j in (i + 1)..<max(i + 1, n) {
                let jij = system.coupling(i, j)
                let xx = multiply(operatorOn(i, ix, spins: n), operatorOn(j, ix, spins: n), d)
                let yy = multiply(operatorOn(i, iyOverI, spins: n), operatorOn(j, iyOverI, spins: n), d) // Iy = i * iyOverI
                let zz = multiply(z, operatorOn(j, iz, spins: n), d)
                for e in h.indices { h[e] += jij * (xx[e] - yy[e] + zz[e]) }
            }
        }
        return h
    }

    /// `exp(-i 2 pi H t)` of a real symmetric H (Hz), through its eigen-decomposition.
    static func exponential(_ h: [Double], dimension d: Int, seconds t: Double) -> ComplexMatrix {
        let (values, vectors) = SymmetricEigen.decompose(h, dimension: d)
        var e = ComplexMatrix(rows: d, columns: d)
        for r in 0..<d {
            for c in 0..<d {
                var sr = 0.0, si = 0.0
                for a in 0..<d {
                    let w = vectors[r * d + a] * vectors[c * d + a]
                    sr += w * Foundation.cos(-2 * Double.pi * values[a] * t)
                    si += w * Foundation.sin(-2 * Double.pi * values[a] * t)
                }
                e[r, c] = Complex(sr, si)
            }
        }
        return e
    }

    /// A Hamming-windowed sinc of `samples` samples and time-bandwidth product `tbw`, scaled to
    /// `flipDegrees`, with signed amplitude along x (phases 0 or pi).
    static func hammingSinc(samples: Int, tbw: Double, durationSeconds: Double, flipDegrees: Double) -> RFPulse {
        let s: [Double] = (0..<samples).map { j in
            let x = (Double(j) + 0.5) / Double(samples) - 0.5
            let u = tbw * x
            return (u == 0 ? 1 : Foundation.sin(.pi * u) / (.pi * u)) * (0.54 + 0.46 * Foundation.cos(2 * .pi * x))
        }
        let area = s.reduce(0, +) * durationSeconds / Double(samples)
        let peakHz = flipDegrees / 360 / area
        return RFPulse(b1Hz: s.map { abs($0) * peakHz }, phaseRadians: s.map { $0 >= 0 ? 0 : .pi }, durationSeconds: durationSeconds)
    }
}

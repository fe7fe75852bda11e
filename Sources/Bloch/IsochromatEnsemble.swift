import ASDSCore

/// A set of isochromats stored as structure-of-arrays: one `[Double]` per quantity, index `i`
/// addressing the same isochromat in every array.
///
/// Every isochromat starts at thermal equilibrium, `M = (0, 0, m0)`. Its rotating-frame
/// off-resonance is `offResonanceHz` (chemical shift plus B0 offset) plus `gamma_bar * G . r` from
/// the gradients. `dephasing` holds up to two coordinates in [0, 1) used by ideal crushers
/// (`BlochEvent.crusher`): crusher `a` rotates isochromat `i` about z by `2 pi cycles *
/// dephasing[a][i]`, the discrete stand-in for a spoiler gradient across a voxel.
public struct IsochromatEnsemble: Sendable {
    /// Positions in m.
    public var x: [Double]
    public var y: [Double]
    public var z: [Double]
    /// Off-resonance in the rotating frame without gradients (chemical shift + B0), in Hz.
    public var offResonanceHz: [Double]
    /// Longitudinal relaxation time in s (`.infinity` for none).
    public var t1Seconds: [Double]
    /// Transverse relaxation time in s (`.infinity` for none).
    public var t2Seconds: [Double]
    /// Equilibrium magnetisation (the isochromat's weight in the summed signal).
    public var m0: [Double]
    /// Crusher coordinates in [0, 1): `dephasing[a][i]` for crusher axis `a` (0 or 1).
    public var dephasing: [[Double]]

    /// Number of isochromats.
    public var count: Int { x.count }

    /// Creates an ensemble; every array must have the same length.
    public init(x: [Double], y: [Double], z: [Double], offResonanceHz: [Double],
                t1Seconds: [Double], t2Seconds: [Double], m0: [Double], dephasing: [[Double]] = []) throws {
        let n = x.count
        let arrays: [(String, [Double])] = [("y", y), ("z", z), ("offResonanceHz", offResonanceHz),
                                            ("t1Seconds", t1Seconds), ("t2Seconds", t2Seconds), ("m0", m0)]
        for (name, a) in arrays where a.count != n {
            throw ASDSError.invalidInput(source: "isochromat ensemble", field: name, reason: "has \(a.count) entries, expected \(n)")
        }
        guard dephasing.count <= 2, dephasing.allSatisfy({ $0.count == n }) else {
            throw ASDSError.invalidInput(source: "isochromat ensemble", field: "dephasing", reason: "needs at most 2 axes of \(n) entries")
        }
        for (name, a) in [("t1Seconds", t1Seconds), ("t2Seconds", t2Seconds)] {
            if let bad = a.first(where: { !($0 > 0) }) {
                throw ASDSError.invalidInput(source: "isochromat ensemble", field: name, reason: "must be positive (or infinity), got \(bad)")
            }
        }
        for (name, a) in [("x", x), ("y", y), ("z", z), ("offResonanceHz", offResonanceHz), ("m0", m0)] {
            if let bad = a.first(where: { !$0.isFinite }) {
                throw ASDSError.invalidInput(source: "isochromat ensemble", field: name, reason: "must be finite, got \(bad)")
            }
        }
        self.x = x; self.y = y; self.z = z
        self.offResonanceHz = offResonanceHz
        self.t1Seconds = t1Seconds; self.t2Seconds = t2Seconds
        self.m0 = m0
        self.dephasing = dephasing
    }

    /// `count` isochromats at the origin with one off-resonance and relaxation, weights summing to 1.
    public static func uniform(count: Int, offResonanceHz: Double, t1Seconds: Double = .infinity,
                               t2Seconds: Double = .infinity) throws -> IsochromatEnsemble {
        let z = [Double](repeating: 0, count: count)
        return try IsochromatEnsemble(
            x: z, y: z, z: z, offResonanceHz: .init(repeating: offResonanceHz, count: count),
            t1Seconds: .init(repeating: t1Seconds, count: count), t2Seconds: .init(repeating: t2Seconds, count: count),
            m0: .init(repeating: 1 / Double(max(count, 1)), count: count))
    }

    /// Isochromats on the regular grid `positions` (m) along `axis` (0 = x, 1 = y, 2 = z), each
    /// repeated over an `crusherPoints x crusherPoints` grid of crusher coordinates `k / crusherPoints`
    /// (so ideal crushers of whole cycles cancel every unwanted coherence pathway of order below
    /// `crusherPoints` exactly). Weights sum to 1.
    public static func crushed(positions: [SIMD3<Double>], crusherAxes: Int, crusherPoints: Int,
                               offResonanceHz: Double, t1Seconds: Double = .infinity,
                               t2Seconds: Double = .infinity) throws -> IsochromatEnsemble {
        let c = crusherAxes == 0 ? 1 : (crusherAxes == 1 ? crusherPoints : crusherPoints * crusherPoints)
        let n = positions.count * c
        var xs = [Double](), ys = [Double](), zs = [Double](), d0 = [Double](), d1 = [Double]()
        xs.reserveCapacity(n); ys.reserveCapacity(n); zs.reserveCapacity(n)
        for p in positions {
            for k in 0..<c {
                xs.append(p.x); ys.append(p.y); zs.append(p.z)
                d0.append(Double(k % crusherPoints) / Double(crusherPoints))
                d1.append(Double(k / crusherPoints) / Double(crusherPoints))
            }
        }
        let dephasing: [[Double]] = crusherAxes == 0 ? [] : (crusherAxes == 1 ? [d0] : [d0, d1])
        return try IsochromatEnsemble(
            x: xs, y: ys, z: zs, offResonanceHz: .init(repeating: offResonanceHz, count: n),
            t1Seconds: .init(repeating: t1Seconds, count: n), t2Seconds: .init(repeating: t2Seconds, count: n),
            m0: .init(repeating: 1 / Double(max(n, 1)), count: n), dephasing: dephasing)
    }
}

import SpinPhysics

/// Slice profiles of a pulse from the exact single-spin (Bloch) propagator, offset by offset.
public enum SliceProfile {
    /// Transverse magnetisation |Mxy| after `pulse`, starting from Mz = 1, at each offset (Hz).
    public static func excitation(_ pulse: RFPulse, offsetsHz: [Double]) -> [Double] {
        offsetsHz.map { f in
            let u = propagator(pulse, offsetHz: f)
            // M+ = 2 conj(a) c for the state |up> rotated by U.
            return 2 * (u.a.conjugate * u.c).length
        }
    }

    /// Refocusing efficiency |beta|^2 = |U_01|^2 = (1 - Mz)/2 (the fraction of transverse
    /// magnetisation a crushed spin echo keeps) at each offset (Hz).
    public static func refocusing(_ pulse: RFPulse, offsetsHz: [Double]) -> [Double] {
        offsetsHz.map { f in
            let b = propagator(pulse, offsetHz: f).b
            return b.lengthSquared
        }
    }

    /// Full width at half maximum of `profile` sampled at ascending `offsetsHz`, by linear
    /// interpolation of the two half-maximum crossings around the peak.
    public static func fullWidthHalfMaximum(offsetsHz x: [Double], profile y: [Double]) -> Double {
        precondition(x.count == y.count && x.count > 2)
        guard let peak = y.indices.max(by: { y[$0] < y[$1] }) else { return 0 }
        let half = y[peak] / 2
        var r = peak
        while r + 1 < y.count && y[r] > half { r += 1 }
        var l = peak
        while l > 0 && y[l] > half { l -= 1 }
        let right = x[r - 1] + (half - y[r - 1]) * (x[r] - x[r - 1]) / (y[r] - y[r - 1])
        let left = x[l + 1] + (half - y[l + 1]) * (x[l] - x[l + 1]) / (y[l] - y[l + 1])
        return right - left
    }

    private static func propagator(_ pulse: RFPulse, offsetHz: Double) -> SpinRotation {
        var u = SpinRotation.identity
        for j in 0..<pulse.count {
            u = SpinRotation.evolution(offsetHz: offsetHz, b1Hz: pulse.b1Hz[j], phaseRadians: pulse.phaseRadians[j],
                                       seconds: pulse.sampleSeconds).after(u)
        }
        return u
    }
}

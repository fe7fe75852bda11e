import ASDSCore
import Foundation

/// Gradient waveforms under amplitude and slew limits, piecewise constant on the raster.
///
/// A waveform is `[SIMD2<Double>]` (x, y in T/m), one value per raster step, starting and
/// ending next to zero so that the step from 0 to the first value and from the last value to 0
/// also respect the slew limit.
public enum GradientDesign {
    static var gammaBar: Double { PhysicalConstants.protonGyromagneticRatioHzPerTesla }

    /// The shortest trapezoid (or triangle) with k-space area `k` (1/m, i.e. gamma_bar times the
    /// gradient area) along `k`'s direction, amplitude at most `maxAmplitude`.
    public static func trapezoid(area k: SIMD2<Double>, limits: GradientLimits, maxAmplitude: Double? = nil) -> [SIMD2<Double>] {
        let a = (k * k).sum().squareRoot() / gammaBar
        guard a > 0 else { return [] }
        let direction = k / (k * k).sum().squareRoot()
        let dt = limits.rasterSeconds, s = limits.maxSlewTeslaPerMeterPerSecond
        let gMax = min(maxAmplitude ?? limits.maxGradientTeslaPerMeter, limits.maxGradientTeslaPerMeter)
        let peak = min(gMax, (a * s).squareRoot())
        let nr = max(1, Int((peak / (s * dt)).rounded(.up)))
        let nf = max(1, Int((a / (peak * dt) - Double(nr - 1)).rounded(.up)))
        let amplitude = a / (dt * Double(nr - 1 + nf))
        var shape = [Double]()
        for j in 1..<nr { shape.append(Double(j) / Double(nr)) }
        shape += [Double](repeating: 1, count: nf)
        for j in 1..<nr { shape.append(Double(nr - j) / Double(nr)) }
        return shape.map { direction * (amplitude * $0) }
    }

    /// A linear ramp from `g0` (exclusive) down to zero (inclusive: the last step is 0) at the
    /// slew limit, so that any waveform may follow.
    public static func rampDown(from g0: SIMD2<Double>, limits: GradientLimits) -> [SIMD2<Double>] {
        let m = (g0 * g0).sum().squareRoot()
        let n = max(1, Int((m / (limits.maxSlewTeslaPerMeterPerSecond * limits.rasterSeconds)).rounded(.up)))
        return (1...n).map { g0 * (Double(n - $0) / Double(n)) }
    }

    /// The time-optimal traversal (Lustig, Kim and Pauly, IEEE TMI 2008) of the planar curve
    /// `curve` (k-space points in 1/m, densely sampled, starting at the waveform's k) from rest,
    /// with k-space speed at most `gamma_bar * maxAmplitude` and acceleration at most
    /// `gamma_bar * slew`, both scaled by `margin` to absorb discretisation. Returns the gradient
    /// on the raster; the last step may overshoot the curve's end by less than one raster step.
    public static func timeOptimal(curve: [SIMD2<Double>], limits: GradientLimits, maxAmplitude: Double,
                                   margin: Double = 0.95) -> [SIMD2<Double>] {
        // Uniform arc-length resampling.
        var s = [0.0]
        for m in 1..<curve.count {
            let d = curve[m] - curve[m - 1]
            s.append(s[m - 1] + (d * d).sum().squareRoot())
        }
        let total = s.last!
        let count = max(2000, min(400_000, curve.count))
        let ds = total / Double(count - 1)
        var p = [SIMD2<Double>](repeating: .zero, count: count)
        var j = 0
        for m in 0..<count {
            let target = Double(m) * ds
            while j < curve.count - 2 && s[j + 1] < target { j += 1 }
            let span = s[j + 1] - s[j]
            let t = span > 0 ? min(1, max(0, (target - s[j]) / span)) : 0
            p[m] = curve[j] + (curve[j + 1] - curve[j]) * t
        }
        let vMax = gammaBar * min(maxAmplitude, limits.maxGradientTeslaPerMeter) * margin
        let aMax = gammaBar * limits.maxSlewTeslaPerMeterPerSecond * margin
        var kappa = [Double](repeating: 0, count: count)
        for m in 1..<(count - 1) {
            let second = (p[m + 1] - 2 * p[m] + p[m - 1]) / (ds * ds)
            kappa[m] = (second * second).sum().squareRoot()
        }
        kappa[0] = kappa[1]; kappa[count - 1] = kappa[count - 2]
        var v = [Double](repeating: 0, count: count)
        let limit = kappa.map { k in k > 0 ? min(vMax, (aMax / k).squareRoot()) : vMax }
        func accel(_ m: Int, _ speed: Double) -> Double {
            let normal = kappa[m] * speed * speed
            return (max(0, aMax * aMax - normal * normal)).squareRoot()
        }
        for m in 0..<(count - 1) {
            v[m + 1] = min(limit[m + 1], (v[m] * v[m] + 2 * ds * accel(m, v[m])).squareRoot())
        }
        for m in stride(from: count - 2, through: 1, by: -1) {
            v[m] = min(v[m], (v[m + 1] * v[m + 1] + 2 * ds * accel(m + 1, v[m + 1])).squareRoot())
        }
        // Time at each arc-length point, then k on the raster.
        var time = [Double](repeating: 0, count: count)
        for m in 1..<count { time[m] = time[m - 1] + 2 * ds / (v[m - 1] + v[m]) }
        let dt = limits.rasterSeconds
        let steps = Int((time[count - 1] / dt).rounded(.up))
        var k = [SIMD2<Double>](repeating: .zero, count: steps + 1)
        var m = 0
        for q in 0...steps {
            let t = Double(q) * dt
            if t >= time[count - 1] {
                // Past the end: continue along the last tangent at the final speed.
                let tangent = (p[count - 1] - p[count - 2]) / ds
                k[q] = p[count - 1] + tangent * (v[count - 1] * (t - time[count - 1]))
                continue
            }
            while m < count - 2 && time[m + 1] < t { m += 1 }
            let f = (t - time[m]) / (time[m + 1] - time[m])
            k[q] = p[m] + (p[m + 1] - p[m]) * f
        }
        return (0..<steps).map { (k[$0 + 1] - k[$0]) / (gammaBar * dt) }
    }
}

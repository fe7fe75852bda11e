import Numerics

/// The elementwise passes of the proximal-gradient loop (`SparseDeconvolution`), over complex
/// buffers viewed as interleaved doubles, two complex numbers per `SIMD4<Double>`. Reductions keep
/// four lane accumulators summed in a fixed order, so results are deterministic (they do not depend
/// on threads), though not bitwise equal to a scalar loop's.
enum ProximalGradientKernels {
    /// The sums a shrinkage step returns: `||u - z||^2`, `||u||^2` and `sum_i w_i |u_i|`.
    struct StepSums {
        var step: Double
        var norm: Double
        var weightedL1: Double
    }

    /// `u = soft(z - g * inverseL, threshold * w)` elementwise (w = 1 without weights).
    static func shrink(z: UnsafePointer<Complex<Double>>, gradient g: UnsafePointer<Complex<Double>>, inverseL: Double,
                       threshold: Double, weights: UnsafePointer<Double>?, into u: UnsafeMutablePointer<Complex<Double>>,
                       count n: Int) -> StepSums {
        let zd = UnsafeRawPointer(z), gd = UnsafeRawPointer(g), ud = UnsafeMutableRawPointer(u)
        var step = SIMD4<Double>(), norm = SIMD4<Double>(), l1 = SIMD4<Double>()
        let tiny = SIMD4<Double>(repeating: .leastNonzeroMagnitude)
        var i = 0
        while i + 2 <= n {
            let offset = i * MemoryLayout<Complex<Double>>.stride
            let zv = zd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let gv = gd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let v = zv - gv * inverseL
            let sq = v * v
            // |v|^2 of each complex number in both of its lanes.
            let magnitude = (sq + SIMD4(sq[1], sq[0], sq[3], sq[2])).squareRoot()
            let w = weights.map { SIMD4($0[i], $0[i], $0[i + 1], $0[i + 1]) } ?? SIMD4(repeating: 1)
            let f = lanewiseMax(SIMD4(), 1 - threshold * w / lanewiseMax(magnitude, tiny))
            let uv = v * f
            ud.storeBytes(of: uv, toByteOffset: offset, as: SIMD4<Double>.self)
            norm += uv * uv
            l1 += magnitude * f * w
            let d = uv - zv
            step += d * d
            i += 2
        }
        // Each |u_i| was summed in both of its lanes.
        var sums = StepSums(step: step.sum(), norm: norm.sum(), weightedL1: l1.sum() / 2)
        while i < n {
            let zi = z[i], gi = g[i]
            let vr = zi.real - gi.real * inverseL, vi = zi.imaginary - gi.imaginary * inverseL
            let magnitude = (vr * vr + vi * vi).squareRoot()
            let wi = weights?[i] ?? 1
            let f = Swift.max(0.0, 1 - threshold * wi / Swift.max(magnitude, .leastNonzeroMagnitude))
            let ur = vr * f, ui = vi * f
            u[i] = Complex(ur, ui)
            sums.norm += ur * ur + ui * ui
            sums.weightedL1 += magnitude * f * wi
            let dr = ur - zi.real, di = ui - zi.imaginary
            sums.step += dr * dr + di * di
            i += 1
        }
        return sums
    }

    /// `max(a, b)` per lane, concrete so that it compiles to one vector instruction (the standard
    /// library's generic `pointwiseMax` was not specialised and cost more than the rest of the step).
    @inline(__always)
    private static func lanewiseMax(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(a[0] > b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1], a[2] > b[2] ? a[2] : b[2], a[3] > b[3] ? a[3] : b[3])
    }

    /// `out = a + c (a - b)` elementwise (`out` may be `b`).
    static func extrapolate(_ a: UnsafePointer<Complex<Double>>, from b: UnsafePointer<Complex<Double>>, by c: Double,
                            into out: UnsafeMutablePointer<Complex<Double>>, count n: Int) {
        let ad = UnsafeRawPointer(a), bd = UnsafeRawPointer(b), od = UnsafeMutableRawPointer(out)
        var i = 0
        while i + 2 <= n {
            let offset = i * MemoryLayout<Complex<Double>>.stride
            let av = ad.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let bv = bd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            od.storeBytes(of: av + (av - bv) * c, toByteOffset: offset, as: SIMD4<Double>.self)
            i += 2
        }
        while i < n {
            out[i] = a[i] + (a[i] - b[i]).multiplied(by: c)
            i += 1
        }
    }

    /// `g = g - b` elementwise; returns `(Re <s, g>, Re <s, b>)` with the new g.
    static func subtractAndCorrelate(_ g: UnsafeMutablePointer<Complex<Double>>, minus b: UnsafePointer<Complex<Double>>,
                                     against s: UnsafePointer<Complex<Double>>, count n: Int) -> (sg: Double, sb: Double) {
        let gd = UnsafeMutableRawPointer(g), bd = UnsafeRawPointer(b), sd = UnsafeRawPointer(s)
        var sg = SIMD4<Double>(), sb = SIMD4<Double>()
        var i = 0
        while i + 2 <= n {
            let offset = i * MemoryLayout<Complex<Double>>.stride
            let bv = bd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let sv = sd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let gv = gd.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) - bv
            gd.storeBytes(of: gv, toByteOffset: offset, as: SIMD4<Double>.self)
            sg += sv * gv
            sb += sv * bv
            i += 2
        }
        var result = (sg: sg.sum(), sb: sb.sum())
        while i < n {
            g[i] = g[i] - b[i]
            result.sg += s[i].real * g[i].real + s[i].imaginary * g[i].imaginary
            result.sb += s[i].real * b[i].real + s[i].imaginary * b[i].imaginary
            i += 1
        }
        return result
    }
}

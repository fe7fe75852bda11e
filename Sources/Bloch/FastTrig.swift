import Foundation

/// Sine and cosine without a library call, on scalars and on four SIMD lanes.
///
/// Range reduction `x = k pi/2 + r`, `|r| <= pi/4`, with a three-part (Cody-Waite) pi/2 and a
/// round-to-nearest by adding 1.5 * 2^52; then the fdlibm kernel polynomials for sin and cos on
/// [-pi/4, pi/4] and a quadrant swap by bit operations. Absolute error below 5e-16 for
/// `|x| <= fastTrigLimit` (checked against libm over 2e5 random arguments); beyond it callers use
/// `Foundation.sin`/`cos`.
@usableFromInline let fastTrigLimit = 1.0e5

@usableFromInline enum Trig {
    @usableFromInline static let magic = 6_755_399_441_055_744.0              // 1.5 * 2^52
    @usableFromInline static let twoOverPi = 0.636_619_772_367_581_382_43
    // pi/2 = p1 + p2 + p3 (fdlibm's pio2_1, pio2_2, pio2_2t).
    @usableFromInline static let p1 = 1.570_796_326_734_125_614_17
    @usableFromInline static let p2 = 6.077_100_506_303_965_976_60e-11
    @usableFromInline static let p3 = 2.022_266_248_795_950_732_40e-21
    @usableFromInline static let s1 = -1.666_666_666_666_663_243_48e-01
    @usableFromInline static let s2 = 8.333_333_333_322_489_461_24e-03
    @usableFromInline static let s3 = -1.984_126_982_985_794_931_23e-04
    @usableFromInline static let s4 = 2.755_731_370_707_006_767_89e-06
    @usableFromInline static let s5 = -2.505_076_025_340_686_341_18e-08
    @usableFromInline static let s6 = 1.589_690_995_211_550_424_46e-10
    @usableFromInline static let c1 = 4.166_666_666_666_660_190_37e-02
    @usableFromInline static let c2 = -1.388_888_888_888_741_095_749e-03
    @usableFromInline static let c3 = 2.480_158_728_947_672_941_70e-05
    @usableFromInline static let c4 = -2.755_731_435_139_066_330_43e-07
    @usableFromInline static let c5 = 2.087_572_321_298_174_827_31e-09
    @usableFromInline static let c6 = -1.135_964_755_778_819_479_92e-11
}

@inlinable @inline(__always)
func fastSinCos(_ x: Double) -> (sin: Double, cos: Double) {
    let v = fastSinCos(SIMD4<Double>(x, 0, 0, 0))
    return (v.sin[0], v.cos[0])
}

@inlinable @inline(__always)
func fastSinCos(_ x: SIMD4<Double>) -> (sin: SIMD4<Double>, cos: SIMD4<Double>) {
    let t: SIMD4<Double> = x * Trig.twoOverPi + Trig.magic
    let k = unsafeBitCast(t, to: SIMD4<UInt64>.self)
    let q: SIMD4<Double> = t - Trig.magic
    var r: SIMD4<Double> = x - q * Trig.p1
    r -= q * Trig.p2
    r -= q * Trig.p3
    let z = r * r
    var sp = SIMD4<Double>(repeating: Trig.s6)
    sp = sp * z + Trig.s5
    sp = sp * z + Trig.s4
    sp = sp * z + Trig.s3
    sp = sp * z + Trig.s2
    sp = sp * z + Trig.s1
    let s: SIMD4<Double> = r + r * z * sp
    var cp = SIMD4<Double>(repeating: Trig.c6)
    cp = cp * z + Trig.c5
    cp = cp * z + Trig.c4
    cp = cp * z + Trig.c3
    cp = cp * z + Trig.c2
    cp = cp * z + Trig.c1
    let c: SIMD4<Double> = (1 - 0.5 * z) + z * z * cp
    let swap = (k & 1) .!= 0
    let sinValue = s.replacing(with: c, where: swap)
    let cosValue = c.replacing(with: s, where: swap)
    let sinBits = unsafeBitCast(sinValue, to: SIMD4<UInt64>.self) ^ ((k & 2) &<< 62)
    let cosBits = unsafeBitCast(cosValue, to: SIMD4<UInt64>.self) ^ (((k &+ 1) & 2) &<< 62)
    return (unsafeBitCast(sinBits, to: SIMD4<Double>.self), unsafeBitCast(cosBits, to: SIMD4<Double>.self))
}

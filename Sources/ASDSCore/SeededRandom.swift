import Foundation

/// A seeded, splittable pseudo-random generator (xoshiro256** seeded through SplitMix64).
///
/// Streams are addressed by a seed and a path of integers, for example
/// `SeededRandom(seed: suiteSeed, path: [itemIndex, purpose])`, so any item of a dataset can be
/// regenerated alone and a sharded or multi-threaded run draws exactly the numbers a single
/// sequential run draws. The generator is a value type: copying it forks the stream.
///
/// Every distribution here is implemented in this file (not through the standard library's
/// `random(in:using:)`, whose algorithm may change between Swift releases), so a seed gives the
/// same numbers on every platform and toolchain with IEEE-754 doubles and a correctly rounded
/// `log` and `exp`.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The stream addressed by `seed` and `path`.
    public init(seed: UInt64, path: [UInt64] = []) {
        var key = SeededRandom.splitMix(seed &+ 0x9E37_79B9_7F4A_7C15)
        for component in path {
            key = SeededRandom.splitMix(key ^ SeededRandom.splitMix(component &+ 0xD1B5_4A32_D192_ED03))
        }
        var x = key
        func next() -> UInt64 {
            x = x &+ 0x9E37_79B9_7F4A_7C15
            return SeededRandom.splitMix(x)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Convenience for `Int` path components (indices must be non-negative).
    public init(seed: UInt64, path: Int...) {
        self.init(seed: seed, path: path.map { UInt64($0) })
    }

    @inline(__always)
    private static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 { nextBits() }

    @usableFromInline
    mutating func nextBits() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// A uniform draw from [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(nextBits() >> 11) * 0x1.0p-53
    }

    /// A uniform draw from `range` (both ends allowed; a degenerate range returns its bound).
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A uniform integer from `range`, by rejection (no modulo bias).
    public mutating func integer(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "empty range")
        let span = UInt64(range.upperBound - range.lowerBound)
        let limit = UInt64.max - UInt64.max % span
        var r = nextBits()
        while r >= limit { r = nextBits() }
        return range.lowerBound + Int(r % span)
    }

    /// A standard normal draw (Marsaglia-Tsang ziggurat, 128 layers; about 97% of draws cost one
    /// 64-bit random number, one multiply and one comparison).
    public mutating func normal() -> Double {
        let z = Ziggurat.shared
        while true {
            let bits = nextBits()
            let hz = Int32(truncatingIfNeeded: bits >> 32)
            let iz = Int(hz & 127)
            let x = Double(hz) * z.w[iz]
            if abs(Int64(hz)) < z.k[iz] { return x }
            if iz == 0 {
                // The tail beyond r, by Marsaglia's exponential rejection.
                while true {
                    let tx = -Foundation.log(1 - uniform()) / Ziggurat.r
                    let ty = -Foundation.log(1 - uniform())
                    if ty + ty >= tx * tx { return hz > 0 ? Ziggurat.r + tx : -Ziggurat.r - tx }
                }
            }
            if z.f[iz] + uniform() * (z.f[iz - 1] - z.f[iz]) < Foundation.exp(-0.5 * x * x) { return x }
        }
    }

    /// A normal draw with the given mean and standard deviation.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// Fisher-Yates shuffle of `array` with this stream.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = integer(in: 0..<(i + 1))
            array.swapAt(i, j)
        }
    }
}

/// Tables of the 128-layer ziggurat for the standard normal (Marsaglia and Tsang, J Stat Softw
/// 2000;5(8)), computed once in double precision.
private struct Ziggurat: Sendable {
    static let r = 3.442619855899
    static let shared = Ziggurat()
    /// Acceptance thresholds on |hz| per layer.
    let k: [Int64]
    /// Scale from the 32-bit integer to x per layer.
    let w: [Double]
    /// Density exp(-x^2/2) at each layer's edge.
    let f: [Double]

    private init() {
        let m1 = 2147483648.0, v = 9.91256303526217e-3
        var dn = Ziggurat.r, tn = dn
        var k = [Int64](repeating: 0, count: 128), w = [Double](repeating: 0, count: 128), f = [Double](repeating: 0, count: 128)
        let q = v / Foundation.exp(-0.5 * dn * dn)
        k[0] = Int64((dn / q) * m1)
        k[1] = 0
        w[0] = q / m1
        w[127] = dn / m1
        f[0] = 1
        f[127] = Foundation.exp(-0.5 * dn * dn)
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * Foundation.log(v / dn + Foundation.exp(-0.5 * dn * dn))).squareRoot()
            k[i + 1] = Int64((dn / tn) * m1)
            tn = dn
            f[i] = Foundation.exp(-0.5 * dn * dn)
            w[i] = dn / m1
        }
        self.k = k
        self.w = w
        self.f = f
    }
}

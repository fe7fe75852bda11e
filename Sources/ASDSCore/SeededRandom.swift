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
/// `log`, `sin`, `cos`.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double?

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

    /// A standard normal draw (Box-Muller; the second value of each pair is kept for the next call).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = uniform()
        while u1 == 0 { u1 = uniform() }
        let u2 = uniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
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

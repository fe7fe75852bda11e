import Numerics

/// Proximal operators and the penalties they belong to (sigpy's `prox`).
public enum Proximal {
    /// Complex soft thresholding, the proximal operator of `threshold * ||.||_1`:
    /// `z -> z * max(0, 1 - threshold / |z|)`, elementwise, written into `output` (which may be
    /// `input`).
    @inlinable
    public static func softThreshold(_ input: UnsafeBufferPointer<Complex<Double>>, threshold: Double,
                                     into output: UnsafeMutableBufferPointer<Complex<Double>>) {
        for i in 0..<input.count {
            let z = input[i]
            let m2 = z.real * z.real + z.imaginary * z.imaginary
            if m2 <= threshold * threshold {
                output[i] = .zero
            } else {
                output[i] = z.multiplied(by: 1 - threshold / m2.squareRoot())
            }
        }
    }

    /// `softThreshold` on arrays.
    public static func softThreshold(_ z: [Complex<Double>], threshold: Double) -> [Complex<Double>] {
        var out = z
        z.withUnsafeBufferPointer { zi in out.withUnsafeMutableBufferPointer { softThreshold(zi, threshold: threshold, into: $0) } }
        return out
    }

    /// The l1 norm `sum |z_i|` of a complex vector.
    @inlinable
    public static func l1Norm(_ z: UnsafeBufferPointer<Complex<Double>>) -> Double {
        var s = 0.0
        for v in z { s += (v.real * v.real + v.imaginary * v.imaginary).squareRoot() }
        return s
    }
}

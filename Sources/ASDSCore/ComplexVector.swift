import Numerics

/// Small BLAS-1 style helpers on complex vectors (contiguous `[Complex<Double>]`).
public enum ComplexVector {
    /// `<a, b> = sum conj(a_i) b_i`.
    public static func dot(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Complex<Double> {
        precondition(a.count == b.count)
        var re = 0.0, im = 0.0
        for i in a.indices {
            re += a[i].real * b[i].real + a[i].imaginary * b[i].imaginary
            im += a[i].real * b[i].imaginary - a[i].imaginary * b[i].real
        }
        return Complex(re, im)
    }

    /// Euclidean norm.
    public static func norm(_ a: [Complex<Double>]) -> Double {
        var s = 0.0
        for v in a { s += v.real * v.real + v.imaginary * v.imaginary }
        return s.squareRoot()
    }

    /// Multiplies every element by a real factor, in place.
    public static func scale(_ a: inout [Complex<Double>], by factor: Double) {
        for i in a.indices { a[i] = a[i].multiplied(by: factor) }
    }
}

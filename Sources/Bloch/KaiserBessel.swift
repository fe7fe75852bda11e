import Foundation

/// The Kaiser-Bessel gridding kernel of Beatty, Nishimura and Pauly (IEEE TMI 2005).
///
/// `value(u) = I0(beta sqrt(1 - (2u/W)^2))` for `|u| <= W/2` (u in oversampled-grid units),
/// with `beta = pi sqrt(W^2/alpha^2 (alpha - 1/2)^2 - 0.8)` for oversampling `alpha`; 0 outside.
/// Its Fourier transform (for deapodisation) is
/// `W sinh(sqrt(beta^2 - (pi W x)^2)) / sqrt(beta^2 - (pi W x)^2)` at `x` cycles per grid unit
/// (`sin` of the imaginary root where `pi W |x| > beta`).
public struct KaiserBesselKernel: Sendable, Equatable {
    /// Kernel width W in oversampled-grid units.
    public let width: Int
    /// Grid oversampling factor alpha.
    public let oversampling: Double
    /// Shape parameter beta.
    public let beta: Double

    public init(width: Int = 6, oversampling: Double = 2) {
        self.width = width
        self.oversampling = oversampling
        let w = Double(width), a = oversampling
        beta = Double.pi * (w * w / (a * a) * (a - 0.5) * (a - 0.5) - 0.8).squareRoot()
    }

    /// The kernel at offset `u` (grid units).
    @inlinable
    public func value(_ u: Double) -> Double {
        let r = 2 * u / Double(width)
        let s = 1 - r * r
        return s < 0 ? 0 : KaiserBesselKernel.besselI0(beta * s.squareRoot())
    }

    /// The kernel's continuous Fourier transform at `x` cycles per grid unit.
    public func transform(_ x: Double) -> Double {
        let w = Double(width)
        let q = beta * beta - Double.pi * Double.pi * w * w * x * x
        if q > 1e-12 {
            let r = q.squareRoot()
            return w * sinh(r) / r
        } else if q < -1e-12 {
            let r = (-q).squareRoot()
            return w * sin(r) / r
        }
        return w
    }

    /// The modified Bessel function of the first kind, order 0 (power series; relative error
    /// below 1e-15 for the arguments used here, x < 30).
    @inlinable
    public static func besselI0(_ x: Double) -> Double {
        let y = x * x / 4
        var term = 1.0, sum = 1.0, k = 1.0
        while term > 1e-17 * sum {
            term *= y / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}

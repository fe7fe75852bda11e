import ASDSCore
import Bloch
import Foundation
import Numerics

/// The spatial point-spread function of density-compensated gridding reconstruction along a
/// trajectory: `psf(r) = sum_j w_j e^{-i 2 pi k_j . r} / sum_j w_j`, the image a point at the
/// origin produces (w = density-compensation weights; one repetition of the readout, since the
/// PSF does not depend on the spectral dimension). Evaluated by exact sums, so it is the PSF of
/// the continuous image, not only its values on the voxel grid. With the encoding kernel
/// `e^{+i 2 pi k . r}` (`SpatialSpectralEncoding`) the reconstruction applies the conjugate.
///
/// Analytic references: a fully sampled Cartesian grid of N points per axis gives the Dirichlet
/// kernel `e^{+i pi x / FOV} sin(pi N x / FOV) / (N sin(pi x / FOV))` along each axis (FWHM
/// 1.21 dx for large N); uniform coverage of the disc `|k| <= N / (2 FOV)` gives the jinc
/// `2 J1(pi N |r| / FOV) / (pi N |r| / FOV)` (FWHM 1.41 dx).
public enum PointSpreadFunction {
    /// The PSF along `axis` (0 = x, 1 = y) through the origin, at `positionsMeters`.
    public static func profile(_ t: KSpaceTrajectory, axis: Int, positionsMeters: [Double]) -> [Complex<Double>] {
        let k = axis == 0 ? t.kx : t.ky
        let total = t.densityWeights.reduce(0, +)
        return Parallel.map(positionsMeters.count) { q in
            let x = positionsMeters[q]
            var re = 0.0, im = 0.0
            for j in 0..<k.count {
                let a = -2 * Double.pi * k[j] * x
                re += t.densityWeights[j] * cos(a); im += t.densityWeights[j] * sin(a)
            }
            return Complex(re / total, im / total)
        }
    }

    /// The PSF on a square grid of `(2 halfWidthVoxels upsampling + 1)^2` points spaced
    /// `dx / upsampling` around the origin; row-major (y, x).
    public static func map(_ t: KSpaceTrajectory, halfWidthVoxels: Int = 4, upsampling: Int = 4) -> (values: [Complex<Double>], spacingMeters: Double, side: Int) {
        let dx = t.fovMeters / Double(t.matrix) / Double(upsampling)
        let h = halfWidthVoxels * upsampling, side = 2 * h + 1
        let total = t.densityWeights.reduce(0, +)
        let values: [Complex<Double>] = Parallel.map(side * side) { q in
            let x = Double(q % side - h) * dx, y = Double(q / side - h) * dx
            var re = 0.0, im = 0.0
            for j in 0..<t.kx.count {
                let a = -2 * Double.pi * (t.kx[j] * x + t.ky[j] * y)
                re += t.densityWeights[j] * cos(a); im += t.densityWeights[j] * sin(a)
            }
            return Complex(re / total, im / total)
        }
        return (values, dx, side)
    }

    /// Full width at half maximum of `|psf|` along `axis`, in m, from a profile sampled at
    /// `dx / 200` over `+-2 dx` with linear interpolation at the half-maximum crossings.
    public static func fwhmMeters(_ t: KSpaceTrajectory, axis: Int) -> Double {
        let dx = t.fovMeters / Double(t.matrix)
        let positions = (0...800).map { -2 * dx + Double($0) * dx / 200 }
        return fwhm(positions: positions, magnitudes: profile(t, axis: axis, positionsMeters: positions).map(\.length))
    }

    /// FWHM of a sampled peak (the central lobe around the largest value), in the units of
    /// `positions`.
    public static func fwhm(positions: [Double], magnitudes m: [Double]) -> Double {
        guard let peak = m.indices.max(by: { m[$0] < m[$1] }) else { return 0 }
        let half = m[peak] / 2
        var lo = peak, hi = peak
        while lo > 0 && m[lo - 1] >= half { lo -= 1 }
        while hi < m.count - 1 && m[hi + 1] >= half { hi += 1 }
        func cross(_ a: Int, _ b: Int) -> Double {
            positions[a] + (half - m[a]) / (m[b] - m[a]) * (positions[b] - positions[a])
        }
        let left = lo > 0 ? cross(lo - 1, lo) : positions[lo]
        let right = hi < m.count - 1 ? cross(hi + 1, hi) : positions[hi]
        return right - left
    }
}

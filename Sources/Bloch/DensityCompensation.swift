import ASDSCore
import Foundation

/// Density-compensation weights for non-Cartesian samples, in units of `(1/FOV)^2`.
public enum DensityCompensation {
    /// Pipe and Menon's fixed-point iteration (MRM 1999): `w <- w / (C w)`, where
    /// `(C w)_j = sum_i w_i K(|k_j - k_i|)` is the sample-to-sample convolution with a radial
    /// Kaiser-Bessel kernel of radius `kernelRadiusInverseFOV / FOV` (1/m). The converged weights
    /// make the convolved sampling density flat; they are then scaled so that they sum to
    /// `coveredArea * FOV^2` (the area of the disc of radius `kMax` unless given).
    public static func pipeMenon(kx: [Double], ky: [Double], fovMeters: Double, kMax: Double,
                                 iterations: Int = 30, kernelRadiusInverseFOV: Double = 2) -> [Double] {
        let n = kx.count
        guard n > 0 else { return [] }
        let radius = kernelRadiusInverseFOV / fovMeters
        let kernel = KaiserBesselKernel(width: 4, oversampling: 2)
        // Bin samples on a grid of cell size `radius` for neighbour search.
        let cell = radius
        var bins: [SIMD2<Int>: [Int]] = [:]
        for j in 0..<n {
            let key = SIMD2(Int((kx[j] / cell).rounded(.down)), Int((ky[j] / cell).rounded(.down)))
            bins[key, default: []].append(j)
        }
        // Neighbour lists with kernel values (kernel support maps radius -> W/2 = 2 grid units).
        let neighbours: [[(Int, Double)]] = Parallel.map(n) { j in
            let cx = Int((kx[j] / cell).rounded(.down)), cy = Int((ky[j] / cell).rounded(.down))
            var list: [(Int, Double)] = []
            for dx in -1...1 {
                for dy in -1...1 {
                    guard let members = bins[SIMD2(cx + dx, cy + dy)] else { continue }
                    for i in members {
                        let ddx = kx[i] - kx[j], ddy = ky[i] - ky[j]
                        let r = (ddx * ddx + ddy * ddy).squareRoot()
                        if r < radius { list.append((i, kernel.value(2 * r / radius))) }
                    }
                }
            }
            return list
        }
        var w = [Double](repeating: 1, count: n)
        for _ in 0..<iterations {
            let cw: [Double] = Parallel.map(n) { j in
                var s = 0.0
                for (i, k) in neighbours[j] { s += w[i] * k }
                return s
            }
            for j in 0..<n where cw[j] > 0 { w[j] /= cw[j] }
        }
        let area = Double.pi * kMax * kMax * fovMeters * fovMeters
        let sum = w.reduce(0, +)
        return w.map { $0 * area / sum }
    }

    /// Exact Voronoi areas for centre-out radial spokes at `spokes` uniformly spaced angles, all
    /// with the same sample radii `radii` (1/m, increasing from 0): each sample owns the annulus
    /// between the midpoints to its neighbours divided by the number of spokes; the k = 0 sample's
    /// disc is shared by every spoke. Units `(1/FOV)^2`.
    public static func radialVoronoi(radii: [Double], spokes: Int, fovMeters: Double) -> [Double] {
        let n = radii.count
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let inner = i == 0 ? 0 : (radii[i] + radii[i - 1]) / 2
            let outer = i == n - 1 ? radii[i] + (radii[i] - radii[i - 1]) / 2 : (radii[i] + radii[i + 1]) / 2
            w[i] = Double.pi * (outer * outer - inner * inner) / Double(spokes) * fovMeters * fovMeters
        }
        return w
    }
}

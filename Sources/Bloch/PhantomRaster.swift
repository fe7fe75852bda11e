import ASDSCore
import Foundation

/// A phantom sampled on its N x N voxel grid (row-major, voxel p = iy N + ix at
/// `((ix - N/2) dx, (iy - N/2) dx)`, dx = FOV / N).
///
/// Partial volumes: each voxel is divided into `subsamples x subsamples` points; a point belongs
/// to the last region containing it; `fractions[g][p]` is the share of voxel p's points in region g.
public struct PhantomRaster: Sendable {
    public let phantom: Phantom
    public let subsamples: Int
    /// Per region, per voxel: volume fraction.
    public let fractions: [[Double]]
    /// Per voxel: region label of every sub-sample (-1 outside all regions), `p * s^2 + q`.
    public let labels: [Int32]
    /// Per voxel B0 offset at the voxel centre, in Hz.
    public let offResonanceHz: [Double]
    /// Per voxel apparent decay T2' (fraction-weighted mean rate), in s; infinity where empty.
    public let t2PrimeSeconds: [Double]

    public init(_ phantom: Phantom, subsamples: Int = 4) {
        self.phantom = phantom
        self.subsamples = subsamples
        let n = phantom.matrix, dx = phantom.fovMeters / Double(n), s = subsamples
        let voxels = n * n
        var labels = [Int32](repeating: -1, count: voxels * s * s)
        for p in 0..<voxels {
            let cx = Double(p % n - n / 2) * dx, cy = Double(p / n - n / 2) * dx
            for q in 0..<(s * s) {
                let x = cx + (Double(q % s) + 0.5) / Double(s) * dx - dx / 2
                let y = cy + (Double(q / s) + 0.5) / Double(s) * dx - dx / 2
                for (g, r) in phantom.regions.enumerated() where r.contains(x, y) { labels[p * s * s + q] = Int32(g) }
            }
        }
        self.labels = labels
        var fractions = [[Double]](repeating: .init(repeating: 0, count: voxels), count: phantom.regions.count)
        for p in 0..<voxels {
            for q in 0..<(s * s) where labels[p * s * s + q] >= 0 {
                fractions[Int(labels[p * s * s + q])][p] += 1 / Double(s * s)
            }
        }
        self.fractions = fractions
        var rates = [Double](repeating: 0, count: voxels), total = rates
        for (g, r) in phantom.regions.enumerated() {
            let rate = 1 / (r.t2StarSeconds ?? r.t2Seconds)
            for p in 0..<voxels where fractions[g][p] > 0 {
                rates[p] += fractions[g][p] * rate
                total[p] += fractions[g][p]
            }
        }
        t2PrimeSeconds = (0..<voxels).map { total[$0] > 0 ? total[$0] / rates[$0] : .infinity }
        offResonanceHz = PhantomRaster.b0(phantom)
    }

    /// The B0 map on the voxel grid, in Hz.
    static func b0(_ phantom: Phantom) -> [Double] {
        let n = phantom.matrix, dx = phantom.fovMeters / Double(n)
        guard let map = phantom.b0Map else { return .init(repeating: 0, count: n * n) }
        let g = map.gradientHzPerMeter ?? [0, 0]
        var f = (0..<(n * n)).map { p in
            (map.valuesHz?[p] ?? 0) + (map.offsetHz ?? 0) + g[0] * Double(p % n - n / 2) * dx + g[1] * Double(p / n - n / 2) * dx
        }
        if let rms = map.randomRmsHz, rms > 0, let corr = map.randomCorrelationMeters {
            var rng = SeededRandom(seed: map.seed ?? 0, path: [0xB0])
            var field = (0..<(n * n)).map { _ in rng.normal() }
            // Separable Gaussian smoothing (sigma = corr / dx voxels), periodic boundaries.
            let sigma = corr / dx
            let half = Int((3 * sigma).rounded(.up))
            let kernel = (-half...half).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
            for pass in 0..<2 {
                var out = [Double](repeating: 0, count: n * n)
                for iy in 0..<n {
                    for ix in 0..<n {
                        var acc = 0.0
                        for (t, k) in kernel.enumerated() {
                            let o = t - half
                            let jx = pass == 0 ? ((ix + o) % n + n) % n : ix
                            let jy = pass == 1 ? ((iy + o) % n + n) % n : iy
                            acc += k * field[jy * n + jx]
                        }
                        out[iy * n + ix] = acc
                    }
                }
                field = out
            }
            let mean = field.reduce(0, +) / Double(n * n)
            let sd = (field.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n * n)).squareRoot()
            for p in 0..<(n * n) { f[p] += sd > 0 ? (field[p] - mean) / sd * rms : 0 }
        }
        return f
    }
}

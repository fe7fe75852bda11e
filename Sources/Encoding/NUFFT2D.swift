import ASDSCore
import Bloch
import Foundation
import Numerics

/// A 2-D non-uniform FFT (type 2 forward, type 1 adjoint) for a fixed set of k-space points,
/// applied to batches of N x N images.
///
/// Forward: `X_b(k_j) = sum_p x_b[p] exp(+i 2 pi k_j . r_p)` with voxel centres
/// `r_p = ((ix - N/2) dx, (iy - N/2) dx)`, `dx = FOV / N`, images row-major (`p = iy N + ix`).
/// Method (Beatty et al. 2005): divide by the Kaiser-Bessel kernel's Fourier transform
/// (deapodisation), zero-pad to the `alpha N` grid (alpha = 2), FFT (FFTW, batched), and
/// interpolate with the separable kernel of width W (default 6) at each point. The adjoint uses
/// the same weights transposed (spread, inverse FFT, crop, deapodise), so it is the exact adjoint
/// of the forward to rounding. Relative error against the exact sum: ~1e-6 for W = 6
/// (tests require < 1e-3).
///
/// Batches are processed in chunks of `chunkImages` images (bounding the oversampled grid's
/// memory), each image on one thread; results do not depend on the thread count.
public struct NUFFT2D: Sendable {
    public let matrix: Int
    public let gridSize: Int
    public let kernel: KaiserBesselKernel
    public let pointCount: Int
    /// Images per chunk.
    public let chunkImages: Int
    let rows: [Int32]      // pointCount * W wrapped grid row indices
    let cols: [Int32]      // pointCount * W wrapped grid column indices
    let wy: [Double]       // pointCount * W
    let wx: [Double]
    let deapodisation: [Double]   // N, per axis (separable)

    /// A plan for points `(kx[j], ky[j])` (1/m) on an N x N image of field of view `fovMeters`.
    public init(kx: [Double], ky: [Double], fovMeters: Double, matrix n: Int, kernel: KaiserBesselKernel = KaiserBesselKernel(),
                chunkImages: Int = 32) {
        precondition(kx.count == ky.count && n >= 1)
        matrix = n
        self.kernel = kernel
        let g = Int((kernel.oversampling * Double(n)).rounded(.up))
        gridSize = g
        pointCount = kx.count
        self.chunkImages = max(1, chunkImages)
        let w = kernel.width
        let dx = fovMeters / Double(n)
        var rows = [Int32](repeating: 0, count: kx.count * w), cols = rows
        var wy = [Double](repeating: 0, count: kx.count * w), wx = wy
        func setup(_ k: Double, _ idx: inout [Int32], _ wt: inout [Double], _ j: Int) {
            let u = k * dx * Double(g)                    // position in grid units
            let q0 = Int((u - Double(w) / 2).rounded(.down)) + 1
            for a in 0..<w {
                let q = q0 + a
                idx[j * w + a] = Int32(((q % g) + g) % g)
                wt[j * w + a] = kernel.value(u - Double(q))
            }
        }
        for j in 0..<kx.count {
            setup(kx[j], &cols, &wx, j)
            setup(ky[j], &rows, &wy, j)
        }
        self.rows = rows; self.cols = cols; self.wy = wy; self.wx = wx
        deapodisation = (0..<n).map { 1 / kernel.transform(Double($0 - n / 2) / Double(g)) }
    }

    /// Forward transform of `batch` images (`images[b * N * N + p]`), writing
    /// `values[j * batch + b]` (point-major: each point's batch is contiguous).
    public func forward(_ images: UnsafeBufferPointer<Complex<Double>>, batch: Int, into values: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = matrix, g = gridSize, w = kernel.width
        precondition(images.count >= batch * n * n && values.count >= batch * pointCount)
        nonisolated(unsafe) let out = values.baseAddress!
        nonisolated(unsafe) let inp = images.baseAddress!
        var start = 0
        while start < batch {
            let count = min(chunkImages, batch - start)
            var grid = [Complex<Double>](repeating: .zero, count: count * g * g)
            grid.withUnsafeMutableBufferPointer { gb in
                nonisolated(unsafe) let gp = gb.baseAddress!
                Parallel.forEach(count) { c in
                    let image = inp + (start + c) * n * n, dst = gp + c * g * g
                    for iy in 0..<n {
                        let row = ((iy - n / 2) % g + g) % g
                        let sy = deapodisation[iy]
                        for ix in 0..<n {
                            let col = ((ix - n / 2) % g + g) % g
                            dst[row * g + col] = image[iy * n + ix].multiplied(by: sy * deapodisation[ix])
                        }
                    }
                }
                FFT.transform(shape: [g, g], batch: count, direction: .backward, input: gp, output: gp)
                Parallel.forEach(count) { c in
                    let src = gp + c * g * g
                    rows.withUnsafeBufferPointer { rb in cols.withUnsafeBufferPointer { cb in
                    wy.withUnsafeBufferPointer { yb in wx.withUnsafeBufferPointer { xb in
                        for j in 0..<pointCount {
                            var re = 0.0, im = 0.0
                            for a in 0..<w {
                                let rowBase = Int(rb[j * w + a]) * g
                                var rr = 0.0, ri = 0.0
                                for b in 0..<w {
                                    let v = src[rowBase + Int(cb[j * w + b])]
                                    let k = xb[j * w + b]
                                    rr += k * v.real; ri += k * v.imaginary
                                }
                                let ky = yb[j * w + a]
                                re += ky * rr; im += ky * ri
                            }
                            out[j * batch + start + c] = Complex(re, im)
                        }
                    } } } }
                }
            }
            start += count
        }
    }

    /// Adjoint transform: `images[b * N * N + p] = sum_j conj(exp(+i 2 pi k_j . r_p)) values[j * batch + b]`
    /// (to gridding accuracy), the exact transpose-conjugate of `forward`.
    public func adjoint(_ values: UnsafeBufferPointer<Complex<Double>>, batch: Int, into images: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = matrix, g = gridSize, w = kernel.width
        precondition(images.count >= batch * n * n && values.count >= batch * pointCount)
        nonisolated(unsafe) let out = images.baseAddress!
        nonisolated(unsafe) let inp = values.baseAddress!
        var start = 0
        while start < batch {
            let count = min(chunkImages, batch - start)
            var grid = [Complex<Double>](repeating: .zero, count: count * g * g)
            grid.withUnsafeMutableBufferPointer { gb in
                nonisolated(unsafe) let gp = gb.baseAddress!
                Parallel.forEach(count) { c in
                    let dst = gp + c * g * g
                    rows.withUnsafeBufferPointer { rb in cols.withUnsafeBufferPointer { cb in
                    wy.withUnsafeBufferPointer { yb in wx.withUnsafeBufferPointer { xb in
                        for j in 0..<pointCount {
                            let v = inp[j * batch + start + c]
                            for a in 0..<w {
                                let rowBase = Int(rb[j * w + a]) * g
                                let vy = v.multiplied(by: yb[j * w + a])
                                for b in 0..<w {
                                    dst[rowBase + Int(cb[j * w + b])] += vy.multiplied(by: xb[j * w + b])
                                }
                            }
                        }
                    } } } }
                }
                FFT.transform(shape: [g, g], batch: count, direction: .forward, input: gp, output: gp)
                Parallel.forEach(count) { c in
                    let src = gp + c * g * g, image = out + (start + c) * n * n
                    for iy in 0..<n {
                        let row = ((iy - n / 2) % g + g) % g
                        let sy = deapodisation[iy]
                        for ix in 0..<n {
                            let col = ((ix - n / 2) % g + g) % g
                            image[iy * n + ix] = src[row * g + col].multiplied(by: sy * deapodisation[ix])
                        }
                    }
                }
            }
            start += count
        }
    }
}

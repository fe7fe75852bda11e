import ASDSCore
import CLAPACK
import Foundation
import Numerics

/// A `NUFFTSpatialSpectralOperator` whose normal operator `H^H H` is applied by Toeplitz
/// embedding (Wajer and Pruessmann 2001; Fessler et al. 2005) instead of a forward and an adjoint
/// NUFFT: what the sparse solvers iterate on.
///
/// With time segmentation `H = E sum_l B_l N V_l` (E the eddy-current phases, B_l the segment
/// weights per readout sample, N the NUDFT of every repetition's image, V_l the voxel FIDs at
/// segment time tau_l), E is unit-modulus and cancels, so
/// `H^H H = sum_{l,l'} V_l^H T_{ll'} V_l'` with `T_{ll'} = N^H diag(conj(b_l) b_l') N`. Each
/// `T_{ll'}` is a 2-D convolution with the kernel
/// `K_{ll'}(d) = sum_j conj(b_l(j)) b_l'(j) exp(-i 2 pi k_j . d dx)`, d in [-(N-1), N-1]^2,
/// computed once (exact sums, one matrix product) and applied as a circular convolution on the
/// 2N x 2N grid: per application, L forward FFTs of the S padded images, L^2 pointwise products
/// and L inverse FFTs, with no gridding. The result is the exact NUDFT normal operator; it
/// differs from `H^H (H x)` through the Kaiser-Bessel NUFFT by that NUFFT's error (~1e-6).
/// Without B0 or T2' (one exact segment) the normal operator is the composition itself. With
/// row weights v (density compensation) the operator is `diag(v) H` and every kernel term is
/// weighted by `v_j^2`.
public struct ToeplitzNormalEncoding: NormalApplicable {
    public let encoding: NUFFTSpatialSpectralOperator
    /// The operator is `diag(v) H` with `v = rowWeights` per readout sample (every repetition),
    /// as `WeightedRowsOperator`; nil: H itself.
    public let rowWeights: [Double]?
    /// `diag(v) H` as the composition, for the applications of the operator itself.
    let weighted: WeightedRowsOperator<NUFFTSpatialSpectralOperator>?
    /// Transformed circulant kernels `kernels[q * L^2 + l * L + l']` (frequency q of the 2N x 2N
    /// grid), divided by G^2 = (2N)^2 (FFTW's unnormalised inverse); empty without segments.
    let kernels: [Complex<Double>]

    /// `H` (rowWeights nil) or `diag(v) H`, whose normal operator `H^H diag(v^2) H` has kernels
    /// weighted by `v_j^2`.
    public init(_ encoding: NUFFTSpatialSpectralOperator, rowWeights: [Double]? = nil) {
        self.encoding = encoding
        self.rowWeights = rowWeights
        weighted = rowWeights.map { WeightedRowsOperator(base: encoding, rowWeights: $0, repeats: encoding.spectralPoints) }
        kernels = encoding.rates == nil ? [] : Self.transformedKernels(encoding, rowWeights: rowWeights)
    }

    public var domainCount: Int { encoding.domainCount }
    public var rangeCount: Int { encoding.rangeCount }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        if let weighted { weighted.apply(x, into: y) } else { encoding.apply(x, into: y) }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        if let weighted { weighted.applyAdjoint(y, into: x) } else { encoding.applyAdjoint(y, into: x) }
    }

    public func applyNormal(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        guard let z = encoding.rates else {
            withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: rangeCount) { data in
                apply(x, into: data)
                applyAdjoint(UnsafeBufferPointer(data), into: y)
            }
            return
        }
        let n = encoding.trajectory.matrix, p = n * n, s = encoding.spectralPoints
        let g = 2 * n, area = g * g, l = encoding.segmentCount
        // Every segment's images: images[(seg * S + r) * P + p], the voxel FIDs at tau_seg.
        var images = [Complex<Double>](repeating: .zero, count: l * s * p)
        var u = [Complex<Double>](repeating: .zero, count: p * s)
        images.withUnsafeMutableBufferPointer { ib in
            for seg in 0..<l {
                encoding.voxelFIDs(x.baseAddress!, segment: seg, rates: z, into: &u)
                transpose(u, rows: p, cols: s, into: ib.baseAddress! + seg * s * p)
            }
        }
        // Per repetition r (independent, so spread over threads): pad its L images, FFT, multiply
        // by the L x L kernel matrix at every frequency, inverse FFT, crop back in place.
        images.withUnsafeMutableBufferPointer { ib in
            kernels.withUnsafeBufferPointer { kb in
                nonisolated(unsafe) let im = ib.baseAddress!
                let kp = kb.baseAddress!
                Parallel.forEach(s) { r in
                    withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: 2 * l * area) { scratch in
                        let padded = scratch.baseAddress!, product = padded + l * area
                        padded.initialize(repeating: .zero, count: l * area)
                        for seg in 0..<l {
                            let source = im + (seg * s + r) * p, target = padded + seg * area
                            for iy in 0..<n { (target + iy * g).update(from: source + iy * n, count: n) }
                        }
                        FFT.transform(shape: [g, g], batch: l, direction: .forward, input: padded, output: padded)
                        Self.multiply(kernels: kp, segments: l, area: area, input: padded, output: product)
                        FFT.transform(shape: [g, g], batch: l, direction: .backward, input: product, output: product)
                        for seg in 0..<l {
                            let source = product + seg * area, target = im + (seg * s + r) * p
                            for iy in 0..<n { (target + iy * n).update(from: source + iy * g, count: n) }
                        }
                    }
                }
            }
        }
        for q in 0..<(p * s) { y[q] = .zero }
        for seg in 0..<l {
            images.withUnsafeBufferPointer { transpose($0.baseAddress! + seg * s * p, rows: s, cols: p, into: &u) }
            encoding.voxelFIDsAdjoint(&u, segment: seg, rates: z)
            for q in 0..<(p * s) { y[q] += u[q] }
        }
    }

    /// `output[l * area + q] = sum_l' kernels[q L^2 + l L + l'] input[l' area + q]`: at each
    /// frequency the L x L kernel matrix times the L segment values, held in registers.
    private static func multiply(kernels: UnsafePointer<Complex<Double>>, segments l: Int, area: Int,
                                 input: UnsafePointer<Complex<Double>>, output: UnsafeMutablePointer<Complex<Double>>) {
        let kd = UnsafeRawPointer(kernels).assumingMemoryBound(to: Double.self)
        let vd = UnsafeRawPointer(input).assumingMemoryBound(to: Double.self)
        let od = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Double.self)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * l) { values in
            let v = values.baseAddress!
            for q in 0..<area {
                for other in 0..<l {
                    v[2 * other] = vd[2 * (other * area + q)]
                    v[2 * other + 1] = vd[2 * (other * area + q) + 1]
                }
                let k = kd + 2 * q * l * l
                for seg in 0..<l {
                    var re = 0.0, im = 0.0
                    let row = k + 2 * seg * l
                    for other in 0..<l {
                        let kr = row[2 * other], ki = row[2 * other + 1], vr = v[2 * other], vi = v[2 * other + 1]
                        re += kr * vr - ki * vi
                        im += kr * vi + ki * vr
                    }
                    od[2 * (seg * area + q)] = re
                    od[2 * (seg * area + q) + 1] = im
                }
            }
        }
    }

    /// In-place 2-D FFTs of `images` contiguous `side x side` grids, split over the threads in
    /// fixed halves (the same plans, so the result does not depend on the thread count).
    private static func transform(_ data: UnsafeMutablePointer<Complex<Double>>, images: Int, side: Int, direction: FFTDirection) {
        let parts = images >= 2 && images % 2 == 0 ? 2 : 1, per = images / parts
        nonisolated(unsafe) let base = data
        Parallel.forEach(parts) { part in
            let start = base + part * per * side * side
            FFT.transform(shape: [side, side], batch: per, direction: direction, input: start, output: start)
        }
    }

    /// `FFT(circulant K_{ll'}) / G^2` for every segment pair (each sample's term times `v_j^2`).
    private static func transformedKernels(_ h: NUFFTSpatialSpectralOperator, rowWeights: [Double]?) -> [Complex<Double>] {
        let t = h.trajectory, n = t.matrix, g = 2 * n, area = g * g, l = h.segmentCount
        let j = t.readoutSampleCount, per = t.samplesPerReadout, offsets = 2 * n - 1
        let dx = t.fovMeters / Double(n)
        // ex[a * J + j] = exp(-i 2 pi kx_j (a - (N-1)) dx); ey likewise; c[(pair) * J + j].
        func phases(_ k: [Double]) -> [Complex<Double>] {
            var e = [Complex<Double>](repeating: .zero, count: offsets * j)
            for a in 0..<offsets {
                let d = Double(a - (n - 1)) * dx
                for jj in 0..<j {
                    let angle = -2 * Double.pi * k[jj] * d
                    e[a * j + jj] = Complex(cos(angle), sin(angle))
                }
            }
            return e
        }
        let ex = phases(t.kx), ey = phases(t.ky)
        let pairs = l * l
        // M[jj * (pairs * offsets) + pair * offsets + a] = c_pair(jj) ex[a, jj].
        var m = [Complex<Double>](repeating: .zero, count: j * pairs * offsets)
        for jj in 0..<j {
            let i = jj % per, w = rowWeights.map { $0[jj] * $0[jj] } ?? 1
            for first in 0..<l {
                for second in 0..<l {
                    let c = (h.segmentWeights[i * l + first].conjugate * h.segmentWeights[i * l + second]).multiplied(by: w)
                    let row = jj * pairs * offsets + (first * l + second) * offsets
                    for a in 0..<offsets { m[row + a] = c * ex[a * j + jj] }
                }
            }
        }
        // K[b * (pairs * offsets) + pair * offsets + a] = sum_j ey[b, j] M[j, pair, a].
        var k = [Complex<Double>](repeating: .zero, count: offsets * pairs * offsets)
        var one = Complex<Double>(1, 0), zero = Complex<Double>.zero
        ey.withUnsafeBufferPointer { a in
            m.withUnsafeBufferPointer { b in
                k.withUnsafeMutableBufferPointer { c in
                    cblas_zgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(offsets), Int32(pairs * offsets), Int32(j),
                                &one, a.baseAddress!, Int32(j), b.baseAddress!, Int32(pairs * offsets), &zero,
                                c.baseAddress!, Int32(pairs * offsets))
                }
            }
        }
        var kernels = [Complex<Double>](repeating: .zero, count: pairs * area)
        let scale = 1 / Double(area)
        for pair in 0..<pairs {
            for b in 0..<offsets {
                let row = ((b - (n - 1)) + g) % g
                for a in 0..<offsets {
                    let col = ((a - (n - 1)) + g) % g
                    kernels[pair * area + row * g + col] = k[b * pairs * offsets + pair * offsets + a].multiplied(by: scale)
                }
            }
        }
        kernels.withUnsafeMutableBufferPointer { transform($0.baseAddress!, images: pairs, side: g, direction: .forward) }
        // Frequency-major: the L x L matrix of each frequency contiguous.
        var byFrequency = kernels
        for pair in 0..<pairs { for q in 0..<area { byFrequency[q * pairs + pair] = kernels[pair * area + q] } }
        return byFrequency
    }
}

import ASDSCore
import Bloch
import Foundation
import Numerics

/// H without the metabolite basis: the matrix-free (x, y, f) -> (k, t) encoding through a 2-D
/// NUFFT, for reconstruction per voxel spectrum (FT, ILS, ISTA). Index conventions and the model:
/// `SpatialSpectralEncoding`.
///
/// Without B0 and T2' the spectral step is exact (a diagonal phase and an FFT per k-space point)
/// and the spatial step is one NUFFT of S images: H is then exactly a type-2 NUFFT over
/// (x, y, f) sampled at (k, t). With per-voxel rates `z_p`, time segmentation over the readout
/// time tau: `e^{(i 2 pi f + z) tau}` is interpolated by Lagrange polynomials on L Chebyshev nodes
/// `tau_l` in `[0, max tau]`, `e^{w tau} ~ sum_l b_l(tau) e^{w tau_l}`, where L is the smallest
/// count whose interpolation bound `(a/2)^L / (L! 2^(L-1))`, `a = (2 pi (SW/2 + max|df|) +
/// max 1/T2') max tau`, is below `segmentTolerance`; the repetition part `e^{z r T}` is applied
/// exactly. Each segment costs one NUFFT of S images. Cartesian CSI (tau = 0) needs one segment
/// and is exact.
public struct NUFFTSpatialSpectralOperator: SpatialSpectralEncoding {
    public let trajectory: KSpaceTrajectory
    public let effects: EncodingEffects
    public let nufft: NUFFT2D
    let spectral: SpectralStep
    let rates: [Complex<Double>]?
    let eddy: [Complex<Double>]?
    /// Segment nodes (s) and Lagrange weights `b[i * L + l]`.
    public let segmentTimesSeconds: [Double]
    let segmentWeights: [Complex<Double>]

    public init(trajectory: KSpaceTrajectory, effects: EncodingEffects = .none, kernel: KaiserBesselKernel = KaiserBesselKernel(),
                segmentTolerance: Double = 1e-7) throws {
        let voxels = trajectory.matrix * trajectory.matrix
        try effects.validate(voxels: voxels)
        self.trajectory = trajectory
        self.effects = effects
        nufft = NUFFT2D(kx: trajectory.kx, ky: trajectory.ky, fovMeters: trajectory.fovMeters, matrix: trajectory.matrix, kernel: kernel)
        let z = effects.rates(voxels: voxels)
        rates = z
        let eddy = eddyFactorTable(trajectory, effects)
        self.eddy = eddy
        spectral = SpectralStep(trajectory: trajectory, eddy: eddy)
        // Segments.
        let tauMax = trajectory.adcTimesSeconds.max() ?? 0
        if let z, tauMax > 0 {
            let maxF = z.map { abs($0.imaginary) / (2 * Double.pi) }.max()! + trajectory.spectralBandwidthHz / 2
            let maxR = z.map { -$0.real }.max()!
            let a = (2 * Double.pi * maxF + maxR) * tauMax
            var l = 1
            var bound = a / 2
            while bound > segmentTolerance && l < 40 {
                l += 1
                bound = pow(a / 2, Double(l)) / (exp(lgamma(Double(l + 1))) * pow(2, Double(l - 1)))
            }
            let nodes = (0..<l).map { tauMax / 2 * (1 - cos(Double.pi * Double(2 * $0 + 1) / Double(2 * l))) }
            segmentTimesSeconds = nodes
            var b = [Complex<Double>](repeating: .zero, count: trajectory.samplesPerReadout * l)
            for (i, tau) in trajectory.adcTimesSeconds.enumerated() {
                for m in 0..<l {
                    var w = 1.0
                    for q in 0..<l where q != m { w *= (tau - nodes[q]) / (nodes[m] - nodes[q]) }
                    b[i * l + m] = Complex(w, 0)
                }
            }
            segmentWeights = b
        } else {
            segmentTimesSeconds = [0]
            segmentWeights = .init(repeating: Complex(1, 0), count: trajectory.samplesPerReadout)
        }
    }

    /// Number of time segments (1 when exact).
    public var segmentCount: Int { segmentTimesSeconds.count }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let p = voxelCount, s = spectralPoints, j = trajectory.readoutSampleCount
        guard let z = rates else {
            var images = [Complex<Double>](repeating: .zero, count: p * s)
            transpose(x.baseAddress!, rows: p, cols: s, into: &images)
            images.withUnsafeBufferPointer { nufft.forward($0, batch: s, into: y) }
            spectral.forward(y, count: j)
            return
        }
        let l = segmentCount
        var u = [Complex<Double>](repeating: .zero, count: p * s)
        var images = u
        var segment = [Complex<Double>](repeating: .zero, count: j * s)
        for q in 0..<(j * s) { y[q] = .zero }
        for seg in 0..<l {
            voxelFIDs(x.baseAddress!, segment: seg, rates: z, into: &u)
            transpose(u, rows: p, cols: s, into: &images)
            images.withUnsafeBufferPointer { im in segment.withUnsafeMutableBufferPointer { nufft.forward(im, batch: s, into: $0) } }
            for jj in 0..<j {
                let b = segmentWeights[(jj % trajectory.samplesPerReadout) * l + seg]
                for r in 0..<s { y[jj * s + r] += b * segment[jj * s + r] }
            }
        }
        applyTimeFactors(y, count: j, conjugate: false)
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let p = voxelCount, s = spectralPoints, j = trajectory.readoutSampleCount
        guard let z = rates else {
            var data = Array(y)
            data.withUnsafeMutableBufferPointer { spectral.adjoint($0, count: j) }
            var images = [Complex<Double>](repeating: .zero, count: p * s)
            data.withUnsafeBufferPointer { d in images.withUnsafeMutableBufferPointer { nufft.adjoint(d, batch: s, into: $0) } }
            transpose(images, rows: s, cols: p, into: x.baseAddress!)
            return
        }
        let l = segmentCount
        var data = Array(y)
        data.withUnsafeMutableBufferPointer { applyTimeFactors($0, count: j, conjugate: true) }
        var segment = [Complex<Double>](repeating: .zero, count: j * s)
        var images = [Complex<Double>](repeating: .zero, count: p * s)
        var u = images
        for q in 0..<(p * s) { x[q] = .zero }
        for seg in 0..<l {
            for jj in 0..<j {
                let b = segmentWeights[(jj % trajectory.samplesPerReadout) * l + seg].conjugate
                for r in 0..<s { segment[jj * s + r] = b * data[jj * s + r] }
            }
            segment.withUnsafeBufferPointer { d in images.withUnsafeMutableBufferPointer { nufft.adjoint(d, batch: s, into: $0) } }
            transpose(images, rows: s, cols: p, into: &u)
            voxelFIDsAdjoint(&u, segment: seg, rates: z)
            for q in 0..<(p * s) { x[q] += u[q] }
        }
    }

    /// `u[p * S + r] = e^{z_p (r T + tau_l)} e^{-i 2 pi (S/2) r/S} FFT_backward(x[p, :] e^{i 2 pi f_n tau_l} / S)[r]`.
    func voxelFIDs(_ x: UnsafePointer<Complex<Double>>, segment seg: Int, rates z: [Complex<Double>], into u: inout [Complex<Double>]) {
        let p = voxelCount, s = spectralPoints, tau = segmentTimesSeconds[seg], period = trajectory.repetitionSeconds
        let phase = (0..<s).map { n -> Complex<Double> in
            let a = 2 * Double.pi * frequencyHz(n) * tau
            return Complex(cos(a) / Double(s), sin(a) / Double(s))
        }
        for q in 0..<p {
            for n in 0..<s { u[q * s + n] = x[q * s + n] * phase[n] }
        }
        u.withUnsafeMutableBufferPointer { FFT.transform(shape: [s], batch: p, direction: .backward, input: $0.baseAddress!, output: $0.baseAddress!) }
        let shift = shiftFactors()
        for q in 0..<p {
            let start = Complex.exp(z[q] * Complex(tau, 0)), step = Complex.exp(z[q] * Complex(period, 0))
            var decay = start
            for r in 0..<s {
                u[q * s + r] *= decay * shift[r]
                decay *= step
            }
        }
    }

    func voxelFIDsAdjoint(_ u: inout [Complex<Double>], segment seg: Int, rates z: [Complex<Double>]) {
        let p = voxelCount, s = spectralPoints, tau = segmentTimesSeconds[seg], period = trajectory.repetitionSeconds
        let shift = shiftFactors()
        for q in 0..<p {
            let start = Complex.exp(z[q] * Complex(tau, 0)), step = Complex.exp(z[q] * Complex(period, 0))
            var decay = start
            for r in 0..<s {
                u[q * s + r] *= (decay * shift[r]).conjugate
                decay *= step
            }
        }
        u.withUnsafeMutableBufferPointer { FFT.transform(shape: [s], batch: p, direction: .forward, input: $0.baseAddress!, output: $0.baseAddress!) }
        for n in 0..<s {
            let a = 2 * Double.pi * frequencyHz(n) * tau
            let c = Complex(cos(a) / Double(s), -sin(a) / Double(s))
            for q in 0..<p { u[q * s + n] *= c }
        }
    }

    private func shiftFactors() -> [Complex<Double>] {
        let s = spectralPoints
        return (0..<s).map { r in
            let a = -2 * Double.pi * Double(s / 2) * Double(r) / Double(s)
            return Complex(cos(a), sin(a))
        }
    }

    /// Multiplies data by the eddy-current factors (or their conjugates).
    private func applyTimeFactors(_ y: UnsafeMutableBufferPointer<Complex<Double>>, count j: Int, conjugate: Bool) {
        guard let eddy else { return }
        let s = spectralPoints, per = trajectory.samplesPerReadout
        for jj in 0..<j {
            let i = jj % per
            for r in 0..<s { y[jj * s + r] *= conjugate ? eddy[i * s + r].conjugate : eddy[i * s + r] }
        }
    }
}

/// `out[c * rows + r] = a[r * cols + c]`.
func transpose(_ a: UnsafePointer<Complex<Double>>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Complex<Double>>) {
    let block = 32
    for r0 in stride(from: 0, to: rows, by: block) {
        for c0 in stride(from: 0, to: cols, by: block) {
            for r in r0..<min(rows, r0 + block) {
                for c in c0..<min(cols, c0 + block) { out[c * rows + r] = a[r * cols + c] }
            }
        }
    }
}

func transpose(_ a: UnsafePointer<Complex<Double>>, rows: Int, cols: Int, into out: inout [Complex<Double>]) {
    out.withUnsafeMutableBufferPointer { transpose(a, rows: rows, cols: cols, into: $0.baseAddress!) }
}

func transpose(_ a: [Complex<Double>], rows: Int, cols: Int, into out: inout [Complex<Double>]) {
    a.withUnsafeBufferPointer { ab in out.withUnsafeMutableBufferPointer { transpose(ab.baseAddress!, rows: rows, cols: cols, into: $0.baseAddress!) } }
}

func transpose(_ a: [Complex<Double>], rows: Int, cols: Int, into out: UnsafeMutablePointer<Complex<Double>>) {
    a.withUnsafeBufferPointer { transpose($0.baseAddress!, rows: rows, cols: cols, into: out) }
}

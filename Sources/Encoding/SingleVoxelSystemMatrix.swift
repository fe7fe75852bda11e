import ASDSCore
import Bloch
import Foundation
import Numerics

/// H for single-voxel PRESS/STEAM: the map from the true spectrum of the voxel's tissue (N
/// points, `FFT.spectrum(ofFID:)` convention) to the measured FID (N points):
///
/// `y(t_n) = e^{i phi_ec(t_n)} e^{(i 2 pi df - 1/T2*) t_n} FFT.fid(ofSpectrum: w . x)[n]`
///
/// - `w(f_k)`: the localisation response at frequency f_k: the object's support integrated
///   against the three slice profiles, each displaced by `f_k / (gamma_bar G_a)` (chemical-shift
///   displacement), divided by the nominal box volume:
///   `w(f) = prod_{a = x, y} (1/L_a) int_{object} P_a(u - c_a - d_a(f)) du * (1/L_z) int P_z`.
///   Ideal profiles on an object covering the box give w = 1; imperfect profiles leak signal
///   from outside the box (tails) and, where the object ends, lose signal as the box is displaced.
/// - `e^{-t/T2*}`: Lorentzian line broadening (FWHM `1/(pi T2*)` Hz) standing in for T2 decay and
///   intra-voxel B0 spread; `df` the voxel's mean B0 offset (Hz).
/// - `phi_ec`: the eddy-current phase (`EddyCurrentModel`, frequency-shift form).
public struct SingleVoxelSystemMatrix: LinearOperator {
    public let axis: SpectralAxis
    /// The localisation response per spectrum index.
    public let weights: [Complex<Double>]
    /// Per-sample factor `e^{i phi_ec(t)} e^{(i 2 pi df - 1/T2*) t}`.
    public let timeFactors: [Complex<Double>]

    /// - Parameters:
    ///   - selection: the box's slice profiles (nil: no localisation, w = 1).
    ///   - objectHalfExtentMeters: the uniform object's half-extent (x, y) about the origin
    ///     (nil: the object fills all space).
    public init(axis: SpectralAxis, selection: VoxelSelection?, objectHalfExtentMeters: SIMD2<Double>? = nil,
                t2StarSeconds: Double = .infinity, offsetHz: Double = 0, eddyCurrents: EddyCurrentModel = EddyCurrentModel(terms: [])) throws {
        guard t2StarSeconds > 0 else {
            throw ASDSError.invalidInput(source: "single-voxel H", field: "t2StarSeconds", reason: "must be positive, got \(t2StarSeconds)")
        }
        guard offsetHz.isFinite else {
            throw ASDSError.invalidInput(source: "single-voxel H", field: "offsetHz", reason: "must be finite, got \(offsetHz)")
        }
        self.axis = axis
        let n = axis.points
        if let selection {
            let slab = selection.slabFactor
            weights = (0..<n).map { k in
                let f = axis.frequencyHz(atIndex: Double(k))
                var w = slab
                for a in 0..<2 {
                    let lo = objectHalfExtentMeters.map { -$0[a] } ?? -Double.infinity
                    let hi = objectHalfExtentMeters.map { $0[a] } ?? Double.infinity
                    let shift = selection.centerMeters[a] + selection.displacementMeters(axis: a, frequencyHz: f)
                    w *= SingleVoxelSystemMatrix.integrate(selection.profiles[a], from: lo - shift, to: hi - shift)
                        .multiplied(by: 1 / selection.sizeMeters[a])
                }
                return w
            }
        } else {
            weights = .init(repeating: Complex(1, 0), count: n)
        }
        let rate = Complex(-1 / t2StarSeconds, 2 * Double.pi * offsetHz)
        timeFactors = (0..<n).map { i in
            let t = axis.timeSeconds(at: i)
            let phi = eddyCurrents.phaseRadians(at: t)
            return Complex.exp(rate * Complex(t, 0)) * Complex(cos(phi), sin(phi))
        }
    }

    /// `int_lo^hi P(u) du` over the profile's samples (trapezoid rule, clipped to [lo, hi]).
    static func integrate(_ p: SliceSelectionProfile, from lo: Double, to hi: Double) -> Complex<Double> {
        var s = Complex<Double>.zero
        let xs = p.positionsMeters
        for i in 1..<xs.count {
            let a = max(lo, xs[i - 1]), b = min(hi, xs[i])
            guard b > a else { continue }
            s += (p.value(at: a) + p.value(at: b)).multiplied(by: 0.5 * (b - a))
        }
        return s
    }

    public var domainCount: Int { axis.points }
    public var rangeCount: Int { axis.points }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let fid = FFT.fid(ofSpectrum: (0..<axis.points).map { weights[$0] * x[$0] })
        for i in 0..<axis.points { y[i] = timeFactors[i] * fid[i] }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        // The adjoint of fid(ofSpectrum:) is spectrum(ofFID:) / N.
        let s = FFT.spectrum(ofFID: (0..<axis.points).map { timeFactors[$0].conjugate * y[$0] })
        let scale = 1 / Double(axis.points)
        for k in 0..<axis.points { x[k] = weights[k].conjugate * s[k].multiplied(by: scale) }
    }

    /// The spectral point-spread function: the measured spectrum of a unit line at the axis's
    /// centre index, `FFT.spectrum(ofFID: H e_{N/2})`.
    public var spectralPSF: [Complex<Double>] {
        var delta = [Complex<Double>](repeating: .zero, count: axis.points)
        delta[axis.points / 2] = Complex(1, 0)
        return FFT.spectrum(ofFID: forward(delta))
    }

    /// FWHM of the spectral PSF's real part (absorption mode), in Hz: `1/(pi T2*)` for a pure
    /// T2* decay. (The magnitude's FWHM is sqrt(3) times wider for a Lorentzian.)
    public var spectralFWHMHz: Double {
        let psf = spectralPSF.map(\.real)
        return PointSpreadFunction.fwhm(positions: (0..<axis.points).map { axis.frequencyHz(atIndex: Double($0)) }, magnitudes: psf)
    }
}

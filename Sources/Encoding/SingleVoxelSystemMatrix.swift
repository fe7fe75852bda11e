import ASDSCore
import Bloch
import Foundation
import Numerics

/// H for a single-voxel acquisition: the map from the object's spectrum x (N points,
/// `FFT.spectrum(ofFID:)` convention) to the acquired noise-free FID y (N points),
///
///     H x = d(t) . F^-1[ p(f) . x ],
///
/// one FFT per application. The generator applies it (`acquiredFID(ofObjectFID:)`), the
/// reconstructions invert it, and `asds system-matrix --single-voxel` reports it.
///
/// - `d(t)`: per FID sample, the lineshape (Lorentzian, Gaussian), the frequency offset and the
///   eddy-current phase.
/// - `p(f)`: per spectrum index, the receiver phase `exp(i (phi0 + 2 pi f tau1))` of an acquisition
///   (`init(system:axis:)`), or the localisation response `w(f)` of a box (`init(axis:selection:...)`):
///   the object's support integrated against the three slice profiles, each displaced by
///   `f / (gamma_bar G_a)` (chemical-shift displacement), divided by the nominal box volume,
///   `w(f) = prod_{a = x, y} (1/L_a) int_{object} P_a(u - c_a - d_a(f)) du * (1/L_z) int P_z`.
///   Ideal profiles on an object covering the box give w = 1; imperfect profiles leak signal from
///   outside the box (tails) and, where the object ends, lose signal as the box is displaced.
public struct SingleVoxelSystemMatrix: ColumnNormed {
    public let axis: SpectralAxis
    /// d(t), per FID sample.
    public let timeFactors: [Complex<Double>]
    /// p(f), per spectrum index.
    public let frequencyFactors: [Complex<Double>]
    /// `max_k |p_k|`: 1 for a receiver phase (unit modulus by construction).
    let frequencyGain: Double
    /// The common value of every p_k when they are equal by construction (no first-order phase,
    /// no localisation): the generator then needs no transform.
    let constantFrequencyFactor: Complex<Double>?

    /// The H of an acquisition whose system is `system` (what the generator applied to an item).
    public init(system: SystemResponse, axis: SpectralAxis) {
        self.axis = axis
        timeFactors = system.timeDomainFactors(axis: axis)
        frequencyFactors = system.frequencyDomainFactors(axis: axis)
        frequencyGain = 1
        constantFrequencyFactor = system.phase1Seconds == 0 ? Complex(length: 1, phase: system.phase0Radians) : nil
    }

    /// The H of a box localised by `selection` on a uniform object, with a Lorentzian T2* decay
    /// (FWHM `1/(pi T2*)` Hz, standing in for T2 and intra-voxel B0 spread), the voxel's mean B0
    /// offset `offsetHz` (Hz) and the eddy-current phase of `eddyCurrents` (frequency-shift form).
    ///
    /// - Parameters:
    ///   - selection: the box's slice profiles (nil: no localisation, w = 1).
    ///   - objectHalfExtentMeters: the uniform object's half-extent (x, y) about the origin
    ///     (nil: the object fills all space).
    ///   - t2StarSeconds: s, positive (infinity: no decay).
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
            frequencyFactors = (0..<n).map { k in
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
            frequencyGain = frequencyFactors.map(\.length).max() ?? 1
            constantFrequencyFactor = nil
        } else {
            frequencyFactors = .init(repeating: Complex(1, 0), count: n)
            frequencyGain = 1
            constantFrequencyFactor = Complex(1, 0)
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

    /// Column j is `d . F^-1[p_j e_j]`, whose norm is `|p_j| sqrt(sum |d|^2) / N`.
    public var maxColumnNorm: Double {
        frequencyGain * timeFactors.reduce(0) { $0 + $1.lengthSquared }.squareRoot() / Double(axis.points)
    }

    /// `||H||^2 <= max|d|^2 max|p|^2 ||F^-1||^2 = max|d|^2 max|p|^2 / N`: a valid Lipschitz bound
    /// for the proximal-gradient step.
    public var normSquaredBound: Double {
        (timeFactors.map(\.lengthSquared).max() ?? 1) * frequencyGain * frequencyGain / Double(axis.points)
    }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, half = n / 2, inverseN = 1 / Double(n)
        // ifftshift(p . x): spectrum index k goes to FFT bin (k - n/2) mod n.
        for k in 0..<n { y[(k - half + n) % n] = frequencyFactors[k] * x[k] }
        FFT.transform(shape: [n], direction: .backward, input: UnsafePointer(y.baseAddress!), output: y.baseAddress!)
        for t in 0..<n { y[t] = (timeFactors[t] * y[t]).multiplied(by: inverseN) }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, half = n / 2, inverseN = 1 / Double(n)
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { work in
            for t in 0..<n { work[t] = timeFactors[t].conjugate * y[t] }
            FFT.transform(shape: [n], direction: .forward, input: UnsafePointer(work.baseAddress!), output: work.baseAddress!)
            // fftshift, then conj(p) / N.
            for k in 0..<n { x[k] = (frequencyFactors[k].conjugate * work[(k - half + n) % n]).multiplied(by: inverseN) }
        }
    }

    /// The acquired noise-free FID of an object whose intrinsic FID is `object`: `H F o`. With
    /// equal frequency factors this is `d . p . o`, with no transform.
    public func acquiredFID(ofObjectFID object: [Complex<Double>]) -> [Complex<Double>] {
        var fid: [Complex<Double>]
        if let p = constantFrequencyFactor {
            fid = object.map { $0 * p }
        } else {
            var s = FFT.spectrum(ofFID: object)
            for (k, p) in frequencyFactors.enumerated() { s[k] *= p }
            fid = FFT.fid(ofSpectrum: s)
        }
        for (i, d) in timeFactors.enumerated() { fid[i] *= d }
        return fid
    }

    /// The FT reconstruction that uses what is known of the system without dividing by its
    /// decay: undo the unit-modulus parts (offset, eddy-current phase, receiver phase) and
    /// transform, so the spectrum keeps the system's line broadening.
    public func phaseCorrectedSpectrum(of fid: [Complex<Double>]) -> [Complex<Double>] {
        var corrected = fid
        for t in corrected.indices {
            let d = timeFactors[t], magnitude = d.length
            if magnitude > 0 { corrected[t] *= d.conjugate.divided(by: magnitude) }
        }
        var s = FFT.spectrum(ofFID: corrected)
        for k in s.indices { s[k] *= frequencyFactors[k].conjugate }
        return s
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

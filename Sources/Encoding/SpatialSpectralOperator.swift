import ASDSCore
import Bloch
import Foundation
import Numerics

/// The physics of the (x, y, f) -> (k, t) encoding apart from the trajectory: per-voxel B0
/// offsets and T2' decay, and the eddy-current phase.
public struct EncodingEffects: Sendable, Equatable {
    /// Per-voxel frequency offset `gamma_bar dB0(r)`, in Hz (nil: none).
    public var offResonanceHz: [Double]?
    /// Per-voxel apparent transverse decay time T2' during the acquisition, in s (nil or
    /// `.infinity`: none).
    public var t2PrimeSeconds: [Double]?
    /// Eddy-current phase applied to every sample at its acquisition time.
    public var eddyCurrents: EddyCurrentModel?

    public init(offResonanceHz: [Double]? = nil, t2PrimeSeconds: [Double]? = nil, eddyCurrents: EddyCurrentModel? = nil) {
        self.offResonanceHz = offResonanceHz
        self.t2PrimeSeconds = t2PrimeSeconds
        self.eddyCurrents = eddyCurrents
    }

    /// No B0, decay or eddy currents: H is then exactly a type-2 NUFFT over (x, y, f).
    public static let none = EncodingEffects()

    /// Per-voxel complex rate `z = i 2 pi df - 1/T2'` (1/s), or nil when every rate is zero.
    func rates(voxels: Int) -> [Complex<Double>]? {
        var z = [Complex<Double>](repeating: .zero, count: voxels)
        var any = false
        if let f = offResonanceHz {
            for p in 0..<voxels where f[p] != 0 { z[p].imaginary = 2 * Double.pi * f[p]; any = true }
        }
        if let t = t2PrimeSeconds {
            for p in 0..<voxels where t[p].isFinite { z[p].real = -1 / t[p]; any = true }
        }
        return any ? z : nil
    }

    func validate(voxels: Int) throws {
        if let f = offResonanceHz {
            guard f.count == voxels else {
                throw ASDSError.mismatch(what: "encoding effects", reason: "offResonanceHz has \(f.count) voxels, the geometry \(voxels)")
            }
            if let p = f.firstIndex(where: { !$0.isFinite }) {
                throw ASDSError.invalidInput(source: "B0 map", field: "offResonanceHz.\(p)", reason: "must be finite, got \(f[p])")
            }
        }
        if let t = t2PrimeSeconds {
            guard t.count == voxels else {
                throw ASDSError.mismatch(what: "encoding effects", reason: "t2PrimeSeconds has \(t.count) voxels, the geometry \(voxels)")
            }
            if let p = t.firstIndex(where: { !($0 > 0) }) {
                throw ASDSError.invalidInput(source: "T2' map", field: "t2PrimeSeconds.\(p)", reason: "must be positive, got \(t[p])")
            }
        }
    }
}

/// Index conventions shared by the (x, y, f) -> (k, t) operators.
///
/// Domain (unknown): per-voxel spectra, `x[(iy * N + ix) * S + n]`, with S = repetitions
/// spectral points on the axis of bandwidth `1 / repetitionSeconds`, in the convention of
/// `FFT.spectrum(ofFID:)` (index n at `f_n = (n - S/2) / (S T)` Hz, FID = `FFT.fid(ofSpectrum:)`).
/// Range (data): `d[(s * I + i) * S + r]` for shot s, readout sample i (I per readout) and
/// repetition r, acquired at `t = r T + tau_i`.
///
/// Model: `d(j, r) = e^{i phi_ec(t)} sum_p e^{+i 2 pi k_j . r_p} e^{z_p t} (1/S) sum_n x[p, n] e^{i 2 pi f_n t}`
/// with `z_p = i 2 pi df_p - 1/T2'_p`. The spatial kernel's sign follows the project's frequency
/// convention (a field offset dB gives `e^{+i 2 pi gamma_bar dB t}`), so a gradient gives
/// `e^{+i 2 pi k . r}` with `k = gamma_bar * integral of g`; see docs/ENCODING.md.
public protocol SpatialSpectralEncoding: LinearOperator {
    var trajectory: KSpaceTrajectory { get }
    var effects: EncodingEffects { get }
}

extension SpatialSpectralEncoding {
    /// Voxels N x N.
    public var voxelCount: Int { trajectory.matrix * trajectory.matrix }
    /// Spectral points S.
    public var spectralPoints: Int { trajectory.repetitions }
    public var domainCount: Int { voxelCount * spectralPoints }
    public var rangeCount: Int { trajectory.readoutSampleCount * spectralPoints }

    /// Frequency of spectral index n, in Hz.
    func frequencyHz(_ n: Int) -> Double {
        Double(n - spectralPoints / 2) / (Double(spectralPoints) * trajectory.repetitionSeconds)
    }
}

/// `e^{i phi_ec(r T + tau_i)}` for every readout sample i and repetition r (index `i * S + r`),
/// or nil without eddy currents.
func eddyFactorTable(_ t: KSpaceTrajectory, _ effects: EncodingEffects) -> [Complex<Double>]? {
    guard let ec = effects.eddyCurrents, !ec.terms.isEmpty else { return nil }
    let s = t.repetitions
    var f = [Complex<Double>](repeating: .zero, count: t.samplesPerReadout * s)
    for i in 0..<t.samplesPerReadout {
        for r in 0..<s {
            let phi = ec.phaseRadians(at: Double(r) * t.repetitionSeconds + t.adcTimesSeconds[i])
            f[i * s + r] = Complex(cos(phi), sin(phi))
        }
    }
    return f
}

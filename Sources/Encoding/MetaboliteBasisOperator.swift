import ASDSCore
import Foundation
import Numerics

/// Phi: per-voxel metabolite amplitudes to per-voxel spectra, optionally weighted by the
/// localisation profile: `x[p * S + n] = W[p * S + n] sum_m a[p * M + m] Phi[m * S + n]`, where
/// `Phi_m = FFT.spectrum(ofFID: first S points of the basis FID)` (so an amplitude of 1 gives
/// back the basis FID through `FFT.fid(ofSpectrum:)`). Composed with a `SpatialSpectralEncoding`
/// it gives H = E_ec F_NU B0 W Phi, whose unknowns are amplitudes per voxel and metabolite.
public struct MetaboliteBasisOperator: LinearOperator {
    public let voxels: Int
    public let metabolites: Int
    public let points: Int
    /// Basis spectra, `m * S + n`.
    public let spectra: [Complex<Double>]
    /// Profile weights, `p * S + n`, or nil for 1.
    public let weights: [Complex<Double>]?

    /// Phi for `basis` truncated to `points` spectral points, over `voxels` voxels.
    public init(basis: BasisSet, points: Int, voxels: Int, weights: [Complex<Double>]? = nil) throws {
        guard basis.axis.points >= points else {
            throw ASDSError.mismatch(what: "basis set", reason: "has \(basis.axis.points) points, the acquisition needs \(points)")
        }
        if let w = weights, w.count != voxels * points {
            throw ASDSError.mismatch(what: "profile weights", reason: "have \(w.count) values, expected \(voxels * points)")
        }
        self.voxels = voxels
        self.metabolites = basis.metabolites.count
        self.points = points
        self.spectra = basis.metabolites.flatMap { FFT.spectrum(ofFID: Array($0.fid.prefix(points))) }
        self.weights = weights
    }

    public var domainCount: Int { voxels * metabolites }
    public var rangeCount: Int { voxels * points }

    public func apply(_ a: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let s = points, m = metabolites
        for p in 0..<voxels {
            for n in 0..<s {
                var v = Complex<Double>.zero
                for k in 0..<m { v += a[p * m + k] * spectra[k * s + n] }
                x[p * s + n] = weights.map { $0[p * s + n] * v } ?? v
            }
        }
    }

    public func applyAdjoint(_ x: UnsafeBufferPointer<Complex<Double>>, into a: UnsafeMutableBufferPointer<Complex<Double>>) {
        let s = points, m = metabolites
        for p in 0..<voxels {
            for k in 0..<m {
                var v = Complex<Double>.zero
                for n in 0..<s {
                    let xw = weights.map { $0[p * s + n].conjugate * x[p * s + n] } ?? x[p * s + n]
                    v += spectra[k * s + n].conjugate * xw
                }
                a[p * m + k] = v
            }
        }
    }
}

import ASDSCore
import Bloch
import Encoding
import Foundation
import Numerics
import Quantification

/// Metabolite maps of one MRSI acquisition: per voxel and metabolite an amplitude (NaN where no
/// fit was made) and its Cramer-Rao lower bound, `values[p * M + m]`.
public struct MetaboliteMaps: Sendable, Equatable {
    public var metabolites: [String]
    public var matrix: Int
    public var values: [Double]
    public var crlb: [Double]

    /// The map of metabolite `m` (N x N, `iy * N + ix`).
    public func map(_ m: Int) -> [Double] { (0..<(matrix * matrix)).map { values[$0 * metabolites.count + m] } }
}

/// Per-voxel linear-combination fits of reconstructed MRSI spectra, and the ground-truth maps
/// they are scored against.
///
/// Truth: the least-squares projection of each voxel's true spectrum (H's unknown x, which holds
/// the localisation profile, partial volumes and relaxation weighting) onto the basis spectra,
/// so estimated and true maps are in the same units (relaxation-weighted mM times the profile:
/// the apparent concentrations an MRSI map shows before relaxation correction).
public struct MRSIQuantifier: Sendable {
    public let basis: BasisSet
    public let axis: SpectralAxis
    private let fitter: LinearCombinationFitter
    /// Basis spectra on the acquisition's axis, `FFT.spectrum(ofFID:)` of the first S points.
    private let basisSpectra: [[Complex<Double>]]

    /// The fit settings: 0.2-4.2 ppm, a 2nd-order baseline, one shared line shape with up to
    /// 40 Hz extra broadening (T2' up to 8 ms), non-negative amplitudes, CRLBs from the residual.
    public static let fitOptions = LinearCombinationOptions(baselineOrder: 2)

    public init(basis: BasisSet, axis: SpectralAxis) throws {
        self.basis = basis
        self.axis = axis
        fitter = try LinearCombinationFitter(basis: basis, dataAxis: axis, options: Self.fitOptions, basisSource: "MRSI basis")
        let s = axis.points
        guard basis.axis.points >= s, abs(basis.axis.bandwidthHz - axis.bandwidthHz) <= 1e-6 * axis.bandwidthHz else {
            throw ASDSError.mismatch(what: "MRSI basis", reason: "the basis (\(basis.axis.points) points, \(basis.axis.bandwidthHz) Hz) does not cover the acquisition's axis (\(s) points, \(axis.bandwidthHz) Hz)")
        }
        basisSpectra = basis.metabolites.map { FFT.spectrum(ofFID: Array($0.fid.prefix(s))) }
    }

    /// Metabolites M.
    public var metabolites: [String] { basis.names }

    /// The true maps: least-squares amplitudes of each voxel's truth spectrum on the basis spectra.
    public func truthMaps(spectra x: [Complex<Double>], matrix: Int) -> MetaboliteMaps {
        let s = axis.points, m = basisSpectra.count, voxels = matrix * matrix
        // Normal equations of the real amplitudes: G a = b, G_kl = Re <phi_k, phi_l>.
        var g = [Double](repeating: 0, count: m * m)
        for k in 0..<m { for l in 0..<m {
            var sum = 0.0
            for i in 0..<s { sum += (basisSpectra[k][i].conjugate * basisSpectra[l][i]).real }
            g[k * m + l] = sum
        } }
        let values = Parallel.map(voxels) { p -> [Double] in
            var b = [Double](repeating: 0, count: m)
            var any = false
            for k in 0..<m {
                var sum = 0.0
                for i in 0..<s {
                    let v = x[p * s + i]
                    if v != .zero { any = true }
                    sum += (basisSpectra[k][i].conjugate * v).real
                }
                b[k] = sum
            }
            return any ? (DenseLinearAlgebra.solveSPD(g, size: m, rhs: b) ?? [Double](repeating: .nan, count: m)) : [Double](repeating: 0, count: m)
        }.flatMap { $0 }
        return MetaboliteMaps(metabolites: metabolites, matrix: matrix, values: values, crlb: .init(repeating: 0, count: values.count))
    }

    /// Fits the voxels `voxels` of `spectra` (`p * S + n`); other voxels are NaN. A voxel whose
    /// fit fails (all-zero spectrum) is NaN too.
    public func fit(spectra: [Complex<Double>], matrix: Int, voxels: [Int]) -> MetaboliteMaps {
        let s = axis.points, m = metabolites.count
        var values = [Double](repeating: .nan, count: matrix * matrix * m), crlb = values
        let fits = Parallel.map(voxels.count) { i -> LinearCombinationFit? in
            let p = voxels[i]
            return try? fitter.fit(fid: FFT.fid(ofSpectrum: Array(spectra[(p * s)..<((p + 1) * s)])))
        }
        for (i, fit) in fits.enumerated() {
            guard let fit else { continue }
            for k in 0..<m {
                values[voxels[i] * m + k] = fit.amplitudes[k]
                crlb[voxels[i] * m + k] = fit.crlb[k]
            }
        }
        return MetaboliteMaps(metabolites: metabolites, matrix: matrix, values: values, crlb: crlb)
    }
}

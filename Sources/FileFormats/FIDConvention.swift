import ASDSCore
import Foundation
import Numerics

/// Conversions between the ASDS frequency convention and those of other formats.
enum FIDConvention {
    /// The complex conjugate of every sample: turns `exp(+i 2 pi f t)` into `exp(-i 2 pi f t)`,
    /// mirroring the spectrum about the carrier (NIfTI-MRS and FSL-MRS JSON store this frame).
    static func conjugated(_ x: [Complex<Double>]) -> [Complex<Double>] { x.map(\.conjugate) }

    /// `fid` re-referenced so that the carrier lies at `referencePPM` instead of
    /// `axis.referencePPM`, with every peak kept at its chemical shift: each sample is multiplied
    /// by `exp(i 2 pi d t)`, `d = (axis.referencePPM - referencePPM) * SF_MHz` (Hz). Returned
    /// unchanged when the references are equal.
    static func reReferenced(_ fid: [Complex<Double>], axis: SpectralAxis, to referencePPM: Double) -> [Complex<Double>] {
        guard referencePPM != axis.referencePPM else { return fid }
        let shiftHz = (axis.referencePPM - referencePPM) * axis.spectrometerFrequencyMHz
        return fid.enumerated().map { n, z in
            let phase = 2 * Double.pi * shiftHz * axis.timeSeconds(at: n)
            return z * Complex(Foundation.cos(phase), Foundation.sin(phase))
        }
    }
}

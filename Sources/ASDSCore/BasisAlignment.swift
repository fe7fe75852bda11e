import Numerics

/// Brings a basis set onto the data's spectral axis, or refuses with a message that says why.
///
/// - Nucleus: must match.
/// - Spectrometer frequency: must agree to 0.1% (J-coupled line shapes depend on the field, so
///   a basis from another field is refused, never rescaled).
/// - Reference ppm: a different carrier is corrected by an exact frequency shift of every FID.
/// - Dwell time and length: with equal bandwidths a longer basis is truncated; otherwise each FID
///   is resampled at the data's sample times by trigonometric (band-limited) interpolation of the
///   basis's DFT (components beyond the data's Nyquist frequency alias exactly as they would in
///   data sampled at that rate). This is exact at sample times the two axes share (an integer
///   dwell ratio); between basis samples it is the periodic band-limited interpolant, which rings
///   slightly near t = 0 where the FID's periodic extension jumps. The basis must last at
///   least as long as the data (`points * dwell`): a shorter one is refused, since zero-filling an
///   undecayed basis would add truncation ripples that the fit would misread as signal.
public enum BasisAlignment {
    /// The basis on `axis`; `source` names the basis in errors.
    public static func aligned(_ basis: BasisSet, to axis: SpectralAxis, source: String = "basis") throws -> BasisSet {
        let b = basis.axis
        guard b.nucleus == axis.nucleus else {
            throw ASDSError.mismatch(what: source, reason: "basis nucleus \(b.nucleus.rawValue) differs from the data's \(axis.nucleus.rawValue)")
        }
        guard abs(b.spectrometerFrequencyHz - axis.spectrometerFrequencyHz) <= 1e-3 * axis.spectrometerFrequencyHz else {
            throw ASDSError.mismatch(
                what: source,
                reason: "basis spectrometer frequency \(b.spectrometerFrequencyMHz) MHz differs from the data's \(axis.spectrometerFrequencyMHz) MHz; simulate the basis at the data's field")
        }
        guard !basis.metabolites.isEmpty else {
            throw ASDSError.invalidInput(source: source, field: "metabolites", reason: "the basis set is empty")
        }
        for m in basis.metabolites {
            guard m.fid.count == b.points else {
                throw ASDSError.corrupt(path: source, reason: "metabolite \(m.name) has \(m.fid.count) points, the basis axis \(b.points)")
            }
            guard m.fid.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else {
                throw ASDSError.invalidInput(source: source, field: m.name, reason: "the basis FID contains NaN or infinite samples")
            }
        }
        let basisDuration = Double(b.points) / b.bandwidthHz, dataDuration = Double(axis.points) / axis.bandwidthHz
        let sameDwell = abs(b.bandwidthHz - axis.bandwidthHz) <= 1e-9 * axis.bandwidthHz
        if sameDwell ? b.points < axis.points : basisDuration < dataDuration * (1 - 1e-9) {
            throw ASDSError.mismatch(
                what: source,
                reason: "basis lasts \(basisDuration) s (\(b.points) points at \(b.bandwidthHz) Hz), shorter than the data's \(dataDuration) s (\(axis.points) points at \(axis.bandwidthHz) Hz); simulate a longer basis")
        }
        let shiftHz = (b.referencePPM - axis.referencePPM) * axis.spectrometerFrequencyMHz
        let metabolites = basis.metabolites.map { m -> BasisMetabolite in
            var fid = sameDwell ? Array(m.fid.prefix(axis.points)) : resample(m.fid, from: b, to: axis)
            if shiftHz != 0 {
                for n in fid.indices {
                    fid[n] = fid[n] * Complex.exp(Complex(0, 2 * Double.pi * shiftHz * axis.timeSeconds(at: n)))
                }
            }
            return BasisMetabolite(name: m.name, fid: fid)
        }
        let target = try SpectralAxis(points: axis.points, bandwidthHz: axis.bandwidthHz,
                                      spectrometerFrequencyHz: b.spectrometerFrequencyHz, referencePPM: axis.referencePPM,
                                      nucleus: axis.nucleus)
        return BasisSet(axis: target, acquisition: basis.acquisition, metabolites: metabolites)
    }

    /// `b(t_n) = (1 / Nb) sum_k B_k exp(i 2 pi f_k t_n)` over every basis frequency `f_k`, at the
    /// data's times.
    static func resample(_ fid: [Complex<Double>], from b: SpectralAxis, to a: SpectralAxis) -> [Complex<Double>] {
        let spectrum = FFT.spectrum(ofFID: fid)
        let nb = Double(b.points)
        var out = [Complex<Double>](repeating: .zero, count: a.points)
        for k in 0..<b.points {
            let f = b.frequencyHz(atIndex: Double(k))
            let c = spectrum[k].divided(by: nb)
            guard c != .zero else { continue }
            let step = Complex.exp(Complex(0, 2 * Double.pi * f * a.dwellSeconds))
            var rot = Complex<Double>(1, 0)
            for n in 0..<a.points {
                out[n] += c * rot
                rot = rot * step
                if n % 64 == 63 {  // renormalise the recurrence against drift
                    rot = Complex.exp(Complex(0, 2 * Double.pi * f * a.dwellSeconds * Double(n + 1)))
                }
            }
        }
        return out
    }
}

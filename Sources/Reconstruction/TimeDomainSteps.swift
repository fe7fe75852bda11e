import ASDSCore
import Numerics

/// Preprocessing steps that act exactly on the FID.
public enum TimeDomainSteps {
    /// Multiplies the FID by the apodisation window.
    public static func apodise(_ fid: inout [Complex<Double>], axis: SpectralAxis, _ window: Apodisation) {
        let shape: LineWidth
        switch window {
        case .none: return
        case let .exponential(hz): shape = LineWidth(lorentzianHz: hz)
        case let .gaussian(hz): shape = LineWidth(lorentzianHz: 0, gaussianHz: hz)
        }
        for n in fid.indices { fid[n] = fid[n].multiplied(by: shape.envelope(atSeconds: axis.timeSeconds(at: n))) }
    }

    /// Moves every line by `shiftHz` (multiplies the FID by `exp(i 2 pi shiftHz t)`).
    public static func shift(_ fid: inout [Complex<Double>], axis: SpectralAxis, byHz shiftHz: Double) {
        guard shiftHz != 0 else { return }
        for n in fid.indices {
            fid[n] = fid[n] * Complex.exp(Complex(0, 2 * Double.pi * shiftHz * axis.timeSeconds(at: n)))
        }
    }

    /// Multiplies the FID by `exp(i zeroOrderRadians)`.
    public static func rotate(_ fid: inout [Complex<Double>], byRadians phase: Double) {
        guard phase != 0 else { return }
        let r = Complex<Double>(Double.cos(phase), Double.sin(phase))
        for n in fid.indices { fid[n] = fid[n] * r }
    }

    /// The FID padded with zeros to `points` (unchanged when already that long or longer).
    public static func zeroFilled(_ fid: [Complex<Double>], to points: Int) -> [Complex<Double>] {
        guard points > fid.count else { return fid }
        return fid + [Complex<Double>](repeating: .zero, count: points - fid.count)
    }
}

/// Steps that act on a spectrum (index order of `FFT.spectrum(ofFID:)`).
public enum SpectrumSteps {
    /// Multiplies bin k by `exp(i 2 pi f_k firstOrderSeconds)`, f_k in Hz from the carrier.
    public static func applyFirstOrderPhase(_ spectrum: inout [Complex<Double>], axis: SpectralAxis, seconds: Double) {
        guard seconds != 0 else { return }
        for k in spectrum.indices {
            let phase = 2 * Double.pi * axis.frequencyHz(atIndex: Double(k)) * seconds
            spectrum[k] = spectrum[k] * Complex(Double.cos(phase), Double.sin(phase))
        }
    }

    /// The fractional index of the largest |S| inside `ppm` (parabolic interpolation of the
    /// magnitude through the maximum and its neighbours); nil when the range holds no point.
    public static func peakIndex(_ spectrum: [Complex<Double>], axis: SpectralAxis, ppm: ClosedRange<Double>) -> Double? {
        let range = axis.indexRange(ppm: ppm)
        guard let k = range.max(by: { spectrum[$0].length < spectrum[$1].length }) else { return nil }
        guard k > 0, k < spectrum.count - 1 else { return Double(k) }
        let a = spectrum[k - 1].length, b = spectrum[k].length, c = spectrum[k + 1].length
        let denom = a - 2 * b + c
        guard denom < 0 else { return Double(k) }
        return Double(k) + 0.5 * (a - c) / denom
    }
}

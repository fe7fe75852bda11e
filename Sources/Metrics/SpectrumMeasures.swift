import ASDSCore
import Numerics

/// A located peak of a spectrum's real part.
public struct Peak: Sendable, Equatable {
    /// Fractional spectrum index of the maximum (parabolic interpolation through the largest
    /// sample and its neighbours).
    public var index: Double
    /// Interpolated height of the real part at the maximum (spectrum units).
    public var height: Double
}

/// Peak height, line width and noise level of a spectrum's real (absorption) part.
///
/// Spectra are in `FFT.spectrum(ofFID:)` index order on `axis` (ppm increases with the index).
public enum SpectrumMeasures {
    /// The NAA singlet's search window, in ppm.
    public static let naaWindowPPM: ClosedRange<Double> = 1.9...2.1

    /// The largest real-part peak inside `ppm`.
    public static func peak(_ spectrum: [Complex<Double>], axis: SpectralAxis, ppm: ClosedRange<Double> = naaWindowPPM) throws -> Peak {
        try checkLength(spectrum, axis)
        let range = axis.indexRange(ppm: ppm)
        guard let k = range.max(by: { spectrum[$0].real < spectrum[$1].real }) else {
            throw ASDSError.invalidInput(source: "metrics", field: "peak window", reason: "\(ppm) ppm holds no point of the spectrum")
        }
        guard k > 0, k < spectrum.count - 1 else { return Peak(index: Double(k), height: spectrum[k].real) }
        let a = spectrum[k - 1].real, b = spectrum[k].real, c = spectrum[k + 1].real
        let d = a - 2 * b + c
        guard d < 0 else { return Peak(index: Double(k), height: b) }
        let delta = 0.5 * (a - c) / d
        return Peak(index: Double(k) + delta, height: b - 0.25 * (a - c) * delta)
    }

    /// Full width at half maximum of the real-part peak inside `ppm`, in Hz: the half-height
    /// crossings on either side are found by linear interpolation between samples, walking out
    /// from the maximum (the interpolated peak height sets the level).
    public static func fullWidthHalfMaximumHz(_ spectrum: [Complex<Double>], axis: SpectralAxis,
                                              ppm: ClosedRange<Double> = naaWindowPPM) throws -> Double {
        let p = try peak(spectrum, axis: axis, ppm: ppm)
        guard p.height > 0 else {
            throw ASDSError.invalidInput(source: "metrics", field: "FWHM", reason: "the peak in \(ppm) ppm is not positive")
        }
        let half = p.height / 2
        let k = Int(p.index.rounded())
        var left: Double?
        var i = k
        while i > 0 {
            let hi = spectrum[i].real, lo = spectrum[i - 1].real
            if lo <= half { left = Double(i) - (hi - half) / (hi - lo); break }
            i -= 1
        }
        var right: Double?
        i = k
        while i < spectrum.count - 1 {
            let hi = spectrum[i].real, lo = spectrum[i + 1].real
            if lo <= half { right = Double(i) + (hi - half) / (hi - lo); break }
            i += 1
        }
        guard let left, let right else {
            throw ASDSError.invalidInput(source: "metrics", field: "FWHM", reason: "the peak in \(ppm) ppm does not fall to half height inside the spectrum")
        }
        return (right - left) * axis.resolutionHz
    }

    /// Standard deviation of the real part over the signal-free ranges `ppm`, after removing each
    /// range's least-squares straight line (so slow baseline drifts do not count as noise).
    public static func noiseStandardDeviation(_ spectrum: [Complex<Double>], axis: SpectralAxis,
                                              signalFreePPM ppm: [ClosedRange<Double>]) throws -> Double {
        try checkLength(spectrum, axis)
        var sum = 0.0, dof = 0
        for r in ppm {
            let idx = Array(axis.indexRange(ppm: r))
            guard idx.count >= 3 else { continue }
            let xs = idx.map(Double.init), ys = idx.map { spectrum[$0].real }
            let n = Double(idx.count)
            let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
            var sxy = 0.0, sxx = 0.0
            for j in idx.indices { sxy += (xs[j] - mx) * (ys[j] - my); sxx += (xs[j] - mx) * (xs[j] - mx) }
            let slope = sxx > 0 ? sxy / sxx : 0
            for j in idx.indices {
                let r = ys[j] - my - slope * (xs[j] - mx)
                sum += r * r
            }
            dof += idx.count - 2
        }
        guard dof > 0 else {
            throw ASDSError.invalidInput(source: "metrics", field: "noise region",
                                         reason: "no signal-free range of \(ppm.map { "\($0.lowerBound)...\($0.upperBound)" }) ppm holds 3 points of the spectrum")
        }
        return (sum / Double(dof)).squareRoot()
    }

    static func checkLength(_ spectrum: [Complex<Double>], _ axis: SpectralAxis) throws {
        guard spectrum.count == axis.points else {
            throw ASDSError.mismatch(what: "spectrum", reason: "has \(spectrum.count) points, its axis \(axis.points)")
        }
    }
}

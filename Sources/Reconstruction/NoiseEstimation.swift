import ASDSCore
import Numerics

/// Noise level of an FID from a signal-free region of its spectrum.
public enum NoiseEstimation {
    /// The noise standard deviation per real component of the FID samples, estimated from the
    /// FT spectrum (no zero-filling) over `signalFreePPM`: the median absolute deviation of the
    /// first differences of neighbouring bins (real and imaginary parts, within each contiguous
    /// run of indices), times 1.4826 / sqrt(2), divided by `sqrt(points)` (an unnormalised DFT of
    /// white noise multiplies its variance by the length). Differencing removes smooth content
    /// such as the dispersion tails of distant lines and baselines.
    public static func fidStandardDeviation(fid: [Complex<Double>], axis: SpectralAxis,
                                            signalFreePPM: [ClosedRange<Double>] = SignalFreeRegions.defaultPPM) throws -> Double {
        let spectrum = FFT.spectrum(ofFID: fid)
        let idx = try SignalFreeRegions.indices(signalFreePPM, on: axis, source: "noise estimate")
        var re: [Double] = [], im: [Double] = []
        for (a, b) in zip(idx, idx.dropFirst()) where b == a + 1 {
            re.append(spectrum[b].real - spectrum[a].real)
            im.append(spectrum[b].imaginary - spectrum[a].imaginary)
        }
        guard re.count >= 8 else {
            throw ASDSError.invalidInput(source: "noise estimate", field: "signal-free region",
                                         reason: "holds \(idx.count) points of the axis; at least 9 adjacent ones are needed")
        }
        let mad = 0.5 * (medianAbsoluteDeviation(re) + medianAbsoluteDeviation(im))
        return 1.4826 * mad / (2 * Double(fid.count)).squareRoot()
    }

    /// `median |x - median x|`.
    public static func medianAbsoluteDeviation(_ x: [Double]) -> Double {
        let m = median(x)
        return median(x.map { abs($0 - m) })
    }

    /// The median (mean of the two middle values for an even count); 0 for an empty array.
    public static func median(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }
}

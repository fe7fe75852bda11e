import ASDSCore
import Numerics

/// The two signal-to-noise ratios of `docs/METRICS.md`.
public enum SignalToNoise {
    /// Default signal-free ranges for the consensus noise estimate, in ppm (clamped to the axis).
    public static let defaultNoisePPM: [ClosedRange<Double>] = SignalFreeRegions.defaultPPM
    /// Default range of the error-based SNR's residual, in ppm.
    public static let defaultErrorPPM: ClosedRange<Double> = 0.2...4.2

    /// (a) The consensus SNR: the height of the NAA peak (real part) over the standard deviation
    /// of the real part in signal-free ranges (detrended per range). A denoiser can inflate it by
    /// flattening the noise region.
    public static func consensus(_ spectrum: [Complex<Double>], axis: SpectralAxis,
                                 peakPPM: ClosedRange<Double> = SpectrumMeasures.naaWindowPPM,
                                 noisePPM: [ClosedRange<Double>] = defaultNoisePPM) throws -> Double {
        let h = try SpectrumMeasures.peak(spectrum, axis: axis, ppm: peakPPM).height
        let sd = try SpectrumMeasures.noiseStandardDeviation(spectrum, axis: axis, signalFreePPM: noisePPM)
        guard sd > 0 else { return .infinity }
        return h / sd
    }

    /// (b) The error-based SNR: the noise-free truth's NAA peak height over the root mean square
    /// of the real part of `reconstruction - truth` over `errorPPM`. Zeroing noise cannot raise it,
    /// and shrinking or distorting the peaks lowers it.
    public static func errorBased(_ reconstruction: [Complex<Double>], truth: [Complex<Double>], axis: SpectralAxis,
                                  peakPPM: ClosedRange<Double> = SpectrumMeasures.naaWindowPPM,
                                  errorPPM: ClosedRange<Double> = defaultErrorPPM) throws -> Double {
        try SpectrumMeasures.checkLength(reconstruction, axis)
        try SpectrumMeasures.checkLength(truth, axis)
        let h = try SpectrumMeasures.peak(truth, axis: axis, ppm: peakPPM).height
        let idx = axis.indexRange(ppm: errorPPM)
        guard !idx.isEmpty else {
            throw ASDSError.invalidInput(source: "metrics", field: "error range", reason: "\(errorPPM) ppm holds no point of the spectrum")
        }
        var ss = 0.0
        for i in idx {
            let d = reconstruction[i].real - truth[i].real
            ss += d * d
        }
        let rms = (ss / Double(idx.count)).squareRoot()
        guard rms > 0 else { return .infinity }
        return h / rms
    }
}

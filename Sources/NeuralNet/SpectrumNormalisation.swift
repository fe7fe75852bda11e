import ASDSCore
import Numerics

/// How complex spectra become network input, and back. Stored in checkpoints so that inference
/// applies the rule the model was trained with.
///
/// Spectrum `s` (in the `SpectralAxis` convention: fftshifted, ppm ascending with the index) is
/// divided by its scale, the largest magnitude `|s_k|` over the points inside
/// `[ppmLow, ppmHigh]` (0.2-4.2 ppm by default, where the brain metabolites lie, so a residual
/// water peak at 4.7 ppm does not set the scale). The network sees channel 0 = real part,
/// channel 1 = imaginary part, each `points` values.
public struct SpectrumNormalisation: Codable, Equatable, Hashable, Sendable {
    /// The scaling rule.
    public enum Method: String, Codable, Sendable {
        /// Divide by the largest magnitude inside the ppm range.
        case maxMagnitude
    }

    /// The scaling rule.
    public var method: Method
    /// Lower end of the range that sets the scale, in ppm.
    public var ppmLow: Double
    /// Upper end of the range that sets the scale, in ppm.
    public var ppmHigh: Double

    public init(method: Method = .maxMagnitude, ppmLow: Double = 0.2, ppmHigh: Double = 4.2) {
        self.method = method
        self.ppmLow = ppmLow
        self.ppmHigh = ppmHigh
    }

    /// The scale (divisor) of one spectrum; errors name `source`.
    public func scale(of spectrum: [Complex<Double>], axis: SpectralAxis, source: String) throws -> Double {
        guard spectrum.count == axis.points else {
            throw ASDSError.mismatch(what: "\(source): points", reason: "the spectrum has \(spectrum.count) points, its axis \(axis.points)")
        }
        guard ppmLow.isFinite, ppmHigh.isFinite, ppmLow < ppmHigh else {
            throw ASDSError.invalidInput(source: source, field: "normalisation.ppmLow",
                                         reason: "needs ppmLow < ppmHigh, got \(ppmLow) and \(ppmHigh)")
        }
        let range = axis.indexRange(ppm: ppmLow...ppmHigh)
        guard !range.isEmpty else {
            throw ASDSError.invalidInput(source: source, field: "normalisation.ppmLow",
                                         reason: "\(ppmLow)-\(ppmHigh) ppm covers no point of the spectral axis")
        }
        var largest = 0.0
        for k in range { largest = max(largest, spectrum[k].length) }
        guard largest > 0, largest.isFinite else {
            throw ASDSError.invalidInput(source: source, field: "magnitude",
                                         reason: "no finite, non-zero signal in \(ppmLow)-\(ppmHigh) ppm to normalise by")
        }
        return largest
    }

    /// The network input for `spectra` (all on `axis`) and each spectrum's scale.
    /// Spectrum `i` is named `source[i]` in errors.
    public func matrix(_ spectra: [[Complex<Double>]], axis: SpectralAxis, source: String)
        throws -> (spectra: SpectrumMatrix, scales: [Double])
    {
        let points = axis.points
        var values = [Float](repeating: 0, count: spectra.count * 2 * points)
        var scales: [Double] = []
        scales.reserveCapacity(spectra.count)
        for (i, spectrum) in spectra.enumerated() {
            let scale = try self.scale(of: spectrum, axis: axis, source: "\(source)[\(i)]")
            scales.append(scale)
            let base = i * 2 * points
            for k in 0..<points {
                values[base + k] = Float(spectrum[k].real / scale)
                values[base + points + k] = Float(spectrum[k].imaginary / scale)
            }
        }
        let matrix = try SpectrumMatrix(values: values, count: spectra.count, channels: 2, points: points, source: source)
        return (matrix, scales)
    }

    /// Spectrum `index` of a two-channel matrix (for example a reconstruction) as complex
    /// values, multiplied back by `scale`.
    public static func complexSpectrum(_ matrix: SpectrumMatrix, index: Int, scale: Double) -> [Complex<Double>] {
        precondition(matrix.channels == 2, "complex spectra have two channels")
        let values = matrix.spectrum(index), base = values.startIndex, points = matrix.points
        return (0..<points).map { k in
            Complex(Double(values[base + k]) * scale, Double(values[base + points + k]) * scale)
        }
    }
}

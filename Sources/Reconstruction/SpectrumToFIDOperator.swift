import ASDSCore
import Encoding
import Numerics

/// The single-voxel forward model: a spectrum (in `FFT.spectrum(ofFID:)` convention, index `k` at
/// `SpectralAxis.frequencyHz(atIndex: k)`) to the FID it came from, truncated to the acquired
/// length.
///
/// `A x = first fidPoints samples of FFT.fid(ofSpectrum: x)`, so `A` inverts the project's FT when
/// `fidPoints == spectrumPoints`. Then `A^H A = I / spectrumPoints` (a scaled isometry, which the
/// solvers exploit). With `fidPoints < spectrumPoints` (a zero-filled spectrum) it is a
/// co-isometry, `A A^H = I / spectrumPoints`.
public struct SpectrumToFIDOperator: GramStructured, ColumnNormed {
    /// Length of the spectrum (the zero-filled length), the operator's domain.
    public let spectrumPoints: Int
    /// Number of acquired FID samples, the operator's range.
    public let fidPoints: Int

    /// - Precondition: `0 < fidPoints <= spectrumPoints`.
    public init(spectrumPoints: Int, fidPoints: Int) {
        precondition(fidPoints > 0 && fidPoints <= spectrumPoints, "need 0 < fidPoints <= spectrumPoints")
        self.spectrumPoints = spectrumPoints
        self.fidPoints = fidPoints
    }

    /// The square operator on `points` samples.
    public init(points: Int) { self.init(spectrumPoints: points, fidPoints: points) }

    public var domainCount: Int { spectrumPoints }
    public var rangeCount: Int { fidPoints }
    /// Every column (one spectral bin's FID) has norm `sqrt(fidPoints) / spectrumPoints`.
    public var maxColumnNorm: Double { Double(fidPoints).squareRoot() / Double(spectrumPoints) }
    public var gramScale: Double? { fidPoints == spectrumPoints ? 1 / Double(spectrumPoints) : nil }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let m = spectrumPoints, n = fidPoints
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: m) { tmp in
            let t = tmp.baseAddress!
            // ifftshift: tmp[j] = x[(j + m / 2) mod m].
            let h = m / 2
            for j in 0..<(m - h) { t[j] = x[j + h] }
            for j in (m - h)..<m { t[j] = x[j - (m - h)] }
            FFT.transform(shape: [m], direction: .backward, input: t, output: t)
            let s = 1 / Double(m)
            for i in 0..<n { y[i] = t[i].multiplied(by: s) }
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let m = spectrumPoints, n = fidPoints
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: m) { tmp in
            let t = tmp.baseAddress!
            let s = 1 / Double(m)
            for i in 0..<n { t[i] = y[i].multiplied(by: s) }
            for i in n..<m { t[i] = .zero }
            FFT.transform(shape: [m], direction: .forward, input: t, output: t)
            // fftshift: x[k] = tmp[(k + m - m / 2) mod m].
            let h = m - m / 2
            for k in 0..<(m - h) { x[k] = t[k + h] }
            for k in (m - h)..<m { x[k] = t[k - (m - h)] }
        }
    }
}

import ASDSCore
import Datasets
import Encoding
import Numerics
import Reconstruction

/// The single-voxel system matrix H of one acquisition: the map from the object's spectrum x
/// (`FFT.spectrum(ofFID:)` convention, N points) to the acquired FID y (N points),
///
///     H x = d(t) . F^-1[ p(f) . x ],
///
/// with `d` the system's lineshape, offset and eddy-current factors and `p` the receiver phase
/// (`SystemResponse`, identical to what the generator applied). One FFT per application.
public struct AcquisitionSystemOperator: ColumnNormed {
    public let axis: SpectralAxis
    /// d(t), per FID sample.
    public let timeFactors: [Complex<Double>]
    /// p(f), per spectrum index.
    public let frequencyFactors: [Complex<Double>]

    public init(system: SystemResponse, axis: SpectralAxis) {
        self.axis = axis
        timeFactors = system.timeDomainFactors(axis: axis)
        frequencyFactors = system.frequencyDomainFactors(axis: axis)
    }

    public var domainCount: Int { axis.points }
    public var rangeCount: Int { axis.points }

    /// Column j is `d . F^-1[p_j e_j]`, whose norm is `sqrt(sum |d|^2) / N` for every j.
    public var maxColumnNorm: Double {
        timeFactors.reduce(0) { $0 + $1.lengthSquared }.squareRoot() / Double(axis.points)
    }

    /// `||H||^2 <= max|d|^2 ||F^-1||^2 = max|d|^2 / N` (|p| = 1): a valid Lipschitz bound for the
    /// proximal-gradient step.
    public var normSquaredBound: Double {
        (timeFactors.map(\.lengthSquared).max() ?? 1) / Double(axis.points)
    }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, half = n / 2, inverseN = 1 / Double(n)
        // ifftshift(p . x): spectrum index k goes to FFT bin (k - n/2) mod n.
        for k in 0..<n { y[(k - half + n) % n] = frequencyFactors[k] * x[k] }
        FFT.transform(shape: [n], direction: .backward, input: UnsafePointer(y.baseAddress!), output: y.baseAddress!)
        for t in 0..<n { y[t] = (timeFactors[t] * y[t]).multiplied(by: inverseN) }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, half = n / 2, inverseN = 1 / Double(n)
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { work in
            for t in 0..<n { work[t] = timeFactors[t].conjugate * y[t] }
            FFT.transform(shape: [n], direction: .forward, input: UnsafePointer(work.baseAddress!), output: work.baseAddress!)
            // fftshift, then conj(p) / N.
            for k in 0..<n { x[k] = (frequencyFactors[k].conjugate * work[(k - half + n) % n]).multiplied(by: inverseN) }
        }
    }

    /// The FT reconstruction that uses what is known of the system without dividing by its
    /// decay: undo the unit-modulus parts (offset, eddy-current phase, receiver phase) and
    /// transform, so the spectrum keeps the system's line broadening.
    public func phaseCorrectedSpectrum(of fid: [Complex<Double>]) -> [Complex<Double>] {
        var corrected = fid
        for t in corrected.indices {
            let d = timeFactors[t], magnitude = d.length
            if magnitude > 0 { corrected[t] *= d.conjugate.divided(by: magnitude) }
        }
        var s = FFT.spectrum(ofFID: corrected)
        for k in s.indices { s[k] *= frequencyFactors[k].conjugate }
        return s
    }
}

import ASDSCore
import Encoding
import Numerics

/// `F Theta`: line-dictionary coefficients to a spectrum, in the convention of
/// `FFT.spectrum(ofFID:)` (unnormalised forward DFT, then fftshift). `Theta` (`LineDictionary`)
/// gives the FID; `F^H = S F^-1` gives the adjoint by an ifftshift and an unnormalised backward
/// transform. This is the synthesis operator of sparse reconstruction in spectrum units: MRSI
/// applies it per voxel (`BlockDiagonalOperator`) before the spatial-spectral encoding H.
public struct LineSpectrumOperator: LinearOperator {
    public let dictionary: LineDictionary

    public init(dictionary: LineDictionary) { self.dictionary = dictionary }

    public var domainCount: Int { dictionary.domainCount }
    public var rangeCount: Int { dictionary.rangeCount }

    /// `||F a_j|| = sqrt(S) ||a_j||` for every atom.
    public var columnNorm: Double { Double(rangeCount).squareRoot() * dictionary.maxColumnNorm }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = rangeCount
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { fid in
            dictionary.apply(x, into: fid)
            FFT.transform(shape: [n], direction: .forward, input: fid.baseAddress!, output: fid.baseAddress!)
            // fftshift: spectrum index (i + n/2) mod n holds DFT bin i.
            let half = n / 2
            for i in 0..<n { y[(i + half) % n] = fid[i] }
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = rangeCount
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { fid in
            let half = n / 2
            for i in 0..<n { fid[i] = y[(i + half) % n] }
            FFT.transform(shape: [n], direction: .backward, input: fid.baseAddress!, output: fid.baseAddress!)
            dictionary.applyAdjoint(UnsafeBufferPointer(fid), into: x)
        }
    }
}

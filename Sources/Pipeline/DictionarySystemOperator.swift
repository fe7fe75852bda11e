import ASDSCore
import Encoding
import Numerics
import Reconstruction

/// `H F Theta`: line-dictionary coefficients s to the acquired FID. `Theta` (`LineDictionary`)
/// maps coefficients to an object FID, the DFT `F` to its spectrum, and `H`
/// (`AcquisitionSystemOperator`) to the acquired FID. The object's spectrum of a solution is
/// `F Theta s` (`spectrum(of:)`).
public struct DictionarySystemOperator: ColumnNormed {
    public let dictionary: LineDictionary
    public let system: AcquisitionSystemOperator

    public init(dictionary: LineDictionary, system: AcquisitionSystemOperator) {
        precondition(dictionary.rangeCount == system.domainCount, "dictionary and system sizes differ")
        self.dictionary = dictionary
        self.system = system
    }

    public var domainCount: Int { dictionary.domainCount }
    public var rangeCount: Int { system.rangeCount }

    /// ||H F a_j|| <= ||H|| ||F a_j|| = sqrt(normSquaredBound) * sqrt(N) ||a_j||.
    public var maxColumnNorm: Double {
        (system.normSquaredBound * Double(system.domainCount)).squareRoot() * dictionary.maxColumnNorm
    }

    /// `||H F Theta||^2 <= ||H||^2 N ||Theta||^2`, with `||Theta||^2` estimated by power iteration
    /// once per dictionary (enlarged by 1%).
    public func normSquaredBound(dictionaryNormSquared: Double) -> Double {
        system.normSquaredBound * Double(system.domainCount) * dictionaryNormSquared
    }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = system.domainCount
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { fid in
            dictionary.apply(x, into: fid)
            let spectrum = FFT.spectrum(ofFID: Array(fid))
            spectrum.withUnsafeBufferPointer { system.apply($0, into: y) }
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = system.domainCount
        var spectrum = [Complex<Double>](repeating: .zero, count: n)
        spectrum.withUnsafeMutableBufferPointer { system.applyAdjoint(y, into: $0) }
        // F^H = N F^-1: ifftshift, then the unnormalised backward transform.
        FFT.ifftshift(&spectrum)
        FFT.transform(&spectrum, direction: .backward)
        spectrum.withUnsafeBufferPointer { dictionary.applyAdjoint($0, into: x) }
    }

    /// The object's spectrum `F Theta s` of coefficients `s`.
    public func spectrum(of s: [Complex<Double>]) -> [Complex<Double>] {
        FFT.spectrum(ofFID: dictionary.forward(s))
    }
}

import ASDSCore
import Encoding
import Numerics
import Reconstruction

/// `H F Theta`: line-dictionary coefficients s to the acquired FID. `Theta` (`LineDictionary`)
/// maps coefficients to an object FID, the DFT `F` to its spectrum, and `H`
/// (`SingleVoxelSystemMatrix`) to the acquired FID. The object's spectrum of a solution is
/// `F Theta s` (`spectrum(of:)`).
///
/// With `H = diag(d) F^-1 diag(p)` and `F` the shifted DFT, `H F` is
/// `diag(d) DFT^-1 diag(p') DFT` on the object FID (`p'` = p in unshifted bin order, the shifts
/// cancel), so the normal operator is `Theta^H T^H diag(|d|^2) T Theta` with
/// `T = DFT^-1 diag(p') DFT / N`; `T` is the constant `p` when the receiver phase has no
/// first-order term, and then no transform of length N is needed at all.
public struct DictionarySystemOperator: ColumnNormed, NormalApplicable {
    public let dictionary: LineDictionary
    public let system: SingleVoxelSystemMatrix
    /// p' per DFT bin: `p[(i + N/2) mod N]`.
    private let binPhase: [Complex<Double>]
    /// `|d(t)|^2`, per FID sample.
    private let decayPower: [Double]
    /// The receiver phase p when it is the same at every frequency (no first-order phase).
    private let constantPhase: Complex<Double>?

    public init(dictionary: LineDictionary, system: SingleVoxelSystemMatrix) {
        precondition(dictionary.rangeCount == system.domainCount, "dictionary and system sizes differ")
        self.dictionary = dictionary
        self.system = system
        let n = system.domainCount, p = system.frequencyFactors
        binPhase = (0..<n).map { p[($0 + n / 2) % n] }
        decayPower = system.timeFactors.map(\.lengthSquared)
        constantPhase = p.allSatisfy { $0 == p[0] } ? p[0] : nil
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
        dictionary.apply(x, into: y)
        applyPhase(y, adjoint: false)
        let d = system.timeFactors
        for t in 0..<y.count { y[t] = d[t] * y[t] }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = system.domainCount, d = system.timeFactors
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { fid in
            for t in 0..<n { fid[t] = d[t].conjugate * y[t] }
            applyPhase(fid, adjoint: true)
            dictionary.applyAdjoint(UnsafeBufferPointer(fid), into: x)
        }
    }

    /// `Theta^H T^H diag(|d|^2) T Theta x`.
    public func applyNormal(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = system.domainCount
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: n) { fid in
            dictionary.apply(x, into: fid)
            applyPhase(fid, adjoint: false)
            for t in 0..<n { fid[t] = fid[t].multiplied(by: decayPower[t]) }
            applyPhase(fid, adjoint: true)
            dictionary.applyAdjoint(UnsafeBufferPointer(fid), into: y)
        }
    }

    /// The object's spectrum `F Theta s` of coefficients `s`.
    public func spectrum(of s: [Complex<Double>]) -> [Complex<Double>] {
        FFT.spectrum(ofFID: dictionary.forward(s))
    }

    /// `T v` (or `T^H v`) in place: the receiver phase applied to an FID.
    private func applyPhase(_ v: UnsafeMutableBufferPointer<Complex<Double>>, adjoint: Bool) {
        let n = v.count
        if let p = constantPhase {
            let q = adjoint ? p.conjugate : p
            for t in 0..<n { v[t] = q * v[t] }
            return
        }
        let base = v.baseAddress!, inverseN = 1 / Double(n)
        FFT.transform(shape: [n], direction: .forward, input: base, output: base)
        for i in 0..<n { v[i] = (adjoint ? binPhase[i].conjugate : binPhase[i]) * v[i].multiplied(by: inverseN) }
        FFT.transform(shape: [n], direction: .backward, input: base, output: base)
    }
}

import ASDSCore
import Encoding
import Foundation
import Numerics

/// One line shape of a `LineDictionary`: Voigt (Lorentzian times Gaussian decay) with the given
/// full widths at half maximum.
public struct LineWidth: Sendable, Equatable, Codable {
    /// Lorentzian FWHM, in Hz (decay `exp(-pi * lorentzianHz * t)`).
    public var lorentzianHz: Double
    /// Gaussian FWHM, in Hz (decay `exp(-(pi * gaussianHz * t)^2 / (4 ln 2))`); 0 for a pure Lorentzian.
    public var gaussianHz: Double

    public init(lorentzianHz: Double, gaussianHz: Double = 0) {
        self.lorentzianHz = lorentzianHz
        self.gaussianHz = gaussianHz
    }

    /// The time-domain envelope at `t` seconds.
    @inlinable public func envelope(atSeconds t: Double) -> Double {
        let g = Double.pi * gaussianHz * t
        return Foundation.exp(-Double.pi * lorentzianHz * t - g * g / (4 * Foundation.log(2.0)))
    }
}

/// An overcomplete dictionary of Lorentzian/Voigt lines, composed with the single-voxel forward
/// model: coefficients to FID (`H Theta` with `H = SpectrumToFIDOperator`).
///
/// Atom `(w, k)` is the FID `exp(i 2 pi f_k t_n) * envelope_w(t_n) / norm_w`, with centre
/// frequencies `f_k = (k - K / 2) * resolutionHz / oversampling`, `K = oversampling * points`
/// (the spectral axis, refined), and `norm_w` chosen so every atom's FID has the energy of one
/// spectral bin, `1 / points` (so coefficients are in spectrum units, as with the identity
/// dictionary). Coefficients are laid out width-major: index `w * K + k`. Each application costs
/// one FFT of length `K` per width.
public struct LineDictionary: ColumnNormed {
    /// The FID's axis (points and bandwidth).
    public let axis: SpectralAxis
    /// Line shapes, one block of atoms each.
    public let widths: [LineWidth]
    /// Atoms per spectral bin (1 = on the bins, 2 = half-bin spacing, ...).
    public let oversampling: Int
    /// `envelope_w(t_n) * (-1)^n / norm_w`, width-major.
    private let weights: [Double]

    public init(axis: SpectralAxis, widths: [LineWidth], oversampling: Int = 2) throws {
        guard !widths.isEmpty else {
            throw ASDSError.invalidInput(source: "line dictionary", field: "widths", reason: "needs at least one line width")
        }
        guard oversampling >= 1 else {
            throw ASDSError.invalidInput(source: "line dictionary", field: "oversampling", reason: "must be at least 1, got \(oversampling)")
        }
        guard (oversampling * axis.points) % 2 == 0 else {
            throw ASDSError.invalidInput(source: "line dictionary", field: "oversampling",
                                         reason: "oversampling x points must be even, got \(oversampling) x \(axis.points)")
        }
        for (i, w) in widths.enumerated() {
            guard w.lorentzianHz.isFinite, w.gaussianHz.isFinite, w.lorentzianHz >= 0, w.gaussianHz >= 0 else {
                throw ASDSError.invalidInput(source: "line dictionary", field: "widths.\(i)", reason: "widths must be finite and non-negative (Hz)")
            }
        }
        self.axis = axis
        self.widths = widths
        self.oversampling = oversampling
        let n = axis.points
        var w = [Double](repeating: 0, count: widths.count * n)
        for (b, shape) in widths.enumerated() {
            var energy = 0.0
            for i in 0..<n {
                let e = shape.envelope(atSeconds: axis.timeSeconds(at: i))
                w[b * n + i] = e
                energy += e * e
            }
            // Target energy 1 / n per atom.
            let scale = 1 / (energy * Double(n)).squareRoot()
            for i in 0..<n { w[b * n + i] *= (i % 2 == 0 ? scale : -scale) }
        }
        weights = w
    }

    /// Atoms per line width, `oversampling * points`.
    public var atomsPerWidth: Int { oversampling * axis.points }
    public var domainCount: Int { widths.count * atomsPerWidth }
    public var rangeCount: Int { axis.points }

    /// Every atom's FID has norm `1 / sqrt(points)`.
    public var maxColumnNorm: Double { 1 / Double(axis.points).squareRoot() }

    /// Centre frequency of atom index `k` within a width block, in Hz.
    public func centreFrequencyHz(atom k: Int) -> Double {
        Double(k - atomsPerWidth / 2) * axis.resolutionHz / Double(oversampling)
    }

    /// `Theta x`: one batched inverse transform of every width's block, then the weighted sum of
    /// each block's first `points` samples.
    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, k = atomsPerWidth, blocks = widths.count
        withUnsafeTemporaryAllocation(of: Complex<Double>.self, capacity: blocks * k) { tmp in
            let t = tmp.baseAddress!
            FFT.transform(shape: [k], batch: blocks, direction: .backward, input: x.baseAddress!, output: t)
            weights.withUnsafeBufferPointer { w in
                let wp = w.baseAddress!
                for i in 0..<n {
                    var sum = Complex<Double>.zero
                    for b in 0..<blocks { sum += t[b * k + i].multiplied(by: wp[b * n + i]) }
                    y[i] = sum
                }
            }
        }
    }

    /// `Theta^H y`: every width's weighted, zero-padded copy of y, then one batched forward transform.
    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = axis.points, k = atomsPerWidth, blocks = widths.count
        weights.withUnsafeBufferPointer { w in
            for b in 0..<blocks {
                let out = x.baseAddress! + b * k
                let wb = w.baseAddress! + b * n
                for i in 0..<n { out[i] = y[i].multiplied(by: wb[i]) }
                for i in n..<k { out[i] = .zero }
            }
        }
        FFT.transform(shape: [k], batch: blocks, direction: .forward, input: x.baseAddress!, output: x.baseAddress!)
    }
}

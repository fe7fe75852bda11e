import ASDSCore
import Numerics

/// Analytic spectra for the reconstruction tests.
enum Fixtures {
    /// A 3 T axis: 2048 points over 2000 Hz.
    static func axis(points: Int = 2048, bandwidthHz: Double = 2000) -> SpectralAxis {
        try! SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: bandwidthHz)
    }

    /// A sum of Lorentzian singlets `(ppm, amplitude, T2* in s)`.
    static func fid(_ lines: [(ppm: Double, amplitude: Double, t2: Double)], axis: SpectralAxis) -> [Complex<Double>] {
        (0..<axis.points).map { n in
            let t = axis.timeSeconds(at: n)
            var v = Complex<Double>.zero
            for l in lines {
                let f = axis.frequencyHz(ppm: l.ppm)
                v += Complex(l.amplitude * Double.exp(-t / l.t2), 0) * Complex.exp(Complex(0, 2 * Double.pi * f * t))
            }
            return v
        }
    }

    /// Complex white Gaussian noise, `sigma` per real component.
    static func noise(count: Int, sigma: Double, seed: UInt64, index: Int = 0) -> [Complex<Double>] {
        var rng = SeededRandom(seed: seed, path: [UInt64(index)])
        return (0..<count).map { _ in Complex(sigma * rng.normal(), sigma * rng.normal()) }
    }

    static func add(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> [Complex<Double>] { zip(a, b).map { $0 + $1 } }

    /// A brain-like singlet set: NAA 2.008, Cr 3.027, Cho 3.185 ppm.
    static let singlets: [(ppm: Double, amplitude: Double, t2: Double)] = [(2.008, 3, 0.08), (3.027, 2, 0.08), (3.185, 1.5, 0.08)]
}

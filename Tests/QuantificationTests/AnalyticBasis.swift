import ASDSCore
import Numerics

/// Analytic basis sets: weakly coupled multiplets as sums of undamped lines at known ppm.
enum AnalyticBasis {
    /// A line: chemical shift (ppm), relative area.
    typealias Line = (ppm: Double, area: Double)

    /// A first-order multiplet of `lines` split by J (Hz) into `multiplicity` lines with binomial areas.
    static func multiplet(_ ppm: Double, protons: Double, multiplicity: Int, jHz: Double, mhz: Double) -> [Line] {
        var weights = [1.0]
        for _ in 1..<multiplicity { weights = zip(weights + [0], [0] + weights).map { $0 + $1 } }
        let total = weights.reduce(0, +)
        return weights.enumerated().map { i, w in
            (ppm + (Double(i) - Double(multiplicity - 1) / 2) * jHz / mhz, protons * w / total)
        }
    }

    static let names = ["NAA", "Cr", "Cho", "Ins", "Glu"]

    static func lines(_ name: String, mhz: Double) -> [Line] {
        switch name {
        case "NAA": [(2.008, 3)] + multiplet(2.49, protons: 1, multiplicity: 4, jHz: 8, mhz: mhz) + multiplet(2.67, protons: 1, multiplicity: 4, jHz: 8, mhz: mhz)
        case "Cr": [(3.027, 3), (3.913, 2)]
        case "Cho": [(3.185, 9), (3.50, 2), (4.05, 2)]
        case "Ins": multiplet(3.52, protons: 2, multiplicity: 3, jHz: 10, mhz: mhz) + multiplet(3.61, protons: 2, multiplicity: 3, jHz: 9.5, mhz: mhz)
            + multiplet(4.05, protons: 1, multiplicity: 3, jHz: 3, mhz: mhz) + multiplet(3.27, protons: 1, multiplicity: 3, jHz: 9.5, mhz: mhz)
        default: multiplet(2.04, protons: 2, multiplicity: 5, jHz: 7, mhz: mhz) + multiplet(2.35, protons: 2, multiplicity: 3, jHz: 7.5, mhz: mhz)
            + multiplet(3.75, protons: 1, multiplicity: 3, jHz: 6, mhz: mhz)
        }
    }

    /// The basis on `axis` with intrinsic Lorentzian width `t2` (s).
    static func basis(axis: SpectralAxis, names: [String] = names, t2: Double = 0.5) -> BasisSet {
        let metabolites = names.map { name in
            BasisMetabolite(name: name, fid: (0..<axis.points).map { n in
                let t = axis.timeSeconds(at: n)
                var v = Complex<Double>.zero
                for l in lines(name, mhz: axis.spectrometerFrequencyMHz) {
                    v += Complex(length: l.area * Double.exp(-t / t2), phase: 2 * Double.pi * axis.frequencyHz(ppm: l.ppm) * t)
                }
                return v
            })
        }
        return BasisSet(axis: axis, acquisition: AcquisitionParameters(sequence: "analytic", echoTimeSeconds: 0, pulseMode: "ideal"),
                        metabolites: metabolites)
    }

    static func axis(points: Int = 2048, bandwidthHz: Double = 2000) -> SpectralAxis {
        try! SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: bandwidthHz)
    }
}

import ASDSCore
import Foundation
import Numerics

/// Analytic basis sets for tests: singlets and doublets sampled on an axis.
enum TestBasis {
    /// `protons * e^{i 2 pi f t}` for each line at `ppm` (doublets: two lines of half amplitude
    /// at `ppm +- J/2`).
    static func make(points: Int, bandwidthHz: Double, lines: [(name: String, ppm: Double, protons: Double, couplingHz: Double?)]) throws -> BasisSet {
        let axis = try SpectralAxis(b0Tesla: 2.89, points: points, bandwidthHz: bandwidthHz)
        let metabolites = lines.map { line -> BasisMetabolite in
            let f0 = axis.frequencyHz(ppm: line.ppm)
            let offsets = line.couplingHz.map { [f0 - $0 / 2, f0 + $0 / 2] } ?? [f0]
            let fid = (0..<points).map { n -> Complex<Double> in
                let t = axis.timeSeconds(at: n)
                var v = Complex<Double>.zero
                for f in offsets { v += Complex(cos(2 * .pi * f * t), sin(2 * .pi * f * t)).multiplied(by: line.protons / Double(offsets.count)) }
                return v
            }
            return BasisMetabolite(name: line.name, fid: fid)
        }
        return BasisSet(axis: axis, acquisition: AcquisitionParameters(sequence: "PRESS", echoTimeSeconds: 0.03, pulseMode: "ideal"),
                        metabolites: metabolites)
    }

    static func standard(points: Int, bandwidthHz: Double) throws -> BasisSet {
        try make(points: points, bandwidthHz: bandwidthHz, lines: [("NAA", 2.01, 3, nil), ("Cr", 3.03, 3, nil), ("Cho", 3.21, 9, nil),
                                                                  ("Lac", 1.31, 3, 6.9), ("Ins", 3.55, 1, nil), ("Glu", 2.35, 2, nil),
                                                                  ("Gln", 2.45, 2, nil)])
    }
}

import ASDSCore
import Numerics

/// Throughput of the linear-combination fit on synthetic spectra from a synthetic basis.
public enum QuantificationBenchmark {
    /// FSL-MRS: 0.93 s per spectrum.
    public static let fslMRSSpectraPerSecond = 1 / 0.93

    /// A basis of `count` metabolites, each a seeded set of 1-4 first-order multiplets
    /// (singlet to quartet, J 5-9 Hz) at 0.9-4.1 ppm, undamped apart from T2 = 0.5 s.
    public static func syntheticBasis(axis: SpectralAxis, count: Int, seed: UInt64 = 11) -> BasisSet {
        let metabolites = (0..<count).map { m -> BasisMetabolite in
            var rng = SeededRandom(seed: seed, path: [UInt64(m)])
            var lines: [(hz: Double, area: Double)] = []
            for _ in 0..<(1 + rng.integer(in: 0..<4)) {
                let centre = axis.frequencyHz(ppm: rng.uniform(in: 0.9...4.1))
                let multiplicity = 1 + rng.integer(in: 0..<4), j = rng.uniform(in: 5...9)
                var w = [1.0]
                for _ in 1..<max(1, multiplicity) { w = zip(w + [0], [0] + w).map { $0 + $1 } }
                let protons = Double(1 + rng.integer(in: 0..<3)), total = w.reduce(0, +)
                for (i, wi) in w.enumerated() { lines.append((centre + (Double(i) - Double(w.count - 1) / 2) * j, protons * wi / total)) }
            }
            let fid = (0..<axis.points).map { n -> Complex<Double> in
                let t = axis.timeSeconds(at: n)
                return lines.reduce(Complex<Double>.zero) { $0 + Complex(length: $1.area * Double.exp(-t / 0.5), phase: 2 * Double.pi * $1.hz * t) }
            }
            return BasisMetabolite(name: "M\(m)", fid: fid)
        }
        return BasisSet(axis: axis, acquisition: AcquisitionParameters(sequence: "synthetic", echoTimeSeconds: 0, pulseMode: "ideal"),
                        metabolites: metabolites)
    }

    /// Fits `count` noisy spectra of `points` samples made from a `metabolites`-strong basis
    /// (one broadening group, baseline order 2, 0.2-4.2 ppm).
    public static func run(count: Int = 400, points: Int = 2048, metabolites: Int = 20) throws -> [ThroughputMeasurement] {
        let axis = try SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: 2000)
        let basis = syntheticBasis(axis: axis, count: metabolites)
        let fitter = try LinearCombinationFitter(basis: basis, dataAxis: axis)
        let fids = Parallel.map(count) { i -> [Complex<Double>] in
            var rng = SeededRandom(seed: 99, path: [UInt64(i)])
            let amplitudes = (0..<metabolites).map { _ in rng.uniform(in: 0.2...1.5) }
            return (0..<points).map { n -> Complex<Double> in
                let t = axis.timeSeconds(at: n)
                var v = Complex<Double>.zero
                for (m, a) in amplitudes.enumerated() { v += basis.metabolites[m].fid[n].multiplied(by: a) }
                return (v * Complex(length: Double.exp(-Double.pi * 4 * t - 30 * t * t), phase: 0.3 + 2 * Double.pi * 1.5 * t))
                    + Complex(0.02 * rng.normal(), 0.02 * rng.normal())
            }
        }
        return [try ThroughputMeasurement.measure("LC fit (\(metabolites) metabolites, \(points) points, baseline order 2)", items: count,
                                                  peerName: "FSL-MRS", peerItemsPerSecond: fslMRSSpectraPerSecond) {
            _ = try fitter.fit(fids: fids)
        }]
    }
}

import ASDSCore
import Encoding
import Numerics

/// Throughput of the reconstruction methods on synthetic single-voxel spectra (NAA, Cr, Cho
/// singlets plus complex white noise), in parallel over `ComputeSettings.threads`.
public enum ReconstructionBenchmark {
    /// sigpy's FISTA, 200 iterations: 120-143 spectra/s (the upper figure is used).
    public static let sigpyFISTASpectraPerSecond = 143.0
    /// A batched NumPy FISTA, 200 iterations: 227 spectra/s.
    public static let numpyFISTASpectraPerSecond = 227.0

    /// `count` synthetic FIDs of `points` samples at 3 T over 2000 Hz with noise `sigma` per component.
    public static func syntheticFIDs(count: Int, points: Int = 2048, sigma: Double = 0.02, seed: UInt64 = 2024) throws -> (SpectralAxis, [[Complex<Double>]]) {
        let axis = try SpectralAxis(b0Tesla: 3, points: points, bandwidthHz: 2000)
        let lines: [(ppm: Double, amplitude: Double, t2: Double)] = [(2.008, 3, 0.08), (3.027, 2, 0.07), (3.185, 1.5, 0.07)]
        let clean = (0..<points).map { n -> Complex<Double> in
            let t = axis.timeSeconds(at: n)
            return lines.reduce(Complex<Double>.zero) { acc, l in
                acc + Complex(length: l.amplitude * Double.exp(-t / l.t2), phase: 2 * Double.pi * axis.frequencyHz(ppm: l.ppm) * t)
            }
        }
        let fids = Parallel.map(count) { i -> [Complex<Double>] in
            var rng = SeededRandom(seed: seed, path: [UInt64(i)])
            return clean.map { $0 + Complex(sigma * rng.normal(), sigma * rng.normal()) }
        }
        return (axis, fids)
    }

    /// FT, ILS (discrepancy principle; the square single-voxel model takes the closed form), FISTA with the identity dictionary (universal lambda,
    /// 200-iteration cap with convergence stopping: the Gram-structured path), FISTA forced
    /// through 200 full iterations of the generic forward/adjoint path, and FISTA with a
    /// Lorentzian line dictionary (on `count / 10` spectra).
    public static func run(count: Int = 4000, points: Int = 2048) throws -> [ThroughputMeasurement] {
        let (axis, fids) = try syntheticFIDs(count: count, points: points)
        var out: [ThroughputMeasurement] = []
        let none = PreprocessingOptions.none
        for (label, method) in [("FT", ReconstructionMethod.ft), ("ILS (discrepancy principle, closed form for A^H A = cI)", .ils)] {
            let r = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: method, preprocessing: none))
            out.append(try ThroughputMeasurement.measure("\(label), \(points) points", items: count) { _ = try r.reconstruct(fids: fids) })
        }
        let fista = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(method: .fista, preprocessing: none))
        out.append(try ThroughputMeasurement.measure("FISTA identity dictionary, \(points) points, 200-iteration cap", items: count,
                                                     peerName: "sigpy", peerItemsPerSecond: sigpyFISTASpectraPerSecond) {
            _ = try fista.reconstruct(fids: fids)
        })
        // The generic path: the operator without its Gram structure, every iteration run.
        let generic = SparseDeconvolution(operator: OpaqueOperator(base: SpectrumToFIDOperator(points: points)),
                                          normSquared: 1 / Double(points))
        let lambda = generic.universalLambda(noiseStandardDeviation: 0.02)
        let fixed = SparseSolverOptions(algorithm: .fista, maxIterations: 200, relativeTolerance: 0)
        out.append(ThroughputMeasurement.measure("FISTA generic path, \(points) points, 200 full iterations", items: count,
                                                 peerName: "NumPy batched", peerItemsPerSecond: numpyFISTASpectraPerSecond) {
            _ = Parallel.map(count) { generic.solve(fids[$0], lambda: lambda, options: fixed).iterations }
        })
        let lines = try SpectrumReconstructor(axis: axis, options: ReconstructionOptions(
            method: .fista, preprocessing: none,
            dictionary: .lines(widths: [LineWidth(lorentzianHz: 4), LineWidth(lorentzianHz: 8)], oversampling: 2)))
        let few = Array(fids.prefix(max(1, count / 10)))
        out.append(try ThroughputMeasurement.measure("FISTA Lorentzian dictionary (2 widths, 2x oversampled), \(points) points, 200-iteration cap",
                                                     items: few.count, peerName: "sigpy", peerItemsPerSecond: sigpyFISTASpectraPerSecond) {
            _ = try lines.reconstruct(fids: few)
        })
        return out
    }
}

/// Hides an operator's Gram structure so the solvers take their generic path.
struct OpaqueOperator<A: LinearOperator>: LinearOperator {
    let base: A
    var domainCount: Int { base.domainCount }
    var rangeCount: Int { base.rangeCount }
    func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) { base.apply(x, into: y) }
    func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) { base.applyAdjoint(y, into: x) }
}

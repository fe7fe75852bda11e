import ASDSCore
import Foundation
import HDF5Kit
import Numerics

/// The spectra one method reconstructed from a data file, with what `asds reconstruct` records
/// per spectrum (weight, iterations, objective history).
public struct ReconstructionSet: Sendable, Equatable {
    public var method: String
    /// How lambda (or the ILS weight) was chosen, for example `fixed`, `universal`, `alpha*sigma^2`.
    public var rule: String
    /// The data file it came from.
    public var source: String
    /// SHA-256 of the suite the data were generated from (empty for foreign data).
    public var suiteSHA256: String
    public var axis: SpectralAxis
    /// Item indices of the spectra (suite indices for generated data).
    public var indices: [Int]
    /// Suite sequence index of each spectrum (0 for foreign data).
    public var sequences: [Int]
    /// The reconstructed spectra (`FFT.spectrum(ofFID:)` convention).
    public var spectra: [[Complex<Double>]]
    /// Weight per spectrum (NaN where the method has none).
    public var lambdas: [Double]
    /// Iterations per spectrum (0 for FT).
    public var iterations: [Int]
    /// Objective per iteration, per spectrum (CG relative residuals for ILS; empty for FT).
    public var objectives: [[Double]]
    /// For an MRSI reconstruction: the voxel grid (the spectra are voxels `iy * N + ix`).
    public var grid: ImagingGrid?

    public init(method: String, rule: String, source: String, suiteSHA256: String, axis: SpectralAxis, indices: [Int],
                sequences: [Int], spectra: [[Complex<Double>]], lambdas: [Double], iterations: [Int], objectives: [[Double]]) {
        self.method = method
        self.rule = rule
        self.source = source
        self.suiteSHA256 = suiteSHA256
        self.axis = axis
        self.indices = indices
        self.sequences = sequences
        self.spectra = spectra
        self.lambdas = lambdas
        self.iterations = iterations
        self.objectives = objectives
        grid = nil
    }
}

/// The in-plane voxel grid of an MRSI reconstruction: N x N voxels over a square FOV.
public struct ImagingGrid: Sendable, Equatable {
    public var matrix: Int
    public var fovMeters: Double

    public init(matrix: Int, fovMeters: Double) {
        self.matrix = matrix
        self.fovMeters = fovMeters
    }
}

/// `RECON.h5`, written atomically:
///
/// ```
/// /            attrs format = asds-reconstruction, format_version, method, rule, source, suite_sha256,
///              points, bandwidth_hz, spectrometer_frequency_hz, reference_ppm, nucleus
/// /spectra     [n, points] complex {r, i} f64
/// /index       [n] int64      /sequence [n] int32
/// /lambda      [n] f64        /iterations [n] int64
/// /objective_values [sum of lengths] f64, /objective_offsets [n + 1] int64 (ragged histories)
/// ```
/// An MRSI reconstruction adds root attrs `grid_matrix` (N) and `grid_fov_m`; its spectra are
/// the N x N voxels, `index` = `iy * N + ix`.
public enum ReconstructionFile {
    public static let formatName = "asds-reconstruction"
    public static let formatVersion: Int64 = 1

    public static func write(_ r: ReconstructionSet, to path: String) throws {
        try AtomicWrite.write(to: path) { temporary in
            let root = try HDF5File.create(temporary).root()
            try root.setAttribute("format", string: formatName)
            try root.setAttribute("format_version", formatVersion)
            try root.setAttribute("method", string: r.method)
            try root.setAttribute("rule", string: r.rule)
            try root.setAttribute("source", string: r.source)
            try root.setAttribute("suite_sha256", string: r.suiteSHA256)
            try root.setAttribute("points", Int64(r.axis.points))
            try root.setAttribute("bandwidth_hz", r.axis.bandwidthHz)
            try root.setAttribute("spectrometer_frequency_hz", r.axis.spectrometerFrequencyHz)
            try root.setAttribute("reference_ppm", r.axis.referencePPM)
            try root.setAttribute("nucleus", string: r.axis.nucleus.rawValue)
            try root.write(r.spectra.flatMap { $0 }, to: "spectra", shape: [r.spectra.count, r.axis.points])
            try root.write(r.indices.map(Int64.init), to: "index")
            try root.write(r.sequences.map(Int32.init), to: "sequence")
            try root.write(r.lambdas, to: "lambda")
            try root.write(r.iterations.map(Int64.init), to: "iterations")
            try root.write(r.objectives.flatMap { $0 }, to: "objective_values")
            var offsets: [Int64] = [0]
            for o in r.objectives { offsets.append(offsets.last! + Int64(o.count)) }
            try root.write(offsets, to: "objective_offsets")
            if let grid = r.grid {
                try root.setAttribute("grid_matrix", Int64(grid.matrix))
                try root.setAttribute("grid_fov_m", grid.fovMeters)
            }
        }
    }

    public static func read(_ path: String) throws -> ReconstructionSet {
        let root = try HDF5File.open(path).root()
        guard root.hasAttribute("format"), try root.stringAttribute("format") == formatName else {
            throw ASDSError.corrupt(path: path, reason: "not an ASDS reconstruction (attribute format is not \(formatName))")
        }
        let axis = try SpectralAxis(
            points: Int(try root.scalarAttribute("points", as: Int64.self)), bandwidthHz: try root.scalarAttribute("bandwidth_hz"),
            spectrometerFrequencyHz: try root.scalarAttribute("spectrometer_frequency_hz"),
            referencePPM: try root.scalarAttribute("reference_ppm"),
            nucleus: Nucleus(rawValue: try root.stringAttribute("nucleus")) ?? .proton, source: path)
        let spectra = try root.read("spectra", as: Complex<Double>.self)
        let n = spectra.shape.first ?? 0
        guard spectra.shape == [n, axis.points] else {
            throw ASDSError.corrupt(path: path, reason: "/spectra has shape \(spectra.shape), expected [n, \(axis.points)]")
        }
        func column<T: HDF5Element>(_ name: String, _ type: T.Type) throws -> [T] {
            let (values, shape) = try root.read(name, as: T.self)
            guard shape == [n] else { throw ASDSError.corrupt(path: path, reason: "/\(name) has shape \(shape), expected [\(n)]") }
            return values
        }
        let values = try root.read("objective_values", as: Double.self).values
        let offsets = try root.read("objective_offsets", as: Int64.self).values.map(Int.init)
        guard offsets.count == n + 1, offsets.first == 0, offsets.last == values.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw ASDSError.corrupt(path: path, reason: "/objective_offsets does not index /objective_values")
        }
        var set = ReconstructionSet(
            method: try root.stringAttribute("method"), rule: try root.stringAttribute("rule"), source: try root.stringAttribute("source"),
            suiteSHA256: try root.stringAttribute("suite_sha256"), axis: axis,
            indices: try column("index", Int64.self).map(Int.init), sequences: try column("sequence", Int32.self).map(Int.init),
            spectra: (0..<n).map { Array(spectra.values[($0 * axis.points)..<(($0 + 1) * axis.points)]) },
            lambdas: try column("lambda", Double.self), iterations: try column("iterations", Int64.self).map(Int.init),
            objectives: (0..<n).map { Array(values[offsets[$0]..<offsets[$0 + 1]]) })
        if root.hasAttribute("grid_matrix") {
            let grid = ImagingGrid(matrix: Int(try root.scalarAttribute("grid_matrix", as: Int64.self)),
                                   fovMeters: try root.scalarAttribute("grid_fov_m", as: Double.self))
            guard grid.matrix > 0, grid.matrix * grid.matrix == n, grid.fovMeters > 0 else {
                throw ASDSError.corrupt(path: path, reason: "grid_matrix \(grid.matrix) does not match \(n) spectra")
            }
            set.grid = grid
        }
        return set
    }
}

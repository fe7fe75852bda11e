import ASDSCore
import Bloch
import Foundation
import HDF5Kit
import Numerics

/// H for a geometry, sequence and trajectory, with its point-spread function and condition
/// number: what `asds system-matrix` computes, prints (`summaryLines`) and writes (`write(to:)`,
/// layout in docs/ENCODING.md).
public struct SystemMatrixReport: Sendable {
    public enum Kind: String, Sendable { case mrsi = "mrsi", singleVoxel = "single-voxel" }

    public var kind: Kind
    public var phantom: Phantom
    public var sequence: MRSISequence.Record
    /// MRSI only.
    public var trajectory: KSpaceTrajectory?
    public var effects: EncodingEffects?
    /// Spatial PSF FWHM along x and y (MRSI: of the gridding reconstruction; single voxel: of the
    /// localisation profiles, x, y, z), in mm.
    public var psfFWHMMillimeters: [Double]
    /// MRSI: the PSF on a grid around the origin (row-major, `psfSide` x `psfSide`, spacing in m).
    public var psfMap: [Complex<Double>]
    public var psfSide: Int
    public var psfSpacingMeters: Double
    /// Single voxel: the spectral PSF, its FWHM (Hz), the localisation weights and profiles.
    public var spectralPSF: [Complex<Double>]?
    public var spectralFWHMHz: Double?
    public var weights: [Complex<Double>]?
    public var profiles: [SliceSelectionProfile]?
    public var axis: SpectralAxis?
    /// The condition number of H (exact, or an upper bound from its structure; see `method`).
    public var condition: ConditionEstimate
    /// MRSI: the condition number of the J x P spatial encoding matrix of one repetition.
    public var spatialCondition: ConditionEstimate?
    /// The dense matrix when asked for and small enough.
    public var dense: DenseOperator?
    /// Why a requested dense matrix was not written.
    public var denseOmittedReason: String?

    /// H of an MRSI geometry: the (x, y, f) -> (k, t) operator with the phantom's B0 map, T2'
    /// map and eddy currents (`NUFFTSpatialSpectralOperator`; exact sums for the dense matrix).
    ///
    /// Condition numbers. Spatial: of the J x P encoding matrix E, exact (SVD) when
    /// `J P <= 2^22`, else by power iteration on `SpatialEncodingOperator` (a lower bound).
    /// H: exact (SVD of the dense H) when it was built; without B0/T2' the spectral step is
    /// unitary up to a scale and cond(H) = cond(E); with them H is E applied to FIDs weighted by
    /// `e^{z_p t}`, whose magnitudes span `[e^{-t_max / T2'_min}, 1]`, and the report gives
    /// `cond(E) e^{t_max / T2'_min}`: an upper bound for Cartesian CSI (where H = (E x I) W with W
    /// diagonal times a scaled unitary), an estimate for radial and spiral readouts (whose samples
    /// carry extra time offsets tau_i < T).
    public static func mrsi(phantom: Phantom, phantomSource: String, sequence: MRSISequence, trajectory: KSpaceTrajectory,
                            dense: Bool, maxDenseEntries: Int = 1 << 24, iterations: Int = 300) throws -> SystemMatrixReport {
        try phantom.validate(source: phantomSource)
        try sequence.validate(source: "sequence")
        guard abs(trajectory.fovMeters - phantom.fovMeters) <= 1e-9 * phantom.fovMeters, trajectory.matrix == phantom.matrix else {
            throw ASDSError.mismatch(what: "\(phantomSource) and trajectory",
                                     reason: "the geometry has FOV \(phantom.fovMeters) m and matrix \(phantom.matrix), the trajectory \(trajectory.fovMeters) m and \(trajectory.matrix)")
        }
        let raster = PhantomRaster(phantom)
        let effects = EncodingEffects(offResonanceHz: raster.offResonanceHz, t2PrimeSeconds: raster.t2PrimeSeconds,
                                      eddyCurrents: phantom.eddyCurrentModel)
        let exact = try ExactSpatialSpectralOperator(trajectory: trajectory, effects: effects)
        var denseMatrix: DenseOperator?
        var omitted: String?
        if dense {
            if exact.rangeCount * exact.domainCount <= maxDenseEntries {
                denseMatrix = try exact.denseMatrix(maxEntries: maxDenseEntries)
            } else {
                omitted = "H would have \(exact.rangeCount) x \(exact.domainCount) entries, more than \(maxDenseEntries); its defining parameters are written instead"
            }
        }
        let voxels = trajectory.matrix * trajectory.matrix
        let spatial: ConditionEstimate
        if trajectory.readoutSampleCount * voxels <= 1 << 22 {
            spatial = try ConditionEstimate.exact(ExactSpatialSpectralOperator.spatialEncodingMatrix(trajectory), label: "spatial encoding matrix")
        } else {
            spatial = ConditionEstimate.powerIteration(SpatialEncodingOperator(trajectory: trajectory), iterations: iterations)
        }
        let condition: ConditionEstimate
        if let denseMatrix {
            condition = try ConditionEstimate.exact(denseMatrix)
        } else if let t2 = effects.t2PrimeSeconds, let shortest = t2.min(), shortest.isFinite {
            let tMax = Double(trajectory.repetitions - 1) * trajectory.repetitionSeconds + (trajectory.adcTimesSeconds.max() ?? 0)
            let range = exp(tMax / shortest)
            condition = ConditionEstimate(
                largestSingularValue: spatial.largestSingularValue, smallestSingularValue: spatial.smallestSingularValue / range,
                method: String(format: "%@: cond(spatial encoding) x e^{t_max/T2'_min} = %.6g x %.6g (%@)",
                               trajectory.kind == .cartesian ? "upper bound" : "estimate", spatial.value, range, spatial.method))
        } else {
            condition = ConditionEstimate(largestSingularValue: spatial.largestSingularValue, smallestSingularValue: spatial.smallestSingularValue,
                                          method: "equal to the spatial encoding's (no T2'; B0 and eddy phases are unitary): \(spatial.method)")
        }
        let map = PointSpreadFunction.map(trajectory)
        let fwhm = [0, 1].map { PointSpreadFunction.fwhmMeters(trajectory, axis: $0) * 1e3 }
        return SystemMatrixReport(kind: .mrsi, phantom: phantom, sequence: sequence.record, trajectory: trajectory, effects: effects,
                                  psfFWHMMillimeters: fwhm, psfMap: map.values, psfSide: map.side, psfSpacingMeters: map.spacingMeters,
                                  spectralPSF: nil, spectralFWHMHz: nil, weights: nil, profiles: nil, axis: nil, condition: condition,
                                  spatialCondition: spatial, dense: denseMatrix, denseOmittedReason: omitted)
    }

    /// H of a single-voxel acquisition of the phantom's box: `SingleVoxelSystemMatrix` with the
    /// sequence's profiles, the object taken as the bounding box of the phantom's regions, the
    /// T2* and mean B0 offset of the voxels inside the box, and the phantom's eddy currents.
    public static func singleVoxel(phantom: Phantom, phantomSource: String, sequence: MRSISequence, axis: SpectralAxis,
                                   dense: Bool, maxDenseEntries: Int = 1 << 24) throws -> SystemMatrixReport {
        try phantom.validate(source: phantomSource)
        try sequence.validate(source: "sequence")
        guard let voxel = phantom.voxel else {
            throw ASDSError.invalidInput(source: phantomSource, field: "voxel", reason: "is required for a single-voxel system matrix")
        }
        let selection = try sequence.selection(voxel)
        let raster = PhantomRaster(phantom)
        let n = phantom.matrix, dx = phantom.fovMeters / Double(n)
        var rate = 0.0, offset = 0.0, count = 0.0
        for p in 0..<(n * n) {
            let x = Double(p % n - n / 2) * dx - voxel.centerMeters[0], y = Double(p / n - n / 2) * dx - voxel.centerMeters[1]
            guard abs(x) <= voxel.sizeMeters[0] / 2, abs(y) <= voxel.sizeMeters[1] / 2, raster.t2PrimeSeconds[p].isFinite else { continue }
            rate += 1 / raster.t2PrimeSeconds[p]; offset += raster.offResonanceHz[p]; count += 1
        }
        guard count > 0 else {
            throw ASDSError.invalidInput(source: phantomSource, field: "voxel", reason: "the box contains no tissue (no region voxel inside it)")
        }
        var extent = SIMD2<Double>(0, 0)
        for r in phantom.regions where !r.concentrations.isEmpty {
            let (ex, ey) = r.boundingHalfExtent
            extent.x = max(extent.x, abs(r.centerMeters[0]) + ex)
            extent.y = max(extent.y, abs(r.centerMeters[1]) + ey)
        }
        let h = try SingleVoxelSystemMatrix(axis: axis, selection: selection, objectHalfExtentMeters: extent,
                                            t2StarSeconds: count / rate, offsetHz: offset / count, eddyCurrents: phantom.eddyCurrentModel)
        var denseMatrix: DenseOperator?
        var omitted: String?
        if dense {
            if axis.points * axis.points <= maxDenseEntries { denseMatrix = DenseOperator.materialize(h) } else {
                omitted = "H would have \(axis.points) x \(axis.points) entries, more than \(maxDenseEntries)"
            }
        }
        // H = D_t F^-1 diag(w) with F^-1 unitary up to 1/sqrt(N): exact from the dense matrix,
        // else the bound cond(H) <= (max|w| / min|w|) (max|D_t| / min|D_t|).
        let condition: ConditionEstimate
        if let denseMatrix {
            condition = try ConditionEstimate.exact(denseMatrix)
        } else {
            let w = h.frequencyFactors.map(\.length), d = h.timeFactors.map(\.length)
            let scale = 1 / Double(axis.points).squareRoot()
            condition = ConditionEstimate(largestSingularValue: w.max()! * d.max()! * scale, smallestSingularValue: w.min()! * d.min()! * scale,
                                          method: "upper bound: (max|w| / min|w|) (max|D| / min|D|) for H = D F^-1 diag(w)")
        }
        return SystemMatrixReport(kind: .singleVoxel, phantom: phantom, sequence: sequence.record, trajectory: nil, effects: nil,
                                  psfFWHMMillimeters: selection.profiles.map { $0.fwhmMeters * 1e3 }, psfMap: [], psfSide: 0,
                                  psfSpacingMeters: 0, spectralPSF: h.spectralPSF, spectralFWHMHz: h.spectralFWHMHz,
                                  weights: h.frequencyFactors, profiles: selection.profiles, axis: axis, condition: condition,
                                  spatialCondition: nil, dense: denseMatrix, denseOmittedReason: omitted)
    }

    /// The lines `asds system-matrix` prints.
    public var summaryLines: [String] {
        var lines: [String] = []
        switch kind {
        case .mrsi:
            lines.append("H: \(trajectory!.summary); \(trajectory!.readoutSampleCount * trajectory!.repetitions) samples x \(trajectory!.matrix * trajectory!.matrix * trajectory!.repetitions) unknowns")
            lines.append(String(format: "PSF FWHM: %.2f mm (x), %.2f mm (y); voxel %.2f mm", psfFWHMMillimeters[0], psfFWHMMillimeters[1],
                                phantom.fovMeters / Double(phantom.matrix) * 1e3))
        case .singleVoxel:
            lines.append("H: single-voxel \(sequence.name), \(axis!.points) spectral points")
            lines.append(String(format: "PSF FWHM: %.2f mm (x), %.2f mm (y), %.2f mm (z); spectral %.2f Hz",
                                psfFWHMMillimeters[0], psfFWHMMillimeters[1], psfFWHMMillimeters[2], spectralFWHMHz ?? 0))
        }
        if let spatialCondition {
            lines.append(String(format: "spatial encoding condition number: %.6g (%@)", spatialCondition.value, spatialCondition.method))
        }
        lines.append(String(format: "condition number of H: %.6g (%@)", condition.value, condition.method))
        if let denseOmittedReason { lines.append("dense H not written: \(denseOmittedReason)") }
        return lines
    }

    /// Writes the report to `path` atomically.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = String(decoding: try encoder.encode(ReportParameters(kind: kind.rawValue, phantom: phantom, sequence: sequence,
                                                                         trajectory: trajectory?.summary, axis: axis)), as: UTF8.self)
        try AtomicWrite.write(to: path) { temporary in
            let root = try HDF5File.create(temporary).root()
            try root.setAttribute("format", string: "asds-system-matrix")
            try root.setAttribute("version", Int32(1))
            try root.setAttribute("kind", string: kind.rawValue)
            try root.writeString(json, to: "parameters")
            try root.setAttribute("condition_number", condition.value)
            try root.setAttribute("sigma_max", condition.largestSingularValue)
            try root.setAttribute("sigma_min", condition.smallestSingularValue)
            try root.setAttribute("condition_method", string: condition.method)
            if let spatialCondition {
                try root.setAttribute("spatial_condition_number", spatialCondition.value)
                try root.setAttribute("spatial_condition_method", string: spatialCondition.method)
            }
            let psf = try root.createGroup("psf")
            try psf.write(psfFWHMMillimeters, to: "fwhm_mm")
            if psfSide > 0 {
                try psf.write(psfMap, to: "map", shape: [psfSide, psfSide])
                try psf.setAttribute("spacing_m", psfSpacingMeters, on: "map")
            }
            if let spectralPSF, let axis {
                try psf.write(spectralPSF, to: "spectral")
                try psf.setAttribute("fwhm_hz", spectralFWHMHz ?? 0, on: "spectral")
                try psf.setAttribute("bandwidth_hz", axis.bandwidthHz, on: "spectral")
            }
            if let trajectory { try TrajectoryHDF5.write(trajectory, to: try root.createGroup("trajectory")) }
            if let effects, let trajectory {
                let g = try root.createGroup("effects")
                let n = trajectory.matrix
                try g.write(effects.offResonanceHz ?? .init(repeating: 0, count: n * n), to: "b0_offset_hz", shape: [n, n])
                try g.write(effects.t2PrimeSeconds ?? .init(repeating: .infinity, count: n * n), to: "t2prime_s", shape: [n, n])
                let terms = effects.eddyCurrents?.terms ?? []
                try g.write(terms.flatMap { [$0.amplitudeHz, $0.timeConstantSeconds] }, to: "eddy_amplitude_hz_tau_s", shape: [terms.count, 2])
            }
            if let weights { try root.write(weights, to: "localisation_weights") }
            if let profiles {
                let g = try root.createGroup("profiles")
                for (a, p) in profiles.enumerated() {
                    let name = ["x", "y", "z"][a]
                    try g.write(p.positionsMeters, to: name + "_positions_m")
                    try g.write(p.response, to: name + "_response")
                    try g.setAttribute("slice_gradient_t_per_m", p.sliceGradientTeslaPerMeter, on: name + "_response")
                }
            }
            if let dense {
                try root.write(dense.entries, to: "H", shape: [dense.rows, dense.columns])
                try root.setAttribute("rows", string: kind == .mrsi ? "(shot * samplesPerReadout + sample) * S + repetition" : "FID sample", on: "H")
                try root.setAttribute("columns", string: kind == .mrsi ? "(iy * N + ix) * S + spectral index" : "spectrum index", on: "H")
            } else if let denseOmittedReason {
                try root.setAttribute("dense_omitted", string: denseOmittedReason)
            }
        }
    }

    struct ReportParameters: Encodable {
        var kind: String
        var phantom: Phantom
        var sequence: MRSISequence.Record
        var trajectory: String?
        var axis: SpectralAxis?
    }
}

import ASDSCore
import Numerics

/// A NIfTI-MRS data set in memory: complex time-domain data of up to seven dimensions
/// `(x, y, z, t, dim5, dim6, dim7)`, its spectral metadata and the JSON header extension.
///
/// Frequency convention: `data` is in the ASDS convention of `SpectralAxis` (a component
/// `exp(+i 2 pi f t)` lies at `referencePPM + f / spectrometerFrequencyMHz`), which is also the
/// frame FSL-MRS and the Python `nifti_mrs` package hand to their users. The file itself holds the
/// complex conjugate, as the NIfTI-MRS standard prescribes; `read` and `write` convert.
///
/// Layout: `data` is in NIfTI (Fortran) order, first index fastest: element
/// `(x, y, z, t, i5, i6, i7)` sits at `x + nx * (y + ny * (z + nz * (t + nt * (i5 + n5 * (i6 + n6 * i7)))))`.
public struct NIfTIMRS: Sendable, Equatable {
    /// How the complex samples are stored in the file.
    public enum Storage: Sendable, Equatable {
        /// Two float32 per sample (NIfTI `DT_COMPLEX64`, code 32): the usual NIfTI-MRS choice.
        case complex64
        /// Two float64 per sample (NIfTI `DT_COMPLEX128`, code 1792): exact for `Double` data.
        case complex128
    }

    /// A dimension beyond the fourth (`dim_5`, `dim_6`, `dim_7` of the header extension).
    public struct Dimension: Sendable, Equatable {
        /// The NIfTI-MRS tag, for example `DIM_USER_0`, `DIM_DYN`, `DIM_COIL`.
        public var tag: String
        /// Free text for `dim_N_info`, or nil.
        public var info: String?
        /// The `dim_N_header` object (keys whose values change along the dimension), or empty.
        public var header: [String: JSONValue]

        /// A dimension tagged `tag` (for example `DIM_USER_0`).
        public init(tag: String, info: String? = nil, header: [String: JSONValue] = [:]) {
            self.tag = tag
            self.info = info
            self.header = header
        }
    }

    /// Sizes `(nx, ny, nz, nt, n5, n6, n7)`; 4 to 7 entries.
    public var shape: [Int]
    /// Samples in NIfTI order, ASDS frequency convention (see the type's documentation).
    public var data: [Complex<Double>]
    /// Dimensions 5 to 7, one per entry of `shape` beyond the fourth.
    public var dimensions: [Dimension]
    /// Dwell time (time increment of dimension 4), in s; stored in `pixdim[4]`.
    public var dwellSeconds: Double
    /// `SpectrometerFrequency`, in MHz.
    public var spectrometerFrequencyMHz: Double
    /// `ResonantNucleus`, for example `1H`.
    public var nucleus: String
    /// Chemical shift at the spectrometer frequency, in ppm (`SpecFreqChemShift` + `RxOffset`;
    /// the nucleus's default, 4.65 ppm for 1H, when the file gives neither).
    public var referencePPM: Double
    /// Voxel size along x, y, z, in mm (`pixdim[1...3]`); 10000 mm marks an unlocalised axis.
    public var voxelSizeMillimetres: [Double]
    /// Position of voxel (0, 0, 0), in mm (`qoffset_x/y/z`; identity orientation).
    public var originMillimetres: [Double]
    /// Every other header-extension key (standard-defined such as `EchoTime`, or user-defined
    /// objects with `Value` and `Description`).
    public var header: [String: JSONValue]
    /// Storage type used when writing (and found when reading).
    public var storage: Storage

    /// Creates a data set, checking that shape, data, dimensions and metadata agree.
    /// - Throws: `ASDSError.invalidInput` naming `source` and the offending field.
    public init(
        shape: [Int], data: [Complex<Double>], dimensions: [Dimension] = [], dwellSeconds: Double,
        spectrometerFrequencyMHz: Double, nucleus: String = Nucleus.proton.rawValue, referencePPM: Double? = nil,
        voxelSizeMillimetres: [Double] = NIfTIMRS.unlocalisedVoxelMillimetres,
        originMillimetres: [Double] = [0, 0, 0], header: [String: JSONValue] = [:], storage: Storage = .complex64,
        source: String = "NIfTI-MRS"
    ) throws {
        self.shape = shape
        self.data = data
        self.dimensions = dimensions
        self.dwellSeconds = dwellSeconds
        self.spectrometerFrequencyMHz = spectrometerFrequencyMHz
        self.nucleus = nucleus
        self.referencePPM = referencePPM ?? NIfTIMRS.defaultReferencePPM(nucleus: nucleus)
        self.voxelSizeMillimetres = voxelSizeMillimetres
        self.originMillimetres = originMillimetres
        self.header = header
        self.storage = storage
        try validate(source: source)
    }

    /// The default voxel size for unlocalised axes, 10 m, as the standard recommends.
    public static let unlocalisedVoxelMillimetres = [10_000.0, 10_000.0, 10_000.0]

    /// The chemical shift at the spectrometer frequency that NIfTI-MRS tooling assumes when a file
    /// has no `SpecFreqChemShift`: 4.65 ppm for 1H, 4.8 ppm for 2H, 0 otherwise (the `PPM_SHIFT`
    /// table of the `nifti_mrs` package).
    public static func defaultReferencePPM(nucleus: String) -> Double {
        switch nucleus {
        case Nucleus.proton.rawValue: PhysicalConstants.defaultReferencePPM
        case "2H": 4.8
        default: 0
        }
    }

    /// Header-extension keys this type manages itself; they may not appear in `header`.
    static func isManagedKey(_ key: String) -> Bool {
        if ["SpectrometerFrequency", "ResonantNucleus", "SpecFreqChemShift", "RxOffset"].contains(key) { return true }
        for n in 5...7 where key == "dim_\(n)" || key == "dim_\(n)_info" || key == "dim_\(n)_header" { return true }
        return false
    }

    /// Checks the invariants `init` promises.
    public func validate(source: String) throws {
        guard (4...7).contains(shape.count) else {
            throw ASDSError.invalidInput(source: source, field: "dim", reason: "NIfTI-MRS needs 4 to 7 dimensions, got \(shape.count)")
        }
        for (i, n) in shape.enumerated() where n < 1 {
            throw ASDSError.invalidInput(source: source, field: "dim[\(i + 1)]", reason: "must be a positive size, got \(n)")
        }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        guard count == data.count else {
            throw ASDSError.invalidInput(source: source, field: "data", reason: "shape \(shape) needs \(count) samples, got \(data.count)")
        }
        guard dimensions.count == shape.count - 4 else {
            throw ASDSError.invalidInput(source: source, field: "dim_5",
                                         reason: "\(shape.count - 4) higher dimension(s) in the shape but \(dimensions.count) tag(s)")
        }
        for (i, d) in dimensions.enumerated() where d.tag.isEmpty {
            throw ASDSError.invalidInput(source: source, field: "dim_\(i + 5)", reason: "the dimension tag is empty")
        }
        try ASDSError.requirePositive(dwellSeconds, source: source, field: "pixdim[4]", unit: "s")
        try ASDSError.requirePositive(spectrometerFrequencyMHz, source: source, field: "SpectrometerFrequency", unit: "MHz")
        try ASDSError.require(referencePPM, in: -1000...1000, source: source, field: "SpecFreqChemShift", unit: "ppm")
        guard !nucleus.isEmpty else {
            throw ASDSError.invalidInput(source: source, field: "ResonantNucleus", reason: "must name a nucleus such as 1H")
        }
        guard voxelSizeMillimetres.count == 3, originMillimetres.count == 3 else {
            throw ASDSError.invalidInput(source: source, field: "pixdim", reason: "voxel size and origin need 3 values each")
        }
        for (i, v) in voxelSizeMillimetres.enumerated() {
            try ASDSError.requirePositive(v, source: source, field: "pixdim[\(i + 1)]", unit: "mm")
        }
        for (i, v) in originMillimetres.enumerated() where !v.isFinite {
            throw ASDSError.invalidInput(source: source, field: "qoffset[\(i)]", reason: "must be finite, got \(v)")
        }
        if let key = header.keys.sorted().first(where: NIfTIMRS.isManagedKey) {
            throw ASDSError.invalidInput(source: source, field: key, reason: "is set from the NIfTIMRS fields; remove it from header")
        }
    }
}

// MARK: - Construction from ASDS values

extension NIfTIMRS {
    /// A user-defined header value, `{"Value": value, "Description": description}`, the form the
    /// NIfTI-MRS standard requires for keys it does not define.
    public static func userDefined(_ value: JSONValue, description: String) -> JSONValue {
        .object(["Value": value, "Description": .string(description)])
    }

    /// The user-defined header key holding the exact spectral axis (bandwidth and spectrometer
    /// frequency in Hz as `Double`s), so ASDS reads back the bits it wrote.
    public static let axisKey = "ASDSSpectralAxis"

    /// A data set with the metadata of `axis` and zero data (fill it with `setFID`): `gridShape`
    /// is `(nx, ny, nz)`, `higherShape` the sizes of dimensions 5 to 7 (one `Dimension` each), and
    /// `nt` is `axis.points`. Adds `SpectralWidth` and the exact axis key `ASDSSpectralAxis`.
    public init(
        gridShape: [Int], higherShape: [Int] = [], dimensions: [Dimension] = [], axis: SpectralAxis,
        voxelSizeMillimetres: [Double] = NIfTIMRS.unlocalisedVoxelMillimetres, header: [String: JSONValue] = [:],
        storage: Storage = .complex64, source: String = "NIfTI-MRS"
    ) throws {
        guard gridShape.count == 3 else {
            throw ASDSError.invalidInput(source: source, field: "dim", reason: "the grid needs 3 sizes (x, y, z), got \(gridShape.count)")
        }
        let shape = gridShape + [axis.points] + higherShape
        let count = shape.reduce(1, *)
        var fullHeader = header
        fullHeader[NIfTIMRS.axisKey] = NIfTIMRS.userDefined(.object([
            "bandwidthHz": .number(axis.bandwidthHz),
            "spectrometerFrequencyHz": .number(axis.spectrometerFrequencyHz),
        ]), description: "Exact spectral width and spectrometer frequency (Hz) of the ASDS spectral axis")
        fullHeader["SpectralWidth"] = .number(axis.bandwidthHz)
        try self.init(
            shape: shape, data: [Complex<Double>](repeating: .zero, count: count), dimensions: dimensions,
            dwellSeconds: axis.dwellSeconds, spectrometerFrequencyMHz: axis.spectrometerFrequencyMHz,
            nucleus: axis.nucleus.rawValue, referencePPM: axis.referencePPM, voxelSizeMillimetres: voxelSizeMillimetres,
            header: fullHeader, storage: storage, source: source)
    }

    /// Single-voxel spectra along dimension 5 (shape `1 x 1 x 1 x nt x M`), tagged `tag`, with
    /// `dimensionHeader` as `dim_5_header`.
    /// - Throws: `invalidInput` if an FID does not have `axis.points` samples.
    public init(
        spectra: [[Complex<Double>]], axis: SpectralAxis, tag: String = "DIM_USER_0", info: String? = nil,
        dimensionHeader: [String: JSONValue] = [:], header: [String: JSONValue] = [:], storage: Storage = .complex64,
        source: String = "NIfTI-MRS"
    ) throws {
        try self.init(gridShape: [1, 1, 1], higherShape: [spectra.count],
                      dimensions: [Dimension(tag: tag, info: info, header: dimensionHeader)],
                      axis: axis, header: header, storage: storage, source: source)
        for (m, fid) in spectra.enumerated() { try setFID(fid, atSpectrum: m, source: source) }
    }

    /// An MRSI grid `nx x ny x nz x nt`; `fids` in x-fastest order (`x + nx * (y + ny * z)`).
    public init(
        grid fids: [[Complex<Double>]], size: [Int], axis: SpectralAxis, voxelSizeMillimetres: [Double],
        header: [String: JSONValue] = [:], storage: Storage = .complex64, source: String = "NIfTI-MRS"
    ) throws {
        try self.init(gridShape: size, axis: axis, voxelSizeMillimetres: voxelSizeMillimetres,
                      header: header, storage: storage, source: source)
        guard fids.count == size.reduce(1, *) else {
            throw ASDSError.invalidInput(source: source, field: "data", reason: "grid \(size) needs \(size.reduce(1, *)) FIDs, got \(fids.count)")
        }
        for (v, fid) in fids.enumerated() { try setFID(fid, atSpectrum: v, source: source) }
    }
}

// MARK: - Access

extension NIfTIMRS {
    /// Number of points along the time dimension.
    public var points: Int { shape[3] }

    /// Number of FIDs: the product of all sizes except the time dimension.
    public var spectrumCount: Int { data.count / max(1, shape[3]) }

    /// The FID at `index`, counting voxels fastest (x, then y, z) and then the higher dimensions.
    public func fid(atSpectrum index: Int) -> [Complex<Double>] {
        let (base, stride) = location(ofSpectrum: index)
        return (0..<shape[3]).map { data[base + stride * $0] }
    }

    /// Replaces the FID at `index` (same counting as `fid(atSpectrum:)`).
    public mutating func setFID(_ fid: [Complex<Double>], atSpectrum index: Int, source: String = "NIfTI-MRS") throws {
        guard fid.count == shape[3] else {
            throw ASDSError.invalidInput(source: source, field: "data", reason: "FID \(index) has \(fid.count) points, the data set \(shape[3])")
        }
        guard (0..<spectrumCount).contains(index) else {
            throw ASDSError.invalidInput(source: source, field: "data", reason: "spectrum index \(index) outside 0..<\(spectrumCount)")
        }
        let (base, stride) = location(ofSpectrum: index)
        for t in 0..<fid.count { data[base + stride * t] = fid[t] }
    }

    private func location(ofSpectrum index: Int) -> (base: Int, stride: Int) {
        let voxels = shape[0] * shape[1] * shape[2]
        let spatial = index % voxels, higher = index / voxels
        return (spatial + voxels * shape[3] * higher, voxels)
    }

    /// The spectral axis of dimension 4. Uses the exact values of `ASDSSpectralAxis` when they
    /// agree with `pixdim[4]` and `SpectrometerFrequency` (relative 1e-9), else derives them.
    /// - Throws: `invalidInput` naming `source` if the nucleus is not one ASDS models.
    public func spectralAxis(source: String = "NIfTI-MRS") throws -> SpectralAxis {
        guard let nucleusValue = Nucleus(rawValue: nucleus) else {
            throw ASDSError.invalidInput(source: source, field: "ResonantNucleus",
                                         reason: "\(nucleus) is not supported; ASDS models \(Nucleus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var bandwidth = 1 / dwellSeconds
        var frequency = spectrometerFrequencyMHz * 1e6
        if let exact = header[NIfTIMRS.axisKey]?["Value"] {
            if let bw = exact["bandwidthHz"]?.doubleValue, abs(bw * dwellSeconds - 1) < 1e-9 { bandwidth = bw }
            if let sf = exact["spectrometerFrequencyHz"]?.doubleValue, abs(sf / frequency - 1) < 1e-9 { frequency = sf }
        }
        return try SpectralAxis(points: shape[3], bandwidthHz: bandwidth, spectrometerFrequencyHz: frequency,
                                referencePPM: referencePPM, nucleus: nucleusValue, source: source)
    }
}

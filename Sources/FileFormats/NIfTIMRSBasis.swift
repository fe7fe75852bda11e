import ASDSCore
import Numerics

/// A basis set as one NIfTI-MRS file: shape `1 x 1 x 1 x points x metabolites`, dimension 5
/// tagged `DIM_USER_0`, the metabolite names in `dim_5_header.MetaboliteName.Value` (in basis
/// order), the acquisition in the user-defined key `ASDSAcquisition`, and the standard keys
/// `EchoTime`, `MixingTime` (STEAM), `SequenceName` and `ConversionMethod`.
public enum NIfTIMRSBasis {
    /// The `dim_5_header` key listing the metabolite names.
    public static let namesKey = "MetaboliteName"
    /// The user-defined header key holding the full `AcquisitionParameters`.
    public static let acquisitionKey = "ASDSAcquisition"

    /// The NIfTI-MRS data set of `basis`.
    public static func dataSet(from basis: BasisSet, storage: NIfTIMRS.Storage = .complex64, source: String) throws -> NIfTIMRS {
        try BasisHDF5.validateNames(basis.names, source: source)
        let acq = basis.acquisition
        var header: [String: JSONValue] = [
            "EchoTime": .number(acq.echoTimeSeconds),
            "SequenceName": .string(acq.sequence),
            "ConversionMethod": .string("ASDS \(ToolVersion.current)"),
            acquisitionKey: NIfTIMRS.userDefined(AcquisitionJSON.encode(acq),
                                                 description: "ASDS acquisition parameters of the simulated basis set (times in s)"),
        ]
        if let tm = acq.mixingTimeSeconds { header["MixingTime"] = .number(tm) }
        let names = NIfTIMRS.userDefined(.array(basis.names.map { .string($0) }),
                                          description: "Metabolite simulated at each index of dimension 5")
        return try NIfTIMRS(
            spectra: basis.metabolites.map(\.fid), axis: basis.axis, tag: "DIM_USER_0",
            info: "ASDS basis set: one metabolite per index", dimensionHeader: [namesKey: names],
            header: header, storage: storage, source: source)
    }

    /// The basis set held by `nifti` (a file written by `dataSet(from:)`, or any single-voxel
    /// NIfTI-MRS file with metabolites along dimension 5 named in `dim_5_header.MetaboliteName`).
    /// Without `ASDSAcquisition` the acquisition comes from `SequenceName`, `EchoTime` and
    /// `MixingTime`, with `BasisFormat.unknownAcquisition` filling what is missing.
    public static func basis(from nifti: NIfTIMRS, source: String) throws -> BasisSet {
        guard nifti.shape.count == 5, nifti.shape[0...2].allSatisfy({ $0 == 1 }) else {
            throw ASDSError.invalidInput(source: source, field: "dim",
                                         reason: "a basis set needs shape 1 x 1 x 1 x points x metabolites, got \(nifti.shape)")
        }
        guard let names = nifti.dimensions[0].header[namesKey]?["Value"]?.arrayValue?.compactMap(\.stringValue),
              names.count == nifti.shape[4] else {
            throw ASDSError.invalidInput(source: source, field: "dim_5_header.\(namesKey).Value",
                                         reason: "missing, or not one name per index of dimension 5 (\(nifti.shape[4]))")
        }
        let acquisition: AcquisitionParameters
        if let value = nifti.header[acquisitionKey]?["Value"] {
            acquisition = try AcquisitionJSON.decode(value, source: source, field: "\(acquisitionKey).Value")
        } else {
            var a = BasisFormat.unknownAcquisition
            if let name = nifti.header["SequenceName"]?.stringValue { a.sequence = name }
            if let te = nifti.header["EchoTime"]?.doubleValue { a.echoTimeSeconds = te }
            a.mixingTimeSeconds = nifti.header["MixingTime"]?.doubleValue
            acquisition = a
        }
        let axis = try nifti.spectralAxis(source: source)
        let metabolites = names.enumerated().map { BasisMetabolite(name: $1, fid: nifti.fid(atSpectrum: $0)) }
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: metabolites)
    }

    /// Writes `basis` to `path` (`.nii` or `.nii.gz`).
    public static func write(_ basis: BasisSet, to path: String, storage: NIfTIMRS.Storage = .complex64) throws {
        try dataSet(from: basis, storage: storage, source: path).write(to: path)
    }

    /// Reads a basis set from a NIfTI-MRS file.
    public static func read(from path: String) throws -> BasisSet {
        try basis(from: try NIfTIMRS.read(from: path), source: path)
    }
}

import ASDSCore
import Foundation

/// The file formats a basis set can be written in and read from; the one entry point the
/// command line uses.
public enum BasisFormat: String, CaseIterable, Sendable {
    /// ASDS's HDF5 layout (`BasisHDF5`), bit-exact.
    case hdf5
    /// One NIfTI-MRS file, metabolites along dimension 5 (`NIfTIMRSBasis`); `.nii` or `.nii.gz`.
    case niftiMRS = "nifti-mrs"
    /// An LCModel `.BASIS` file (`LCModelBasis`), 7 significant digits.
    case lcmodel
    /// An FSL-MRS folder of JSON files (`FSLBasis`), bit-exact.
    case fsl

    /// The acquisition recorded for basis files from other tools that do not state it: sequence
    /// `unknown`, echo time 0 s (meaning "not recorded"), pulse mode `unknown`. Fields the file
    /// does give (LCModel `SEQ`/`ECHOT`, NIfTI-MRS `SequenceName`/`EchoTime`, FSL-MRS
    /// `seq.sequenceName`/`meta.TE`) replace these.
    public static let unknownAcquisition = AcquisitionParameters(sequence: "unknown", echoTimeSeconds: 0, pulseMode: "unknown")

    /// Writes `basis` to `path` in `format`. Every writer is atomic: on error no file (or folder)
    /// is left at `path`.
    public static func write(_ basis: BasisSet, to path: String, format: BasisFormat) throws {
        switch format {
        case .hdf5: try BasisHDF5.write(basis, to: path)
        case .niftiMRS: try NIfTIMRSBasis.write(basis, to: path)
        case .lcmodel: try LCModelBasis.write(basis, to: path)
        case .fsl: try FSLBasis.write(basis, to: path)
        }
    }

    /// Reads the basis set at `path`, detecting its format with `detect(path:)`.
    public static func read(from path: String) throws -> BasisSet {
        switch try detect(path: path) {
        case .hdf5: try BasisHDF5.read(from: path)
        case .niftiMRS: try NIfTIMRSBasis.read(from: path)
        case .lcmodel: try LCModelBasis.read(from: path)
        case .fsl: try FSLBasis.read(from: path)
        }
    }

    /// The format of the file or folder at `path`, from its content: a folder is FSL-MRS; a file
    /// starting with the HDF5 signature is HDF5; gzip data or a NIfTI header (`sizeof_hdr` 540 or
    /// 348) is NIfTI-MRS; text with a `$SEQPAR` or `$BASIS1` namelist is LCModel.
    public static func detect(path: String) throws -> BasisFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ASDSError.io(path: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue { return .fsl }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ASDSError.io(path: path, reason: "cannot read the file") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        if head.starts(with: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return .hdf5 }
        if Gzip.isCompressed(head) { return .niftiMRS }
        if head.count >= 4 {
            let reader = BinaryReader(bytes: head, bigEndian: false), swapped = BinaryReader(bytes: head, bigEndian: true)
            if [Int32(NIfTIHeader.nifti2Size), Int32(NIfTIHeader.nifti1Size)].contains(where: { $0 == reader.int32(at: 0) || $0 == swapped.int32(at: 0) }) {
                return .niftiMRS
            }
        }
        let text = String(decoding: head, as: UTF8.self).uppercased()
        if text.contains("$SEQPAR") || text.contains("&SEQPAR") || text.contains("$BASIS1") || text.contains("&BASIS1") { return .lcmodel }
        throw ASDSError.invalidInput(source: path, field: "", reason: "unrecognised basis format; expected HDF5, NIfTI-MRS, LCModel .BASIS or an FSL-MRS folder")
    }
}

extension BasisFormat {
    /// The format a path's extension implies: `.h5`/`.hdf5` HDF5, `.nii`/`.nii.gz` NIfTI-MRS,
    /// `.basis` LCModel; anything else (a directory name, no extension) HDF5.
    public static func inferred(fromPath path: String) -> BasisFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") { return .niftiMRS }
        if lower.hasSuffix(".basis") { return .lcmodel }
        return .hdf5
    }
}

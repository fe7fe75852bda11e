import ASDSCore
import Datasets
import FileFormats
import Foundation
import HDF5Kit
import Numerics

/// FIDs to fit, read from any file `asds quantify` accepts: a reconstruction (`RECON.h5`, its
/// spectra turned back into FIDs), an ASDS dataset (`dataset.h5`, the noisy FIDs) or a NIfTI-MRS
/// file (every spectrum along the higher dimensions, in ASDS's frame).
public struct SpectraInput: Sendable {
    public let axis: SpectralAxis
    /// Row labels: item indices for ASDS files, 0, 1, ... for NIfTI-MRS.
    public let indices: [Int]
    public let fids: [[Complex<Double>]]

    public static func read(_ path: String) throws -> SpectraInput {
        switch try ASDSFileKind.detect(path) {
        case .reconstruction:
            let r = try ReconstructionFile.read(path)
            return SpectraInput(axis: r.axis, indices: r.indices, fids: r.spectra.map { FFT.fid(ofSpectrum: $0) })
        case .dataset:
            let d = try DatasetFile.read(path)
            return SpectraInput(axis: d.axis, indices: d.items.map(\.truth.index), fids: d.items.map(\.noisy))
        case .mrsiAcquisition:
            throw ASDSError.invalidInput(source: path, field: "format",
                                         reason: "is raw MRSI k-space data; reconstruct it first (asds reconstruct --in \(path) --out RECON.h5), then fit RECON.h5")
        case .other:
            break
        }
        let nifti = try NIfTIMRS.read(from: path)
        return SpectraInput(axis: try nifti.spectralAxis(source: path), indices: Array(0..<nifti.spectrumCount),
                            fids: (0..<nifti.spectrumCount).map { nifti.fid(atSpectrum: $0) })
    }
}

/// What an input file is: an ASDS HDF5 file of a known layout (by its `format` attribute), or
/// something else (NIfTI-MRS, another tool's HDF5) for the format readers to judge.
public enum ASDSFileKind: Sendable {
    case dataset, reconstruction, mrsiAcquisition, other

    public static func detect(_ path: String) throws -> ASDSFileKind {
        guard FileManager.default.fileExists(atPath: path) else { throw ASDSError.io(path: path, reason: "no such file") }
        guard let root = try? HDF5File.open(path).root(), root.hasAttribute("format"),
              let format = try? root.stringAttribute("format") else { return .other }
        switch format {
        case DatasetFile.formatName: return .dataset
        case ReconstructionFile.formatName: return .reconstruction
        case "asds-mrsi-raw": return .mrsiAcquisition
        default: return .other
        }
    }
}

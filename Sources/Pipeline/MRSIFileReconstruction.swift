import ASDSCore
import Encoding
import FileFormats
import Foundation
import Numerics

/// `asds reconstruct` on an MRSI acquisition (`asds acquire` output or a suite's
/// `mrsi/item-*.h5`): one method through the acquisition's encoding operator, written as an ASDS
/// reconstruction file (the voxels as spectra, with the grid) and as NIfTI-MRS beside it.
public enum MRSIFileReconstruction {
    /// Reconstructs `path` by `method`; `model` is needed by asds-vae (an MRSI model).
    public static func run(_ method: MRSIMethod, path: String, model: MRSIModel?) throws -> (ReconstructionSet, NIfTIMRS) {
        let data = try MRSIData.read(path)
        if let model, model.points != data.axis.points {
            throw ASDSError.mismatch(what: "--model", reason: "the model takes \(model.points)-point spectra, \(path) has \(data.axis.points) spectral points (field /spectral points)")
        }
        let r = try MRSIExperiment().reconstruct(data, method: method, model: model, source: path)
        let n = data.trajectory.matrix, s = data.axis.points
        let spectra = (0..<(n * n)).map { Array(r.spectra[($0 * s)..<(($0 + 1) * s)]) }
        let rule: String
        switch method {
        case .ft: rule = "none"
        case .ils: rule = data.noiseStandardDeviation > 0 ? "discrepancy" : "fixed"
        case .fista: rule = "universal"
        case .asdsVAE: rule = "alpha*sigma_p^2"
        }
        let lambdas = r.voxelWeights.isEmpty ? [Double](repeating: r.weight, count: n * n) : r.voxelWeights.map { $0 * r.weight }
        var set = ReconstructionSet(method: method.rawValue, rule: rule, source: path, suiteSHA256: "", axis: data.axis,
                                    indices: Array(0..<(n * n)), sequences: [Int](repeating: 0, count: n * n), spectra: spectra,
                                    lambdas: lambdas, iterations: [Int](repeating: r.iterations, count: n * n),
                                    objectives: [[Double]](repeating: [], count: n * n))
        set.grid = ImagingGrid(matrix: n, fovMeters: data.trajectory.fovMeters)
        return (set, try nifti(spectra: spectra, data: data, method: method, gain: r.gain, source: path))
    }

    /// The reconstruction as NIfTI-MRS: `N x N x 1 x S`, voxel size FOV / N in plane and the
    /// localisation box's thickness (10 m when there is none), origin at the corner voxel.
    static func nifti(spectra: [[Complex<Double>]], data: MRSIData, method: MRSIMethod, gain: Double, source: String) throws -> NIfTIMRS {
        let n = data.trajectory.matrix, dx = 1000 * data.trajectory.fovMeters / Double(n)
        let thickness = data.phantom.voxel.map { 1000 * $0.sizeMeters[2] } ?? 10_000
        func user(_ value: JSONValue, _ description: String) -> JSONValue { NIfTIMRS.userDefined(value, description: description) }
        var nifti = try NIfTIMRS(grid: spectra.map { FFT.fid(ofSpectrum: $0) }, size: [n, n, 1], axis: data.axis,
                                 voxelSizeMillimetres: [dx, dx, thickness], header: [
            "ASDSMethod": user(.string(method.rawValue), "ASDS reconstruction method: \(method.summary)"),
            "ASDSSource": user(.string(source), "the raw MRSI acquisition reconstructed"),
            "ASDSGainDividedOut": user(.number(gain), "the reconstruction's gain on a uniform object, divided out of the spectra (ils; 1 otherwise)"),
            "EchoTime": .number(data.sequence.echoTimeSeconds),
            "RepetitionTime": .number(data.sequence.repetitionTimeSeconds),
            "ConversionMethod": .string("ASDS \(ToolVersion.current) asds reconstruct"),
        ], source: source)
        nifti.originMillimetres = [-Double(n / 2) * dx, -Double(n / 2) * dx, 0]
        return nifti
    }

    /// `RECON.nii.gz` beside `RECON.h5` (the extension replaced, or appended).
    public static func niftiPath(besides path: String) -> String {
        (path.hasSuffix(".h5") ? String(path.dropLast(3)) : path) + ".nii.gz"
    }
}

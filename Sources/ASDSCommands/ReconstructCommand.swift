import ArgumentParser
import ASDSCore
import Foundation
import Pipeline

/// `asds reconstruct`: one method over a data file's spectra.
public struct ReconstructCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Reconstruct spectra by FT, ILS, ISTA, FISTA or ASDS-VAE from an ASDS dataset, a NIfTI-MRS file or raw MRSI data.",
        discussion: """
        Examples:
          asds reconstruct --method fista --in data/quick/dataset.h5 --out fista.h5
          asds reconstruct --method asds-vae --model model.h5 --in data/table1/dataset.h5 --split test --out vae.h5
          asds reconstruct --method ft --in data/quick/test.nii.gz --out ft.h5
          asds reconstruct --method ils --in data/table1/mrsi/item-000010.h5 --out ils.h5   (also writes ils.nii.gz)

        MRSI acquisitions (asds acquire output, a suite's mrsi/item-*.h5) take ft, ils, fista or asds-vae
        (with an MRSI model: OUT/.cache/mrsi-model-*.h5 of asds run); the output holds one spectrum per voxel.
        """)

    @OptionGroup public var global: GlobalOptions

    @Option(help: "ft, ils, ista, fista or asds-vae.")
    public var method: String

    @Option(name: .customLong("in"), help: "ASDS dataset (dataset.h5) or NIfTI-MRS file.")
    public var input: String

    @Option(help: "Reconstruction file to write (HDF5).")
    public var out: String

    @Option(help: "Fixed lambda for ista/fista (default: the universal threshold of each spectrum's noise).")
    public var lambda: Double?

    @Option(help: "Model from asds train (needed by asds-vae).")
    public var model: String?

    @Option(help: "Items of a dataset: all, train or test.")
    public var split: FileReconstruction.Split = .all

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            if try ASDSFileKind.detect(input) == .mrsiAcquisition { return try reconstructMRSI() }
            let method = try OptionValue.choice(method, option: "--method", as: FileReconstruction.Method.self)
            let trained = try model.map { try TrainedModel.read(from: $0) }
            let start = Date()
            let progress = ProgressReporter(label: "reconstruct \(method.rawValue)", total: 0, enabled: false)
            let result = try FileReconstruction.run(method, path: input, split: split, lambda: lambda, model: trained, progress: progress)
            try ReconstructionFile.write(result, to: out)
            print(String(format: "%@: %d spectra in %.2f s -> %@", method.rawValue, result.spectra.count, Date().timeIntervalSince(start), out))
        }
    }

    private func reconstructMRSI() throws {
        let method = try OptionValue.choice(method, option: "--method", as: MRSIMethod.self)
        guard lambda == nil else {
            throw ASDSError.invalidInput(source: "--lambda", field: "", reason: "MRSI sparse methods set lambda from the noise level (fista) or the model (asds-vae)")
        }
        guard split == .all else { throw ASDSError.invalidInput(source: "--split", field: "", reason: "applies to datasets, not to one MRSI acquisition") }
        let trained = try model.map { try MRSIModel.read(from: $0) }
        let start = Date()
        let (set, nifti) = try MRSIFileReconstruction.run(method, path: input, model: trained)
        let niftiPath = MRSIFileReconstruction.niftiPath(besides: out)
        try nifti.write(to: niftiPath)
        do { try ReconstructionFile.write(set, to: out) } catch {
            try? FileManager.default.removeItem(atPath: niftiPath)
            throw error
        }
        print(String(format: "%@: %d x %d voxels in %.2f s -> %@, %@", method.rawValue, set.grid!.matrix, set.grid!.matrix,
                     Date().timeIntervalSince(start), out, niftiPath))
    }
}

import ASDSCore
import Foundation
import NeuralNet
import Numerics

/// The VAE of the MRSI part and its lambda rule: a `ConvolutionalVAE` trained on the gridding
/// spectra of the training acquisitions' object voxels (the MRSI axis has its own points and
/// bandwidth, so the single-voxel model does not apply), and alpha of `lambda_p = alpha sigma_p^2`.
///
/// alpha is calibrated without solving: `alpha = median(lambda_u) / median(sigma_p^2)` over the
/// training acquisitions (lambda_u each acquisition's universal threshold) and their object
/// voxels, so the rule equals the noise-level rule for the median voxel and moves lambda per
/// voxel with the encoder's variance (docs/RECONSTRUCTION.md).
public struct MRSIModel: Sendable, Equatable {
    public var checkpoint: VAECheckpoint
    public var alpha: Double
    /// SHA-256 of the suite trained on.
    public var suiteSHA256: String

    public init(checkpoint: VAECheckpoint, alpha: Double, suiteSHA256: String) {
        self.checkpoint = checkpoint
        self.alpha = alpha
        self.suiteSHA256 = suiteSHA256
    }

    /// Spectral points the model takes.
    public var points: Int { checkpoint.model.architecture.points }

    /// sigma_p^2 of every voxel spectrum (`spectra[p * S + n]`, gridding reconstruction).
    public func latentVariances(gridding spectra: [Complex<Double>], axis: SpectralAxis, source: String) throws -> [Double] {
        guard axis.points == points else {
            throw ASDSError.mismatch(what: source, reason: "the MRSI model takes spectra of \(points) points, the acquisition has \(axis.points)")
        }
        let s = axis.points
        let voxels = (0..<(spectra.count / s)).map { Array(spectra[($0 * s)..<(($0 + 1) * s)]) }
        let matrix = try checkpoint.normalisation.matrix(voxels, axis: axis, source: source).spectra
        return try checkpoint.model.encode(matrix, source: source).meanVariances
    }

    public func write(to path: String) throws {
        var c = checkpoint
        c.metadata["kind"] = .text("mrsi")
        c.metadata["alpha"] = .number(alpha)
        c.metadata["suite_sha256"] = .text(suiteSHA256)
        try c.write(to: path)
    }

    public static func read(from path: String) throws -> MRSIModel {
        let c = try VAECheckpoint.read(from: path, expecting: nil)
        guard c.metadata["kind"]?.text == "mrsi" else {
            throw ASDSError.invalidInput(source: path, field: "metadata/kind",
                                         reason: "is not an MRSI model (a single-voxel model from asds train cannot reconstruct MRSI; asds run trains the MRSI model into OUT/.cache)")
        }
        guard let alpha = c.metadata["alpha"]?.number, alpha.isFinite, alpha > 0 else {
            throw ASDSError.corrupt(path: path, reason: "metadata/alpha is missing or not positive")
        }
        return MRSIModel(checkpoint: c, alpha: alpha, suiteSHA256: c.metadata["suite_sha256"]?.text ?? "")
    }
}

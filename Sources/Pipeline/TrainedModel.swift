import ASDSCore
import Foundation
import NeuralNet

/// The product of `asds train`: the convolutional VAE with its normalisation and training history,
/// the calibrated regularisation rules and the suite it was trained on, in one HDF5 checkpoint.
public struct TrainedModel: Sendable, Equatable {
    public var checkpoint: VAECheckpoint
    public var calibrations: LambdaCalibrations
    /// SHA-256 of the suite file the model was trained on.
    public var suiteSHA256: String

    public init(checkpoint: VAECheckpoint, calibrations: LambdaCalibrations, suiteSHA256: String) {
        self.checkpoint = checkpoint
        self.calibrations = calibrations
        self.suiteSHA256 = suiteSHA256
    }

    /// alpha of the paper's rule lambda = alpha * sigma^2.
    public var alpha: Double { calibrations.alpha.factor }

    /// Writes the checkpoint atomically, the calibrations as metadata.
    public func write(to path: String) throws {
        var c = checkpoint
        let json = try JSONEncoder.sorted.encode(calibrations)
        c.metadata["calibrations"] = .text(String(decoding: json, as: UTF8.self))
        c.metadata["alpha"] = .number(alpha)
        c.metadata["suite_sha256"] = .text(suiteSHA256)
        try c.write(to: path)
    }

    /// Reads a checkpoint written by `write(to:)`; `expecting` rejects another architecture.
    public static func read(from path: String, expecting architecture: VAEArchitecture? = nil) throws -> TrainedModel {
        let checkpoint = try VAECheckpoint.read(from: path, expecting: architecture)
        guard let text = checkpoint.metadata["calibrations"]?.text,
              let calibrations = try? JSONDecoder().decode(LambdaCalibrations.self, from: Data(text.utf8)) else {
            throw ASDSError.corrupt(path: path, reason: "metadata/calibrations is missing or malformed (not a model from asds train)")
        }
        guard let hash = checkpoint.metadata["suite_sha256"]?.text else {
            throw ASDSError.corrupt(path: path, reason: "metadata/suite_sha256 is missing")
        }
        return TrainedModel(checkpoint: checkpoint, calibrations: calibrations, suiteSHA256: hash)
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values give equal bytes.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

import ASDSCore
import Foundation
import HDF5Kit

/// A trained VAE and everything needed to use it, as one HDF5 file.
///
/// Layout (all names as h5py shows them):
/// - `/` attributes `format = "asds-vae-checkpoint"`, `formatVersion = 1`;
/// - `/architecture`, `/normalisation`, `/training`: JSON strings (`VAEArchitecture`,
///   `SpectrumNormalisation`, `TrainingConfiguration`; the last only when present);
/// - `/layers`: JSON string, the layer list implied by the architecture (for readers);
/// - `/weights/{encoder,decoder}/NN_kind/{weight,bias}`: Float32 with their shapes, each with an
///   Int64 attribute `checksum` (FNV-1a of the little-endian bytes);
/// - `/history/*`: per-epoch Float64 columns `training_total`, `training_reconstruction`,
///   `training_kl`, `validation_total`, `validation_reconstruction`, `validation_kl`, `seconds`,
///   Int64 `epoch`, UInt8 `is_best`; attributes `bestEpoch`, `stoppedEarly`, `maxEpochs`;
/// - `/metadata/<key>`: a string or Float64 dataset per `MetadataValue`.
///
/// Writing is atomic, and the same checkpoint written twice gives identical bytes; reading gives
/// back an equal value (weights bit for bit).
public struct VAECheckpoint: Equatable, Sendable {
    /// The value of the root attribute `format`.
    public static let format = "asds-vae-checkpoint"
    /// The layout version this build writes and reads.
    public static let formatVersion: Int64 = 1

    /// Architecture and weights.
    public var model: ConvolutionalVAE
    /// How spectra were scaled for training (apply the same before `encode`).
    public var normalisation: SpectrumNormalisation
    /// The configuration the model was trained with, if recorded.
    public var training: TrainingConfiguration?
    /// The per-epoch losses of training, if recorded.
    public var history: TrainingHistory?
    /// Any further values (the lead stores `alpha`, the suite hash, ...). Keys are HDF5 names:
    /// non-empty, without `/`, not `.`.
    public var metadata: [String: MetadataValue]

    public init(model: ConvolutionalVAE, normalisation: SpectrumNormalisation, training: TrainingConfiguration? = nil,
                history: TrainingHistory? = nil, metadata: [String: MetadataValue] = [:]) {
        self.model = model
        self.normalisation = normalisation
        self.training = training
        self.history = history
        self.metadata = metadata
    }

    // MARK: Writing

    /// Writes the checkpoint to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws {
        for key in metadata.keys where key.isEmpty || key.contains("/") || key == "." {
            throw ASDSError.invalidInput(source: path, field: "metadata", reason: "invalid key '\(key)' (must be non-empty, without '/')")
        }
        try AtomicWrite.write(to: path) { temporary in try writeContents(to: temporary) }
    }

    private func writeContents(to path: String) throws {
        let file = try HDF5File.create(path)
        let root = try file.root()
        try root.setAttribute("format", string: Self.format)
        try root.setAttribute("formatVersion", Self.formatVersion)
        try root.writeString(try json(model.architecture), to: "architecture")
        try root.writeString(try json(LayerList(encoder: model.architecture.encoderLayers,
                                                decoder: model.architecture.decoderLayers)), to: "layers")
        try root.writeString(try json(normalisation), to: "normalisation")
        if let training { try root.writeString(try json(training), to: "training") }

        let weights = try root.createGroup("weights")
        var groups: [String: HDF5Group] = [:]
        for tensor in model.parameterTensors {
            let parts = tensor.name.split(separator: "/").map(String.init)
            var group = weights
            var groupPath = ""
            for part in parts.dropLast() {
                groupPath += "/" + part
                if let existing = groups[groupPath] {
                    group = existing
                } else {
                    group = try group.createGroup(part)
                    groups[groupPath] = group
                }
            }
            let values = Array(model.parameters[tensor.range])
            try group.write(values, to: parts[parts.count - 1], shape: tensor.shape)
            try group.setAttribute("checksum", Int64(bitPattern: fnv1a(values)), on: parts[parts.count - 1])
        }

        if let history { try writeHistory(history, to: try root.createGroup("history")) }

        let meta = try root.createGroup("metadata")
        for key in metadata.keys.sorted() {
            switch metadata[key]! {
            case let .text(text): try meta.writeString(text, to: key)
            case let .numbers(values): try meta.write(values, to: key)
            }
        }
        try file.flush()
    }

    private func writeHistory(_ history: TrainingHistory, to group: HDF5Group) throws {
        let e = history.epochs
        try group.write(e.map { Int64($0.epoch) }, to: "epoch")
        let columns: [(String, (EpochReport) -> Double)] = [
            ("training_total", { $0.training.total }), ("training_reconstruction", { $0.training.reconstruction }),
            ("training_kl", { $0.training.kl }), ("validation_total", { $0.validation.total }),
            ("validation_reconstruction", { $0.validation.reconstruction }), ("validation_kl", { $0.validation.kl }),
            ("seconds", { $0.seconds }),
        ]
        for (name, value) in columns { try group.write(e.map(value), to: name) }
        try group.write(e.map { UInt8($0.isBest ? 1 : 0) }, to: "is_best")
        try group.setAttribute("bestEpoch", Int64(history.bestEpoch))
        try group.setAttribute("stoppedEarly", Int64(history.stoppedEarly ? 1 : 0))
        try group.setAttribute("maxEpochs", Int64(e.first?.maxEpochs ?? 0))
    }

    // MARK: Reading

    /// Reads the checkpoint at `path`. With `expected`, a checkpoint of any other architecture
    /// (including another points count) is rejected with a `mismatch` error naming the file and
    /// the field; a damaged file gives a `corrupt` or `invalidInput` error naming the file and
    /// the dataset.
    public static func read(from path: String, expecting expected: VAEArchitecture? = nil) throws -> VAECheckpoint {
        let file = try HDF5File.open(path)
        let root = try file.root()
        guard root.hasAttribute("format"), (try? root.stringAttribute("format")) == format else {
            throw ASDSError.corrupt(path: path, reason: "/: not an ASDS VAE checkpoint (no format attribute \"\(format)\")")
        }
        let version: Int64 = try root.scalarAttribute("formatVersion")
        guard version == formatVersion else {
            throw ASDSError.corrupt(path: path, reason: "/: formatVersion \(version) is not supported (this build reads \(formatVersion))")
        }
        let architecture = try decode(VAEArchitecture.self, root, "architecture", path)
        try architecture.validate(source: "\(path): architecture")
        if let expected { try check(architecture, against: expected, path: path) }
        let normalisation = try decode(SpectrumNormalisation.self, root, "normalisation", path)
        let training = root.contains("training") ? try decode(TrainingConfiguration.self, root, "training", path) : nil

        let network = try VAENetwork(architecture: architecture, source: "\(path): architecture")
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        let weights = try root.group("weights")
        let skeleton = ConvolutionalVAE.tensors(of: network)
        for tensor in skeleton {
            let (values, shape) = try weights.read(tensor.name, as: Float.self)
            let field = "/weights/\(tensor.name)"
            guard shape == tensor.shape else {
                throw ASDSError.corrupt(path: path, reason: "\(field): shape \(shape), the architecture needs \(tensor.shape)")
            }
            let stored: Int64 = try weights.scalarAttribute("checksum", on: tensor.name)
            guard UInt64(bitPattern: stored) == fnv1a(values) else {
                throw ASDSError.corrupt(path: path, reason: "\(field): checksum mismatch (the weights are damaged)")
            }
            parameters.replaceSubrange(tensor.range, with: values)
        }
        let model = try ConvolutionalVAE(architecture: architecture, parameters: parameters, source: "\(path): /weights")

        let history = root.contains("history") ? try readHistory(try root.group("history"), path: path) : nil
        var metadata: [String: MetadataValue] = [:]
        if root.contains("metadata") {
            let meta = try root.group("metadata")
            for key in try meta.childNames() {
                if let text = try? meta.readString(key) {
                    metadata[key] = .text(text)
                } else {
                    metadata[key] = .numbers(try meta.read(key, as: Double.self).values)
                }
            }
        }
        return VAECheckpoint(model: model, normalisation: normalisation, training: training, history: history, metadata: metadata)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ root: HDF5Group, _ name: String, _ path: String) throws -> T {
        let text = try root.readString(name)
        return try JSONInput.decode(type, from: Data(text.utf8), source: "\(path): /\(name)")
    }

    /// Compares every architecture field and names the first that differs.
    private static func check(_ found: VAEArchitecture, against expected: VAEArchitecture, path: String) throws {
        let fields: [(String, String, String)] = [
            ("channels", "\(found.channels)", "\(expected.channels)"),
            ("points", "\(found.points)", "\(expected.points)"),
            ("blockChannels", "\(found.blockChannels)", "\(expected.blockChannels)"),
            ("kernelSize", "\(found.kernelSize)", "\(expected.kernelSize)"),
            ("poolSize", "\(found.poolSize)", "\(expected.poolSize)"),
            ("latentDimension", "\(found.latentDimension)", "\(expected.latentDimension)"),
            ("upsampling", found.upsampling.rawValue, expected.upsampling.rawValue),
        ]
        for (field, have, want) in fields where have != want {
            throw ASDSError.mismatch(what: "\(path): architecture.\(field)",
                                     reason: "the checkpoint has \(have), expected \(want)")
        }
    }

    private static func readHistory(_ group: HDF5Group, path: String) throws -> TrainingHistory {
        let epochs = try group.read("epoch", as: Int64.self).values
        func column(_ name: String) throws -> [Double] {
            let values = try group.read(name, as: Double.self).values
            guard values.count == epochs.count else {
                throw ASDSError.corrupt(path: path, reason: "/history/\(name): \(values.count) values for \(epochs.count) epochs")
            }
            return values
        }
        let tt = try column("training_total"), tr = try column("training_reconstruction"), tk = try column("training_kl")
        let vt = try column("validation_total"), vr = try column("validation_reconstruction"), vk = try column("validation_kl")
        let seconds = try column("seconds")
        let best = try group.read("is_best", as: UInt8.self).values
        guard best.count == epochs.count else {
            throw ASDSError.corrupt(path: path, reason: "/history/is_best: \(best.count) values for \(epochs.count) epochs")
        }
        let maxEpochs = Int(try group.scalarAttribute("maxEpochs", as: Int64.self))
        let reports = epochs.indices.map { i in
            EpochReport(epoch: Int(epochs[i]), maxEpochs: maxEpochs,
                        training: LossTerms(total: tt[i], reconstruction: tr[i], kl: tk[i]),
                        validation: LossTerms(total: vt[i], reconstruction: vr[i], kl: vk[i]),
                        seconds: seconds[i], isBest: best[i] != 0)
        }
        return TrainingHistory(epochs: reports, bestEpoch: Int(try group.scalarAttribute("bestEpoch", as: Int64.self)),
                               stoppedEarly: try group.scalarAttribute("stoppedEarly", as: Int64.self) != 0)
    }
}

/// The `/layers` document.
private struct LayerList: Codable {
    var encoder: [Layer]
    var decoder: [Layer]
}

/// Sorted keys, so identical values give identical bytes.
private func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// FNV-1a (64-bit) over the bytes of `values`, to detect damaged weights in a checkpoint.
private func fnv1a<T>(_ values: [T]) -> UInt64 {
    values.withUnsafeBytes { bytes in
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

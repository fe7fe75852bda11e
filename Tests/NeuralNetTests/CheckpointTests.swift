import ASDSCore
import Foundation
import HDF5Kit
import NeuralNet
import Testing
import TestSupport

@Suite struct CheckpointTests {
    static let architecture = VAEArchitecture(channels: 2, points: 64, blockChannels: [4, 6, 8], kernelSize: 3, poolSize: 2,
                                              latentDimension: 4, upsampling: .nearest)

    /// A briefly trained model with history, training settings and metadata of every kind.
    static func checkpoint() throws -> VAECheckpoint {
        let spectra = SyntheticSpectra.make(count: 12, points: 64, seed: 61)
        let (training, validation) = try spectra.split(validationFraction: 0.25, seed: 2)
        var model = try ConvolutionalVAE(architecture: architecture, seed: 6)
        let configuration = TrainingConfiguration(learningRate: 1e-3, batchSize: 4, maxEpochs: 2, seed: 3)
        let history = try VAETrainer.train(&model, training: training, validation: validation, configuration: configuration)
        return VAECheckpoint(
            model: model, normalisation: SpectrumNormalisation(ppmLow: 0.5, ppmHigh: 4.0), training: configuration,
            history: history,
            metadata: ["alpha": .number(0.125), "suiteHash": .text("3f9a0c"), "scales": .numbers([1, 2.5, -3e-9]),
                       "calibration": .text(#"{"grid": [0.1, 1, 10]}"#)])
    }

    @Test func roundTripIsBitExact() throws {
        let directory = try TestSupport.temporaryDirectory("nn-checkpoint")
        defer { TestSupport.cleanup(directory) }
        let original = try Self.checkpoint()
        let first = directory + "/model.h5", second = directory + "/again.h5"
        try original.write(to: first)
        let loaded = try VAECheckpoint.read(from: first, expecting: Self.architecture)
        #expect(loaded == original)
        // Bit for bit, including NaN-free bit patterns of every weight.
        #expect(loaded.model.parameters.map(\.bitPattern) == original.model.parameters.map(\.bitPattern))
        #expect(loaded.metadata["alpha"]?.number == 0.125)
        #expect(loaded.history?.epochs.count == 2)
        // Writing what was read gives the same bytes.
        try loaded.write(to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        // The loaded model computes exactly what the original does.
        let spectra = SyntheticSpectra.make(count: 3, points: 64, seed: 62)
        #expect(try loaded.model.encode(spectra) == original.model.encode(spectra))
    }

    /// h5py reads the layout the documentation describes.
    @Test func layoutIsReadableByH5py() throws {
        // Python 3 with h5py is a test dependency (scripts/install-test-deps.sh); the first
        // python3 on PATH is the one it installs into.
        let directory = try TestSupport.temporaryDirectory("nn-h5py")
        defer { TestSupport.cleanup(directory) }
        let original = try Self.checkpoint()
        let path = directory + "/model.h5"
        try original.write(to: path)
        let script = """
        import h5py, json, sys
        f = h5py.File(sys.argv[1], "r")
        assert f.attrs["format"] == "asds-vae-checkpoint", f.attrs["format"]
        a = json.loads(f["architecture"][()])
        w = f["weights/encoder/00_conv1D/weight"]
        assert w.shape == (a["blockChannels"][0], a["channels"], a["kernelSize"]), w.shape
        assert w.dtype == "float32"
        print(a["points"], float(f["metadata/alpha"][0]), f["metadata/suiteHash"][()].decode(), len(f["history/validation_total"]))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "64 0.125 3f9a0c 2")
    }

    static func expectOneLineError(_ body: () throws -> Void, mentioning parts: [String]) {
        do {
            try body()
            Issue.record("no error; expected one mentioning \(parts)")
        } catch let error as ASDSError {
            let text = error.description
            #expect(!text.contains("\n"), "multi-line error: \(text)")
            for part in parts { #expect(text.contains(part), "'\(text)' does not mention \(part)") }
        } catch {
            Issue.record("not an ASDSError: \(error)")
        }
    }

    @Test func anotherArchitectureOrPointsCountIsRejected() throws {
        let directory = try TestSupport.temporaryDirectory("nn-mismatch")
        defer { TestSupport.cleanup(directory) }
        let path = directory + "/model.h5"
        try Self.checkpoint().write(to: path)
        var points = Self.architecture
        points.points = 128
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: path, expecting: points) },
                                mentioning: [path, "architecture.points", "64", "128"])
        var blocks = Self.architecture
        blocks.blockChannels = [4, 6, 10]
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: path, expecting: blocks) },
                                mentioning: [path, "architecture.blockChannels"])
        var latent = Self.architecture
        latent.latentDimension = 5
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: path, expecting: latent) },
                                mentioning: [path, "architecture.latentDimension"])
        // Without an expectation the file loads, and spectra of another length are refused.
        let model = try VAECheckpoint.read(from: path).model
        Self.expectOneLineError({ _ = try model.encode(SyntheticSpectra.make(count: 1, points: 128, seed: 1), source: "suite.h5") },
                                mentioning: ["suite.h5", "points"])
    }

    @Test func damagedFilesAreRejected() throws {
        let directory = try TestSupport.temporaryDirectory("nn-corrupt")
        defer { TestSupport.cleanup(directory) }
        let checkpoint = try Self.checkpoint()
        let path = directory + "/model.h5"
        try checkpoint.write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        // A flipped bit inside a weight tensor: found by its bytes in the file.
        let tensor = try #require(checkpoint.model.parameterTensors.first { $0.name == "decoder/04_conv1D/weight" })
        let weightBytes = Array(checkpoint.model.parameters[tensor.range]).withUnsafeBytes { Data($0) }
        let offset = try #require(bytes.range(of: weightBytes)).lowerBound
        var flipped = bytes
        flipped[offset + 5] ^= 0x10
        let flippedPath = directory + "/flipped.h5"
        try flipped.write(to: URL(fileURLWithPath: flippedPath))
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: flippedPath) },
                                mentioning: [flippedPath, "/weights/\(tensor.name)", "checksum"])

        // Truncated to half its length.
        let truncatedPath = directory + "/truncated.h5"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncatedPath))
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: truncatedPath) }, mentioning: [truncatedPath])

        // Not HDF5 at all.
        let textPath = directory + "/text.h5"
        try Data("not a checkpoint\n".utf8).write(to: URL(fileURLWithPath: textPath))
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: textPath) }, mentioning: [textPath, "not an HDF5 file"])

        // Missing.
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: directory + "/absent.h5") }, mentioning: ["absent.h5"])

        // Damaged architecture JSON (every copy of the key in the file): the error names the dataset.
        let json = Data(#""kernelSize":3"#.utf8)
        var damaged = bytes
        var searchStart = damaged.startIndex
        while let found = damaged.range(of: json, in: searchStart..<damaged.endIndex) {
            damaged[found.lowerBound + 13] = UInt8(ascii: "x")
            searchStart = found.upperBound
        }
        #expect(damaged != bytes)
        let damagedPath = directory + "/json.h5"
        try damaged.write(to: URL(fileURLWithPath: damagedPath))
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: damagedPath) }, mentioning: [damagedPath, "/architecture"])
    }

    @Test func anHDF5FileThatIsNoCheckpointIsRejected() throws {
        let directory = try TestSupport.temporaryDirectory("nn-other")
        defer { TestSupport.cleanup(directory) }
        let path = directory + "/other.h5"
        try AtomicWrite.write(to: path) { temporary in
            let file = try HDF5File.create(temporary)
            try file.root().write([1.0, 2.0], to: "data")
        }
        Self.expectOneLineError({ _ = try VAECheckpoint.read(from: path) }, mentioning: [path, "not an ASDS VAE checkpoint"])
    }

    @Test func badMetadataKeysAreRejected() throws {
        var checkpoint = try Self.checkpoint()
        checkpoint.metadata["a/b"] = .number(1)
        Self.expectOneLineError({ try checkpoint.write(to: NSTemporaryDirectory() + "/never.h5") }, mentioning: ["metadata", "a/b"])
    }
}

import ArgumentParser
import ASDSCore
import Bloch
import Encoding
import Foundation
import Sequences
import SpinPhysics

/// `asds acquire`: simulated raw MRSI data of a phantom along a k-space trajectory.
public struct AcquireCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "acquire",
        abstract: "Simulate raw MRSI data of a phantom (Cartesian, radial or spiral k-space), noise-free and noisy.",
        discussion: """
        Examples:
          asds acquire --phantom brain-lesion --sequence press --trajectory spiral --out mrsi.h5
          asds acquire --phantom phantoms/uniform-sphere.json --trajectory radial --golden-angle --noise 0.05 --out radial.h5
        The metabolite FIDs come from the density-matrix engine (ideal pulses, the sequence's timing).
        """)

    @OptionGroup public var global: GlobalOptions
    @OptionGroup public var encoding: EncodingOptions

    @Option(help: "Phantom name (in the library's phantoms/) or path.")
    public var phantom: String

    @Option(help: "Noise standard deviation per real and imaginary part of the data.")
    public var noise: Double = 0

    @Option(help: "Seed of the noise.")
    public var seed: UInt64 = 1

    @Option(help: "Output file (HDF5).")
    public var out: String

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            let library = try global.prepare()
            guard noise >= 0, noise.isFinite else {
                throw ASDSError.invalidInput(source: "--noise", field: "", reason: "must be a non-negative number, got \(noise)")
            }
            let path = try ResourceLocator.resolve(phantom, in: library.phantomsDirectory, kind: "phantom")
            let object = try Phantom.load(path: path)
            let sequence = try encoding.mrsiSequence()
            let trajectory = try encoding.designTrajectory(fovMeters: object.fovMeters, matrix: object.matrix)
            let basis = try PhantomBasis.simulate(object, encoding: encoding, library: library, source: path)
            let start = Date()
            let data = try MRSIAcquisition.simulate(phantom: object, basis: basis, sequence: sequence, trajectory: trajectory,
                                                    noiseStandardDeviation: noise, seed: seed, phantomSource: path)
            try data.write(to: out)
            print(String(format: "%@: %@, %d metabolites, %d spectral points -> %@ (%.2f s)", object.name, trajectory.summary,
                         basis.metabolites.count, encoding.points, out, Date().timeIntervalSince(start)))
        }
    }
}

/// The basis of a phantom's metabolites for the acquisition's sequence and axis.
enum PhantomBasis {
    static func simulate(_ phantom: Phantom, encoding: EncodingOptions, library: ResourceLocator, source: String) throws -> BasisSet {
        let names = Array(Set(phantom.regions.flatMap { $0.concentrations.keys })).sorted()
        guard !names.isEmpty else {
            throw ASDSError.invalidInput(source: source, field: "regions", reason: "no region names a metabolite concentration")
        }
        let definitions = try names.map { name -> MetaboliteDefinition in
            do {
                return try MetaboliteLibrary.load(name, from: library)
            } catch {
                throw ASDSError.invalidInput(source: source, field: "regions.concentrations.\(name)", reason: "unknown metabolite '\(name)'")
            }
        }
        let name = encoding.sequence.lowercased()
        let sequence = try SequenceDefinition.load(name, from: library)
        let overrides = name == "press" ? TimingOverrides(te1Seconds: encoding.te1, te2Seconds: encoding.te2)
                                        : TimingOverrides(teSeconds: encoding.te, tmSeconds: encoding.tm)
        let options = SimulationOptions(b0Tesla: encoding.b0, points: encoding.points, bandwidthHz: encoding.bandwidth)
        return try BasisSimulator.simulate(metabolites: definitions, sequence: sequence, timing: try sequence.timing(overrides: overrides),
                                           options: options)
    }
}

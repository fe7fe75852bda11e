// swift-tools-version:6.0
// ASDS: a density-matrix / Bloch spectrum simulator, ground-truth dataset generator and
// reconstruction-and-scoring pipeline for magnetic resonance spectroscopy.
import Foundation
import PackageDescription

/// `ASDS_NATIVE=1` (set by the Makefile) compiles the SIMD kernels, the Bloch isochromat kernel
/// and the proximal-gradient passes of sparse reconstruction, for the build machine's widest
/// vectors (`-target-cpu native`: AVX2 or AVX-512 instead of SSE2), 1.3-2x their throughput. Off by
/// default: a binary built so runs only on CPUs like the build machine's, and packages that depend
/// on ASDS cannot use unsafe flags. The kernels use no fused multiply-add, so both builds give the
/// same numbers. Other targets gain nothing from it (FFTW and OpenBLAS already pick their kernels at
/// run time), so they stay portable.
let nativeSettings: [SwiftSetting] = ProcessInfo.processInfo.environment["ASDS_NATIVE"] == "1"
    ? [.unsafeFlags(["-target-cpu", "native"])] : []

let package = Package(
    name: "ASDS",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "asds", targets: ["asds"]),
        .library(name: "ASDS", targets: [
            "ASDSCore", "HDF5Kit", "SpinPhysics", "Sequences", "Bloch", "Encoding", "FileFormats",
            "Datasets", "Reconstruction", "Quantification", "NeuralNet", "Metrics", "Pipeline", "Cluster", "ASDSCommands",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System-library shims: module map + header, found through pkg-config.
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CLAPACK", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Units, axes, complex buffers, FFT, seeded RNG, errors, parallel loops, progress.
        .target(name: "ASDSCore", dependencies: [
            .product(name: "Numerics", package: "swift-numerics"), "CFFTW", "CLAPACK",
        ]),
        // A small, typed, thread-safe Swift layer over the serial HDF5 library.
        .target(name: "HDF5Kit", dependencies: ["ASDSCore", "CHDF5", .product(name: "Numerics", package: "swift-numerics")]),
        // Spin operators, Hamiltonians with full J coupling, density-matrix propagation.
        .target(name: "SpinPhysics", dependencies: ["ASDSCore", "CLAPACK", .product(name: "Numerics", package: "swift-numerics")]),
        // Sequence definitions (PRESS, STEAM), pulse shapes, slice profiles, basis simulation.
        .target(name: "Sequences", dependencies: ["ASDSCore", "SpinPhysics", .product(name: "Numerics", package: "swift-numerics")]),
        // Isochromat Bloch solver, phantoms, k-space trajectories and gradient design.
        .target(name: "Bloch", dependencies: ["ASDSCore", "Sequences"], swiftSettings: nativeSettings),
        // LinearOperator, the system matrix H, NUFFT, point-spread functions.
        .target(name: "Encoding", dependencies: ["ASDSCore", "Bloch", "HDF5Kit", "CFFTW", "CLAPACK", .product(name: "Numerics", package: "swift-numerics")]),
        // HDF5 basis/data layouts, NIfTI-MRS, LCModel .BASIS, FSL-MRS basis JSON.
        .target(name: "FileFormats", dependencies: [
            "ASDSCore", "HDF5Kit", "CZlib", .product(name: "Numerics", package: "swift-numerics"),
        ]),
        // Suites, ground-truth parameter draws, spectrum synthesis, shards and merge.
        .target(name: "Datasets", dependencies: [
            "ASDSCore", "SpinPhysics", "Sequences", "Bloch", "Encoding", "FileFormats", "HDF5Kit",
        ]),
        // Tensors, layers, Adam, the convolutional VAE, checkpoints.
        .target(name: "NeuralNet", dependencies: [
            "ASDSCore", "HDF5Kit", "CLAPACK", .product(name: "Numerics", package: "swift-numerics"),
        ]),
        // Preprocessing, FT, iterative least squares, proximal operators, ISTA/FISTA, ASDS-VAE.
        .target(name: "Reconstruction", dependencies: ["ASDSCore", "Encoding", "NeuralNet", "CLAPACK"], swiftSettings: nativeSettings),
        // Linear-combination fitting (variable projection + Levenberg-Marquardt), CRLBs.
        .target(name: "Quantification", dependencies: ["ASDSCore", "CLAPACK"]),
        // SNR, FWHM, concentration accuracy, tables, SVG plots, HTML report.
        .target(name: "Metrics", dependencies: ["ASDSCore"]),
        // The main job: dataset, VAE, calibration, reconstruction by every method, fit, scores, report.
        .target(name: "Pipeline", dependencies: [
            "ASDSCore", "Datasets", "Encoding", "Reconstruction", "Quantification", "NeuralNet", "Metrics", "FileFormats",
            "HDF5Kit", .product(name: "Numerics", package: "swift-numerics"),
        ]),
        // Drives Slurm: sbatch scripts for job arrays, submission, status and resume.
        .target(name: "Cluster", dependencies: ["ASDSCore", "Datasets"]),
        // The command line as a library of ParsableCommands, testable in-process.
        .target(name: "ASDSCommands", dependencies: [
            "ASDSCore", "HDF5Kit", "SpinPhysics", "Sequences", "Bloch", "Encoding", "FileFormats",
            "Datasets", "Reconstruction", "Quantification", "NeuralNet", "Metrics", "Pipeline", "Cluster",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "asds", dependencies: ["ASDSCommands"]),

        .target(name: "TestSupport", dependencies: [
            "ASDSCore", .product(name: "Numerics", package: "swift-numerics"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "ASDSCoreTests", dependencies: ["ASDSCore", "TestSupport"]),
        .testTarget(name: "HDF5KitTests", dependencies: ["HDF5Kit", "TestSupport"]),
        .testTarget(name: "SpinPhysicsTests", dependencies: ["SpinPhysics", "TestSupport", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "SequencesTests", dependencies: ["Sequences", "SpinPhysics", "TestSupport", .product(name: "Numerics", package: "swift-numerics")], exclude: ["Fixtures"]),
        .testTarget(name: "BlochTests", dependencies: ["Bloch", "Sequences", "TestSupport"]),
        .testTarget(name: "EncodingTests", dependencies: ["Encoding", "Bloch", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "FileFormatsTests", dependencies: [
            "FileFormats", "HDF5Kit", "TestSupport", .product(name: "Numerics", package: "swift-numerics"),
        ]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "FileFormats", "Encoding", "Bloch", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "ReconstructionTests", dependencies: ["Reconstruction", "Encoding", "Metrics", "TestSupport"]),
        .testTarget(name: "QuantificationTests", dependencies: ["Quantification", "TestSupport"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "Datasets", "Reconstruction", "Quantification", "Encoding", "Bloch", "NeuralNet", "TestSupport",
            .product(name: "Numerics", package: "swift-numerics"),
        ]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "TestSupport"]),
        .testTarget(name: "ASDSCommandsTests", dependencies: [
            "ASDSCommands", "FileFormats", "Pipeline", "Cluster", "Encoding", "Bloch", "Sequences", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)

import ArgumentParser
import ASDSCore
import Bloch
import Encoding
import Foundation

/// `asds bench encoding`: Bloch isochromat throughput (with the scalar loop of the same run), the
/// NUFFT against the exact DFT, and the memory of a 64 x 64 x 1024 MRSI simulation.
public struct BenchEncodingCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "encoding",
        abstract: "Bloch isochromat-steps per second, NUFFT vs exact DFT, MRSI simulation memory.",
        discussion: "Example: asds bench encoding")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "Isochromats in the Bloch workload.")
    public var isochromats: Int = 65_536

    public init() {}

    public func run() throws {
        try CommandErrors.report {
            _ = try global.prepare()
            let b = try BlochBenchmark.run(isochromats: isochromats)
            print(String(format: "Bloch: %d isochromats x %d steps, %d threads: %.3g isochromat-steps/s; scalar loop %.3g/s (ratio %.1f); "
                         + "target 2e8; peer NumPy 7.2e7 with 2 processes (%.1fx)", b.isochromats, b.steps, b.threads,
                         b.isochromatStepsPerSecond, b.scalarIsochromatStepsPerSecond,
                         b.isochromatStepsPerSecond / b.scalarIsochromatStepsPerSecond, b.isochromatStepsPerSecond / 7.2e7))
            let n = try EncodingBenchmark.nufft()
            print(String(format: "NUFFT forward+adjoint, %d x %d spiral MRSI, %d spectral points: %.3f s per application pair; exact DFT %.3f s "
                         + "(%.1fx); relative error %.1e", n.matrix, n.matrix, n.spectralPoints, n.nufftSeconds, n.exactSeconds,
                         n.speedup, n.relativeError))
            let one = EncodingBenchmark.singleImageNUFFT()
            print(String(format: "NUFFT forward, one %d x %d image at %d spiral samples, 1 thread: %.2f ms (relative error %.1e); "
                         + "peer finufft 2.5 1.65 ms at tolerance 1e-6 (%.2fx)", one.matrix, one.matrix, one.samples, one.seconds * 1e3,
                         one.relativeError, 1.65e-3 / one.seconds))
            let m = try EncodingBenchmark.acquisitionMemory()
            print(String(format: "MRSI simulation %d x %d x %d: %.1f s, peak memory %.2f GiB (limit 4 GiB)", m.matrix, m.matrix,
                         m.spectralPoints, m.seconds, Double(m.peakResidentBytes) / 1_073_741_824))
        }
    }
}

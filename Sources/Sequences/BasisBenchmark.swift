import ASDSCore
import Foundation
import SpinPhysics

/// Timing of a basis simulation, metabolite by metabolite, for `asds bench basis`.
public struct BasisBenchmarkReport: Sendable {
    /// Wall time of each metabolite, in s, in basis order.
    public let metaboliteSeconds: [(name: String, seconds: Double)]
    /// Wall time of the whole basis, in s (includes the receiver-phase probe).
    public let wallSeconds: Double
    /// Peak resident memory of the process so far, in bytes.
    public let peakResidentBytes: Int
    /// Threads the parallel loops used.
    public let threads: Int
    /// Pulse mode.
    public let mode: PulseMode
    /// Spatial points per axis in shaped mode; nil in ideal mode.
    public let spatialPoints: Int?
    /// The sequence simulated (the MRSCloud figure is for PRESS only).
    public let sequence: SequenceKind

    /// MRSCloud's published time for a full PRESS basis with shaped pulses at 101 x 101 points,
    /// in s (about 11 minutes on a server; shared/PEERS.md).
    public static let mrsCloudSeconds = 660.0

    /// A printable summary: one line per metabolite, the total, peak memory and the peer ratio.
    public var summary: String {
        var lines = metaboliteSeconds.map { String(format: "  %-6@ %8.3f s", $0.name, $0.seconds) }
        let grid = spatialPoints.map { " \($0) x \($0) spatial points," } ?? ""
        lines.append(String(format: "basis: %@, %d metabolites, %@ pulses,%@ %d threads: %.2f s wall, peak memory %.0f MB",
                            sequence.rawValue, metaboliteSeconds.count, mode.rawValue, grid, threads, wallSeconds,
                            Double(peakResidentBytes) / 1e6))
        if mode == .shaped && sequence == .press {
            lines.append(String(format: "peer: MRSCloud about %.0f s for a full PRESS basis at 101 x 101 (%.0fx this run)",
                                Self.mrsCloudSeconds, Self.mrsCloudSeconds / max(wallSeconds, 1e-9)))
        }
        return lines.joined(separator: "\n")
    }
}

/// The benchmark entry point: simulates a basis and times it.
public enum BasisBenchmark {
    /// The metabolite list of the benchmark.
    public static let fullList = [
        "NAA", "Cr", "PCr", "Cho", "GPC", "PCh", "Lac", "Ala", "Glc", "Ins", "sI", "Glu", "Gln", "GABA", "GSH", "Tau", "NAAG",
        "Asp", "Gly", "PE",
    ]

    /// Simulates `metabolites` (each parallel inside) and reports the times.
    public static func run(
        metabolites: [MetaboliteDefinition], sequence: SequenceDefinition, timing: SequenceTiming, options: SimulationOptions
    ) throws -> (basis: BasisSet, report: BasisBenchmarkReport) {
        let clock = ContinuousClock()
        let start = clock.now
        var times: [(name: String, seconds: Double)] = []
        let basis = try BasisSimulator.simulate(metabolites: metabolites, sequence: sequence, timing: timing, options: options,
                                                finished: { times.append(($0, $1)) })
        let report = BasisBenchmarkReport(
            metaboliteSeconds: times, wallSeconds: seconds(clock.now - start), peakResidentBytes: peakResidentBytes(),
            threads: ComputeSettings.threads, mode: options.mode, spatialPoints: basis.acquisition.spatialPoints, sequence: sequence.kind)
        return (basis, report)
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Peak resident set size of this process, in bytes (`getrusage`).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024  // kB on Linux
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return usage.ru_maxrss  // bytes on macOS
        #endif
    }
}

import Foundation
import ArgumentParser
import ASDSCore

/// Options every subcommand accepts.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Directory holding metabolites/, sequences/, suites/ and phantoms/ (default: ASDS_LIBRARY, the install prefix, then the source tree).")
    public var library: String?

    @Option(name: .long, help: "Threads for parallel work (default: ASDS_THREADS or all cores). Results do not depend on it.")
    public var threads: Int?

    @Flag(name: .long, help: "No progress output on stderr (progress is also off when stderr is not a terminal).")
    public var quiet = false

    public init() {}

    /// Applies the thread count and returns the data library.
    public func prepare() throws -> ResourceLocator {
        if let threads {
            guard threads >= 1 else {
                throw ASDSError.invalidInput(source: "--threads", field: "", reason: "must be a positive integer, got \(threads)")
            }
            ComputeSettings.threads = threads
        }
        return try ResourceLocator.locate(explicit: library)
    }

    /// Whether to draw progress lines.
    public var showProgress: Bool { ProgressReporter.shouldShow(quiet: quiet) }

    /// Writes a progress line to stderr when progress is shown (else drops it).
    public var log: @Sendable (String) -> Void {
        let quiet = !showProgress
        return { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
    }
}

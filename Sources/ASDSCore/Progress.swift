import Foundation
import Synchronization

/// A progress line on stderr for long work: `label  done/total  rate/s  ETA`.
///
/// Silent when `enabled` is false, which the command line sets from `--quiet` and from whether
/// stderr is a terminal. Thread-safe; redraws at most ten times a second.
public final class ProgressReporter: Sendable {
    private struct State {
        var done = 0
        var lastDraw = 0.0
    }

    private let label: String
    private let total: Int
    private let enabled: Bool
    private let start: Double
    private let state = Mutex(State())

    /// Whether progress lines should be drawn by default: stderr is a terminal and `quiet` is off.
    public static func shouldShow(quiet: Bool) -> Bool {
        !quiet && isatty(STDERR_FILENO) != 0
    }

    public init(label: String, total: Int, enabled: Bool) {
        self.label = label
        self.total = max(total, 0)
        self.enabled = enabled
        self.start = ProgressReporter.now()
    }

    /// Records `count` more finished items.
    public func advance(by count: Int = 1) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            s.done += count
            let t = ProgressReporter.now()
            guard t - s.lastDraw >= 0.1 || s.done >= total else { return nil }
            s.lastDraw = t
            return render(done: s.done, elapsed: t - start)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the line (prints the final count and a newline).
    public func finish() {
        guard enabled else { return }
        let done = state.withLock { $0.done }
        let line = render(done: done, elapsed: ProgressReporter.now() - start) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func render(done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let pct = total > 0 ? 100 * Double(done) / Double(total) : 100
        return String(format: "\r%@  %d/%d (%.0f%%)  %.1f/s  ETA %.0f s   ", label, done, total, pct, rate, remaining)
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
}

import Foundation

/// Wall time per named stage of a command's real path, for `asds bench`: stages may run
/// concurrently, so their times can add up to more than the whole.
public final class StageClock: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(name: String, seconds: Double)] = []

    public init() {}

    /// Runs `body`, adding its wall time (s) to `stage`.
    public func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            lock.withLock {
                if let k = entries.firstIndex(where: { $0.name == stage }) { entries[k].seconds += seconds } else { entries.append((stage, seconds)) }
            }
        }
        return try body()
    }

    /// Each stage's total wall time (s), in first-seen order.
    public var stages: [(name: String, seconds: Double)] { lock.withLock { entries } }
}

extension Optional where Wrapped == StageClock {
    /// `body` timed as `stage` when there is a clock, run plainly otherwise.
    public func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        switch self {
        case .some(let clock): try clock.time(stage, body)
        case .none: try body()
        }
    }
}

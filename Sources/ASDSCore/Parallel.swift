import CLAPACK
import Dispatch
import Foundation
import Synchronization

/// How many threads ASDS's own parallel loops use, process-wide.
///
/// Defaults to the environment variable `ASDS_THREADS` when set, else the number of active cores.
/// Results never depend on this number: every parallel loop writes each item's result to its own
/// slot and every random draw comes from a stream addressed by the item's index.
public enum ComputeSettings {
    private static let threadCount = Mutex<Int>(ComputeSettings.defaultThreadCount())

    /// Number of threads for parallel loops (at least 1).
    public static var threads: Int {
        get { threadCount.withLock { $0 } }
        set { threadCount.withLock { $0 = max(1, newValue) } }
    }

    private static func defaultThreadCount() -> Int {
        // OpenBLAS would otherwise start its own thread pool inside our parallel loops.
        openblas_set_num_threads(1)
        if let text = ProcessInfo.processInfo.environment["ASDS_THREADS"], let n = Int(text), n > 0 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// Deterministic parallel loops over index ranges.
public enum Parallel {
    /// Calls `body` for every index in `0 ..< count`, spread over `ComputeSettings.threads`
    /// threads in contiguous chunks. `body` must only write state owned by its index.
    public static func forEach(_ count: Int, threads: Int = ComputeSettings.threads, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(max(1, threads), count)
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        // Interleaved small chunks balance uneven items; each index is still processed once.
        let chunk = max(1, count / (workers * 8))
        let chunks = (count + chunk - 1) / chunk
        withoutActuallyEscaping(body) { escapable in
            // Each index is handed to exactly one worker, so `body` never races with itself
            // on an index's state; that is the contract callers keep.
            nonisolated(unsafe) let body = escapable
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let c = next.add(1, ordering: .relaxed).oldValue
                    if c >= chunks { break }
                    let lo = c * chunk
                    for i in lo..<min(count, lo + chunk) { body(i) }
                }
            }
        }
    }

    /// `(0 ..< count).map(transform)`, evaluated in parallel; the result order is the index order.
    public static func map<T>(_ count: Int, threads: Int = ComputeSettings.threads, _ transform: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            nonisolated(unsafe) let slots = base
            forEach(count, threads: threads) { i in slots[i] = transform(i) }
        }
        return results.map { $0! }
    }

    /// Like `map`, for a throwing transform: the error of the lowest failing index is rethrown.
    public static func tryMap<T>(_ count: Int, threads: Int = ComputeSettings.threads, _ transform: (Int) throws -> T) throws -> [T] {
        let outcomes: [Result<T, Error>] = map(count, threads: threads) { i in Result { try transform(i) } }
        return try outcomes.map { try $0.get() }
    }
}

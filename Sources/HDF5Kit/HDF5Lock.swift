import CHDF5
import Foundation

/// Every call into HDF5 goes through this one process-wide recursive lock: the serial library is
/// not safe to call from several threads at once.
enum HDF5Lock {
    private static let lock = NSRecursiveLock()

    static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        // Debian's build keeps the automatic error printer per thread, so it is silenced on every
        // entry (cheap: it sets one pointer); the Swift layer reports errors itself.
        asds_h5_silence_errors()
        return try body()
    }
}

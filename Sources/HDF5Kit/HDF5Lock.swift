import CHDF5
import Foundation

/// The serial HDF5 library is not thread-safe: every call into it goes through this one
/// process-wide recursive lock.
enum HDF5Lock {
    private static let lock: NSRecursiveLock = {
        let l = NSRecursiveLock()
        asds_h5_silence_errors()
        return l
    }()

    static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

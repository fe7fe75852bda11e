import Synchronization

/// Serialises LAPACK calls process-wide.
///
/// The Debian OpenBLAS 0.3.21 (pthread) build crashes when LAPACK drivers such as `zgesdd` run
/// on two threads at once, even with OpenBLAS pinned to one thread (checked on this machine:
/// two threads each computing SVDs of 300 x 300 complex matrices segfault; BLAS level 2 and 3
/// calls from several threads do not). Every LAPACK call in ASDS goes through `run`.
public enum LAPACKLock {
    private static let lock = Mutex<Void>(())

    /// Runs `body` (which calls LAPACK) while holding the lock.
    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        _ = ComputeSettings.threads
        return try lock.withLock { _ in try body() }
    }
}

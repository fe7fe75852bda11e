import Foundation

/// Refuses work whose arrays would not fit in this machine's memory before anything is
/// allocated, with the size it would need: a clear error instead of a crash or a swapping machine.
public enum MemoryBudget {
    /// Bytes of physical memory on this machine.
    public static var physicalBytes: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The share of physical memory one command may plan to use.
    public static let usableFraction = 0.8

    /// Throws when `bytes` exceed the usable share of physical memory. `what` says what would be
    /// allocated; `source` and `field` name the input that asked for it; `hint` says what to do.
    public static func require(_ bytes: Double, for what: String, source: String, field: String, hint: String = "") throws {
        let limit = usableFraction * physicalBytes
        guard bytes > limit || !bytes.isFinite else { return }
        throw ASDSError.invalidInput(
            source: source, field: field,
            reason: "\(what) would need about \(formatted(bytes)) of memory, more than this machine's \(formatted(limit)) "
                + "(\(Int(usableFraction * 100)) % of \(formatted(physicalBytes)))" + (hint.isEmpty ? "" : "; " + hint))
    }

    /// `bytes` in binary units: `512 MiB`, `30.5 GiB`, `89.4 TiB`.
    public static func formatted(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? String(format: "%.0f B", value) : String(format: "%.1f %@", value, units[unit])
    }
}

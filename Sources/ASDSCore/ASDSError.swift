/// The one error type of ASDS. Every case names the file (or command-line option) and the field
/// it concerns, so the command line can print a single actionable line and exit non-zero.
public enum ASDSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value in an input file or option is malformed, missing or non-physical.
    /// `source` is a path or an option name such as `--te`; `field` is a dotted key path.
    case invalidInput(source: String, field: String, reason: String)
    /// A file could not be read, written or renamed.
    case io(path: String, reason: String)
    /// A file exists but its content is truncated, corrupt or of another layout.
    case corrupt(path: String, reason: String)
    /// Two inputs that must agree do not (for example a basis set and data at different
    /// spectrometer frequencies).
    case mismatch(what: String, reason: String)
    /// An external program the command needs is missing or failed.
    case external(program: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(source, field, reason):
            return field.isEmpty ? "\(source): \(reason)" : "\(source): \(field): \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .corrupt(path, reason):
            return "\(path): corrupt or unreadable: \(reason)"
        case let .mismatch(what, reason):
            return "\(what): \(reason)"
        case let .external(program, reason):
            return "\(program): \(reason)"
        }
    }
}

extension ASDSError {
    /// Throws `invalidInput` unless `value` is finite and inside `range`.
    @inlinable
    public static func require(
        _ value: Double, in range: ClosedRange<Double>, source: String, field: String, unit: String = ""
    ) throws {
        guard value.isFinite else {
            throw ASDSError.invalidInput(source: source, field: field, reason: "must be a finite number, got \(value)")
        }
        guard range.contains(value) else {
            let u = unit.isEmpty ? "" : " \(unit)"
            throw ASDSError.invalidInput(
                source: source, field: field,
                reason: "must lie in [\(range.lowerBound), \(range.upperBound)]\(u), got \(value)\(u)")
        }
    }

    /// Throws `invalidInput` unless `value` is finite and strictly positive.
    @inlinable
    public static func requirePositive(_ value: Double, source: String, field: String, unit: String = "") throws {
        guard value.isFinite, value > 0 else {
            let u = unit.isEmpty ? "" : " \(unit)"
            throw ASDSError.invalidInput(source: source, field: field, reason: "must be a positive finite number, got \(value)\(u)")
        }
    }
}

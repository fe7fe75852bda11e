/// A value stored under `/metadata/<key>` of a checkpoint: text (for example a JSON document or
/// a suite hash) as a UTF-8 string dataset, or numbers as a Float64 dataset.
public enum MetadataValue: Equatable, Hashable, Sendable {
    case text(String)
    case numbers([Double])

    /// A single number, stored as a one-element Float64 dataset.
    public static func number(_ x: Double) -> MetadataValue { .numbers([x]) }

    /// The text, if this is text.
    public var text: String? {
        if case let .text(t) = self { return t }
        return nil
    }

    /// The numbers, if these are numbers.
    public var numbers: [Double]? {
        if case let .numbers(x) = self { return x }
        return nil
    }

    /// The number, if this holds exactly one.
    public var number: Double? {
        if case let .numbers(x) = self, x.count == 1 { return x[0] }
        return nil
    }
}

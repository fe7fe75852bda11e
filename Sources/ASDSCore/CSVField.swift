/// Text fields of the CSV files ASDS writes (RFC 4180).
public enum CSVField {
    /// `s` as one CSV field: unchanged unless it holds a comma, a quote or a line break, in which
    /// case it is quoted with inner quotes doubled.
    public static func escaped(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

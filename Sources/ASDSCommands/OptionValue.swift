import ASDSCore

/// Checks of option values that the argument parser's types cannot express; failures are
/// `ASDSError`s naming the option, printed as one line.
enum OptionValue {
    /// `text` as a case of `T`, or an error listing the allowed values.
    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, option: String, as type: T.Type) throws -> T
        where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ASDSError.invalidInput(source: option, field: "", reason: "must be one of \(allowed); got \(text)")
        }
        return value
    }
}

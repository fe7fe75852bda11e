import Foundation

/// Decodes JSON input files, turning every failure into a one-line `ASDSError` that names the
/// file and the field (as a dotted key path such as `subsystems.0.spins.2.shiftPPM`).
public enum JSONInput {
    /// Reads and decodes `path`.
    public static func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ASDSError.io(path: path, reason: "cannot read the file")
        }
        return try decode(type, from: data, source: path)
    }

    /// Decodes `data`; `source` names it in errors.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as ASDSError {
            throw error
        } catch let error as DecodingError {
            throw describe(error, source: source)
        } catch let error as FieldError {
            throw ASDSError.invalidInput(source: source, field: error.field, reason: error.reason)
        } catch {
            throw ASDSError.invalidInput(source: source, field: "", reason: "not valid JSON")
        }
    }

    /// The dotted key path of a coding path.
    public static func keyPath(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ error: DecodingError, source: String) -> ASDSError {
        switch error {
        case let .keyNotFound(key, context):
            let field = keyPath(context.codingPath + [key])
            return .invalidInput(source: source, field: field, reason: "is required but missing")
        case let .typeMismatch(type, context):
            return .invalidInput(source: source, field: keyPath(context.codingPath), reason: "expected \(typeName(type))")
        case let .valueNotFound(type, context):
            return .invalidInput(source: source, field: keyPath(context.codingPath), reason: "expected \(typeName(type)), found null")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                return .invalidInput(source: source, field: "", reason: "not valid JSON")
            }
            return .invalidInput(source: source, field: keyPath(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .invalidInput(source: source, field: "", reason: "cannot be decoded")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is UInt64.Type, is Int64.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "a list" : "an object"
        }
    }
}

/// The error a validating `init(from:)` throws for a value that parses but is not physical;
/// `JSONInput` turns it into an `ASDSError` naming the file and the field.
public struct FieldError: Error {
    /// Dotted key path of the offending field.
    public let field: String
    public let reason: String
    public init(_ codingPath: [CodingKey], _ reason: String) {
        self.field = JSONInput.keyPath(codingPath)
        self.reason = reason
    }
}

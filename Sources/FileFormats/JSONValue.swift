import ASDSCore

/// A JSON document as a value, with exact control over number formatting (which Foundation's
/// serialiser does not give): integers are written without a decimal point, real numbers always
/// with one (`123.0`, never `123`, as the NIfTI-MRS validator requires for
/// `SpectrometerFrequency`), and every `Double` in the shortest form that reads back to the same
/// bits. Object keys are written in sorted order, so the same value always gives the same bytes.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent.
    case integer(Int)
    /// A real number; written with a decimal point or exponent. Must be finite to be written.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, or nil (also for non-objects).
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// The numeric value of `.number` or `.integer`.
    public var doubleValue: Double? {
        switch self {
        case let .number(x): x
        case let .integer(n): Double(n)
        default: nil
        }
    }

    /// The value of `.integer`, or of a `.number` that is a whole number.
    public var intValue: Int? {
        switch self {
        case let .integer(n): return n
        case let .number(x):
            guard x.rounded() == x, let n = Int(exactly: x) else { return nil }
            return n
        default: return nil
        }
    }

    /// The value of `.string`.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The value of `.bool`.
    public var boolValue: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    /// The elements of `.array`.
    public var arrayValue: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    /// The members of `.object`.
    public var objectValue: [String: JSONValue]? {
        if case let .object(o) = self { return o }
        return nil
    }

    /// An array of real numbers.
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }

    /// The elements of an array of numbers, or nil if it is not one.
    public var doubleArray: [Double]? {
        guard let items = arrayValue else { return nil }
        var out = [Double]()
        out.reserveCapacity(items.count)
        for item in items {
            guard let x = item.doubleValue else { return nil }
            out.append(x)
        }
        return out
    }
}

// MARK: - Writing

extension JSONValue {
    /// The UTF-8 JSON text of this value. `indent` > 0 pretty-prints with that many spaces.
    /// - Throws: `ASDSError.invalidInput` (naming `source` and the key path) for a non-finite number.
    public func serialized(indent: Int = 0, source: String) throws -> String {
        var out = ""
        try write(into: &out, indent: indent, level: 0, path: [], source: source)
        return out
    }

    private func write(into out: inout String, indent: Int, level: Int, path: [String], source: String) throws {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(n): out += String(n)
        case let .number(x):
            guard x.isFinite else {
                throw ASDSError.invalidInput(source: source, field: path.joined(separator: "."),
                                             reason: "JSON cannot hold the non-finite number \(x)")
            }
            out += JSONValue.format(x)
        case let .string(s): JSONValue.writeString(s, into: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            // Arrays of plain numbers stay on one line even when pretty-printing.
            let flat = indent == 0 || items.allSatisfy { if case .array = $0 { false } else if case .object = $0 { false } else { true } }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += flat && indent > 0 ? ", " : "," }
                if !flat { newline(&out, indent, level + 1) }
                try item.write(into: &out, indent: indent, level: level + 1, path: path + [String(i)], source: source)
            }
            if !flat { newline(&out, indent, level) }
            out += "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if indent > 0 { newline(&out, indent, level + 1) }
                JSONValue.writeString(key, into: &out)
                out += indent > 0 ? ": " : ":"
                try members[key]!.write(into: &out, indent: indent, level: level + 1, path: path + [key], source: source)
            }
            if indent > 0 { newline(&out, indent, level) }
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int, _ level: Int) {
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// Shortest round-trip text of a finite double, always with a decimal point or exponent.
    static func format(_ x: Double) -> String {
        let text = x.description
        if text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

// MARK: - Parsing

extension JSONValue {
    /// Parses UTF-8 JSON text. `source` names the text in errors (a file path).
    /// - Throws: `ASDSError.corrupt` naming `source` and the byte offset of the first error.
    public static func parse(_ bytes: [UInt8], source: String) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, source: source)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    /// Parses JSON text given as a string.
    public static func parse(_ text: String, source: String) throws -> JSONValue {
        try parse(Array(text.utf8), source: source)
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let source: String
    var index = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    func failure(_ reason: String) -> ASDSError {
        .corrupt(path: source, reason: "JSON: \(reason) at byte \(index)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw failure("nesting too deep") }
        guard index < bytes.count else { throw failure("unexpected end of text (truncated?)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func expect(_ word: String) throws {
        for b in word.utf8 {
            guard index < bytes.count, bytes[index] == b else { throw failure("expected \(word)") }
            index += 1
        }
    }

    mutating func parseObject(depth: Int) throws -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key string") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of text (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of text (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw failure("expected ',' or ']'")
        }
    }

    mutating func parseString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ end: Int, into scalars: inout String.UnicodeScalarView) throws {
            if end > runStart {
                guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw failure("invalid UTF-8 in a string")
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
        }
        while true {
            guard index < bytes.count else { throw failure("unterminated string (truncated?)") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                try flushRun(index, into: &scalars)
                index += 1
                return String(scalars)
            }
            if b < 0x20 { throw failure("control character in a string") }
            if b != UInt8(ascii: "\\") { index += 1; continue }
            try flushRun(index, into: &scalars)
            index += 1
            guard index < bytes.count else { throw failure("unterminated escape") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("unpaired surrogate in a string")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in a string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                scalars.append(scalar)
            default: throw failure("invalid escape")
            }
            runStart = index
        }
    }

    mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws -> JSONValue {
        let start = index
        var isReal = false
        while index < bytes.count {
            let b = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                index += 1
            } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                isReal = true
                index += 1
            } else {
                break
            }
        }
        guard index > start, let text = String(validating: bytes[start..<index], as: UTF8.self) else {
            throw failure("expected a value")
        }
        if !isReal, let n = Int(text) { return .integer(n) }
        guard let x = Double(text), x.isFinite else { throw failure("invalid number \(text)") }
        return .number(x)
    }
}

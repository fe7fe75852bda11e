import ASDSCore
import Foundation

/// Little- or big-endian reads of fixed-size fields from a byte buffer, for binary headers.
struct BinaryReader {
    let bytes: [UInt8]
    let bigEndian: Bool

    func int16(at offset: Int) -> Int16 {
        Int16(bitPattern: UInt16(truncatingIfNeeded: unsigned(at: offset, size: 2)))
    }

    func int32(at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: unsigned(at: offset, size: 4)))
    }

    func int64(at offset: Int) -> Int64 { Int64(bitPattern: unsigned(at: offset, size: 8)) }

    func float32(at offset: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: unsigned(at: offset, size: 4))) }

    func float64(at offset: Int) -> Double { Double(bitPattern: unsigned(at: offset, size: 8)) }

    /// A NUL-terminated (or field-filling) ASCII string of at most `length` bytes.
    func string(at offset: Int, length: Int) -> String {
        let field = bytes[offset..<(offset + length)]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[field.startIndex..<end], as: UTF8.self)
    }

    private func unsigned(at offset: Int, size: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<size {
            let byte = UInt64(bytes[offset + (bigEndian ? i : size - 1 - i)])
            value = (value << 8) | byte
        }
        return value
    }
}

/// Little-endian writes of fixed-size fields into a zero-initialised byte buffer.
struct BinaryWriter {
    private(set) var bytes: [UInt8]

    init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }

    mutating func set(_ value: Int16, at offset: Int) { put(UInt64(UInt16(bitPattern: value)), at: offset, size: 2) }
    mutating func set(_ value: Int32, at offset: Int) { put(UInt64(UInt32(bitPattern: value)), at: offset, size: 4) }
    mutating func set(_ value: Int64, at offset: Int) { put(UInt64(bitPattern: value), at: offset, size: 8) }
    mutating func set(_ value: Float, at offset: Int) { put(UInt64(value.bitPattern), at: offset, size: 4) }
    mutating func set(_ value: Double, at offset: Int) { put(value.bitPattern, at: offset, size: 8) }

    /// Writes the UTF-8 bytes of `text` (truncated to `length`) into a zero-filled field.
    mutating func set(_ text: String, at offset: Int, length: Int) {
        for (i, b) in text.utf8.prefix(length).enumerated() { bytes[offset + i] = b }
    }

    mutating func set(bytes raw: [UInt8], at offset: Int) {
        for (i, b) in raw.enumerated() { bytes[offset + i] = b }
    }

    private mutating func put(_ value: UInt64, at offset: Int, size: Int) {
        for i in 0..<size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }
}

/// Whole-file reads with errors that name the file.
enum FileBytes {
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ASDSError.io(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ASDSError.io(path: path, reason: "is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ASDSError.io(path: path, reason: "cannot read the file")
        }
        return [UInt8](data)
    }

    static func readText(_ path: String) throws -> String {
        let bytes = try read(path)
        guard let text = String(validating: bytes, as: UTF8.self) ?? String(bytes: bytes, encoding: .isoLatin1) else {
            throw ASDSError.corrupt(path: path, reason: "not a text file")
        }
        return text
    }
}

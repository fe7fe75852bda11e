import ASDSCore
import Foundation
import Numerics

/// One Fortran namelist group of an LCModel file (`$NAME ... $END`, or `&NAME ... /`).
struct NamelistGroup {
    /// Group name in upper case, without `$` or `&`.
    let name: String
    /// Raw value text by upper-case key; strings keep their quotes off, doubled quotes undone.
    let values: [String: String]

    func string(_ key: String) -> String? { values[key] }

    /// The real value of `key` (Fortran forms such as `1.`, `.5`, `1.0D0` accepted).
    func double(_ key: String, path: String) throws -> Double? {
        guard let text = values[key] else { return nil }
        guard let x = LCModelText.real(text) else {
            throw ASDSError.invalidInput(source: path, field: "$\(name) \(key)", reason: "\"\(text)\" is not a number")
        }
        return x
    }

    func requiredDouble(_ key: String, path: String) throws -> Double {
        guard let x = try double(key, path: path) else {
            throw ASDSError.invalidInput(source: path, field: "$\(name) \(key)", reason: "is required but missing")
        }
        return x
    }
}

/// Reading and writing the text layout shared by LCModel `.BASIS` and `.RAW` files: Fortran
/// namelist groups, each followed by free-format numbers (the data block).
enum LCModelText {
    /// A group and the numbers that follow it up to the next group.
    struct Section {
        let group: NamelistGroup
        var numbers: [Double]
    }

    // MARK: Parsing

    /// Splits `text` into namelist groups and the numbers after each. Numbers before the first
    /// group are an error (a data block must follow its header).
    static func parse(_ text: String, path: String) throws -> [Section] {
        let chars = Array(text.utf8)
        var sections: [Section] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if (c == UInt8(ascii: "$") || c == UInt8(ascii: "&")), i + 1 < chars.count, isLetter(chars[i + 1]) {
                let (group, next) = try parseGroup(chars, from: i + 1, path: path)
                sections.append(Section(group: group, numbers: []))
                i = next
                continue
            }
            if isSeparator(c) { i += 1; continue }
            var j = i
            while j < chars.count, !isSeparator(chars[j]) { j += 1 }
            let token = String(decoding: chars[i..<j], as: UTF8.self)
            guard let x = real(token) else {
                throw ASDSError.corrupt(path: path, reason: "data: \"\(token)\" is not a number")
            }
            guard !sections.isEmpty else {
                throw ASDSError.corrupt(path: path, reason: "data: numbers before the first namelist group; not an LCModel file")
            }
            sections[sections.count - 1].numbers.append(x)
            i = j
        }
        return sections
    }

    /// Parses a group starting at its name; returns it and the index after its terminator.
    private static func parseGroup(_ chars: [UInt8], from start: Int, path: String) throws -> (NamelistGroup, Int) {
        var i = start
        while i < chars.count, isIdentifier(chars[i]) { i += 1 }
        let name = String(decoding: chars[start..<i], as: UTF8.self).uppercased()
        // Collect the body up to $END, &END or '/' outside quotes.
        var body: [UInt8] = []
        var inQuote: UInt8? = nil
        var terminated = false
        while i < chars.count {
            let c = chars[i]
            if let q = inQuote {
                if c == q { inQuote = nil }
                body.append(c)
                i += 1
                continue
            }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { inQuote = c; body.append(c); i += 1; continue }
            if c == UInt8(ascii: "/") { i += 1; terminated = true; break }
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "&") {
                var j = i + 1
                while j < chars.count, isIdentifier(chars[j]) { j += 1 }
                if String(decoding: chars[(i + 1)..<j], as: UTF8.self).uppercased() == "END" {
                    i = j
                    terminated = true
                    break
                }
            }
            body.append(c)
            i += 1
        }
        guard terminated else {
            throw ASDSError.corrupt(path: path, reason: "$\(name): no $END before the end of the file (truncated?)")
        }
        return (NamelistGroup(name: name, values: try assignments(body, group: name, path: path)), i)
    }

    /// `KEY = value` pairs of a group body; values run to the next `KEY =` outside quotes.
    private static func assignments(_ body: [UInt8], group: String, path: String) throws -> [String: String] {
        // Positions of '=' outside quotes, and the key before each.
        var keys: [(key: String, keyStart: Int, valueStart: Int)] = []
        var inQuote: UInt8? = nil
        for (i, c) in body.enumerated() {
            if let q = inQuote { if c == q { inQuote = nil }; continue }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { inQuote = c; continue }
            guard c == UInt8(ascii: "=") else { continue }
            var end = i
            while end > 0, isBlank(body[end - 1]) { end -= 1 }
            var begin = end
            while begin > 0, isIdentifier(body[begin - 1]) || body[begin - 1] == UInt8(ascii: "(") || body[begin - 1] == UInt8(ascii: ")") {
                begin -= 1
            }
            guard begin < end else {
                throw ASDSError.corrupt(path: path, reason: "$\(group): '=' without a variable name")
            }
            keys.append((String(decoding: body[begin..<end], as: UTF8.self).uppercased(), begin, i + 1))
        }
        guard inQuote == nil else { throw ASDSError.corrupt(path: path, reason: "$\(group): unterminated quoted string") }
        var values: [String: String] = [:]
        for (n, entry) in keys.enumerated() {
            let end = n + 1 < keys.count ? keys[n + 1].keyStart : body.count
            var text = String(decoding: body[entry.valueStart..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            while text.hasSuffix(",") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
            if let q = text.first, q == "'" || q == "\"", text.count >= 2, text.last == q {
                let quote = String(q)
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: quote + quote, with: quote)
            }
            values[entry.key] = text
        }
        return values
    }

    /// A Fortran real literal (`1.`, `.5`, `-2.5E-3`, `1.0D0`), or nil.
    static func real(_ text: String) -> Double? {
        let normalised = text.replacingOccurrences(of: "D", with: "E").replacingOccurrences(of: "d", with: "e")
        guard let x = Double(normalised), x.isFinite else { return nil }
        return x
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
    }

    private static func isIdentifier(_ c: UInt8) -> Bool {
        isLetter(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "_")
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func isSeparator(_ c: UInt8) -> Bool { isBlank(c) || c == UInt8(ascii: ",") }

    // MARK: Writing

    /// The Fortran data format written into `FMTBAS` / `FMTDAT`: one complex sample per line.
    static let dataFormat = "(2E15.6)"

    /// A namelist group, one `KEY = value` per line, values already formatted.
    static func group(_ name: String, _ entries: [(String, String)]) -> String {
        var text = " $\(name)\n"
        for (i, (key, value)) in entries.enumerated() {
            text += " \(key) = \(value)\(i + 1 < entries.count ? "," : "")\n"
        }
        return text + " $END\n"
    }

    /// A Fortran string literal (single quotes, embedded quotes doubled).
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A real literal Fortran list input reads back to the same `Double`.
    static func literal(_ x: Double) -> String { JSONValue.format(x) }

    /// Data lines in `dataFormat`: real and imaginary part of each sample, E15.6 each.
    /// - Throws: `invalidInput` naming `source` and `field` for a non-finite sample.
    static func dataLines(_ samples: [Complex<Double>], source: String, field: String) throws -> String {
        var text = ""
        text.reserveCapacity(samples.count * 31)
        for (n, z) in samples.enumerated() {
            guard z.real.isFinite, z.imaginary.isFinite else {
                throw ASDSError.invalidInput(source: source, field: field, reason: "sample \(n) is not finite (\(z.real), \(z.imaginary))")
            }
            text += String(format: "%15.6E%15.6E\n", z.real, z.imaginary)
        }
        return text
    }
}

import ASDSCore
import FileFormats
import Foundation
import Testing
import TestSupport

@Suite struct JSONValueTests {
    @Test func everyDoubleReadsBackBitIdentical() throws {
        var random = SeededRandom(seed: 7)
        var values: [Double] = [0, -0.0, 1, 123.2, 4000, 2.5e-4, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1.0000000000000002]
        for _ in 0..<2000 { values.append(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.uniform() < 0.5 ? -1 : 1)) }
        let text = try JSONValue.numbers(values).serialized(source: "test")
        let back = try #require(try JSONValue.parse(text, source: "test").doubleArray)
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func realsKeepADecimalPointAndIntegersDoNot() throws {
        let value: JSONValue = .object(["f": .array([.number(123), .number(1e-5)]), "n": .integer(2048), "s": .string("a\"b\\c\n\u{1}é😀")])
        let text = try value.serialized(source: "test")
        #expect(text == #"{"f":[123.0,1e-05],"n":2048,"s":"a\"b\\c\n\u0001é😀"}"#)
        let back = try JSONValue.parse(text, source: "test")
        #expect(back == value)
        #expect(back["n"] == .integer(2048) && back["f"]?.arrayValue?.first == .number(123))
        #expect(try JSONValue.parse(#"["\ud83d\ude00", "\u00e9"]"#, source: "t") == .array([.string("😀"), .string("é")]))
    }

    @Test func malformedTextAndNonFiniteNumbersAreRefused() {
        #expect(throws: ASDSError.corrupt(path: "x.json", reason: "JSON: unterminated string (truncated?) at byte 9")) {
            try JSONValue.parse(#"{"a": "bc"#, source: "x.json")
        }
        #expect(throws: ASDSError.self) { try JSONValue.parse("[1, 2", source: "x.json") }
        #expect(throws: ASDSError.self) { try JSONValue.parse("{\"a\" 1}", source: "x.json") }
        #expect(throws: ASDSError.self) { try JSONValue.parse("[1] x", source: "x.json") }
        #expect(throws: ASDSError.invalidInput(source: "out.json", field: "basis.basis_re.1", reason: "JSON cannot hold the non-finite number nan")) {
            try JSONValue.object(["basis": .object(["basis_re": .numbers([1, .nan])])]).serialized(source: "out.json")
        }
    }
}

import ASDSCore
import Foundation
import Testing
import TestSupport

@Suite struct InputTests {
    struct Sample: Decodable {
        let name: String
        let values: [Double]
    }

    @Test func decodingErrorsNameTheFileAndField() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/sample.json"
        try #"{"name": "x", "values": [1, "two"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: path, field: "values.1", reason: "expected a number")) {
            try JSONInput.decode(Sample.self, fromFile: path)
        }
        try #"{"values": [1]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: path, field: "name", reason: "is required but missing")) {
            try JSONInput.decode(Sample.self, fromFile: path)
        }
        try "{ not json".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: path, field: "", reason: "not valid JSON")) {
            try JSONInput.decode(Sample.self, fromFile: path)
        }
    }

    @Test func atomicWriteLeavesNothingBehindOnFailure() throws {
        struct Boom: Error {}
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/out.txt"
        #expect(throws: Boom.self) {
            try AtomicWrite.write(to: path) { tmp in
                try "partial".write(toFile: tmp, atomically: false, encoding: .utf8)
                throw Boom()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        try AtomicWrite.write("done", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "done")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.txt"])
    }

    @Test func spectralAxisRejectsNonPhysicalValues() {
        #expect(throws: ASDSError.self) { try SpectralAxis(b0Tesla: 0, points: 2048, bandwidthHz: 4000) }
        #expect(throws: ASDSError.self) { try SpectralAxis(b0Tesla: 3, points: 0, bandwidthHz: 4000) }
        #expect(throws: ASDSError.self) { try SpectralAxis(b0Tesla: 3, points: 2048, bandwidthHz: .nan) }
    }

    @Test func ppmAndIndexConversionsAreInverse() throws {
        let axis = try SpectralAxis(points: 2048, bandwidthHz: 4000, spectrometerFrequencyHz: 123.2e6)
        #expect(TestSupport.isClose(axis.ppm(atIndex: 1024), 4.65))
        for ppm in [0.5, 2.008, 3.027, 4.2] {
            #expect(TestSupport.isClose(axis.ppm(atIndex: axis.index(ppm: ppm)), ppm, relative: 1e-13))
        }
        let r = axis.indexRange(ppm: 1.8...2.2)
        #expect(axis.ppm(atIndex: Double(r.lowerBound)) >= 1.8 && axis.ppm(atIndex: Double(r.upperBound - 1)) <= 2.2)
    }
}

import ASDSCore
import FileFormats
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct FSLBasisTests {
    @Test(arguments: [4.65, 4.7])
    func roundTripIsBitIdenticalAndKeepsBasisOrder(referencePPM: Double) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis(referencePPM: referencePPM, acquisition: Fixtures.steam)
        let path = dir + "/fsl"
        try FSLBasis.write(basis, to: path)
        #expect(Fixtures.contents(path) == ["Cr.json", "Glc_b.json", "NAA.json", "Noise.json", "Water.json"])
        #expect(Fixtures.contents(dir) == ["fsl"])
        #expect(try FSLBasis.read(from: path) == basis)
    }

    /// FSL-MRS stores the conjugate of its (= ASDS's) frame: basis_re = Re(fid), basis_im = -Im(fid).
    @Test func fieldsFollowFSLMRS() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        try FSLBasis.write(basis, to: dir + "/fsl")
        let json = try JSONValue.parse(try Fixtures.bytes(dir + "/fsl/NAA.json"), source: "NAA.json")
        let b = try #require(json["basis"])
        let fid = basis["NAA"]!.fid
        #expect(b["basis_re"]?.doubleArray == fid.map(\.real))
        #expect(b["basis_im"]?.doubleArray == fid.map { -$0.imaginary })
        #expect(b["basis_dwell"] == .number(0.00025))
        #expect(b["basis_centre"] == .number(123.2))
        #expect(b["basis_width"] == .number(4000.0 / 2048))
        #expect(b["basis_name"] == .string("NAA"))
        #expect(json["meta"]?["SimVersion"] == .string("ASDS \(ToolVersion.current)"))
        #expect(json["seq"]?["Rx_Points"] == .integer(2048))
        #expect(json["seq"]?["B0"]?.doubleValue.map { TestSupport.isClose($0, 123.2e6 / 42.577_478_518e6, relative: 1e-15) } == true)
    }

    /// A file as FSL-MRS writes it (no ASDS block, no centralShift): carrier at 4.65 ppm,
    /// data conjugated; the line must appear at 4.65 + f / SF ppm.
    @Test func foreignFSLMRSFileReadsInTheRightFrame() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try Fixtures.axis()
        let f = Fixtures.gridHz(-123, on: axis)
        let stored = Fixtures.line(hz: f, on: axis).map(\.conjugate)
        let document: JSONValue = .object([
            "basis": .object([
                "basis_re": .numbers(stored.map(\.real)), "basis_im": .numbers(stored.map(\.imaginary)),
                "basis_dwell": .number(0.00025), "basis_centre": .number(123.2), "basis_width": .number(2.0),
                "basis_name": .string("Lac"),
            ]),
            "meta": .object(["time": .string("20240101_120000"), "SimVersion": .string(""), "TE": .number(144)]),
            "seq": .object(["sequenceName": .string("svs_se"), "B0": .number(2.89)]),
        ])
        try FileManager.default.createDirectory(atPath: dir + "/fsl", withIntermediateDirectories: false)
        try document.serialized(source: "Lac.json").write(toFile: dir + "/fsl/Lac.json", atomically: true, encoding: .utf8)
        let basis = try BasisFormat.read(from: dir + "/fsl")
        #expect(basis.names == ["Lac"] && basis.axis == axis)
        #expect(basis.acquisition == AcquisitionParameters(sequence: "svs_se", echoTimeSeconds: 0.144, pulseMode: "unknown"))
        #expect(abs(Fixtures.peakPPM(basis.metabolites[0].fid, on: basis.axis) - (4.65 + f / 123.2)) < 1e-9)

        // basis_centre given in Hz is recognised as FSL-MRS does (values above 1e5).
        let text = try String(contentsOfFile: dir + "/fsl/Lac.json", encoding: .utf8)
        #expect(text.contains("\"basis_centre\":123.2,"))
        try text.replacingOccurrences(of: "\"basis_centre\":123.2", with: "\"basis_centre\":123200000.0")
            .write(toFile: dir + "/fsl/Lac.json", atomically: true, encoding: .utf8)
        #expect(try FSLBasis.read(from: dir + "/fsl").axis == axis)
    }

    @Test func inconsistentTruncatedOrMissingFieldsGiveErrorsNamingTheFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/fsl"
        try FSLBasis.write(try Fixtures.basis(), to: path)
        let file = path + "/NAA.json"
        let good = try Fixtures.bytes(file)
        try Fixtures.write(Array(good.prefix(good.count / 2)), to: file)
        #expect(Fixtures.errorMessage { _ = try FSLBasis.read(from: path) }?.hasPrefix("\(file): corrupt or unreadable: JSON:") == true)

        let text = String(decoding: good, as: UTF8.self)
        try text.replacingOccurrences(of: "\"basis_dwell\": 0.00025", with: "\"basis_dwell\": 0.0005").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(Fixtures.errorMessage { _ = try FSLBasis.read(from: path) }?.hasPrefix("\(file): basis_dwell") == true)

        try text.replacingOccurrences(of: "\"basis_dwell\"", with: "\"dwell\"").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: file, field: "basis.basis_dwell", reason: "missing or not a number")) {
            try FSLBasis.read(from: path)
        }
        try text.replacingOccurrences(of: "\"basis_re\": [", with: "\"basis_re\": [1.0, ").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(Fixtures.errorMessage { _ = try FSLBasis.read(from: path) }?.contains("basis.basis_re has 2049 values") == true)
    }

    @Test func existingFoldersAreReplacedOnlyWhenTheyHoldJSONAlone() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/fsl"
        let basis = try Fixtures.basis()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try "{}".write(toFile: path + "/Old.json", atomically: true, encoding: .utf8)
        try FSLBasis.write(basis, to: path)
        #expect(!Fixtures.contents(path).contains("Old.json"))
        #expect(try FSLBasis.read(from: path) == basis)

        try "notes".write(toFile: path + "/README.txt", atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.self) { try FSLBasis.write(basis, to: path) }
        #expect(Fixtures.contents(path).contains("README.txt") && Fixtures.contents(path).contains("NAA.json"))
        #expect(Fixtures.contents(dir) == ["fsl"])
    }
}

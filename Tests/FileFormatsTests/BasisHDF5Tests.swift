import ASDSCore
import FileFormats
import Foundation
import HDF5Kit
import Numerics
import Testing
import TestSupport

@Suite struct BasisHDF5Tests {
    @Test(arguments: [Fixtures.press, Fixtures.steam])
    func roundTripIsBitIdentical(acquisition: AcquisitionParameters) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis(referencePPM: 4.7, acquisition: acquisition)
        let path = dir + "/basis.h5"
        try BasisHDF5.write(basis, to: path)
        let back = try BasisHDF5.read(from: path)
        #expect(back == basis)
        #expect(back.names == ["NAA", "Cr", "Water", "Glc_b", "Noise"])
        #expect(Fixtures.contents(dir) == ["basis.h5"])
    }

    @Test func layoutIsWhatTheDocumentationStates() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        let path = dir + "/basis.h5"
        try BasisHDF5.write(basis, to: path)
        let g = try HDF5File.open(path).root().group("basis")
        #expect(try g.childNames() == basis.names)
        #expect(try g.scalarAttribute("dwell_time_s", as: Double.self) == 2.5e-4)
        #expect(try g.scalarAttribute("spectrometer_frequency_hz", as: Double.self) == 123.2e6)
        #expect(TestSupport.isClose(try g.scalarAttribute("b0_t", as: Double.self), 123.2e6 / 42.577_478_518e6, relative: 1e-15))
        #expect(try g.scalarAttribute("te_s", as: Double.self) == 0.03)
        #expect(try g.scalarAttribute("te1_s", as: Double.self) == 0.011)
        #expect(try g.scalarAttribute("te2_s", as: Double.self) == 0.019)
        #expect(!g.hasAttribute("tm_s"))
        #expect(try g.scalarAttribute("spatial_points", as: Int64.self) == 101)
        #expect(try g.scalarAttribute("points", as: Int64.self) == 2048)
        #expect(try g.scalarAttribute("bandwidth_hz", as: Double.self) == 4000)
        #expect(try g.scalarAttribute("reference_ppm", as: Double.self) == 4.65)
        #expect(try g.stringAttribute("sequence") == "PRESS")
        #expect(try g.stringAttribute("pulse_mode") == "shaped")
        #expect(try g.stringAttribute("nucleus") == "1H")
        #expect(try g.stringAttribute("tool_version") == ToolVersion.current)
        let fid = try g.group("NAA").read("fid", as: Complex<Double>.self)
        #expect(fid.shape == [2048] && fid.values == basis["NAA"]!.fid)
    }

    @Test func truncatedFileOrMissingGroupGivesErrorNamingTheFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/basis.h5"
        try BasisHDF5.write(try Fixtures.basis(), to: path)
        let bytes = try Fixtures.bytes(path)
        try Fixtures.write(Array(bytes.prefix(bytes.count / 2)), to: path)
        let message = try #require(Fixtures.errorMessage { _ = try BasisHDF5.read(from: path) })
        #expect(message.hasPrefix(path))

        var flipped = bytes
        flipped[1] ^= 0xFF  // the 'H' of the signature
        try Fixtures.write(flipped, to: path)
        #expect(Fixtures.errorMessage { _ = try BasisHDF5.read(from: path) }?.hasPrefix(path) == true)

        let other = dir + "/other.h5"
        do { try HDF5File.create(other).root().write([1.0, 2.0], to: "x") }
        #expect(throws: ASDSError.invalidInput(source: other, field: "/basis", reason: "no basis group; not an ASDS basis file")) {
            try BasisHDF5.read(from: other)
        }
    }

    @Test func inconsistentAttributesAreRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/basis.h5"
        try BasisHDF5.write(try Fixtures.basis(), to: path)
        do { try HDF5File.open(path, writable: true).root().group("basis").setAttribute("dwell_time_s", 3e-4) }
        let message = try #require(Fixtures.errorMessage { _ = try BasisHDF5.read(from: path) })
        #expect(message.hasPrefix(path) && message.contains("dwell_time_s"))
    }
}

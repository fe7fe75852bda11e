import ASDSCore
import FileFormats
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct NIfTIMRSTests {
    /// complex128 storage holds every bit; complex64 rounds each part to float32.
    @Test(arguments: ["basis.nii", "basis.nii.gz"])
    func basisRoundTrip(fileName: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis(referencePPM: 4.7, acquisition: Fixtures.steam)
        let path = dir + "/" + fileName

        try NIfTIMRSBasis.write(basis, to: path, storage: .complex128)
        #expect(try NIfTIMRSBasis.read(from: path) == basis)

        try NIfTIMRSBasis.write(basis, to: path)
        let back = try NIfTIMRSBasis.read(from: path)
        #expect(back.axis == basis.axis && back.acquisition == basis.acquisition && back.names == basis.names)
        for (a, b) in zip(back.metabolites, basis.metabolites) {
            for (x, y) in zip(a.fid, b.fid) {
                #expect(x.real == Double(Float(y.real)) && x.imaginary == Double(Float(y.imaginary)))
            }
        }
        #expect(Fixtures.contents(dir) == [fileName])
    }

    @Test func gzipFileIsCompressedAndDeterministic() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        try NIfTIMRSBasis.write(basis, to: dir + "/a.nii")
        try NIfTIMRSBasis.write(basis, to: dir + "/a.nii.gz")
        try NIfTIMRSBasis.write(basis, to: dir + "/b.nii.gz")
        let plain = try Fixtures.bytes(dir + "/a.nii"), packed = try Fixtures.bytes(dir + "/a.nii.gz")
        #expect(packed.prefix(2) == [0x1F, 0x8B])
        #expect(packed.count < plain.count)
        #expect(packed == (try Fixtures.bytes(dir + "/b.nii.gz")))
    }

    @Test func headerFieldsFollowTheStandard() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/basis.nii"
        try NIfTIMRSBasis.write(try Fixtures.basis(), to: path)
        let bytes = try Fixtures.bytes(path)
        func int64(_ o: Int) -> Int64 { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: Int64.self) } }
        func double(_ o: Int) -> Double { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: Double.self) } }
        func int32(_ o: Int) -> Int32 { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: Int32.self) } }
        #expect(int32(0) == 540)
        #expect(Array(bytes[4..<12]) == [0x6E, 0x2B, 0x32, 0x00, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 12, as: Int16.self) } == 32)  // complex64
        #expect((0..<6).map { int64(16 + 8 * $0) } == [5, 1, 1, 1, 2048, 5])
        #expect(double(104 + 8 * 4) == 2.5e-4)  // pixdim[4] = dwell time, s
        #expect(int32(500) == 10)  // xyzt_units: mm and s
        #expect(String(decoding: bytes[508..<517], as: UTF8.self) == "mrs_v0_11")
        #expect(bytes[540] == 1)  // extension present
        let esize = Int(int32(544)), ecode = int32(548)
        #expect(ecode == 44 && esize % 16 == 0)
        #expect(int64(168) == Int64(544 + esize))  // vox_offset
        let text = String(decoding: bytes[552..<(544 + esize)].filter { $0 != 0 }, as: UTF8.self)
        let json = try JSONValue.parse(text, source: path)
        #expect(json["SpectrometerFrequency"] == .array([.number(123.2)]))
        #expect(json["ResonantNucleus"] == .array([.string("1H")]))
        #expect(json["dim_5"] == .string("DIM_USER_0"))
        #expect(json["dim_5_header"]?["MetaboliteName"]?["Value"] == .array(["NAA", "Cr", "Water", "Glc_b", "Noise"].map { .string($0) }))
        #expect(json["EchoTime"] == .number(0.03))
        #expect(json["SpecFreqChemShift"] == nil)  // 4.65 ppm is the 1H default
        #expect(text.contains("\"SpectrometerFrequency\":[123.2]"))
    }

    /// The file holds the conjugate (NIfTI-MRS frame); reading restores the ASDS convention.
    @Test func storedDataAreTheConjugate() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try Fixtures.axis()
        let fid = Fixtures.line(hz: 250, on: axis)
        let path = dir + "/one.nii"
        var single = try NIfTIMRS(gridShape: [1, 1, 1], axis: axis, storage: .complex128)
        try single.setFID(fid, atSpectrum: 0)
        try single.write(to: path)
        let bytes = try Fixtures.bytes(path)
        let offset = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 168, as: Int64.self) })
        let stored = bytes.withUnsafeBytes { raw in
            (0..<4).map { Complex(raw.loadUnaligned(fromByteOffset: offset + 16 * $0, as: Double.self),
                                  raw.loadUnaligned(fromByteOffset: offset + 16 * $0 + 8, as: Double.self)) }
        }
        #expect(stored == fid.prefix(4).map(\.conjugate))
        #expect(try NIfTIMRS.read(from: path).fid(atSpectrum: 0) == fid)
    }

    @Test func spectraAlongDimension5AndMRSIGridsKeepTheirIndexing() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try SpectralAxis(points: 64, bandwidthHz: 2000, spectrometerFrequencyHz: 297.2e6)
        let spectra = (0..<7).map { m in Fixtures.line(hz: Double(m) * 31.25, amplitude: Double(m + 1), on: axis) }
        let svs = try NIfTIMRS(spectra: spectra, axis: axis, info: "test spectra", header: [
            "EchoTime": .number(0.035),
            "Generator": .object(["Value": .string("x"), "Description": .string("a user key")]),
        ], storage: .complex128)
        #expect(svs.shape == [1, 1, 1, 64, 7] && svs.spectrumCount == 7)
        try svs.write(to: dir + "/svs.nii.gz")
        let svsBack = try NIfTIMRS.read(from: dir + "/svs.nii.gz")
        #expect(svsBack == svs)
        #expect((0..<7).map(svsBack.fid(atSpectrum:)) == spectra)
        #expect(svsBack.header["EchoTime"] == .number(0.035))
        #expect(try svsBack.spectralAxis() == axis)

        let size = [3, 2, 2]
        let fids = (0..<12).map { v in Fixtures.line(hz: -62.5 * Double(v), phase: Double(v), on: axis) }
        let grid = try NIfTIMRS(grid: fids, size: size, axis: axis, voxelSizeMillimetres: [10, 10, 15], storage: .complex128)
        #expect(grid.shape == [3, 2, 2, 64])
        // NIfTI order: x fastest, time after the three spatial indices.
        let (x, y, z, t) = (2, 1, 1, 5)
        #expect(grid.data[x + 3 * (y + 2 * (z + 2 * t))] == fids[x + 3 * (y + 2 * z)][t])
        try grid.write(to: dir + "/mrsi.nii")
        let gridBack = try NIfTIMRS.read(from: dir + "/mrsi.nii")
        #expect(gridBack == grid)
        #expect(gridBack.voxelSizeMillimetres == [10, 10, 15])
    }

    @Test func truncatedCorruptAndWrongFilesGiveErrorsNamingFileAndField() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/basis.nii"
        try NIfTIMRSBasis.write(try Fixtures.basis(), to: path)
        let good = try Fixtures.bytes(path)
        func failure(_ bytes: [UInt8], _ name: String = "bad.nii") throws -> String? {
            let bad = dir + "/" + name
            try Fixtures.write(bytes, to: bad)
            return Fixtures.errorMessage { _ = try NIfTIMRS.read(from: bad) }.map { $0.replacingOccurrences(of: bad, with: "FILE") }
        }
        #expect(try failure(Array(good.prefix(good.count / 2)))?.hasPrefix("FILE: corrupt or unreadable: data:") == true)
        #expect(try failure(Array(good.prefix(300)))?.hasPrefix("FILE: corrupt or unreadable: header:") == true)
        var magic = good
        magic[5] = UInt8(ascii: "x")
        #expect(try failure(magic)?.hasPrefix("FILE: corrupt or unreadable: magic:") == true)
        var size = good
        size[0] = 0x11
        #expect(try failure(size)?.contains("sizeof_hdr") == true)
        var datatype = good
        datatype[12] = 16  // DT_FLOAT32
        datatype[14] = 32
        #expect(try failure(datatype)?.hasPrefix("FILE: datatype: 16 is not complex64") == true)
        var intent = good
        intent[508] = UInt8(ascii: "x")
        #expect(try failure(intent)?.hasPrefix("FILE: intent_name:") == true)
        var ext = good
        ext[548] = 6  // ecode 6 (comment) instead of 44
        #expect(try failure(ext)?.hasPrefix("FILE: extension:") == true)
        var json = good
        json[552] = UInt8(ascii: "x")
        #expect(try failure(json)?.contains("JSON") == true)
        try NIfTIMRSBasis.write(try Fixtures.basis(), to: dir + "/basis.nii.gz")
        let gz = try Fixtures.bytes(dir + "/basis.nii.gz")
        #expect(try failure(Array(gz.prefix(gz.count / 2)), "bad.nii.gz")?.hasPrefix("FILE: corrupt or unreadable: gzip stream ends early") == true)
        var damaged = gz
        for i in 40..<60 { damaged[i] ^= 0x5A }
        #expect(try failure(damaged, "bad.nii.gz")?.hasPrefix("FILE: corrupt or unreadable:") == true)
    }

    @Test func invalidValuesAreRefusedBeforeWriting() throws {
        let axis = try Fixtures.axis()
        #expect(throws: ASDSError.self) {
            try NIfTIMRS(shape: [1, 1, 1, 4], data: [Complex<Double>](repeating: .zero, count: 3), dwellSeconds: 1e-3, spectrometerFrequencyMHz: 123.2)
        }
        #expect(throws: ASDSError.self) {
            try NIfTIMRS(shape: [1, 1, 1, 4, 2], data: [Complex<Double>](repeating: .zero, count: 8), dwellSeconds: 1e-3, spectrometerFrequencyMHz: 123.2)
        }
        #expect(throws: ASDSError.invalidInput(source: "NIfTI-MRS", field: "dim_5", reason: "is set from the NIfTIMRS fields; remove it from header")) {
            try NIfTIMRS(gridShape: [1, 1, 1], axis: axis, header: ["dim_5": .string("DIM_DYN")])
        }
        var one = try NIfTIMRS(gridShape: [1, 1, 1], axis: axis)
        #expect(throws: ASDSError.self) { try one.setFID([.zero], atSpectrum: 0) }
    }
}

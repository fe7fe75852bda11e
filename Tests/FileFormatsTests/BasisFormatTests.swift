import ASDSCore
import FileFormats
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct BasisFormatTests {
    static let cases: [(BasisFormat, String)] = [
        (.hdf5, "basis.h5"), (.niftiMRS, "basis.nii.gz"), (.niftiMRS, "basis.nii"), (.lcmodel, "basis.BASIS"), (.fsl, "basis_fsl"),
    ]

    @Test(arguments: cases)
    func detectsTheFormatAndReadsBack(format: BasisFormat, fileName: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        let path = dir + "/" + fileName
        try BasisFormat.write(basis, to: path, format: format)
        #expect(try BasisFormat.detect(path: path) == format)
        let back = try BasisFormat.read(from: path)
        #expect(back.names == basis.names && back.acquisition == basis.acquisition)
        #expect(back.axis.points == basis.axis.points && back.axis.referencePPM == basis.axis.referencePPM)
        #expect(TestSupport.isClose(back.axis.bandwidthHz, basis.axis.bandwidthHz, relative: 1e-14))
        #expect(TestSupport.isClose(back.axis.spectrometerFrequencyHz, basis.axis.spectrometerFrequencyHz, relative: 1e-14))
        // Precision of each format: exact (HDF5, FSL), float32 (NIfTI complex64), 7 digits (LCModel).
        for (a, b) in zip(back.metabolites, basis.metabolites) {
            let scale = b.fid.map(\.length).max()!
            let error = TestSupport.maxDifference(a.fid, b.fid)
            switch format {
            case .hdf5, .fsl: #expect(error == 0)
            case .niftiMRS: #expect(error <= 1.2e-7 * scale)
            case .lcmodel: #expect(error <= LCModelTests.tolerance(b.fid))
            }
        }
    }

    /// A synthetic exp(+i 2 pi f t) line lands at ref + f / SF_MHz after a round trip through
    /// every format (a conjugation error would mirror it about the carrier).
    @Test(arguments: cases)
    func syntheticLinesKeepTheirChemicalShift(format: BasisFormat, fileName: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        let path = dir + "/" + fileName
        try BasisFormat.write(basis, to: path, format: format)
        let back = try BasisFormat.read(from: path)
        for (m, k) in Fixtures.lineBins.enumerated() {
            let expected = 4.65 + Fixtures.gridHz(k, on: basis.axis) / 123.2
            let found = Fixtures.peakPPM(back.metabolites[m].fid, on: back.axis)
            #expect(abs(found - expected) < 1e-9, "\(format) \(basis.names[m]): \(found) ppm, expected \(expected) ppm")
        }
    }

    /// An error part-way through a write leaves nothing at the destination and no temporary files.
    @Test(arguments: cases)
    func interruptedWritesLeaveNoFile(format: BasisFormat, fileName: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        var basis = try Fixtures.basis()
        let path = dir + "/" + fileName
        switch format {
        case .lcmodel, .fsl:
            // Text formats cannot hold NaN: the writer fails on the last metabolite.
            basis.metabolites[4].fid[1000] = Complex(.nan, 0)
        case .hdf5:
            // The HDF5 file is created, then the duplicate name fails the write.
            basis.metabolites[4].name = "NAA"
        case .niftiMRS:
            // The destination is a folder: the file is complete but cannot be renamed into place.
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try "x".write(toFile: path + "/keep", atomically: true, encoding: .utf8)
        }
        let message = try #require(Fixtures.errorMessage { try BasisFormat.write(basis, to: path, format: format) })
        #expect(message.hasPrefix(path))
        if format == .niftiMRS {
            #expect(Fixtures.contents(dir) == [fileName] && Fixtures.contents(path) == ["keep"])
        } else {
            #expect(Fixtures.contents(dir).isEmpty, "left behind: \(Fixtures.contents(dir))")
        }
    }

    @Test func unknownContentIsRefusedWithTheFileName() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/notes.txt"
        try "just some text".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Fixtures.errorMessage { _ = try BasisFormat.read(from: path) }?.hasPrefix("\(path): unrecognised basis format") == true)
        #expect(throws: ASDSError.io(path: dir + "/missing.h5", reason: "no such file or folder")) {
            try BasisFormat.read(from: dir + "/missing.h5")
        }
        #expect(BasisFormat(rawValue: "nifti-mrs") == .niftiMRS)
        #expect(BasisFormat.allCases.map(\.rawValue) == ["hdf5", "nifti-mrs", "lcmodel", "fsl"])
    }
}

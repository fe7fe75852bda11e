import ASDSCore
import FileFormats
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct LCModelTests {
    /// E15.6 keeps 7 significant digits: each part of each frequency sample is rounded to
    /// relative 5e-7, so after the inverse DFT |dFID_n| <= 5e-7 * sqrt(2) * mean_k |S_k|.
    static func tolerance(_ fid: [Complex<Double>]) -> Double {
        let spectrum = FFT.forward(fid)
        return 7.1e-7 * spectrum.map(\.length).reduce(0, +) / Double(spectrum.count) + 1e-15
    }

    @Test(arguments: [Fixtures.press, Fixtures.steam])
    func basisRoundTripToTextPrecision(acquisition: AcquisitionParameters) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis(acquisition: acquisition)
        let path = dir + "/press.BASIS"
        try LCModelBasis.write(basis, to: path)
        let back = try LCModelBasis.read(from: path)
        #expect(back.names == basis.names)
        #expect(back.acquisition == acquisition)
        #expect(back.axis.points == 2048 && back.axis.referencePPM == 4.65 && back.axis.nucleus == .proton)
        #expect(TestSupport.isClose(back.axis.bandwidthHz, 4000, relative: 1e-14))
        #expect(TestSupport.isClose(back.axis.spectrometerFrequencyHz, 123.2e6, relative: 1e-14))
        for (a, b) in zip(back.metabolites, basis.metabolites) {
            let error = TestSupport.maxDifference(a.fid, b.fid)
            #expect(error <= Self.tolerance(b.fid), "\(b.name): max |dFID| \(error)")
            #expect(error > 0)  // the text format does round
        }
    }

    /// The data block is the unshifted forward DFT of the conjugated FID (Osprey's writer): a line
    /// f = k bins above the carrier (higher ppm) peaks at block index N - k.
    @Test func dataBlockLayoutAndHeader() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let basis = try Fixtures.basis()
        let path = dir + "/b.BASIS"
        try LCModelBasis.write(basis, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(" $SEQPAR\n FWHMBA = "))
        #expect(text.contains(" HZPPPM = 123.2,\n ECHOT = 30.0,\n SEQ = 'PRESS'\n $END\n"))
        #expect(text.contains(" FMTBAS = '(2E15.6)',\n BADELT = 0.00025,\n NDATAB = 2048\n $END\n"))
        #expect(text.contains(" IDBASI = 'ASDS \(ToolVersion.current) te=0.03 te1=0.011 te2=0.019 mode=shaped sp=101',"))
        #expect(text.contains(" $BASIS\n ID = 'NAA',\n METABO = 'NAA',\n CONC = 1.0,\n TRAMP = 1.0,\n VOLUME = 1.0,\n ISHIFT = 0\n $END\n"))
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: " ISHIFT = 0")) + 2
        let block = lines[start..<(start + 2048)].map { line -> Complex<Double> in
            let parts = line.split(separator: " ").compactMap { Double($0) }
            return Complex(parts[0], parts[1])
        }
        #expect(lines[start].count == 30)  // two E15.6 fields
        #expect(block.indices.max { block[$0].length < block[$1].length } == 2048 - Fixtures.lineBins[0])
        // Block = DFT(conj(fid)) exactly, to the 7 digits written.
        let expected = FFT.forward(basis["NAA"]!.fid.map(\.conjugate))
        #expect(TestSupport.maxDifference(block, expected) <= 1e-6 * expected.map(\.length).max()!)
    }

    @Test func otherReferenceIsMovedToTheLCModelCarrierKeepingEveryPeak() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try Fixtures.axis()
        let reference = 4.65 + 4 * axis.resolutionHz / axis.spectrometerFrequencyMHz  // four bins up
        let basis = try Fixtures.basis(referencePPM: reference)
        try LCModelBasis.write(basis, to: dir + "/b.BASIS")
        let back = try LCModelBasis.read(from: dir + "/b.BASIS")
        #expect(back.axis.referencePPM == 4.65)
        for m in 0..<4 {
            let before = Fixtures.peakPPM(basis.metabolites[m].fid, on: basis.axis)
            let after = Fixtures.peakPPM(back.metabolites[m].fid, on: back.axis)
            #expect(abs(before - after) < 1e-9, "\(basis.names[m]): \(before) -> \(after) ppm")
        }
    }

    @Test func foreignBasisWithShiftAndFortranSyntaxReads() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/foreign.basis"
        try """
         $SEQPAR
         fwhmba = 0.05, hzpppm = 1.2320D+02, echot = 35., seq = 'PRESS'
         $END
         &BASIS1 IDBASI='some lab''s basis', FMTBAS='(2E15.6)', BADELT=5.0E-04, NDATAB=4 /
         $NMUSED FILRAW='/data/naa.RAW', METABO='NAA', DEGZER=0. $END
         $BASIS ID='NAA', METABO='NAA', CONC=1., ISHIFT=1 $END
          1.0E+00 0.0E+00
          2.0E+00,-1.0E+00
          3.0E+00 0.5E+00
          4.0E+00 0.0E+00
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let basis = try LCModelBasis.read(from: path)
        #expect(basis.names == ["NAA"])
        #expect(TestSupport.isClose(basis.axis.bandwidthHz, 2000, relative: 1e-14) && basis.axis.points == 4)
        #expect(TestSupport.isClose(basis.axis.spectrometerFrequencyHz, 123.2e6, relative: 1e-14))
        #expect(basis.acquisition == AcquisitionParameters(sequence: "PRESS", echoTimeSeconds: 0.035, pulseMode: "unknown"))
        // ISHIFT = 1 undone as FSL-MRS does (np.roll by -ISHIFT), the inverse DFT, conjugation.
        let expected = FFT.backward([Complex(2, -1), Complex(3, 0.5), Complex(4, 0), Complex(1, 0)]).map { $0.conjugate.multiplied(by: 0.25) }
        #expect(TestSupport.maxDifference(basis.metabolites[0].fid, expected) < 1e-15)
        #expect(try BasisFormat.detect(path: path) == .lcmodel)
    }

    @Test func rawRoundTrip() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try Fixtures.axis()
        let fid = Fixtures.line(hz: Fixtures.gridHz(-200, on: axis), amplitude: 5, phase: 0.4, on: axis)
        let raw = try LCModelRaw(fid: fid, axis: axis, id: "subject 1", echoTimeSeconds: 0.03, sequence: "PRESS")
        let path = dir + "/s1.RAW"
        try raw.write(to: path)
        let back = try LCModelRaw.read(from: path)
        #expect(back.id == "subject 1" && back.sequence == "PRESS" && back.tramp == 1 && back.volume == 1)
        #expect(back.dwellSeconds == 2.5e-4)
        #expect(TestSupport.isClose(back.echoTimeSeconds ?? 0, 0.03, relative: 1e-14))
        let backAxis = try back.spectralAxis(source: path)
        #expect(TestSupport.isClose(backAxis.bandwidthHz, 4000, relative: 1e-14) && backAxis.referencePPM == 4.65)
        // Time-domain E15.6: each part within relative 5e-7 of itself.
        for (a, b) in zip(back.fid, fid) {
            #expect(abs(a.real - b.real) <= 5e-7 * abs(b.real) + 1e-300 && abs(a.imaginary - b.imaginary) <= 5e-7 * abs(b.imaginary) + 1e-300)
        }
        #expect(Fixtures.peakIndex(back.fid) == 1024 - 200)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(" $NMID\n ID = 'subject 1',\n FMTDAT = '(2E15.6)',\n VOLUME = 1.0,\n TRAMP = 1.0\n $END\n"))
        #expect(text.contains(" DWELLTIME = 0.00025\n"))
        // The file holds the conjugate: the first sample, 5 exp(0.4 i), is written with Im < 0.
        let first = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("   ") && $0.count == 30 })
        #expect(first == String(format: "%15.6E%15.6E", fid[0].real, -fid[0].imaginary))
    }

    @Test func truncatedOrBrokenFilesGiveErrorsNamingTheFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/b.BASIS"
        try LCModelBasis.write(try Fixtures.basis(), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func failure(_ content: String) throws -> String? {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            return Fixtures.errorMessage { _ = try LCModelBasis.read(from: path) }
        }
        let half = try #require(try failure(String(text.prefix(text.count / 2))))
        #expect(half.hasPrefix(path) && half.contains("needs 4096 numbers"))
        #expect(try failure(text.replacingOccurrences(of: "$SEQPAR", with: "$SEQPAX"))?.hasPrefix("\(path): $SEQPAR: missing") == true)
        #expect(try failure(text.replacingOccurrences(of: "NDATAB = 2048", with: "NDATAB = 20.5"))?.hasPrefix("\(path): $BASIS1 NDATAB:") == true)
        #expect(try failure(text.replacingOccurrences(of: "HZPPPM = 123.2", with: "HZPPPM = abc"))?.hasPrefix("\(path): $SEQPAR HZPPPM:") == true)
        let lastEnd = try #require(text.range(of: "$END", options: .backwards))
        #expect(try failure(String(text[..<lastEnd.lowerBound]))?.contains("no $END") == true)
        #expect(throws: ASDSError.self) { try LCModelRaw.read(from: path) }
    }
}

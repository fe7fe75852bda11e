import ASDSCore
import FileFormats
import Foundation
import Testing
import TestSupport

/// The FSL-MRS summary and LCModel table readers on hand-written files in each tool's layout.
@Suite struct FitterTableTests {
    private func write(_ text: String, _ name: String) throws -> (String, String) {
        let dir = try TestSupport.temporaryDirectory("asds-fitter-tables")
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return (dir, dir + "/" + name)
    }

    @Test func lcmodelTableRowsAndDeviations() throws {
        let text = """
             $$CONC 5 lines in following concentration table = NCONC+1
                Conc.  %SD /Cr+PCr  Metabolite
             3.210E+00   4%   1.070  NAA
             3.000E+00   3%   1.000  Cr
             1.000E-01 999%   0.033  Lac
             9.100E-01  11%   0.303  MM09+Lip09

             $$MISC 4 lines in following diagnostic table:
            """
        let (dir, path) = try write(text, "a.table")
        defer { TestSupport.cleanup(dir) }
        let t = try LCModelTable.read(path)
        #expect(t.names == ["NAA", "Cr", "Lac", "MM09+Lip09"])
        #expect(t.values == [3.21, 3.0, 0.1, 0.91])
        #expect(abs(t.standardDeviations[0]! - 0.1284) < 1e-12)
        #expect(t.standardDeviations[2] == nil)
        #expect(t.reference == "Cr+PCr" && t.unit == .basisAmplitude)
        // The same table with Windows line ends.
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try LCModelTable.read(path) == t)
    }

    @Test func lcmodelTableWithoutConcentrationsIsRefused() throws {
        let (dir, path) = try write(" $$MISC\n FWHM = 0.05 ppm\n", "b.table")
        defer { TestSupport.cleanup(dir) }
        #expect(throws: ASDSError.invalidInput(source: path, field: "$$CONC", reason: "no $$CONC section: not an LCModel .TABLE file")) {
            try LCModelTable.read(path)
        }
        let (dir2, bad) = try write(" $$CONC\n    Conc.  %SD /Cr  Metabolite\n 1.0E+00  x%  1.0 NAA\n", "c.table")
        defer { TestSupport.cleanup(dir2) }
        #expect(throws: ASDSError.self) { try LCModelTable.read(bad) }
    }

    /// With Cr and PCr in the basis fsl_mrs writes ratios to their sum; with a water reference, mM.
    @Test func fslSummaryPicksTheMostAbsoluteColumn() throws {
        let ratio = "Metab,/Cr+PCr,/Cr+PCr CRLB,%CRLB,SNR,FWHM\nNAA,1.4,0.05,3.5,30,5\nCr+PCr,1.0,0.02,2,25,5\n"
        let (dir, path) = try write(ratio, "summary.csv")
        defer { TestSupport.cleanup(dir) }
        let t = try FSLMRSResults.read(summary: path)
        #expect(t.unit == .ratio && t.reference == "Cr+PCr" && t.values == [1.4, 1.0] && t.standardDeviations[0] == 0.05)
        let molar = "Metab,Raw conc,Raw CRLB,mM,mM CRLB,%CRLB\n\"NAA\",0.3,0.01,12.5,0.4,3\n"
        try molar.write(toFile: path, atomically: true, encoding: .utf8)
        let m = try FSLMRSResults.read(summary: path)
        #expect(m.unit == .millimolar && m.values == [12.5] && m.standardDeviations == [0.4] && m.names == ["NAA"])
        try "Name,Raw conc\nNAA,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: path, field: "Metab", reason: "no Metab column (header: Name,Raw conc)")) {
            try FSLMRSResults.read(summary: path)
        }
    }

    /// A failed fsl_mrs fit (its reference fitted as 0) writes inf or an empty field: read as NaN;
    /// any other text is refused with the line and column.
    @Test func fslSummaryFailedValuesAreNaNAndTextIsRefused() throws {
        let failed = "Metab,/Cr,/Cr CRLB,%CRLB,SNR,FWHM\nNAA,inf,inf,8.6,10.5,3.9\nCr,,inf,999.0,0.0,0.0\n"
        let (dir, path) = try write(failed, "summary.csv")
        defer { TestSupport.cleanup(dir) }
        let t = try FSLMRSResults.read(summary: path)
        #expect(t.names == ["NAA", "Cr"] && t.values.allSatisfy(\.isNaN) && t.standardDeviations == [nil, nil])
        try "Metab,/Cr,/Cr CRLB\nNAA,abc,0.1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ASDSError.invalidInput(source: path, field: "line 2 /Cr", reason: "\"abc\" is not a number")) {
            try FSLMRSResults.read(summary: path)
        }
    }
}

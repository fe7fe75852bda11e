import ASDSCore
import Numerics
import Quantification
import Testing
import TestSupport

@Suite struct InputValidationTests {
    let axis = AnalyticBasis.axis(points: 1024, bandwidthHz: 2000)

    @Test func basisAtAnotherFieldIsRefused() throws {
        let other = try SpectralAxis(b0Tesla: 7, points: 1024, bandwidthHz: 2000)
        #expect(throws: ASDSError.self) { try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: other), dataAxis: axis) }
        do {
            _ = try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: other), dataAxis: axis, basisSource: "b.BASIS")
        } catch let error as ASDSError {
            #expect(error.description.hasPrefix("b.BASIS: basis spectrometer frequency"))
        }
    }

    @Test func shorterBasisIsRefusedLongerIsTruncated() throws {
        let short = AnalyticBasis.axis(points: 512, bandwidthHz: 2000)
        #expect(throws: ASDSError.self) { try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: short), dataAxis: axis) }
        let long = AnalyticBasis.axis(points: 4096, bandwidthHz: 2000)
        let aligned = try BasisAlignment.aligned(AnalyticBasis.basis(axis: long), to: axis)
        let native = AnalyticBasis.basis(axis: axis)
        for (a, b) in zip(aligned.metabolites, native.metabolites) { #expect(TestSupport.maxDifference(a.fid, b.fid) < 1e-12) }
    }

    @Test func basisAtAnotherBandwidthIsResampled() throws {
        // 4000 Hz x 4096 points (same duration) onto 2000 Hz x 1024 points: the resampled FIDs are
        // the analytic ones at the data's times (lines decay fully within the basis's duration).
        let wide = AnalyticBasis.axis(points: 4096, bandwidthHz: 4000)
        let aligned = try BasisAlignment.aligned(AnalyticBasis.basis(axis: wide, t2: 0.08), to: axis)
        let native = AnalyticBasis.basis(axis: axis, t2: 0.08)
        #expect(aligned.axis.points == 1024 && aligned.axis.bandwidthHz == 2000)
        for (a, b) in zip(aligned.metabolites, native.metabolites) {
            #expect(TestSupport.maxDifference(a.fid, b.fid) < 1e-6 * b.fid[0].length, "\(a.name)")
        }
    }

    @Test func basisWithAnotherReferenceIsShifted() throws {
        let shifted = try SpectralAxis(points: 1024, bandwidthHz: 2000, spectrometerFrequencyHz: axis.spectrometerFrequencyHz, referencePPM: 4.7)
        // The same chemical shifts simulated with the carrier at 4.7 ppm.
        let aligned = try BasisAlignment.aligned(AnalyticBasis.basis(axis: shifted), to: axis)
        let native = AnalyticBasis.basis(axis: axis)
        for (a, b) in zip(aligned.metabolites, native.metabolites) {
            #expect(TestSupport.maxDifference(a.fid, b.fid) < 1e-9 * b.fid[0].length)
        }
    }

    @Test func badDataAndRangesGiveOneLineErrors() throws {
        let fitter = try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis)
        var fid = AnalyticBasis.basis(axis: axis).metabolites[0].fid
        fid[3] = Complex(.nan, 1)
        #expect(throws: ASDSError.invalidInput(source: "data", field: "fid", reason: "contains NaN or infinite samples")) { try fitter.fit(fid: fid) }
        #expect(throws: ASDSError.invalidInput(source: "data", field: "fid", reason: "is all zeros")) {
            try fitter.fit(fid: [Complex<Double>](repeating: .zero, count: 1024))
        }
        #expect(throws: ASDSError.self) { try fitter.fit(fid: Array(fid.prefix(512))) }
        // An empty fitting range (outside the axis) and one without a metabolite's signal.
        #expect(throws: ASDSError.self) {
            try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis, options: LinearCombinationOptions(ppmRange: 20...30))
        }
        #expect(throws: ASDSError.self) {
            try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis, options: LinearCombinationOptions(ppmRange: 1.8...2.2))
        }
        // Unknown group member, duplicate basis spectra.
        #expect(throws: ASDSError.invalidInput(source: "--groups", field: "GABA", reason: "is not in the basis (NAA, Cr, Cho, Ins, Glu)")) {
            try LinearCombinationFitter(basis: AnalyticBasis.basis(axis: axis), dataAxis: axis, options: LinearCombinationOptions(groups: [["GABA"]]))
        }
        var twins = AnalyticBasis.basis(axis: axis)
        twins.metabolites.append(BasisMetabolite(name: "NAA2", fid: twins.metabolites[0].fid))
        #expect(throws: ASDSError.self) { try LinearCombinationFitter(basis: twins, dataAxis: axis) }
    }

    @Test func concentrationTablesHaveTheDocumentedShape() throws {
        let csv = ConcentrationTable.csv(names: ["NAA", "Cr,PCr"], rows: [[1.5, 0.1], [2, 0]])
        #expect(csv == "index,NAA,\"Cr,PCr\"\n0,1.5,0.1\n1,2.0,0.0\n")
    }
}

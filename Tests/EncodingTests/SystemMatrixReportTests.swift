import ASDSCore
import Bloch
import Encoding
import Foundation
import HDF5Kit
import Numerics
import Testing
import TestSupport

@Suite struct SystemMatrixReportTests {
    static let press = MRSISequence(timing: .press(te1Seconds: 0.015, te2Seconds: 0.015), repetitionTimeSeconds: 1.5)

    static func geometry(matrix: Int, b0: Bool) -> Phantom {
        Phantom(name: "geometry", fovMeters: 0.2, matrix: matrix, voxel: Phantom.Voxel(centerMeters: [0, 0, 0], sizeMeters: [0.08, 0.08, 0.02]),
                regions: [Phantom.Region(name: "disc", shape: .ellipse, centerMeters: [0, 0], semiAxesMeters: [0.09, 0.09],
                                         concentrations: ["NAA": 10], t1Seconds: 1.2, t2Seconds: 0.2)],
                b0Map: b0 ? Phantom.B0Map(gradientHzPerMeter: [40, 10]) : nil,
                eddyCurrents: b0 ? [.init(amplitudeHz: 5, timeConstantSeconds: 0.05)] : nil)
    }

    @Test func fullySampledCartesianIsPerfectlyConditionedWithTheRectangularPSFWidth() throws {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 16, spectralPoints: 8, spectralBandwidthHz: 1000))
        let report = try SystemMatrixReport.mrsi(phantom: Self.geometry(matrix: 16, b0: false), phantomSource: "G.json",
                                                 sequence: Self.press, trajectory: t, dense: false, iterations: 20)
        // The spatial encoding of a full Cartesian grid is a scaled unitary DFT.
        let spatial = try ConditionEstimate.exact(ExactSpatialSpectralOperator.spatialEncodingMatrix(t))
        #expect(abs(spatial.value - 1) < 1e-10)
        #expect(report.condition.value >= 1)
        let dx = 0.2 / 16 * 1e3
        #expect(abs(report.psfFWHMMillimeters[0] / dx - 1.21) < 0.01)
        #expect(report.summaryLines.count == 4)
    }

    @Test func denseHIsWrittenWhenSmallAndMatchesTheExactOperator() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 6, spectralPoints: 4, spokes: 19))
        let geometry = Self.geometry(matrix: 6, b0: true)
        let report = try SystemMatrixReport.mrsi(phantom: geometry, phantomSource: "G.json", sequence: Self.press, trajectory: t, dense: true)
        let dense = try #require(report.dense)
        let exact = try ExactSpatialSpectralOperator(trajectory: t, effects: try #require(report.effects))
        let x = randomVector(exact.domainCount, seed: 2)
        #expect(relativeError(dense.forward(x), exact.forward(x)) < 1e-12)
        #expect(report.condition.method.contains("SVD of the dense H"))
        try report.write(to: dir + "/H.h5")
        let root = try HDF5File.open(dir + "/H.h5").root()
        #expect(try root.read("H", as: Complex<Double>.self).shape == [dense.rows, dense.columns])
        #expect(try root.scalarAttribute("condition_number", as: Double.self) == report.condition.value)
        #expect(try root.group("psf").read("fwhm_mm", as: Double.self).values == report.psfFWHMMillimeters)
        // Too large: parameters and PSF only, with the reason recorded.
        let big = try SystemMatrixReport.mrsi(phantom: geometry, phantomSource: "G.json", sequence: Self.press, trajectory: t, dense: true,
                                              maxDenseEntries: 100, iterations: 30)
        #expect(big.dense == nil && big.denseOmittedReason != nil && big.condition.method.hasPrefix("estimate"))
        // Spatial encoding condition: exact SVD here; with T2' the estimate multiplies it by e^{t_max/T2'}.
        let spatial = try #require(big.spatialCondition)
        let tMax = Double(t.repetitions - 1) * t.repetitionSeconds + t.adcTimesSeconds.max()!
        #expect(TestSupport.isClose(big.condition.value, spatial.value * exp(tMax / 0.2), relative: 1e-12))
        #expect(spatial.method.hasPrefix("exact"))
        try big.write(to: dir + "/H2.h5")
        let root2 = try HDF5File.open(dir + "/H2.h5").root()
        #expect(!root2.contains("H") && root2.hasAttribute("dense_omitted"))
    }

    @Test func cartesianConditionBoundHoldsAgainstTheExactSVD() throws {
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: 0.2, matrix: 6, spectralPoints: 8, spectralBandwidthHz: 1000))
        let geometry = Self.geometry(matrix: 6, b0: true)
        let dense = try SystemMatrixReport.mrsi(phantom: geometry, phantomSource: "G.json", sequence: Self.press, trajectory: t, dense: true)
        let bound = try SystemMatrixReport.mrsi(phantom: geometry, phantomSource: "G.json", sequence: Self.press, trajectory: t, dense: false)
        #expect(bound.condition.method.hasPrefix("upper bound"))
        #expect(dense.condition.value <= bound.condition.value * (1 + 1e-9))
        #expect(dense.condition.value > 1)
    }

    @Test func powerIterationApproachesTheExactConditionNumber() throws {
        let d = DiagonalOperator([Complex(1, 0), Complex(0, 2), Complex(0.5, 0), Complex(3, 4)])
        let estimate = ConditionEstimate.powerIteration(d, iterations: 400)
        #expect(abs(estimate.value - 10) < 0.05 && estimate.value <= 10 + 1e-9)
        let exact = try ConditionEstimate.exact(DenseOperator.materialize(d))
        #expect(abs(exact.value - 10) < 1e-12)
    }

    @Test func singleVoxelReportHasProfilesSpectralPSFAndExactCondition() throws {
        let axis = try SpectralAxis(b0Tesla: 2.89, points: 256, bandwidthHz: 2000)
        let geometry = Self.geometry(matrix: 16, b0: true)
        let report = try SystemMatrixReport.singleVoxel(phantom: geometry, phantomSource: "G.json", sequence: Self.press, axis: axis, dense: true)
        #expect(report.psfFWHMMillimeters.count == 3 && abs(report.psfFWHMMillimeters[0] - 80) < 0.5)
        // T2* = T2 = 0.2 s: Lorentzian of 1.6 Hz, narrower than the 7.8 Hz resolution: one bin.
        #expect(report.spectralFWHMHz! > 0)
        #expect(report.condition.method.hasPrefix("exact"))
        var noVoxel = geometry
        noVoxel.voxel = nil
        #expect(throws: ASDSError.invalidInput(source: "G.json", field: "voxel", reason: "is required for a single-voxel system matrix")) {
            try SystemMatrixReport.singleVoxel(phantom: noVoxel, phantomSource: "G.json", sequence: Self.press, axis: axis, dense: false)
        }
    }
}

import ASDSCore
import Bloch
import Encoding
import Foundation
import Numerics
import Testing
import TestSupport

@Suite struct PointSpreadFunctionTests {
    @Test func fullySampledCartesianPSFIsTheDirichletKernel() throws {
        let n = 16, fov = 0.2
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: .cartesian, fovMeters: fov, matrix: n, spectralPoints: 4, spectralBandwidthHz: 1000))
        let positions = (0..<97).map { -0.03 + 0.06 * Double($0) / 96 + 1e-7 }
        let psf = PointSpreadFunction.profile(t, axis: 0, positionsMeters: positions)
        for (x, v) in zip(positions, psf) {
            let a = Double.pi * x / fov
            let dirichlet = Complex(cos(a), sin(a)).multiplied(by: sin(Double(n) * a) / (Double(n) * sin(a)))
            #expect((v - dirichlet).length < 1e-12)
        }
        let dx = fov / Double(n)
        #expect(abs(PointSpreadFunction.fwhmMeters(t, axis: 0) / dx - 1.21) < 0.01)
        #expect(abs(PointSpreadFunction.fwhmMeters(t, axis: 1) / dx - 1.21) < 0.01)
    }

    @Test func spiralAndRadialDiscCoverageGiveTheJincWidth() throws {
        for design in [TrajectoryDesign(kind: .spiral, fovMeters: 0.2, matrix: 32, spectralPoints: 4, interleaves: 4),
                       TrajectoryDesign(kind: .radial, fovMeters: 0.2, matrix: 32, spectralPoints: 4)] {
            let t = try KSpaceTrajectory.design(design)
            let dx = 0.2 / 32
            let ratio = PointSpreadFunction.fwhmMeters(t, axis: 0) / dx
            #expect(abs(ratio - 1.41) < 0.04, "\(design.kind): FWHM \(ratio) dx")
        }
    }

    /// A constant object on the N x N grid of FOV F, sampled by a trajectory designed for FOV 2F
    /// (Nyquist for the object with margin; at exactly F the edge energy of an object filling
    /// the FOV aliases back and non-Cartesian gridding deviates by 2-25%), reconstructed by
    /// density-compensated gridding: flat within 2% over the central 80% of F.
    @Test(arguments: [(KSpaceTrajectory.Kind.spiral, false), (.radial, false), (.radial, true)])
    func densityCompensatedGriddingOfAConstantObjectIsFlat(kind: KSpaceTrajectory.Kind, golden: Bool) throws {
        let n = 32, fov = 0.2
        let t = try KSpaceTrajectory.design(TrajectoryDesign(kind: kind, fovMeters: 2 * fov, matrix: 2 * n, spectralPoints: 1,
                                                             adcDwellSeconds: 2e-6, goldenAngle: golden, interleaves: 4))
        let plan = NUFFT2D(kx: t.kx, ky: t.ky, fovMeters: fov, matrix: n)
        let ones = [Complex<Double>](repeating: Complex(1, 0), count: n * n)
        var data = [Complex<Double>](repeating: .zero, count: t.kx.count)
        ones.withUnsafeBufferPointer { o in data.withUnsafeMutableBufferPointer { plan.forward(o, batch: 1, into: $0) } }
        for j in data.indices { data[j] = data[j].multiplied(by: t.densityWeights[j]) }
        var image = [Complex<Double>](repeating: .zero, count: n * n)
        data.withUnsafeBufferPointer { d in image.withUnsafeMutableBufferPointer { plan.adjoint(d, batch: 1, into: $0) } }
        let centre = image[(n / 2) * n + n / 2].real
        var worst = 0.0
        let lo = Int((Double(n) * 0.1).rounded(.up)), hi = Int((Double(n) * 0.9).rounded(.down))
        for iy in lo..<hi { for ix in lo..<hi { worst = max(worst, (image[iy * n + ix] - Complex(centre, 0)).length / centre) } }
        #expect(worst < 0.02, "\(kind) golden \(golden): deviation \(worst)")
        // Weights in (1/(2F))^2 units: the reconstruction of ones is N^2 (2F/F)^2 = 4 N^2 (DFT scale).
        #expect(abs(centre / Double(4 * n * n) - 1) < 0.05)
    }
}

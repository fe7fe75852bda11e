import ASDSCore
import Bloch
import Foundation
import Numerics

/// The spatial half of the encoding for one repetition: an N x N image to the trajectory's J
/// readout samples, `y_j = sum_p e^{+i 2 pi k_j . r_p} x_p`, by the 2-D NUFFT (the J x P matrix
/// `ExactSpatialSpectralOperator.spatialEncodingMatrix` without forming it).
public struct SpatialEncodingOperator: LinearOperator {
    public let nufft: NUFFT2D

    public init(trajectory t: KSpaceTrajectory, kernel: KaiserBesselKernel = KaiserBesselKernel()) {
        nufft = NUFFT2D(kx: t.kx, ky: t.ky, fovMeters: t.fovMeters, matrix: t.matrix, kernel: kernel)
    }

    public var domainCount: Int { nufft.matrix * nufft.matrix }
    public var rangeCount: Int { nufft.pointCount }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        nufft.forward(x, batch: 1, into: y)
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        nufft.adjoint(y, batch: 1, into: x)
    }
}

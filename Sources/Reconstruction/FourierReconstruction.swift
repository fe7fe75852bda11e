import ASDSCore
import Encoding
import Numerics

/// The plain Fourier reconstruction.
public enum FourierReconstruction {
    /// The spectrum of an FID zero-filled to `points` (or its own length if longer):
    /// `FFT.spectrum(ofFID:)`, unnormalised forward DFT then fftshift.
    public static func spectrum(ofFID fid: [Complex<Double>], zeroFilledTo points: Int? = nil) -> [Complex<Double>] {
        FFT.spectrum(ofFID: TimeDomainSteps.zeroFilled(fid, to: points ?? fid.count))
    }

    /// The density-compensated adjoint `x = A^H (w .* y)` of a general encoding operator (for
    /// MRSI: H from `Encoding`, with `densityWeights` the sampling-density compensation per data
    /// sample), generic over any `LinearOperator`.
    public static func densityCompensatedAdjoint<A: LinearOperator>(
        _ op: A, data y: [Complex<Double>], densityWeights w: [Double]
    ) -> [Complex<Double>] {
        precondition(y.count == op.rangeCount && w.count == y.count, "data, weights and operator range disagree")
        return op.adjoint(zip(y, w).map { $0.multiplied(by: $1) })
    }
}

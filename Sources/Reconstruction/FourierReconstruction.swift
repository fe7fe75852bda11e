import ASDSCore
import Numerics

/// The plain Fourier reconstruction.
public enum FourierReconstruction {
    /// The spectrum of an FID zero-filled to `points` (or its own length if longer):
    /// `FFT.spectrum(ofFID:)`, unnormalised forward DFT then fftshift.
    public static func spectrum(ofFID fid: [Complex<Double>], zeroFilledTo points: Int? = nil) -> [Complex<Double>] {
        FFT.spectrum(ofFID: TimeDomainSteps.zeroFilled(fid, to: points ?? fid.count))
    }
}

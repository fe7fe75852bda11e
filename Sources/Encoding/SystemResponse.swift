import ASDSCore
import Foundation
import Numerics

/// The acquisition system's effect on a single-voxel FID: lineshape from B0 inhomogeneity
/// (Lorentzian and Gaussian), a global frequency offset, eddy currents and receiver phase.
/// These parameters define the single-voxel system matrix H (`SingleVoxelSystemMatrix(system:axis:)`)
/// that the generator applies and reconstruction inverts.
public struct SystemResponse: Sendable, Equatable {
    /// Lorentzian and Gaussian broadening (FWHM), in Hz.
    public var lorentzianHz: Double
    public var gaussianHz: Double
    /// Global frequency offset, in Hz.
    public var frequencyShiftHz: Double
    /// Eddy-current frequency shift df(t) = A exp(-t/tau): amplitude in Hz, time constant in s.
    public var eddyAmplitudeHz: Double
    public var eddyTimeConstantSeconds: Double
    /// Zero-order phase, in radians; first-order phase as a delay, in s.
    public var phase0Radians: Double
    public var phase1Seconds: Double

    public init(lorentzianHz: Double = 0, gaussianHz: Double = 0, frequencyShiftHz: Double = 0, eddyAmplitudeHz: Double = 0,
                eddyTimeConstantSeconds: Double = 1, phase0Radians: Double = 0, phase1Seconds: Double = 0) {
        self.lorentzianHz = lorentzianHz
        self.gaussianHz = gaussianHz
        self.frequencyShiftHz = frequencyShiftHz
        self.eddyAmplitudeHz = eddyAmplitudeHz
        self.eddyTimeConstantSeconds = eddyTimeConstantSeconds
        self.phase0Radians = phase0Radians
        self.phase1Seconds = phase1Seconds
    }

    /// The per-sample factor d(t) = exp(-pi L t) exp(-(pi G t)^2 / (4 ln 2)) exp(i 2 pi df t)
    /// exp(i 2 pi A tau (1 - exp(-t/tau))): lineshape, offset and eddy-current phase.
    public func timeDomainFactors(axis: SpectralAxis) -> [Complex<Double>] {
        let dt = axis.dwellSeconds
        var d = [Complex<Double>](repeating: .zero, count: axis.points)
        Oscillator.accumulate(into: &d, amplitude: .one, frequencyHz: frequencyShiftHz, damping: Double.pi * lorentzianHz,
                              gaussian: pow(Double.pi * gaussianHz, 2) / (4 * log(2.0)), dt: dt)
        if eddyAmplitudeHz != 0 {
            // phase(t) = 2 pi A tau (1 - exp(-t/tau)); its increments decay geometrically.
            let decay = exp(-dt / eddyTimeConstantSeconds)
            var increment = 2 * Double.pi * eddyAmplitudeHz * eddyTimeConstantSeconds * (1 - decay)
            var phasor = Complex<Double>.one
            for i in d.indices {
                d[i] *= phasor
                phasor *= Oscillator.unitPhasor(increment)
                increment *= decay
            }
        }
        return d
    }

    /// The per-spectrum-index receiver phase exp(i (phi0 + 2 pi f_k tau1)) (a phasor recurrence,
    /// f_k linear in k).
    public func frequencyDomainFactors(axis: SpectralAxis) -> [Complex<Double>] {
        var p = [Complex<Double>](repeating: .zero, count: axis.points)
        var w = Complex<Double>(length: 1, phase: phase0Radians + 2 * .pi * axis.frequencyHz(atIndex: 0) * phase1Seconds)
        let step = Complex<Double>(length: 1, phase: 2 * .pi * axis.resolutionHz * phase1Seconds)
        for k in p.indices {
            p[k] = w
            w *= step
        }
        return p
    }
}

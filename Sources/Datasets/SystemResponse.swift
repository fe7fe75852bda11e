import ASDSCore
import Foundation
import Numerics

/// The acquisition system's effect on a single-voxel FID: lineshape from B0 inhomogeneity
/// (Lorentzian and Gaussian), a global frequency offset, eddy currents and receiver phase.
/// `apply` maps an object's intrinsic FID to the acquired noise-free FID.
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

    /// The system an item's truth records.
    public init(truth t: SpectrumTruth) {
        lorentzianHz = t.lorentzianHz
        gaussianHz = t.gaussianHz
        frequencyShiftHz = t.frequencyShiftHz
        eddyAmplitudeHz = t.eddyAmplitudeHz
        eddyTimeConstantSeconds = t.eddyTimeConstantSeconds
        phase0Radians = t.phase0Radians
        phase1Seconds = t.phase1Seconds
    }

    /// Multiplies by exp(-pi L t) exp(-(pi G t)^2 / (4 ln 2)) exp(i 2 pi df t).
    func applyLineshape(_ fid: inout [Complex<Double>], dt: Double) {
        if lorentzianHz == 0 && gaussianHz == 0 && frequencyShiftHz == 0 { return }
        var envelope = [Complex<Double>](repeating: .zero, count: fid.count)
        Oscillator.accumulate(into: &envelope, amplitude: .one, frequencyHz: frequencyShiftHz, damping: Double.pi * lorentzianHz,
                              gaussian: pow(Double.pi * gaussianHz, 2) / (4 * log(2.0)), dt: dt)
        for i in fid.indices { fid[i] *= envelope[i] }
    }

    /// The acquired noise-free FID of an object with intrinsic FID `object`.
    public func apply(to object: [Complex<Double>], axis: SpectralAxis) -> [Complex<Double>] {
        var fid = object
        let dt = axis.dwellSeconds
        applyLineshape(&fid, dt: dt)
        if eddyAmplitudeHz != 0 {
            // phase(t) = 2 pi A tau (1 - exp(-t/tau)); its increments decay geometrically.
            let decay = exp(-dt / eddyTimeConstantSeconds)
            var increment = 2 * Double.pi * eddyAmplitudeHz * eddyTimeConstantSeconds * (1 - decay)
            var phasor = Complex<Double>.one
            for i in fid.indices {
                fid[i] *= phasor
                phasor *= Oscillator.unitPhasor(increment)
                increment *= decay
            }
        }
        if phase1Seconds != 0 {
            // exp(i (phi0 + 2 pi f_k tau)) with f_k linear in k: a phasor recurrence over the spectrum.
            var s = FFT.spectrum(ofFID: fid)
            var w = Complex<Double>(length: 1, phase: phase0Radians + 2 * .pi * axis.frequencyHz(atIndex: 0) * phase1Seconds)
            let step = Complex<Double>(length: 1, phase: 2 * .pi * axis.resolutionHz * phase1Seconds)
            for k in s.indices {
                s[k] *= w
                w *= step
            }
            fid = FFT.fid(ofSpectrum: s)
        } else if phase0Radians != 0 {
            let p = Complex<Double>(length: 1, phase: phase0Radians)
            for i in fid.indices { fid[i] *= p }
        }
        return fid
    }
}

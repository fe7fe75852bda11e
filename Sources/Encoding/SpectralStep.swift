import ASDSCore
import Bloch
import Foundation
import Numerics

/// The exact spectral half of the (x, y, f) -> (k, t) encoding, shared by the NUFFT and the
/// exact operators: for each readout point j (readout sample i), the spectrum `X[j, n]` is taken
/// to the FID at times `t = r T + tau_i` exactly:
/// `d[j, r] = e^{i phi_ec(t)} (1/S) sum_n X[j, n] e^{i 2 pi f_n tau_i} e^{i 2 pi f_n r T}`.
/// Since `f_n r T = (n - S/2) r / S`, the sum over n is a backward FFT times
/// `e^{-i 2 pi (S/2) r / S}` (`(-1)^r` for even S).
struct SpectralStep: Sendable {
    let samplesPerReadout: Int
    let points: Int
    /// `e^{i 2 pi f_n tau_i} / S`, index `i * S + n`.
    let tauPhase: [Complex<Double>]
    /// `e^{-i 2 pi (S/2) r / S} e^{i phi_ec(r T + tau_i)}`, index `i * S + r`.
    let timeFactor: [Complex<Double>]

    init(trajectory t: KSpaceTrajectory, eddy: [Complex<Double>]?) {
        let s = t.repetitions
        samplesPerReadout = t.samplesPerReadout
        points = s
        var phase = [Complex<Double>](repeating: .zero, count: t.samplesPerReadout * s)
        var factor = phase
        for i in 0..<t.samplesPerReadout {
            for n in 0..<s {
                let f = Double(n - s / 2) / (Double(s) * t.repetitionSeconds)
                let a = 2 * Double.pi * f * t.adcTimesSeconds[i]
                phase[i * s + n] = Complex(cos(a) / Double(s), sin(a) / Double(s))
            }
            for r in 0..<s {
                // e^{-i 2 pi (S/2) r / S}: (-1)^r for even S.
                let shift = Complex<Double>(cos(-2 * Double.pi * Double(s / 2) * Double(r) / Double(s)),
                                            sin(-2 * Double.pi * Double(s / 2) * Double(r) / Double(s)))
                factor[i * s + r] = eddy.map { $0[i * s + r] * shift } ?? shift
            }
        }
        tauPhase = phase
        timeFactor = factor
    }

    /// In place: `buffer[j * S + n]` spectra -> `buffer[j * S + r]` data, for `count` points.
    func forward(_ buffer: UnsafeMutableBufferPointer<Complex<Double>>, count: Int) {
        let s = points, per = samplesPerReadout
        let base = buffer.baseAddress!
        for j in 0..<count {
            let i = j % per
            for n in 0..<s { base[j * s + n] *= tauPhase[i * s + n] }
        }
        FFT.transform(shape: [s], batch: count, direction: .backward, input: base, output: base)
        for j in 0..<count {
            let i = j % per
            for r in 0..<s { base[j * s + r] *= timeFactor[i * s + r] }
        }
    }

    /// In place, the adjoint of `forward`.
    func adjoint(_ buffer: UnsafeMutableBufferPointer<Complex<Double>>, count: Int) {
        let s = points, per = samplesPerReadout
        let base = buffer.baseAddress!
        for j in 0..<count {
            let i = j % per
            for r in 0..<s { base[j * s + r] *= timeFactor[i * s + r].conjugate }
        }
        FFT.transform(shape: [s], batch: count, direction: .forward, input: base, output: base)
        for j in 0..<count {
            let i = j % per
            for n in 0..<s { base[j * s + n] *= tauPhase[i * s + n].conjugate }
        }
    }
}

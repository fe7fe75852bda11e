import ASDSCore
import Encoding
import Foundation
import Numerics

/// Everything synthesis needs besides an item's truth: the axis, basis FIDs per sequence (in the
/// suite's metabolite order), echo times, and the macromolecule/lipid component FIDs.
public struct SynthesisContext: Sendable {
    public let axis: SpectralAxis
    /// `basisFIDs[sequence][metabolite]`, each `axis.points` long, unbroadened.
    public let basisFIDs: [[[Complex<Double>]]]
    /// Echo time of each sequence, in s (for the exp(-TE/T2) attenuation).
    public let echoTimesSeconds: [Double]
    /// Sum of macromolecule components at unit amplitude (nil when the suite adds none).
    public let macromoleculeFID: [Complex<Double>]?
    /// Sum of lipid components at unit amplitude.
    public let lipidFID: [Complex<Double>]?
    public let snrReference: SNRReference
    /// Seed of the noise streams (the suite seed).
    public let seed: UInt64

    public init(axis: SpectralAxis, basisFIDs: [[[Complex<Double>]]], echoTimesSeconds: [Double],
                macromoleculeFID: [Complex<Double>]?, lipidFID: [Complex<Double>]?,
                snrReference: SNRReference, seed: UInt64) {
        self.axis = axis
        self.basisFIDs = basisFIDs
        self.echoTimesSeconds = echoTimesSeconds
        self.macromoleculeFID = macromoleculeFID
        self.lipidFID = lipidFID
        self.snrReference = snrReference
        self.seed = seed
    }
}

/// One synthesised spectrum: its truth (reference heights and noise level filled in), the
/// object's intrinsic FID (what a perfect scanner would record), the noise-free acquired FID
/// (the intrinsic FID through the system: lineshape, shift, eddy currents, phase) and the noisy FID.
public struct SynthesizedSpectrum: Sendable, Equatable {
    public var truth: SpectrumTruth
    public var intrinsic: [Complex<Double>]
    public var clean: [Complex<Double>]
    public var noisy: [Complex<Double>]

    public init(truth: SpectrumTruth, intrinsic: [Complex<Double>], clean: [Complex<Double>], noisy: [Complex<Double>]) {
        self.truth = truth
        self.intrinsic = intrinsic
        self.clean = clean
        self.noisy = noisy
    }
}

/// Builds FIDs from a truth record. The model separates the object from the acquisition system
/// (`docs/DATASETS.md`):
///
/// Object (intrinsic FID o(t)):
/// 1. metabolites: sum_m c_m exp(-TE/T2_m) b_m(t) exp((-1/T2_m + i 2 pi df_m) t);
/// 2. plus macromolecule and lipid components times their amplitudes;
/// 3. H_obj, the SNR reference peak height of this spectrum, scales
/// 4. a smooth baseline (broad Gaussian humps, max real height `baselineAmplitude * H_obj`) and
///    residual water (Lorentzian of height `waterAmplitude * H_obj`, random phase).
///
/// System (`SystemResponse`): the acquired noise-free FID is
/// y0(t) = exp(-pi L t) exp(-(pi G t)^2 / (4 ln 2)) exp(i 2 pi df t) exp(i 2 pi A tau (1 - exp(-t/tau)))
///         F^-1[ exp(i (phi0 + 2 pi f tau1)) F[o] ](t).
///
/// Noise: complex Gaussian with per-component standard deviation H / (SNR sqrt(N)), where H is the
/// reference peak height in the real spectrum of the system-broadened, correctly phased and
/// eddy-corrected signal of metabolites, macromolecules and lipids; so the real spectrum's noise
/// standard deviation is H / SNR (`docs/METRICS.md`).
public enum SpectrumSynthesizer {
    /// The noise stream of item `index`.
    static let noisePurpose: UInt64 = 3

    public static func synthesize(_ truth: SpectrumTruth, context: SynthesisContext) throws -> SynthesizedSpectrum {
        let axis = context.axis
        let n = axis.points
        let dt = axis.dwellSeconds
        var truth = truth
        var object = [Complex<Double>](repeating: .zero, count: n)

        // 1. Metabolites, each with its own relaxation and shift.
        let basis = context.basisFIDs[truth.sequence]
        let te = context.echoTimesSeconds[truth.sequence]
        for (m, b) in basis.enumerated() {
            let c = truth.concentrationsMM[m]
            if c == 0 { continue }
            let t2 = truth.t2Seconds[m], df = truth.metaboliteShiftHz[m]
            let amplitude = c * (t2.isFinite ? exp(-te / t2) : 1)
            if !t2.isFinite && df == 0 {
                for i in 0..<n { object[i] += b[i].multiplied(by: amplitude) }
            } else {
                let step = Complex<Double>.exp(Complex(t2.isFinite ? -dt / t2 : 0, 2 * .pi * df * dt))
                var w = Complex<Double>(amplitude, 0)
                for i in 0..<n {
                    object[i] += b[i] * w
                    w *= step
                }
            }
        }
        // 2. Macromolecules and lipids.
        if let mm = context.macromoleculeFID, truth.macromoleculeAmplitude != 0 {
            for i in 0..<n { object[i] += mm[i].multiplied(by: truth.macromoleculeAmplitude) }
        }
        if let lip = context.lipidFID, truth.lipidAmplitude != 0 {
            for i in 0..<n { object[i] += lip[i].multiplied(by: truth.lipidAmplitude) }
        }
        let system = SystemResponse(truth: truth)
        // The SNR reference: system lineshape and shift, no eddy currents or phase errors.
        var corrected = object
        let broadening = SystemResponse(lorentzianHz: truth.lorentzianHz, gaussianHz: truth.gaussianHz,
                                        frequencyShiftHz: truth.frequencyShiftHz).timeDomainFactors(axis: axis)
        for i in 0..<n { corrected[i] *= broadening[i] }
        let height = referenceHeight(corrected, axis: axis, reference: context.snrReference, shiftHz: truth.frequencyShiftHz)
        // 3. The object's own reference height scales baseline and water.
        let objectHeight = referenceHeight(object, axis: axis, reference: context.snrReference, shiftHz: 0)
        guard height > 0, objectHeight > 0 else {
            throw ASDSError.invalidInput(
                source: "suite", field: "artefacts.snrReference",
                reason: "item \(truth.index) has no positive \(context.snrReference.name) peak near \(context.snrReference.ppm) ppm to define its SNR")
        }
        truth.referencePeakHeight = height
        // 4. Baseline and water.
        if truth.baselineAmplitude > 0, !truth.baselineWeights.isEmpty {
            addBaseline(&object, truth: truth, height: objectHeight, axis: axis)
        }
        if truth.waterAmplitude > 0 {
            addWater(&object, truth: truth, height: objectHeight, axis: axis)
        }
        // The acquisition system.
        let clean = SingleVoxelSystemMatrix(system: system, axis: axis).acquiredFID(ofObjectFID: object)
        // Noise.
        let sigma = height / (truth.targetSNR * Double(n).squareRoot())
        truth.noiseStandardDeviation = sigma
        var rng = SeededRandom(seed: context.seed, path: [UInt64(truth.index), noisePurpose])
        var noisy = clean
        for i in 0..<n { noisy[i] += Complex(sigma * rng.normal(), sigma * rng.normal()) }
        return SynthesizedSpectrum(truth: truth, intrinsic: object, clean: clean, noisy: noisy)
    }

    /// Maximum of the real spectrum within the reference window (shifted by `shiftHz`).
    static func referenceHeight(_ fid: [Complex<Double>], axis: SpectralAxis, reference: SNRReference, shiftHz: Double) -> Double {
        let spectrum = FFT.spectrum(ofFID: fid)
        let centre = reference.ppm + shiftHz / axis.spectrometerFrequencyMHz
        let range = axis.indexRange(ppm: (centre - reference.halfWidthPPM)...(centre + reference.halfWidthPPM))
        return range.map { spectrum[$0].real }.max() ?? 0
    }
    private static func addBaseline(_ fid: inout [Complex<Double>], truth: SpectrumTruth, height: Double, axis: SpectralAxis) {
        let lines = zip(zip(truth.baselineCentersPPM, truth.baselineWidthsPPM), truth.baselineWeights).map {
            GaussianLine(ppm: $0.0, protons: $1, fwhmPPM: $0.1)
        }
        let raw = LineComponent(name: "baseline", peaks: lines).fid(on: axis)
        let peak = FFT.spectrum(ofFID: raw).map { abs($0.real) }.max() ?? 0
        guard peak > 0 else { return }
        let scale = truth.baselineAmplitude * height / peak
        for i in fid.indices { fid[i] += raw[i].multiplied(by: scale) }
    }

    private static func addWater(_ fid: inout [Complex<Double>], truth: SpectrumTruth, height: Double, axis: SpectralAxis) {
        let n = axis.points, dt = axis.dwellSeconds
        // On-grid DFT peak height of a unit Lorentzian: sum_n r^n = (1 - r^N) / (1 - r).
        let r = exp(-Double.pi * truth.waterLorentzianHz * dt)
        let unitHeight = r < 1 ? (1 - pow(r, Double(n))) / (1 - r) : Double(n)
        let amplitude = truth.waterAmplitude * height / unitHeight
        let f = axis.frequencyHz(ppm: axis.referencePPM) + truth.waterOffsetHz
        let step = Complex<Double>.exp(Complex(-Double.pi * truth.waterLorentzianHz * dt, 2 * .pi * f * dt))
        var w = Complex<Double>(length: amplitude, phase: truth.waterPhaseRadians)
        for i in 0..<n {
            fid[i] += w
            w *= step
        }
    }
}

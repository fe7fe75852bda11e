import ASDSCore
import Metrics
import Numerics

/// One method's result on one spectrum: the scores and what it estimated.
public struct ItemScore: Sendable, Codable, Equatable {
    public var method: String
    public var index: Int
    /// The SNR the generator targeted.
    public var targetSNR: Double
    /// Consensus SNR of the reconstruction.
    public var snr: Double
    /// Error-based SNR against the object's spectrum.
    public var snrError: Double
    /// NAA FWHM of the reconstruction, in Hz.
    public var fwhmHz: Double
    /// Concentration accuracy of the LC fit.
    public var accuracy: Double
    /// lambda used (NaN where the method has none; the ILS weight for ILS).
    public var lambda: Double
    /// Estimated and true concentrations (mM) and CRLBs, in suite metabolite order.
    public var concentrations: [Double]
    public var truth: [Double]
    public var crlb: [Double]

    public init(method: String, index: Int, targetSNR: Double, snr: Double, snrError: Double, fwhmHz: Double, accuracy: Double,
                lambda: Double, concentrations: [Double], truth: [Double], crlb: [Double]) {
        self.method = method
        self.index = index
        self.targetSNR = targetSNR
        self.snr = snr
        self.snrError = snrError
        self.fwhmHz = fwhmHz
        self.accuracy = accuracy
        self.lambda = lambda
        self.concentrations = concentrations
        self.truth = truth
        self.crlb = crlb
    }

    /// Scores `spectrum` of `item`; a measure that cannot be taken (no positive NAA peak, a failed
    /// fit) is NaN and left out of the means.
    public static func score(method: String, item: ExperimentItem, spectrum: [Complex<Double>], lambda: Double,
                             estimator: ConcentrationEstimator) -> ItemScore {
        let axis = item.system.axis
        let snr = (try? SignalToNoise.consensus(spectrum, axis: axis)) ?? .nan
        let snrError = (try? SignalToNoise.errorBased(spectrum, truth: item.truthSpectrum, axis: axis)) ?? .nan
        let fwhm = (try? SpectrumMeasures.fullWidthHalfMaximumHz(spectrum, axis: axis)) ?? .nan
        let nan = [Double](repeating: .nan, count: item.truthConcentrations.count)
        let estimate = try? estimator.estimate(spectrum: spectrum, sequence: item.sequence)
        let accuracy = estimate.flatMap { try? ConcentrationMetrics.accuracy(estimated: $0.concentrations, truth: item.truthConcentrations) }
        return ItemScore(method: method, index: item.index, targetSNR: item.targetSNR, snr: snr, snrError: snrError, fwhmHz: fwhm,
                         accuracy: accuracy ?? .nan, lambda: lambda, concentrations: estimate?.concentrations ?? nan,
                         truth: item.truthConcentrations, crlb: estimate?.crlb ?? nan)
    }
}

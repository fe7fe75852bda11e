import ASDSCore
import Foundation

/// Draws the ground-truth parameters of suite items. Item `i` draws from streams addressed by
/// `(suite seed, i, purpose)`, so any item is reproducible alone and independent of sharding or
/// threading.
public struct ParameterSampler: Sendable {
    public let suite: SuiteDefinition

    private enum Stream: UInt64 { case choice = 0, concentration = 1, artefact = 2 }

    public init(suite: SuiteDefinition) { self.suite = suite }

    /// The truth of item `index` (noise level and reference height are filled in by synthesis).
    public func draw(index: Int) -> SpectrumTruth {
        var choice = SeededRandom(seed: suite.seed, path: [UInt64(index), Stream.choice.rawValue])
        let scenario = Self.pick(suite.scenarios.map(\.weight), &choice)
        let sequence = Self.pick(suite.sequences.map(\.weight), &choice)

        var conc = SeededRandom(seed: suite.seed, path: [UInt64(index), Stream.concentration.rawValue])
        let concentrations = suite.metabolites.map { suite.concentration($0, in: suite.scenarios[scenario]).draw(&conc) }

        var rng = SeededRandom(seed: suite.seed, path: [UInt64(index), Stream.artefact.rawValue])
        let a = suite.artefacts
        func draw(_ d: ParameterDistribution?, _ absent: Double = 0) -> Double { d.map { $0.draw(&rng) } ?? absent }
        let t2 = suite.metabolites.map { name in a.t2Seconds.map { $0.distribution(for: name).draw(&rng) } ?? .infinity }
        let shifts = suite.metabolites.map { _ in draw(a.metaboliteShiftHz) }
        let lorentzian = draw(a.lorentzianHz), gaussian = draw(a.gaussianHz), shift = draw(a.frequencyShiftHz)
        let phase0 = draw(a.phase0Degrees) * .pi / 180, phase1 = draw(a.phase1Seconds)
        let humps = a.baseline?.components ?? 0
        let baselineAmplitude = draw(a.baseline?.amplitude)
        var centers = [Double](), widths = [Double](), weights = [Double]()
        for _ in 0..<humps {
            centers.append(rng.uniform(in: 0.5...4.0))
            widths.append(rng.uniform(in: 1.5...4.0))
            weights.append(rng.uniform(in: -1...1))
        }
        let mm = draw(a.macromolecules?.amplitude), lipids = draw(a.lipids?.amplitude)
        let waterAmplitude = draw(a.water?.amplitude), waterWidth = draw(a.water?.lorentzianHz)
        let waterOffset = draw(a.water?.offsetHz)
        let waterPhase = a.water == nil ? 0 : rng.uniform(in: -Double.pi...Double.pi)
        let eddyAmplitude = draw(a.eddyCurrents?.amplitudeHz), eddyTau = draw(a.eddyCurrents?.timeConstantSeconds, 1)
        let snr = a.snr.draw(&rng)
        return SpectrumTruth(
            index: index, isTraining: index < suite.split.train, scenario: scenario, sequence: sequence,
            concentrationsMM: concentrations, t2Seconds: t2, metaboliteShiftHz: shifts,
            lorentzianHz: lorentzian, gaussianHz: gaussian, frequencyShiftHz: shift,
            phase0Radians: phase0, phase1Seconds: phase1,
            baselineAmplitude: baselineAmplitude, baselineCentersPPM: centers, baselineWidthsPPM: widths,
            baselineWeights: weights, macromoleculeAmplitude: mm, lipidAmplitude: lipids,
            waterAmplitude: waterAmplitude, waterLorentzianHz: waterWidth, waterOffsetHz: waterOffset,
            waterPhaseRadians: waterPhase, eddyAmplitudeHz: eddyAmplitude, eddyTimeConstantSeconds: eddyTau,
            targetSNR: snr, referencePeakHeight: 0, noiseStandardDeviation: 0)
    }

    /// Index `i` with probability `weights[i] / sum(weights)`.
    static func pick(_ weights: [Double], _ rng: inout SeededRandom) -> Int {
        let total = weights.reduce(0, +)
        var u = rng.uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.count - 1
    }
}

import Encoding

extension SystemResponse {
    /// The system an item's truth records.
    public init(truth t: SpectrumTruth) {
        self.init(lorentzianHz: t.lorentzianHz, gaussianHz: t.gaussianHz, frequencyShiftHz: t.frequencyShiftHz,
                  eddyAmplitudeHz: t.eddyAmplitudeHz, eddyTimeConstantSeconds: t.eddyTimeConstantSeconds,
                  phase0Radians: t.phase0Radians, phase1Seconds: t.phase1Seconds)
    }
}

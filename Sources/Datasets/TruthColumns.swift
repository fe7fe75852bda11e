/// The columns of the ground-truth table, shared by the HDF5 layout and `truth.csv` so both
/// always hold the same fields under the same names.
enum TruthColumns {
    /// Scalar per-item parameters: column name and the truth field.
    static var scalars: [(name: String, field: WritableKeyPath<SpectrumTruth, Double>)] {
        [
            ("snr", \.targetSNR),
            ("reference_height", \.referencePeakHeight),
            ("noise_sd", \.noiseStandardDeviation),
            ("lorentzian_hz", \.lorentzianHz),
            ("gaussian_hz", \.gaussianHz),
            ("frequency_shift_hz", \.frequencyShiftHz),
            ("phase0_rad", \.phase0Radians),
            ("phase1_s", \.phase1Seconds),
            ("baseline_amplitude", \.baselineAmplitude),
            ("macromolecule_amplitude", \.macromoleculeAmplitude),
            ("lipid_amplitude", \.lipidAmplitude),
            ("water_amplitude", \.waterAmplitude),
            ("water_lorentzian_hz", \.waterLorentzianHz),
            ("water_offset_hz", \.waterOffsetHz),
            ("water_phase_rad", \.waterPhaseRadians),
            ("eddy_amplitude_hz", \.eddyAmplitudeHz),
            ("eddy_time_constant_s", \.eddyTimeConstantSeconds),
        ]
    }

    /// Per-metabolite parameters (one value per suite metabolite).
    static var perMetabolite: [(name: String, field: WritableKeyPath<SpectrumTruth, [Double]>)] {
        [("concentrations_mM", \.concentrationsMM), ("t2_s", \.t2Seconds), ("metabolite_shift_hz", \.metaboliteShiftHz)]
    }

    /// Per-baseline-hump parameters (one value per hump).
    static var perBaselineHump: [(name: String, field: WritableKeyPath<SpectrumTruth, [Double]>)] {
        [("baseline_center_ppm", \.baselineCentersPPM), ("baseline_width_ppm", \.baselineWidthsPPM),
         ("baseline_weight", \.baselineWeights)]
    }
}

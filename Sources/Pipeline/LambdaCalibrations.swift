/// The three regularisation rules calibrated on the training split, stored in the checkpoint.
public struct LambdaCalibrations: Codable, Sendable, Equatable {
    /// lambda = factor (the oracle-fixed baseline).
    public var fixed: LambdaCalibration.Result
    /// lambda = alpha * sigma^2, sigma^2 the VAE encoder's mean latent variance (the paper's rule).
    public var alpha: LambdaCalibration.Result
    /// lambda = beta * universal threshold from each spectrum's noise estimate.
    public var noise: LambdaCalibration.Result
    /// Training items used for calibration.
    public var items: Int
}

import RealModule

/// The encoder's posterior `q(z|x) = N(mean, diag(exp(logVariance)))` for a batch of spectra:
/// `count x dimension` values each, row-major.
public struct LatentEncoding: Equatable, Sendable {
    /// Number of spectra.
    public let count: Int
    /// Latent dimension.
    public let dimension: Int
    /// Posterior means, `count x dimension`.
    public let mean: [Float]
    /// Posterior log-variances (natural log), `count x dimension`.
    public let logVariance: [Float]

    public init(count: Int, dimension: Int, mean: [Float], logVariance: [Float]) {
        precondition(mean.count == count * dimension && logVariance.count == count * dimension)
        self.count = count
        self.dimension = dimension
        self.mean = mean
        self.logVariance = logVariance
    }

    /// The latent mean of spectrum `i`.
    public func mean(of i: Int) -> ArraySlice<Float> { mean[(i * dimension)..<((i + 1) * dimension)] }

    /// The latent log-variance of spectrum `i`.
    public func logVariance(of i: Int) -> ArraySlice<Float> { logVariance[(i * dimension)..<((i + 1) * dimension)] }

    /// The mean posterior variance of spectrum `i`, `(1/dimension) sum_j exp(logVariance_j)`
    /// (the `sigma^2` of ASDS-VAE's `lambda = alpha * sigma^2`), computed in Float64.
    public func meanVariance(of i: Int) -> Double {
        logVariance(of: i).reduce(0.0) { $0 + Double.exp(Double($1)) } / Double(dimension)
    }

    /// `meanVariance(of:)` for every spectrum.
    public var meanVariances: [Double] { (0..<count).map(meanVariance(of:)) }
}

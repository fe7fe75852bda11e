/// The VAE objective for one spectrum or averaged over several.
///
/// `total = reconstruction + beta * kl / D`, with `D = channels * points`:
/// - `reconstruction`: mean squared error per input value, `(1/D) sum_d (xhat_d - x_d)^2`;
/// - `kl`: `KL(q(z|x) || N(0, I)) = 0.5 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)`, in nats
///   per spectrum.
/// Dividing the KL term by `D` puts both terms per input value: with `beta = 1` the total is the
/// negative evidence lower bound per value of a Gaussian decoder with variance 1/2 (up to a
/// constant), and a general `beta` is that bound for decoder variance `beta / 2` (in the units of
/// the normalised spectra), scaled by `beta`.
public struct LossTerms: Codable, Equatable, Sendable {
    /// `reconstruction + beta * kl / D`, the minimised objective.
    public var total: Double
    /// Mean squared error per input value.
    public var reconstruction: Double
    /// KL divergence to the prior, in nats per spectrum.
    public var kl: Double

    public init(total: Double, reconstruction: Double, kl: Double) {
        self.total = total
        self.reconstruction = reconstruction
        self.kl = kl
    }

    /// All terms 0.
    public static let zero = LossTerms(total: 0, reconstruction: 0, kl: 0)

    /// Whether every term is finite.
    public var isFinite: Bool { total.isFinite && reconstruction.isFinite && kl.isFinite }

    static func + (a: LossTerms, b: LossTerms) -> LossTerms {
        LossTerms(total: a.total + b.total, reconstruction: a.reconstruction + b.reconstruction, kl: a.kl + b.kl)
    }

    func scaled(by f: Double) -> LossTerms {
        LossTerms(total: total * f, reconstruction: reconstruction * f, kl: kl * f)
    }

    /// The mean of `terms`, summed in order (so the result does not depend on thread count).
    static func mean(_ terms: [LossTerms]) -> LossTerms {
        guard !terms.isEmpty else { return .zero }
        return terms.reduce(.zero, +).scaled(by: 1 / Double(terms.count))
    }
}

import ASDSCore
import Foundation

/// Eddy-current field after the last gradient pulse as a sum of decaying exponentials, in the
/// standard frequency-shift form: the instantaneous frequency offset is
/// `df(t) = sum_k a_k exp(-t / tau_k)` (Hz), so the accumulated phase is
/// `phi_ec(t) = 2 pi sum_k a_k tau_k (1 - exp(-t / tau_k))` (rad), with t in s from the echo
/// top. For `t << tau_k` this is `2 pi sum_k a_k t`, the linear form.
public struct EddyCurrentModel: Sendable, Equatable, Codable {
    /// One exponential term.
    public struct Term: Sendable, Equatable, Codable {
        /// Initial frequency offset, in Hz.
        public var amplitudeHz: Double
        /// Decay time constant, in s.
        public var timeConstantSeconds: Double
        public init(amplitudeHz: Double, timeConstantSeconds: Double) {
            self.amplitudeHz = amplitudeHz
            self.timeConstantSeconds = timeConstantSeconds
        }
    }

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// The accumulated phase at time `t` (s), in rad.
    public func phaseRadians(at t: Double) -> Double {
        var phi = 0.0
        for term in terms {
            phi += term.amplitudeHz * term.timeConstantSeconds * (1 - exp(-t / term.timeConstantSeconds))
        }
        return 2 * Double.pi * phi
    }

    /// Checks every term; errors name `source` and `field` (a key path prefix).
    public func validate(source: String, field: String) throws {
        for (k, term) in terms.enumerated() {
            try ASDSError.require(term.amplitudeHz, in: -1e4...1e4, source: source, field: "\(field).\(k).amplitudeHz", unit: "Hz")
            try ASDSError.requirePositive(term.timeConstantSeconds, source: source, field: "\(field).\(k).timeConstantSeconds", unit: "s")
        }
    }
}

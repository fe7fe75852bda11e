import ASDSCore
import Foundation

/// A distribution a suite draws one parameter from.
///
/// JSON forms: a bare number (fixed), `{"fixed": v}`, `{"uniform": [a, b]}`,
/// `{"logUniform": [a, b]}` (a > 0), `{"normal": {"mean": m, "sd": s, "min": lo, "max": hi}}`
/// (`min`/`max` optional; a bounded normal is truncated by rejection, so its draws follow the
/// normal law restricted to the interval).
public enum ParameterDistribution: Sendable, Equatable, Decodable {
    case fixed(Double)
    case uniform(Double, Double)
    case logUniform(Double, Double)
    case normal(mean: Double, sd: Double, min: Double?, max: Double?)

    private enum Keys: String, CodingKey { case fixed, uniform, logUniform, normal }
    private enum NormalKeys: String, CodingKey { case mean, sd, min, max }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let value = try? single.decode(Double.self) {
            guard value.isFinite else { throw FieldError(decoder.codingPath, "must be finite") }
            self = .fixed(value)
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw FieldError(decoder.codingPath, "must be a number or one of {fixed, uniform, logUniform, normal}")
        }
        switch key {
        case .fixed:
            self = .fixed(try c.decode(Double.self, forKey: .fixed))
        case .uniform, .logUniform:
            let bounds = try c.decode([Double].self, forKey: key)
            guard bounds.count == 2, bounds[0].isFinite, bounds[1].isFinite, bounds[0] <= bounds[1] else {
                throw FieldError(decoder.codingPath + [key], "must be [low, high] with low <= high")
            }
            if key == .logUniform {
                guard bounds[0] > 0 else { throw FieldError(decoder.codingPath + [key], "bounds must be positive") }
                self = .logUniform(bounds[0], bounds[1])
            } else {
                self = .uniform(bounds[0], bounds[1])
            }
        case .normal:
            let n = try c.nestedContainer(keyedBy: NormalKeys.self, forKey: .normal)
            let mean = try n.decode(Double.self, forKey: .mean), sd = try n.decode(Double.self, forKey: .sd)
            let lo = try n.decodeIfPresent(Double.self, forKey: .min), hi = try n.decodeIfPresent(Double.self, forKey: .max)
            let path = decoder.codingPath + [key]
            guard mean.isFinite, sd.isFinite, sd >= 0 else { throw FieldError(path, "needs a finite mean and sd >= 0") }
            if let lo, let hi, !(lo < hi) { throw FieldError(path, "min must be below max") }
            // Truncation far into a tail would make rejection sampling crawl: keep 1e-4 of the mass.
            if sd > 0 {
                let a = ((lo ?? -.infinity) - mean) / sd, b = ((hi ?? .infinity) - mean) / sd
                let mass = 0.5 * (erfc(-b / 2.0.squareRoot()) - erfc(-a / 2.0.squareRoot()))
                guard mass > 1e-4 else { throw FieldError(path, "the interval [min, max] holds almost none of the distribution") }
            } else if let lo, mean < lo {
                throw FieldError(path, "mean lies below min")
            } else if let hi, mean > hi {
                throw FieldError(path, "mean lies above max")
            }
            self = .normal(mean: mean, sd: sd, min: lo, max: hi)
        }
    }

    /// The smallest value a draw can take.
    public var lowerBound: Double {
        switch self {
        case let .fixed(v): v
        case let .uniform(a, _), let .logUniform(a, _): a
        case let .normal(mean, sd, lo, _): sd == 0 ? mean : (lo ?? -.infinity)
        }
    }

    /// The largest value a draw can take.
    public var upperBound: Double {
        switch self {
        case let .fixed(v): v
        case let .uniform(_, b), let .logUniform(_, b): b
        case let .normal(mean, sd, _, hi): sd == 0 ? mean : (hi ?? .infinity)
        }
    }

    /// The distribution's mean (for a truncated normal, estimated from its parameters exactly).
    public var mean: Double {
        switch self {
        case let .fixed(v): return v
        case let .uniform(a, b): return 0.5 * (a + b)
        case let .logUniform(a, b): return a == b ? a : (b - a) / log(b / a)
        case let .normal(mean, sd, lo, hi):
            guard sd > 0 else { return mean }
            let alpha = ((lo ?? -.infinity) - mean) / sd, beta = ((hi ?? .infinity) - mean) / sd
            let pdf: (Double) -> Double = { $0.isFinite ? exp(-0.5 * $0 * $0) / (2 * Double.pi).squareRoot() : 0 }
            let cdf: (Double) -> Double = { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
            return mean + sd * (pdf(alpha) - pdf(beta)) / (cdf(beta) - cdf(alpha))
        }
    }

    /// One draw.
    public func draw(_ rng: inout SeededRandom) -> Double {
        switch self {
        case let .fixed(v):
            return v
        case let .uniform(a, b):
            return rng.uniform(in: a...b)
        case let .logUniform(a, b):
            return exp(rng.uniform(in: log(a)...log(b)))
        case let .normal(mean, sd, lo, hi):
            while true {
                let x = rng.normal(mean: mean, standardDeviation: sd)
                if let lo, x < lo { continue }
                if let hi, x > hi { continue }
                return x
            }
        }
    }
}

import ASDSCore

/// Upsampling by an integer `factor` along the length, per channel.
///
/// - `nearest`: `y[j] = x[j / factor]`.
/// - `linear`: half-pixel-centred linear interpolation, `y[j]` at input coordinate
///   `(j + 0.5) / factor - 0.5`, clamped to the first and last sample at the edges (PyTorch's
///   `align_corners=False`). A constant input stays constant.
public struct Upsample1D: Codable, Equatable, Hashable, Sendable {
    /// The interpolation rule.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case nearest, linear
    }

    /// Output samples per input sample.
    public var factor: Int
    /// Nearest-neighbour or linear interpolation.
    public var mode: Mode

    public init(factor: Int, mode: Mode) {
        self.factor = factor
        self.mode = mode
    }

    func outputShape(for input: ActivationShape, source: String) throws -> ActivationShape {
        guard factor > 0 else {
            throw ASDSError.invalidInput(source: source, field: "upsample1D.factor", reason: "must be a positive integer, got \(factor)")
        }
        return ActivationShape(channels: input.channels, length: input.length * factor)
    }

    /// For output phase `r` (outputs `j = i * factor + r`): the offset `d` such that `y[j]`
    /// interpolates `x[i + d]` and `x[i + d + 1]` (indices clamped), and the weight `t` of the second.
    @inline(__always)
    private func phase(_ r: Int) -> (offset: Int, t: Double) {
        let position = (Double(r) + 0.5) / Double(factor) - 0.5
        let base = position.rounded(.down)
        return (Int(base), position - base)
    }

    func forward<S: NetworkScalar>(_ x: UnsafePointer<S>, input: ActivationShape, output y: UnsafeMutablePointer<S>) {
        let outputLength = input.length * factor
        for c in 0..<input.channels {
            let source = x + c * input.length, target = y + c * outputLength
            switch mode {
            case .nearest:
                for i in 0..<input.length {
                    (target + i * factor).update(repeating: source[i], count: factor)
                }
            case .linear:
                let last = input.length - 1
                for r in 0..<factor {
                    let (d, t) = phase(r)
                    let wl = 1 - S(t), wr = S(t)
                    // Inside, x[i + d] and x[i + d + 1] both exist; only the ends need clamping.
                    let interior = max(0, -d)..<max(max(0, -d), min(input.length, last - d))
                    let out = target + r, left = source + d, right = source + (d + 1)
                    for i in interior { out[i &* factor] = wl * left[i] + wr * right[i] }
                    for i in 0..<input.length where !interior.contains(i) {
                        let l = min(max(i + d, 0), last), h = min(max(i + d + 1, 0), last)
                        out[i * factor] = wl * source[l] + wr * source[h]
                    }
                }
            }
        }
    }

    func backward<S: NetworkScalar>(
        input: ActivationShape, outputGradient dy: UnsafePointer<S>, inputGradient dx: UnsafeMutablePointer<S>
    ) {
        let outputLength = input.length * factor
        dx.update(repeating: 0, count: input.count)
        for c in 0..<input.channels {
            let g = dy + c * outputLength, target = dx + c * input.length
            switch mode {
            case .nearest:
                for i in 0..<input.length {
                    var sum: S = 0
                    for r in 0..<factor { sum += g[i * factor + r] }
                    target[i] = sum
                }
            case .linear:
                let last = input.length - 1
                for r in 0..<factor {
                    let (d, t) = phase(r)
                    let wl = 1 - S(t), wr = S(t)
                    let interior = max(0, -d)..<max(max(0, -d), min(input.length, last - d))
                    let grad = g + r, left = target + d, right = target + (d + 1)
                    for i in interior {
                        left[i] += wl * grad[i &* factor]
                        right[i] += wr * grad[i &* factor]
                    }
                    for i in 0..<input.length where !interior.contains(i) {
                        let l = min(max(i + d, 0), last), h = min(max(i + d + 1, 0), last)
                        target[l] += wl * grad[i * factor]
                        target[h] += wr * grad[i * factor]
                    }
                }
            }
        }
    }
}

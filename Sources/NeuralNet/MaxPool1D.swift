import ASDSCore

/// Max pooling over windows of `size` samples taken every `stride` samples, per channel. The
/// output length is `(length - size) / stride + 1`. The gradient flows to the first maximum of
/// each window (the maximum is almost everywhere unique, where the gradient is defined).
public struct MaxPool1D: Codable, Equatable, Hashable, Sendable {
    /// Window length, in samples.
    public var size: Int
    /// Step between windows, in samples.
    public var stride: Int

    /// Non-overlapping windows when `stride` is nil (`stride = size`).
    public init(size: Int, stride: Int? = nil) {
        self.size = size
        self.stride = stride ?? size
    }

    func outputShape(for input: ActivationShape, source: String) throws -> ActivationShape {
        guard size > 0, stride > 0 else {
            throw ASDSError.invalidInput(source: source, field: "maxPool1D", reason: "size and stride must be positive")
        }
        guard input.length >= size else {
            throw ASDSError.invalidInput(source: source, field: "maxPool1D.size",
                                         reason: "window of \(size) is longer than the input of \(input.length)")
        }
        return ActivationShape(channels: input.channels, length: (input.length - size) / stride + 1)
    }

    @inline(__always)
    private func argmax<S: NetworkScalar>(_ window: UnsafePointer<S>) -> Int {
        var best = 0
        var value = window[0]
        for i in 1..<size where window[i] > value {
            value = window[i]
            best = i
        }
        return best
    }

    func forward<S: NetworkScalar>(_ x: UnsafePointer<S>, input: ActivationShape, output y: UnsafeMutablePointer<S>, outputLength: Int) {
        for c in 0..<input.channels {
            let source = x + c * input.length, target = y + c * outputLength
            for j in 0..<outputLength {
                let window = source + j * stride
                target[j] = window[argmax(window)]
            }
        }
    }

    func backward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, input: ActivationShape, outputGradient dy: UnsafePointer<S>, outputLength: Int,
        inputGradient dx: UnsafeMutablePointer<S>
    ) {
        dx.update(repeating: 0, count: input.count)
        for c in 0..<input.channels {
            let source = x + c * input.length, target = dx + c * input.length, g = dy + c * outputLength
            for j in 0..<outputLength {
                let start = j * stride
                target[start + argmax(source + start)] += g[j]
            }
        }
    }
}

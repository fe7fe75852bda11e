import ASDSCore

/// One layer of a `Sequential` network: a description without weights. Stored as JSON in
/// checkpoints, as `{"type": "conv1D", "inputChannels": 2, ...}`.
public enum Layer: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    case conv1D(Conv1D)
    case maxPool1D(MaxPool1D)
    /// `y = max(0, x)`; the gradient at exactly 0 is taken as 0.
    case relu
    case dense(Dense)
    /// Reinterprets the values as `channels x length` (same count, same order); `flatten` is a
    /// reshape to `n x 1`.
    case reshape(ActivationShape)
    /// Reshapes any input to a vector `n x 1`.
    case flatten
    case upsample1D(Upsample1D)

    /// A short name for file layouts and messages: `conv1D`, `maxPool1D`, `relu`, `dense`,
    /// `reshape`, `flatten`, `upsample1D`.
    public var kind: String {
        switch self {
        case .conv1D: "conv1D"
        case .maxPool1D: "maxPool1D"
        case .relu: "relu"
        case .dense: "dense"
        case .reshape: "reshape"
        case .flatten: "flatten"
        case .upsample1D: "upsample1D"
        }
    }

    public var description: String {
        switch self {
        case let .conv1D(c): "conv1D(\(c.inputChannels)->\(c.outputChannels), k=\(c.kernelSize), s=\(c.stride), p=\(c.padding))"
        case let .maxPool1D(p): "maxPool1D(\(p.size), s=\(p.stride))"
        case .relu: "relu"
        case let .dense(d): "dense(\(d.inputFeatures)->\(d.outputFeatures))"
        case let .reshape(s): "reshape(\(s))"
        case .flatten: "flatten"
        case let .upsample1D(u): "upsample1D(x\(u.factor), \(u.mode.rawValue))"
        }
    }

    /// The output shape for `input`; throws `invalidInput` naming `source` if they do not fit.
    public func outputShape(for input: ActivationShape, source: String) throws -> ActivationShape {
        switch self {
        case let .conv1D(c): return try c.outputShape(for: input, source: source)
        case let .maxPool1D(p): return try p.outputShape(for: input, source: source)
        case .relu: return input
        case let .dense(d): return try d.outputShape(for: input, source: source)
        case let .reshape(shape):
            guard shape.count == input.count, shape.channels > 0 else {
                throw ASDSError.invalidInput(source: source, field: "reshape",
                                             reason: "cannot reshape \(input) (\(input.count) values) to \(shape)")
            }
            return shape
        case .flatten: return .vector(input.count)
        case let .upsample1D(u): return try u.outputShape(for: input, source: source)
        }
    }

    /// Shapes of the layer's parameter tensors, weight first, then bias; empty without parameters.
    public var parameterShapes: [[Int]] {
        switch self {
        case let .conv1D(c): c.parameterShapes
        case let .dense(d): d.parameterShapes
        default: []
        }
    }

    /// Number of parameters (weights and biases).
    public var parameterCount: Int { parameterShapes.reduce(0) { $0 + $1.reduce(1, *) } }

    /// `(fanIn, fanOut)` of the weight, for initialisation; nil without parameters.
    var fans: (fanIn: Int, fanOut: Int)? {
        switch self {
        case let .conv1D(c): (c.fanIn, c.fanOut)
        case let .dense(d): (d.inputFeatures, d.outputFeatures)
        default: nil
        }
    }

    func workspaceCount(input: ActivationShape, output: ActivationShape) -> Int {
        if case let .conv1D(c) = self { return c.workspaceCount(inputLength: input.length, outputLength: output.length) }
        return 0
    }

    func forward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, input: ActivationShape, output y: UnsafeMutablePointer<S>, outputShape: ActivationShape,
        parameters: UnsafePointer<S>, workspace: UnsafeMutablePointer<S>
    ) {
        switch self {
        case let .conv1D(c):
            c.forward(x, inputLength: input.length, parameters: parameters, output: y,
                      outputLength: outputShape.length, workspace: workspace)
        case let .maxPool1D(p):
            p.forward(x, input: input, output: y, outputLength: outputShape.length)
        case .relu:
            for i in 0..<input.count { y[i] = x[i] > 0 ? x[i] : 0 }
        case let .dense(d):
            d.forward(x, parameters: parameters, output: y)
        case .reshape, .flatten:
            y.update(from: x, count: input.count)
        case let .upsample1D(u):
            u.forward(x, input: input, output: y)
        }
    }

    /// Adds the parameter gradient into `gradient` and, if `dx` is given, writes the input gradient.
    func backward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, input: ActivationShape, outputGradient dy: UnsafePointer<S>, outputShape: ActivationShape,
        parameters: UnsafePointer<S>, gradient: UnsafeMutablePointer<S>, inputGradient dx: UnsafeMutablePointer<S>?,
        workspace: UnsafeMutablePointer<S>
    ) {
        switch self {
        case let .conv1D(c):
            c.backward(outputGradient: dy, inputLength: input.length, outputLength: outputShape.length,
                       parameters: parameters, gradient: gradient, inputGradient: dx, workspace: workspace)
        case let .dense(d):
            d.backward(x, outputGradient: dy, parameters: parameters, gradient: gradient, inputGradient: dx)
        case let .maxPool1D(p):
            guard let dx else { return }
            p.backward(x, input: input, outputGradient: dy, outputLength: outputShape.length, inputGradient: dx)
        case .relu:
            guard let dx else { return }
            for i in 0..<input.count { dx[i] = x[i] > 0 ? dy[i] : 0 }
        case .reshape, .flatten:
            dx?.update(from: dy, count: input.count)
        case let .upsample1D(u):
            guard let dx else { return }
            u.backward(input: input, outputGradient: dy, inputGradient: dx)
        }
    }

    // MARK: Codable, as a flat object with a "type" key.

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "conv1D": self = .conv1D(try Conv1D(from: decoder))
        case "maxPool1D": self = .maxPool1D(try MaxPool1D(from: decoder))
        case "relu": self = .relu
        case "dense": self = .dense(try Dense(from: decoder))
        case "reshape": self = .reshape(try ActivationShape(from: decoder))
        case "flatten": self = .flatten
        case "upsample1D": self = .upsample1D(try Upsample1D(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: try decoder.container(keyedBy: TypeKey.self),
                                                   debugDescription: "unknown layer type \(type)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case let .conv1D(c): try c.encode(to: encoder)
        case let .maxPool1D(p): try p.encode(to: encoder)
        case let .dense(d): try d.encode(to: encoder)
        case let .reshape(s): try s.encode(to: encoder)
        case let .upsample1D(u): try u.encode(to: encoder)
        case .relu, .flatten: break
        }
    }
}

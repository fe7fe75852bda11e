import ASDSCore

/// A chain of layers applied to one sample at a time, with all parameters in one flat vector
/// (layer after layer; weight then bias within a layer).
///
/// The network holds no weights and no scratch memory: parameters are passed in, and each
/// thread brings its own `Tape`. That keeps a training step's per-sample work independent, so
/// samples can run on any thread and their gradients be reduced in a fixed order.
public struct Sequential: Equatable, Sendable {
    /// Shape of one input sample.
    public let inputShape: ActivationShape
    /// The layers, applied in order.
    public let layers: [Layer]
    /// `shapes[i]` is the input shape of layer `i`; the last entry is the output shape.
    public let shapes: [ActivationShape]
    /// Where each layer's parameters lie in the flat parameter vector.
    public let parameterRanges: [Range<Int>]
    /// Total number of parameters.
    public let parameterCount: Int

    /// Checks that the layers fit together; `source` names the network in errors.
    public init(inputShape: ActivationShape, layers: [Layer], source: String = "network") throws {
        guard inputShape.channels > 0, inputShape.length > 0 else {
            throw ASDSError.invalidInput(source: source, field: "inputShape", reason: "must be positive, got \(inputShape)")
        }
        var shapes = [inputShape]
        var ranges: [Range<Int>] = []
        var offset = 0
        for (i, layer) in layers.enumerated() {
            shapes.append(try layer.outputShape(for: shapes[i], source: "\(source) layer \(i)"))
            ranges.append(offset..<(offset + layer.parameterCount))
            offset += layer.parameterCount
        }
        self.inputShape = inputShape
        self.layers = layers
        self.shapes = shapes
        self.parameterRanges = ranges
        self.parameterCount = offset
    }

    /// Shape of one output sample.
    public var outputShape: ActivationShape { shapes[shapes.count - 1] }

    /// Freshly initialised parameters: a layer followed by a ReLU gets He draws, any other
    /// Xavier draws; biases are 0. Layer `i` draws from `SeededRandom(seed, path: [stream, i])`,
    /// so the values do not depend on the precision or on other layers.
    public func initialParameters<S: NetworkScalar>(seed: UInt64, stream: UInt64 = 0, as type: S.Type = S.self) -> [S] {
        var parameters = [S](repeating: 0, count: parameterCount)
        parameters.withUnsafeMutableBufferPointer { p in
            for (i, layer) in layers.enumerated() {
                guard let fans = layer.fans else { continue }
                let followedByReLU = i + 1 < layers.count && layers[i + 1] == .relu
                let rule: Initialisation = followedByReLU ? .he : .xavier
                let weightCount = layer.parameterShapes[0].reduce(1, *)
                var rng = SeededRandom(seed: seed, path: [stream, UInt64(i)])
                let start = parameterRanges[i].lowerBound
                rule.fill(UnsafeMutableBufferPointer(rebasing: p[start..<(start + weightCount)]),
                          fanIn: fans.fanIn, fanOut: fans.fanOut, rng: &rng)
            }
        }
        return parameters
    }

    /// Scratch memory for one sample's forward and backward pass.
    public func makeTape<S: NetworkScalar>(_ type: S.Type = S.self) -> Tape<S> { Tape(network: self) }

    /// Runs the network on one sample; the result points into `tape` and stays valid until the
    /// tape's next forward pass. The tape keeps every activation for `backward`.
    @discardableResult
    public func forward<S: NetworkScalar>(
        _ input: UnsafePointer<S>, parameters: UnsafePointer<S>, tape: Tape<S>
    ) -> UnsafeMutablePointer<S> {
        precondition(tape.layout == self, "the tape was made for another network")
        tape.activation(0).update(from: input, count: inputShape.count)
        for (i, layer) in layers.enumerated() {
            layer.forward(tape.activation(i), input: shapes[i], output: tape.activation(i + 1), outputShape: shapes[i + 1],
                          parameters: parameters + parameterRanges[i].lowerBound, workspace: tape.workspace(i))
        }
        return tape.activation(layers.count)
    }

    /// Back-propagates `outputGradient` (dLoss/dOutput) through the activations of the tape's
    /// last forward pass: adds dLoss/dParameters into `gradient` and, when `inputGradient` is
    /// given, writes dLoss/dInput there.
    public func backward<S: NetworkScalar>(
        outputGradient: UnsafePointer<S>, parameters: UnsafePointer<S>, gradient: UnsafeMutablePointer<S>,
        tape: Tape<S>, inputGradient: UnsafeMutablePointer<S>? = nil
    ) {
        precondition(tape.layout == self, "the tape was made for another network")
        var current = tape.gradientBuffer(0), spare = tape.gradientBuffer(1)
        current.update(from: outputGradient, count: outputShape.count)
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            let dx: UnsafeMutablePointer<S>? = i > 0 ? spare : inputGradient
            if dx == nil && layers[i].parameterCount == 0 { continue }
            let offset = parameterRanges[i].lowerBound
            layers[i].backward(tape.activation(i), input: shapes[i], outputGradient: current, outputShape: shapes[i + 1],
                               parameters: parameters + offset, gradient: gradient + offset, inputGradient: dx,
                               workspace: tape.workspace(i))
            swap(&current, &spare)
        }
    }

    // MARK: Array conveniences (one sample; allocate a tape per call)

    /// The network's output for one `input` sample.
    public func forward<S: NetworkScalar>(_ input: [S], parameters: [S]) -> [S] {
        precondition(input.count == inputShape.count && parameters.count == parameterCount)
        let tape: Tape<S> = makeTape()
        let padded = parameters + [0]  // a valid pointer even without parameters
        return input.withUnsafeBufferPointer { x in
            padded.withUnsafeBufferPointer { p in
                let y = forward(x.baseAddress!, parameters: p.baseAddress!, tape: tape)
                return Array(UnsafeBufferPointer(start: y, count: outputShape.count))
            }
        }
    }

    /// dLoss/dParameters and dLoss/dInput at `input`, for a loss whose gradient with respect to
    /// the output is `outputGradient`.
    public func gradients<S: NetworkScalar>(
        input: [S], parameters: [S], outputGradient: [S]
    ) -> (parameters: [S], input: [S]) {
        precondition(input.count == inputShape.count && parameters.count == parameterCount
                     && outputGradient.count == outputShape.count)
        let tape: Tape<S> = makeTape()
        let padded = parameters + [0]
        var parameterGradient = [S](repeating: 0, count: parameterCount + 1)
        var inputGradient = [S](repeating: 0, count: inputShape.count)
        input.withUnsafeBufferPointer { x in
            padded.withUnsafeBufferPointer { p in
                outputGradient.withUnsafeBufferPointer { dy in
                    parameterGradient.withUnsafeMutableBufferPointer { g in
                        inputGradient.withUnsafeMutableBufferPointer { dx in
                            forward(x.baseAddress!, parameters: p.baseAddress!, tape: tape)
                            backward(outputGradient: dy.baseAddress!, parameters: p.baseAddress!,
                                     gradient: g.baseAddress!, tape: tape, inputGradient: dx.baseAddress!)
                        }
                    }
                }
            }
        }
        return (Array(parameterGradient.dropLast()), inputGradient)
    }
}

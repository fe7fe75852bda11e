import ASDSCore

/// A one-dimensional convolution (cross-correlation, as in every deep-learning library):
/// `y[o, j] = b[o] + sum_{c, k} W[o, c, k] * x[c, j * stride + k - padding]`, with zeros outside
/// the input. The output length is `(length + 2 * padding - kernelSize) / stride + 1`.
///
/// Every pass is GEMMs (`cblas_sgemm` in `Float`). With stride 1 the input is zero-padded once
/// and each tap `k` is one GEMM on a shifted view of it: `Y += W_k X_k`, `dW_k = dY X_k^T`,
/// `dX_k += W_k^T dY` (no im2col copy: the VAE benchmark spent about 20% more CPU time with it).
/// Other strides use im2col:
/// `Y = W col`, `dW += dY col^T`, `dcol = W^T dY` followed by col2im.
/// Parameters: the weight `outputChannels x inputChannels x kernelSize`, then the bias
/// `outputChannels`.
public struct Conv1D: Codable, Equatable, Hashable, Sendable {
    /// Channels of the input.
    public var inputChannels: Int
    /// Channels (filters) of the output.
    public var outputChannels: Int
    /// Taps per filter, in samples.
    public var kernelSize: Int
    /// Step between output positions, in input samples.
    public var stride: Int
    /// Zeros added at each end of the input, in samples.
    public var padding: Int

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    /// A stride-1 convolution with `(kernelSize - 1) / 2` zeros each side: for an odd kernel
    /// the output has the input's length.
    public static func same(inputChannels: Int, outputChannels: Int, kernelSize: Int) -> Conv1D {
        Conv1D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize,
               stride: 1, padding: (kernelSize - 1) / 2)
    }

    func outputShape(for input: ActivationShape, source: String) throws -> ActivationShape {
        guard inputChannels > 0, outputChannels > 0, kernelSize > 0, stride > 0, padding >= 0 else {
            throw ASDSError.invalidInput(source: source, field: "conv1D",
                                         reason: "channels, kernel size and stride must be positive and padding non-negative")
        }
        guard input.channels == inputChannels else {
            throw ASDSError.invalidInput(source: source, field: "conv1D.inputChannels",
                                         reason: "the layer takes \(inputChannels) channels but receives \(input.channels)")
        }
        let span = input.length + 2 * padding - kernelSize
        guard span >= 0 else {
            throw ASDSError.invalidInput(source: source, field: "conv1D.kernelSize",
                                         reason: "kernel of \(kernelSize) is longer than the padded input of \(input.length + 2 * padding)")
        }
        return ActivationShape(channels: outputChannels, length: span / stride + 1)
    }

    var parameterShapes: [[Int]] { [[outputChannels, inputChannels, kernelSize], [outputChannels]] }
    var fanIn: Int { inputChannels * kernelSize }
    var fanOut: Int { outputChannels * kernelSize }

    /// Scratch values per sample. Stride 1: the padded input and its gradient
    /// (`inputChannels x paddedLength` each) and the weight and its gradient reordered tap-major.
    /// Other strides: the im2col matrix, `(inputChannels * kernelSize) x outputLength`.
    func workspaceCount(inputLength: Int, outputLength: Int) -> Int {
        if stride == 1 {
            return 2 * inputChannels * (inputLength + 2 * padding) + 2 * kernelSize * outputChannels * inputChannels
        }
        return inputChannels * kernelSize * outputLength
    }

    /// The output positions `j` whose tap `k` reads inside the input: `0 <= j*stride + k - padding < length`.
    @inline(__always)
    private func validRange(tap k: Int, inputLength: Int, outputLength: Int) -> Range<Int> {
        let first = k - padding  // input index read by output 0
        let lo = first >= 0 ? 0 : min(outputLength, (-first + stride - 1) / stride)
        let lastInput = inputLength - 1 - first  // largest j*stride allowed
        let hi = lastInput < 0 ? 0 : min(outputLength, lastInput / stride + 1)
        return lo..<max(lo, hi)
    }

    func forward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, inputLength: Int, parameters: UnsafePointer<S>,
        output y: UnsafeMutablePointer<S>, outputLength: Int, workspace col: UnsafeMutablePointer<S>
    ) {
        if stride == 1 {
            shiftedForward(x, inputLength: inputLength, parameters: parameters, output: y, outputLength: outputLength,
                           workspace: col)
            return
        }
        let rows = inputChannels * kernelSize
        for c in 0..<inputChannels {
            for k in 0..<kernelSize {
                let row = col + (c * kernelSize + k) * outputLength
                let source = x + c * inputLength
                let valid = validRange(tap: k, inputLength: inputLength, outputLength: outputLength)
                row.update(repeating: 0, count: valid.lowerBound)
                if stride == 1 {
                    row.advanced(by: valid.lowerBound)
                        .update(from: source + (valid.lowerBound + k - padding), count: valid.count)
                } else {
                    let tap = source + (k - padding)
                    for j in valid { row[j] = tap[j &* stride] }
                }
                (row + valid.upperBound).update(repeating: 0, count: outputLength - valid.upperBound)
            }
        }
        let bias = parameters + outputChannels * rows
        for o in 0..<outputChannels {
            (y + o * outputLength).update(repeating: bias[o], count: outputLength)
        }
        S.gemm(transposeA: false, transposeB: false, m: outputChannels, n: outputLength, k: rows, alpha: 1,
               a: parameters, lda: rows, b: col, ldb: outputLength, beta: 1, c: y, ldc: outputLength)
    }

    /// Adds the parameter gradient to `gradient`; writes the input gradient when asked.
    /// The workspace must hold the im2col matrix of the forward pass; it is overwritten.
    func backward<S: NetworkScalar>(
        outputGradient dy: UnsafePointer<S>, inputLength: Int, outputLength: Int, parameters: UnsafePointer<S>,
        gradient: UnsafeMutablePointer<S>, inputGradient dx: UnsafeMutablePointer<S>?, workspace col: UnsafeMutablePointer<S>
    ) {
        addBiasGradient(dy, outputLength: outputLength, gradient: gradient)
        if stride == 1 {
            shiftedBackward(outputGradient: dy, inputLength: inputLength, outputLength: outputLength,
                            gradient: gradient, inputGradient: dx, workspace: col)
            return
        }
        let rows = inputChannels * kernelSize
        S.gemm(transposeA: false, transposeB: true, m: outputChannels, n: rows, k: outputLength, alpha: 1,
               a: dy, lda: outputLength, b: col, ldb: outputLength, beta: 1, c: gradient, ldc: rows)
        guard let dx else { return }
        S.gemm(transposeA: true, transposeB: false, m: rows, n: outputLength, k: outputChannels, alpha: 1,
               a: parameters, lda: rows, b: dy, ldb: outputLength, beta: 0, c: col, ldc: outputLength)
        dx.update(repeating: 0, count: inputChannels * inputLength)
        for c in 0..<inputChannels {
            let target = dx + c * inputLength
            for k in 0..<kernelSize {
                let row = col + (c * kernelSize + k) * outputLength
                let tap = target + (k - padding)
                let valid = validRange(tap: k, inputLength: inputLength, outputLength: outputLength)
                if stride == 1 {
                    for j in valid { tap[j] += row[j] }
                } else {
                    for j in valid { tap[j &* stride] += row[j] }
                }
            }
        }
    }

    private func addBiasGradient<S: NetworkScalar>(_ dy: UnsafePointer<S>, outputLength: Int, gradient: UnsafeMutablePointer<S>) {
        let biasGradient = gradient + outputChannels * inputChannels * kernelSize
        for o in 0..<outputChannels {
            let g = dy + o * outputLength
            var sum: S = 0
            for j in 0..<outputLength { sum += g[j] }
            biasGradient[o] += sum
        }
    }

    // MARK: Stride 1: one GEMM per tap on the padded input

    /// Workspace layout: padded input, tap-major weight `Wt[k][o][c]`, its gradient, padded input gradient.
    private func shiftedLayout<S>(_ w: UnsafeMutablePointer<S>, inputLength: Int)
        -> (width: Int, xpad: UnsafeMutablePointer<S>, wt: UnsafeMutablePointer<S>, dwt: UnsafeMutablePointer<S>,
            dxpad: UnsafeMutablePointer<S>)
    {
        let width = inputLength + 2 * padding
        let taps = kernelSize * outputChannels * inputChannels
        let xpad = w, wt = w + inputChannels * width, dwt = wt + taps, dxpad = dwt + taps
        return (width, xpad, wt, dwt, dxpad)
    }

    private func shiftedForward<S: NetworkScalar>(
        _ x: UnsafePointer<S>, inputLength: Int, parameters: UnsafePointer<S>,
        output y: UnsafeMutablePointer<S>, outputLength: Int, workspace: UnsafeMutablePointer<S>
    ) {
        let (width, xpad, wt, _, _) = shiftedLayout(workspace, inputLength: inputLength)
        for c in 0..<inputChannels {
            let row = xpad + c * width
            row.update(repeating: 0, count: padding)
            (row + padding).update(from: x + c * inputLength, count: inputLength)
            (row + padding + inputLength).update(repeating: 0, count: padding)
        }
        let block = outputChannels * inputChannels
        for o in 0..<outputChannels {
            for c in 0..<inputChannels {
                let w = parameters + (o * inputChannels + c) * kernelSize
                for k in 0..<kernelSize { wt[k * block + o * inputChannels + c] = w[k] }
            }
        }
        let bias = parameters + block * kernelSize
        for o in 0..<outputChannels {
            (y + o * outputLength).update(repeating: bias[o], count: outputLength)
        }
        for k in 0..<kernelSize {
            S.gemm(transposeA: false, transposeB: false, m: outputChannels, n: outputLength, k: inputChannels, alpha: 1,
                   a: wt + k * block, lda: inputChannels, b: xpad + k, ldb: width, beta: 1, c: y, ldc: outputLength)
        }
    }

    private func shiftedBackward<S: NetworkScalar>(
        outputGradient dy: UnsafePointer<S>, inputLength: Int, outputLength: Int,
        gradient: UnsafeMutablePointer<S>, inputGradient dx: UnsafeMutablePointer<S>?, workspace: UnsafeMutablePointer<S>
    ) {
        let (width, xpad, wt, dwt, dxpad) = shiftedLayout(workspace, inputLength: inputLength)
        let block = outputChannels * inputChannels
        for k in 0..<kernelSize {
            S.gemm(transposeA: false, transposeB: true, m: outputChannels, n: inputChannels, k: outputLength, alpha: 1,
                   a: dy, lda: outputLength, b: xpad + k, ldb: width, beta: 0, c: dwt + k * block, ldc: inputChannels)
        }
        for o in 0..<outputChannels {
            for c in 0..<inputChannels {
                let g = gradient + (o * inputChannels + c) * kernelSize
                for k in 0..<kernelSize { g[k] += dwt[k * block + o * inputChannels + c] }
            }
        }
        guard let dx else { return }
        dxpad.update(repeating: 0, count: inputChannels * width)
        for k in 0..<kernelSize {
            S.gemm(transposeA: true, transposeB: false, m: inputChannels, n: outputLength, k: outputChannels, alpha: 1,
                   a: wt + k * block, lda: inputChannels, b: dy, ldb: outputLength, beta: 1, c: dxpad + k, ldc: width)
        }
        for c in 0..<inputChannels {
            (dx + c * inputLength).update(from: dxpad + c * width + padding, count: inputLength)
        }
    }
}

/// Scratch memory for one sample's pass through a `Sequential` network: every layer's input
/// activation (kept for the backward pass), each convolution's im2col matrix, and two gradient
/// buffers. Allocated once and reused; one tape per thread.
public final class Tape<S: NetworkScalar>: @unchecked Sendable {
    let layout: Sequential
    private let storage: UnsafeMutablePointer<S>
    private let activationOffsets: [Int]
    private let workspaceOffsets: [Int]
    private let gradientOffsets: [Int]

    init(network: Sequential) {
        layout = network
        var offset = 0
        var activations: [Int] = []
        for shape in network.shapes {
            activations.append(offset)
            offset += shape.count
        }
        var workspaces: [Int] = []
        for (i, layer) in network.layers.enumerated() {
            workspaces.append(offset)
            offset += layer.workspaceCount(input: network.shapes[i], output: network.shapes[i + 1])
        }
        let largest = network.shapes.map(\.count).max() ?? 0
        gradientOffsets = [offset, offset + largest]
        offset += 2 * largest
        activationOffsets = activations
        workspaceOffsets = workspaces
        storage = .allocate(capacity: max(offset, 1))
        storage.initialize(repeating: 0, count: max(offset, 1))
    }

    deinit { storage.deallocate() }

    /// The input of layer `i` (`i = layers.count` is the network's output).
    func activation(_ i: Int) -> UnsafeMutablePointer<S> { storage + activationOffsets[i] }
    func workspace(_ i: Int) -> UnsafeMutablePointer<S> { storage + workspaceOffsets[i] }
    func gradientBuffer(_ i: Int) -> UnsafeMutablePointer<S> { storage + gradientOffsets[i] }
}

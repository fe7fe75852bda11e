import ASDSCore
import Numerics

/// `blocks` copies of one operator on consecutive segments of the vector:
/// `y[b * m ..< (b + 1) * m] = A x[b * n ..< (b + 1) * n]` (n = `A.domainCount`, m = `A.rangeCount`).
///
/// For MRSI this applies a per-voxel spectral operator (a line dictionary, for example) to
/// every voxel at once, in the voxel-major layout of `SpatialSpectralEncoding`. Blocks run in
/// parallel; each writes only its own segment, so the result does not depend on the thread count.
public struct BlockDiagonalOperator<Block: LinearOperator>: LinearOperator {
    public let block: Block
    public let blocks: Int

    public init(_ block: Block, blocks: Int) {
        precondition(blocks > 0, "a block-diagonal operator needs at least one block")
        self.block = block
        self.blocks = blocks
    }

    public var domainCount: Int { block.domainCount * blocks }
    public var rangeCount: Int { block.rangeCount * blocks }

    public func apply(_ x: UnsafeBufferPointer<Complex<Double>>, into y: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = block.domainCount, m = block.rangeCount
        nonisolated(unsafe) let x = x, y = y
        Parallel.forEach(blocks) { b in
            block.apply(UnsafeBufferPointer(rebasing: x[(b * n)..<((b + 1) * n)]),
                        into: UnsafeMutableBufferPointer(rebasing: y[(b * m)..<((b + 1) * m)]))
        }
    }

    public func applyAdjoint(_ y: UnsafeBufferPointer<Complex<Double>>, into x: UnsafeMutableBufferPointer<Complex<Double>>) {
        let n = block.domainCount, m = block.rangeCount
        nonisolated(unsafe) let x = x, y = y
        Parallel.forEach(blocks) { b in
            block.applyAdjoint(UnsafeBufferPointer(rebasing: y[(b * m)..<((b + 1) * m)]),
                               into: UnsafeMutableBufferPointer(rebasing: x[(b * n)..<((b + 1) * n)]))
        }
    }
}

/// The Zeeman product basis of n spins-1/2, ordered so that states of equal total magnetic
/// quantum number M form contiguous blocks.
///
/// A state is a bit pattern: bit i set means spin i is down (m_i = -1/2), clear means up
/// (m_i = +1/2). Basis index order: all states with 0 spins down, then 1, ..., then n; within a
/// block, ascending bit pattern. The Hamiltonian (chemical shifts plus couplings) is
/// block-diagonal in this order, and the coherence order of element (a, b) is
/// `M_a - M_b = down(b) - down(a)`.
public struct SpinBasis: Sendable, Equatable {
    /// Number of spins, n.
    public let spinCount: Int
    /// Bit pattern of each basis index.
    public let states: [Int]
    /// Number of down spins of each basis index (so M = n/2 - down).
    public let downCount: [Int]
    /// Index range of each M block; block b holds the states with b spins down.
    public let blocks: [Range<Int>]
    /// For spin i, the basis-index pairs (spin i up, spin i down) that differ only in spin i,
    /// flattened as [up0, down0, up1, down1, ...] (`dimension` entries per spin).
    public let pairs: [[Int]]

    /// Hilbert-space dimension, 2^n.
    public var dimension: Int { states.count }

    /// The basis of `n` spins (0 to 16).
    public init(spinCount n: Int) {
        precondition(n >= 0 && n <= 16, "spin count out of range")
        spinCount = n
        let d = 1 << n
        let patterns = (0..<d).sorted { a, b in
            let pa = a.nonzeroBitCount, pb = b.nonzeroBitCount
            return pa != pb ? pa < pb : a < b
        }
        states = patterns
        downCount = patterns.map(\.nonzeroBitCount)
        var position = [Int](repeating: 0, count: d)
        for (index, pattern) in patterns.enumerated() { position[pattern] = index }
        var ranges: [Range<Int>] = []
        var start = 0
        for b in 0...n {
            var end = start
            while end < d && patterns[end].nonzeroBitCount == b { end += 1 }
            ranges.append(start..<end)
            start = end
        }
        blocks = ranges
        pairs = (0..<n).map { spin in
            var list: [Int] = []
            list.reserveCapacity(d)
            for (index, pattern) in patterns.enumerated() where pattern & (1 << spin) == 0 {
                list.append(index)
                list.append(position[pattern | (1 << spin)])
            }
            return list
        }
    }

    /// Total magnetic quantum number M of basis index `index`.
    @inlinable
    public func magneticNumber(_ index: Int) -> Double {
        Double(spinCount) / 2 - Double(downCount[index])
    }

    /// Coherence order `M_row - M_column` of element (row, column).
    @inlinable
    public func coherenceOrder(row: Int, column: Int) -> Int {
        downCount[column] - downCount[row]
    }
}

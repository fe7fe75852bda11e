import Foundation
import ASDSCore
import Testing

@Suite struct SeededRandomTests {
    @Test func sameSeedAndPathGiveTheSameStream() {
        var a = SeededRandom(seed: 42, path: 7, 1), b = SeededRandom(seed: 42, path: 7, 1)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func differentPathsGiveDifferentStreams() {
        var a = SeededRandom(seed: 42, path: 7), b = SeededRandom(seed: 42, path: 8), c = SeededRandom(seed: 43, path: 7)
        let xa = (0..<4).map { _ in a.next() }, xb = (0..<4).map { _ in b.next() }, xc = (0..<4).map { _ in c.next() }
        #expect(xa != xb)
        #expect(xa != xc)
    }

    @Test func normalDrawsHaveUnitVarianceAndZeroMean() {
        var rng = SeededRandom(seed: 1)
        let n = 200_000
        let x = (0..<n).map { _ in rng.normal() }
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
        #expect(abs(mean) < 0.011)
        #expect(abs(variance - 1) < 0.016)
    }

    @Test func uniformDrawsStayInRangeAndIntegersAreUnbiased() {
        var rng = SeededRandom(seed: 5)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            counts[rng.integer(in: 0..<3)] += 1
        }
        for c in counts { #expect(abs(c - 10_000) < 400) }
    }

    @Test func parallelMapIsIdenticalToSerialWhateverTheThreadCount() {
        let work: (Int) -> Double = { i in
            var rng = SeededRandom(seed: 11, path: [UInt64(i)])
            return (0..<50).reduce(0) { acc, _ in acc + rng.normal() }
        }
        let serial = (0..<1000).map(work)
        for threads in [1, 2, 3, 8] {
            #expect(Parallel.map(1000, threads: threads, work) == serial)
        }
    }
}

@Suite struct NormalDistributionTests {
    /// The ziggurat must reproduce the normal law in the body and in the tails: compare the
    /// empirical CDF with Phi at several points (Kolmogorov-style bound for 10^6 draws).
    @Test func empiricalDistributionMatchesTheNormalCDF() {
        var rng = SeededRandom(seed: 77)
        let n = 1_000_000
        var x = (0..<n).map { _ in rng.normal() }
        x.sort()
        for t in [-4.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.7, 1.5, 2.5, 3.5] {
            let empirical = Double(x.partitionIndex(below: t)) / Double(n)
            let phi = 0.5 * erfc(-t / 2.0.squareRoot())
            // Binomial standard error is at most 5e-4; allow 4 standard errors.
            #expect(abs(empirical - phi) < 2e-3, "CDF at \(t): \(empirical) vs \(phi)")
        }
        let beyond = x.filter { abs($0) > 3.442619855899 }.count
        // Expected fraction beyond the ziggurat's base layer r: 2 * (1 - Phi(r)) = 5.76e-4.
        #expect(abs(Double(beyond) / Double(n) - 5.76e-4) < 1.2e-4)
    }
}

private extension Array where Element == Double {
    /// Number of sorted elements below `t`.
    func partitionIndex(below t: Double) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

import ASDSCore
import Sequences
import Foundation
import Testing

/// A basis that would not fit in memory is refused before anything is simulated, with the size
/// it would need.
@Suite struct MemoryLimitTests {
    @Test func aBasisLargerThanMemoryIsRefusedWithItsSize() throws {
        let names = ["NAA", "Cr", "Lac"]
        // Enough points that three FIDs and the work arrays exceed any machine's memory (2^40
        // complex points: 16 TiB per FID).
        let options = SimulationOptions(points: 1 << 40)
        do {
            _ = try Fixtures.simulate(names, sequence: "press", options: options)
            Issue.record("a basis of 2^40 points was simulated")
        } catch let error as ASDSError {
            let message = error.description
            #expect(message.contains("--points") && message.contains("TiB of memory") && message.contains("3 metabolites"), "\(message)")
        }
    }

    @Test func sizesAreFormattedInBinaryUnits() {
        #expect(MemoryBudget.formatted(512) == "512 B")
        #expect(MemoryBudget.formatted(1.5 * 1024 * 1024 * 1024) == "1.5 GiB")
        #expect(MemoryBudget.formatted(121.1 * pow(1024.0, 4)) == "121.1 TiB")
    }
}

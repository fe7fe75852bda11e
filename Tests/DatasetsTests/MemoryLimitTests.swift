import ASDSCore
import Datasets
import Foundation
import Testing
import TestSupport

/// A suite too large for memory is refused before any basis is simulated or any file written,
/// naming the file, the field and the size; one shard of it that fits is accepted.
@Suite struct SuiteMemoryLimitTests {
    /// Counts the bases it is asked for; generation must not get that far.
    final class CountingProvider: BasisProvider, @unchecked Sendable {
        var calls = 0
        func basis(for choice: SequenceChoice, metabolites: [String], axis: SpectralAxis) throws -> BasisSet {
            calls += 1
            return try SingletBasisProvider().basis(for: choice, metabolites: metabolites, axis: axis)
        }
    }

    @Test func aSuiteLargerThanMemoryIsRefusedBeforeAnyWork() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let count = 1_000_000_000
        let path = try writeSuite(suiteJSON(count: count, train: count / 2), in: dir)
        let generator = try SuiteGenerator(path: path, library: library)
        let provider = CountingProvider()
        do {
            _ = try generator.generate(shard: nil, provider: provider, components: nil)
            Issue.record("a suite of 1e9 spectra was generated")
        } catch let error as ASDSError {
            let message = error.description
            #expect(message.contains(path) && message.contains("count") && message.contains("of memory")
                    && message.contains("--shard"), "\(message)")
        }
        #expect(provider.calls == 0)
        // A shard of 40 spectra of the same suite fits.
        try generator.requireMemory(shard: try ShardSpec(index: 0, count: count / 40))
    }
}

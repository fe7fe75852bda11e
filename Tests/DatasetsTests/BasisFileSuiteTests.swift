import ASDSCore
import Datasets
import FileFormats
import Foundation
import Testing
import TestSupport

/// A suite's sequence choice can name a basis file to synthesise from (another simulator's basis
/// for a cross-fit) instead of simulating the sequence.
@Suite struct BasisFileSuiteTests {
    /// The suite of `suiteJSON()` whose two sequences read the singlet bases from FSL-MRS folders.
    static func suiteWithBasisFiles(in dir: String, metabolites: [String]) throws -> (String, SuiteGenerator) {
        let plain = suiteJSON(metabolites: metabolites)
        let reference = try SuiteGenerator(path: try writeSuite(plain, in: dir, name: "plain.json"), library: makeTestLibrary().0)
        var text = plain
        for (k, choice) in reference.suite.sequences.enumerated() {
            let basis = try SingletBasisProvider().basis(for: choice, metabolites: ["Glc"] + metabolites, axis: try reference.suite.acquisition.axis(source: "suite"))
            let folder = dir + "/basis-\(k)"
            try FSLBasis.write(basis, to: folder)
            let sequenceText = #""sequence": "\#(choice.sequence)""#
            text = text.replacingOccurrences(of: sequenceText, with: sequenceText + #", "basisFile": "\#(folder)""#)
        }
        return (plain, try SuiteGenerator(path: try writeSuite(text, in: dir), library: makeTestLibrary().0))
    }

    /// Read from a file (FSL-MRS folders here, with an extra metabolite the suite does not use),
    /// the bases give bit-identical data to the same bases supplied directly.
    @Test func spectraFromBasisFilesEqualTheSameBasesSuppliedDirectly() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let metabolites = ["NAA", "Cr", "Cho"]
        let (plain, fromFiles) = try Self.suiteWithBasisFiles(in: dir, metabolites: metabolites)
        let direct = try SuiteGenerator(path: try writeSuite(plain, in: dir, name: "plain.json"), library: library)
            .generate(shard: nil, provider: SingletBasisProvider(), components: nil)
        let read = try fromFiles.generate(shard: nil, provider: SuiteBasisProvider(library: library, cacheDirectory: nil), components: nil)
        #expect(read.bases.map(\.names) == direct.bases.map(\.names))
        #expect(read.items.count == direct.items.count)
        for (a, b) in zip(read.items, direct.items) {
            #expect(a.noisy == b.noisy && a.clean == b.clean)
        }
    }

    /// A suite metabolite the file lacks is refused with the file and the name.
    @Test func aMetaboliteMissingFromTheBasisFileIsRefused() throws {
        let (library, dir) = try makeTestLibrary()
        defer { TestSupport.cleanup(dir) }
        let (_, fromFiles) = try Self.suiteWithBasisFiles(in: dir, metabolites: ["NAA", "Cr"])
        let suite = fromFiles.suite
        do {
            _ = try SuiteBasisProvider(library: library, cacheDirectory: nil)
                .basis(for: suite.sequences[0], metabolites: ["NAA", "Lac"], axis: try suite.acquisition.axis(source: "suite"))
            Issue.record("a missing metabolite was accepted")
        } catch let error as ASDSError {
            let message = error.description
            #expect(message.contains("basis-0") && message.contains("Lac"), "\(message)")
        }
    }
}

import ASDSCore
import Foundation
import Numerics
import Pipeline
import Testing
import TestSupport

@Suite struct PipelineFileTests {
    @Test func reconstructionFileRoundTripsExactly() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        let axis = try SpectralAxis(b0Tesla: 3, points: 16, bandwidthHz: 2000)
        var rng = SeededRandom(seed: 2)
        let set = ReconstructionSet(
            method: "fista", rule: "fixed", source: "data.h5", suiteSHA256: "abc", axis: axis, indices: [4, 9, 11], sequences: [0, 1, 0],
            spectra: (0..<3).map { _ in (0..<16).map { _ in Complex(rng.normal(), rng.normal()) } }, lambdas: [0.1, .nan, 0.3],
            iterations: [12, 0, 7], objectives: [[3, 2, 1], [], [5, 4]])
        try ReconstructionFile.write(set, to: dir + "/r.h5")
        let back = try ReconstructionFile.read(dir + "/r.h5")
        #expect(back.spectra == set.spectra && back.indices == set.indices && back.objectives == set.objectives)
        #expect(back.lambdas[0] == 0.1 && back.lambdas[1].isNaN && back.method == "fista" && back.axis == axis)
    }

    /// Per-spectrum rows written with 17 digits read back bit-identical (what cluster parts rely on).
    @Test func perSpectrumTableRoundTripsExactly() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { TestSupport.cleanup(dir) }
        var rng = SeededRandom(seed: 8)
        let rows = (0..<5).map { i -> ItemScore in
            ItemScore(method: i % 2 == 0 ? "ft" : "asds-vae", index: i, targetSNR: rng.uniform(in: 5...30), snr: rng.normal(),
                      snrError: .nan, fwhmHz: rng.uniform(), accuracy: -rng.uniform(), lambda: .infinity,
                      concentrations: [rng.normal(), 1e-300], truth: [1, 2], crlb: [.nan, 0.1 + 0.2])
        }
        try PerSpectrumTable.csv(rows, metabolites: ["NAA", "Cr"]).write(toFile: dir + "/p.csv", atomically: true, encoding: .utf8)
        let back = try PerSpectrumTable.read(dir + "/p.csv", metabolites: ["NAA", "Cr"])
        for (a, b) in zip(rows, back) {
            #expect(a.method == b.method)
            #expect(a.index == b.index)
            #expect(a.targetSNR == b.targetSNR)
            #expect(a.snr == b.snr)
            #expect(b.snrError.isNaN)
            #expect(a.lambda == b.lambda)
            #expect(a.concentrations == b.concentrations)
            #expect(a.crlb[1] == b.crlb[1])
        }
        #expect(throws: ASDSError.self) { try PerSpectrumTable.read(dir + "/p.csv", metabolites: ["NAA"]) }
    }

    /// The grid-then-golden-section search finds the minimiser of a known function of log(factor).
    @Test func calibrationSearchFindsTheMinimum() {
        for target in [0.003, 0.3, 7.0] {
            let result = LambdaCalibration.minimise(range: 0.001...10, refinements: 12) { f in pow(log(f / target), 2) + 1 }
            #expect(abs(log(result.factor / target)) < 0.01, "target \(target): found \(result.factor)")
            #expect(result.tried.count == 7 + 2 + 12)
        }
    }
}

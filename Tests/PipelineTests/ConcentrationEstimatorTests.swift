import ASDSCore
import Datasets
import Foundation
import Numerics
import Pipeline
import Testing
import TestSupport

@Suite struct ConcentrationEstimatorTests {
    /// A small dataset of `quick`'s design, keeping only the artefacts named (plus SNR).
    private func dataset(keeping kept: Set<String>) throws -> GeneratedDataset {
        let dir = try TestSupport.temporaryDirectory("asds-pipeline")
        defer { TestSupport.cleanup(dir) }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.repositoryRoot + "/suites/quick.json"))
        var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        json["count"] = 12
        json["split"] = ["train": 6, "test": 6]
        json["artefacts"] = (json["artefacts"] as! [String: Any]).filter { $0.key == "snr" || kept.contains($0.key) }
        let path = dir + "/suite.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        return try SuiteGenerator(path: path, library: TestSupport.library)
            .generate(shard: nil, provider: SuiteBasisProvider(library: TestSupport.library, cacheDirectory: nil),
                      components: try LineComponentLibrary.load(from: TestSupport.library))
    }

    /// Accuracy of the LC fit of each item's noise-free FT spectrum (system corrections applied).
    private func accuracies(_ dataset: GeneratedDataset) throws -> [Double] {
        let estimator = try ConcentrationEstimator(dataset: dataset)
        let runner = try MethodRunner(axis: dataset.axis)
        return try dataset.items.map { item in
            let noiseFree = SynthesizedSpectrum(truth: item.truth, intrinsic: item.intrinsic, clean: item.clean, noisy: item.clean)
            let spectrum = runner.fourier(ExperimentItem(noiseFree, axis: dataset.axis))
            let c = try estimator.estimate(spectrum: spectrum, sequence: item.truth.sequence).concentrations
            let error = zip(c, item.truth.concentrationsMM).reduce(0) { $0 + abs($1.0 - $1.1) }
            return 1 - error / item.truth.concentrationsMM.reduce(0, +)
        }
    }

    /// Line broadening, offset, eddy currents, receiver phase and macromolecules are all in the
    /// fitter's model (or undone by the known system): noise-free spectra fit to within 1%. (Not
    /// exactly: first-order phase is a circular time shift that does not commute with the line
    /// broadening the FT keeps, and the 6th-order baseline absorbs a little broad signal; measured
    /// 0.994-0.9997.)
    @Test func systemArtefactsAndMacromoleculesFitClosely() throws {
        let a = try accuracies(dataset(keeping: ["lorentzianHz", "gaussianHz", "frequencyShiftHz", "eddyCurrents", "phase0Degrees",
                                                 "phase1Seconds", "macromolecules"]))
        #expect(a.allSatisfy { $0 > 0.99 }, "accuracies \(a)")
    }

    /// With every artefact of `quick` (baseline, water, per-metabolite T2 and shifts the fitter
    /// does not model exactly) noise-free spectra still fit to better than 5% on average.
    @Test func everyArtefactStillFitsClosely() throws {
        let a = try accuracies(dataset(keeping: ["lorentzianHz", "gaussianHz", "t2Seconds", "frequencyShiftHz", "metaboliteShiftHz",
                                                 "phase0Degrees", "phase1Seconds", "baseline", "macromolecules", "water", "eddyCurrents"]))
        let mean = a.reduce(0, +) / Double(a.count)
        #expect(mean > 0.95, "mean accuracy \(mean): \(a)")
    }
}

import ASDSCore
import Datasets
import Foundation
import Numerics
import Pipeline
import Testing
import TestSupport

@Suite struct ConcentrationEstimatorTests {
    /// Noise-free spectra through the system (lineshape, offset, eddy currents, phase) and the
    /// FT's known corrections: the LC fit must return the concentrations.
    @Test(arguments: ["none", "baseline", "water", "eddyCurrents", "phase1Seconds", "macromolecules", "metaboliteShiftHz", "t2Seconds", "all"])
    func noiseFreeFTSpectraFitToTheirConcentrations(drop: String) throws {
        let dir = try TestSupport.temporaryDirectory("asds-pipeline")
        defer { TestSupport.cleanup(dir) }
        let suite = try String(contentsOfFile: TestSupport.repositoryRoot + "/suites/quick.json", encoding: .utf8)
            .replacingOccurrences(of: "\"count\": 160", with: "\"count\": 12")
            .replacingOccurrences(of: "\"train\": 96", with: "\"train\": 6")
            .replacingOccurrences(of: "\"test\": 64", with: "\"test\": 6")
        var json = try JSONSerialization.jsonObject(with: Data(suite.utf8)) as! [String: Any]
        var artefacts = json["artefacts"] as! [String: Any]
        if drop == "all" {
            artefacts = ["snr": artefacts["snr"]!, "lorentzianHz": artefacts["lorentzianHz"]!, "gaussianHz": artefacts["gaussianHz"]!]
        } else if drop != "none" {
            artefacts = artefacts.filter { $0.key == drop || ["snr", "lorentzianHz", "gaussianHz"].contains($0.key) }
        }
        json["artefacts"] = artefacts
        let path = dir + "/suite.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let generator = try SuiteGenerator(path: path, library: TestSupport.library)
        let dataset = try generator.generate(shard: nil, provider: SimulatedBasisProvider(library: TestSupport.library, cacheDirectory: nil),
                                             components: try LineComponentLibrary.load(from: TestSupport.library))
        let estimator = try ConcentrationEstimator(dataset: dataset)
        var accuracies: [Double] = []
        for item in dataset.items {
            let noiseFree = ExperimentItem(SynthesizedSpectrum(truth: item.truth, intrinsic: item.intrinsic, clean: item.clean, noisy: item.clean),
                                           axis: dataset.axis)
            let spectrum = MethodRunner().fourier(noiseFree)
            let (c, _) = try estimator.estimate(spectrum: spectrum, sequence: item.truth.sequence)
            accuracies.append(1 - zip(c, item.truth.concentrationsMM).reduce(0) { $0 + abs($1.0 - $1.1) } / item.truth.concentrationsMM.reduce(0, +))
        }
        print("only", drop, String(format: "mean accuracy %.3f min %.3f", accuracies.reduce(0, +) / Double(accuracies.count), accuracies.min()!))
    }
}

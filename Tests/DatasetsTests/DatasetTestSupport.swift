import ASDSCore
import Datasets
import Foundation
import Numerics
import TestSupport

/// Analytic singlet basis sets for dataset tests, independent of the density-matrix engine:
/// metabolite `name` is a singlet of `protons` at `ppm` (a table of main resonances).
struct SingletBasisProvider: BasisProvider {
    static let lines: [String: (ppm: Double, protons: Double)] = [
        "NAA": (2.008, 3), "Cr": (3.027, 3), "Cho": (3.185, 9), "Lac": (1.31, 3), "Ala": (1.47, 3), "Glc": (3.43, 1),
    ]

    func basis(for choice: SequenceChoice, metabolites: [String], axis: SpectralAxis) throws -> BasisSet {
        let te = choice.teSeconds ?? ((choice.te1Seconds ?? 0) + (choice.te2Seconds ?? 0))
        let members = metabolites.map { name -> BasisMetabolite in
            let line = Self.lines[name] ?? (1.0, 1)
            let f = axis.frequencyHz(ppm: line.ppm)
            let fid = (0..<axis.points).map { n in Complex<Double>(length: line.protons, phase: 2 * .pi * f * axis.timeSeconds(at: n)) }
            return BasisMetabolite(name: name, fid: fid)
        }
        let acquisition = AcquisitionParameters(sequence: choice.sequence.uppercased(), echoTimeSeconds: te, te1Seconds: choice.te1Seconds,
                                                te2Seconds: choice.te2Seconds, mixingTimeSeconds: choice.tmSeconds, pulseMode: "ideal")
        return BasisSet(axis: axis, acquisition: acquisition, metabolites: members)
    }
}

/// A throwaway library directory with the metabolite names the test suites use and the bundled
/// macromolecule components.
func makeTestLibrary() throws -> (ResourceLocator, String) {
    let dir = try TestSupport.temporaryDirectory("asds-datasets")
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir + "/metabolites/macromolecules", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: dir + "/sequences", withIntermediateDirectories: true)
    for name in SingletBasisProvider.lines.keys { _ = fm.createFile(atPath: dir + "/metabolites/\(name).json", contents: Data("{}".utf8)) }
    try fm.copyItem(atPath: TestSupport.repositoryRoot + "/metabolites/macromolecules/lcmodel.json",
                    toPath: dir + "/metabolites/macromolecules/lcmodel.json")
    return (ResourceLocator(root: dir), dir)
}

/// A suite JSON with the given artefact block and counts.
func suiteJSON(count: Int = 40, train: Int = 20, metabolites: [String] = ["NAA", "Cr", "Cho", "Lac"],
               artefacts: String = #""snr": {"uniform": [10, 40]}"#, extra: String = "") -> String {
    let conc = metabolites.map { #""\#($0)": {"uniform": [1, 12]}"# }.joined(separator: ", ")
    return """
    {
      "name": "test", "seed": 1234, "count": \(count), "split": {"train": \(train), "test": \(count - train)},
      "acquisition": {"b0Tesla": 2.893649, "points": 1024, "bandwidthHz": 4000},
      "sequences": [{"sequence": "press", "te1Seconds": 0.011, "te2Seconds": 0.019, "weight": 1},
                    {"sequence": "steam", "teSeconds": 0.02, "tmSeconds": 0.01, "weight": 1}],
      "metabolites": [\(metabolites.map { "\"\($0)\"" }.joined(separator: ", "))],
      "concentrationsMM": {\(conc)},
      "scenarios": [{"name": "healthy", "weight": 3, "concentrationsMM": {}},
                    {"name": "tumour", "weight": 1, "concentrationsMM": {"NAA": {"uniform": [1, 4]}}}],
      "artefacts": {\(artefacts)}\(extra)
    }
    """
}

func writeSuite(_ text: String, in dir: String, name: String = "suite.json") throws -> String {
    let path = dir + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
